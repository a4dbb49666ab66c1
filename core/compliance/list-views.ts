/**
 * The compliance list's filters and orders (core/compliance/list-cache.ts keeps a view per query;
 * the worker that computes everyone sorts the default one, core/compliance/refresh-worker.ts).
 */
import { comparePersonNames } from '../collation.ts';
import type { z } from 'zod';
import type { complianceList } from '../schemas/recert.ts';
import type { ComplianceRow } from './population.ts';

export type ComplianceQuery = Omit<z.output<typeof complianceList>, 'page' | 'pageSize'>;

/** Which rows a query shows, and in what order (a total order: ties by person). */
export interface ViewOrder {
  matches: (r: ComplianceRow) => boolean;
  order: (a: ComplianceRow, b: ComplianceRow) => number;
}

const collator = new Intl.Collator('zh-CN');
const SORTS: Record<string, (a: ComplianceRow, b: ComplianceRow) => number> = {
  personName: comparePersonNames, // pinyin order by the stored key (core/collation.ts)
  regionName: (a, b) => collator.compare(a.regionName ?? '', b.regionName ?? ''),
  organizationName: (a, b) => collator.compare(a.organizationName ?? '', b.organizationName ?? ''),
  certificateLevel: (a, b) => (a.certificateLevel ?? '').localeCompare(b.certificateLevel ?? ''),
  periodShortfall: (a, b) => a.periodShortfall - b.periodShortfall,
  windowShortfall: (a, b) => a.windowShortfall - b.windowShortfall,
};

/** The list's default order and no filter: what the screen opens with, sorted by the worker that computes everyone. */
export const DEFAULT_QUERY: ComplianceQuery = { sortDir: 'asc', search: undefined };

export const viewKeyOf = (q: ComplianceQuery) => JSON.stringify({ ...q, page: undefined, pageSize: undefined });

export function viewOf(q: ComplianceQuery): ViewOrder {
  const matches = (r: ComplianceRow) =>
    (q.regionId === undefined || r.regionId === q.regionId) &&
    (q.organizationId === undefined || r.organizationId === q.organizationId) &&
    (q.certificateLevel === undefined || (r.certificateLevel ?? 'none') === q.certificateLevel) &&
    (q.compliant === undefined || r.compliant === (q.compliant === 'yes')) &&
    (!q.search || r.personName.includes(q.search) || r.idNumber.includes(q.search.toUpperCase()));
  const compare = q.sortField ? SORTS[q.sortField] : undefined;
  // By default the people furthest behind come first.
  const by = compare ?? ((a: ComplianceRow, b: ComplianceRow) => b.periodShortfall + b.windowShortfall - (a.periodShortfall + a.windowShortfall));
  const dir = compare && q.sortDir === 'desc' ? -1 : 1;
  // A total order (ties by person): a row's place in a view is found by binary search.
  return { matches, order: (a, b) => dir * by(a, b) || a.personId - b.personId };
}
