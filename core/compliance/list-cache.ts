/**
 * The compliance list's rows, kept per connection and brought up to date after a change rather
 * than recomputed: everyone's compliance is 1.8 s at province scale, and with 50 users saving it
 * would be recomputed on the server's thread after every save. The rows are keyed by the audit
 * log's head (every write appends to it): after a write only the people the new entries concern
 * (the person, their certificates, their ledger) are computed again, by the same function, and
 * put in their place, in the rows and in each filtered and sorted view kept for paging. Region or
 * organisation renames patch the names. Everyone is computed again when the rules, the
 * registration years or the day change, when more than REFRESH_LIMIT entries or people are
 * concerned (a large import: one full pass is then cheaper), or when the log is not the one the
 * rows were computed from (a restore). What the list shows is exactly what a full computation shows.
 */
import type { Db } from '../../db/engine/types.ts';
import { auditHashAt, changeMarker, complianceChangesSince } from '../../db/repos/training-facts.ts';
import { regionAndOrganizationNames } from '../../db/repos/recert.ts';
import { complianceOfEveryone, type ComplianceRow } from './population.ts';
import { currentRuleContext, type RuleContext } from './rule-context.ts';
import type { complianceList } from '../schemas/recert.ts';
import type { z } from 'zod';

export type ComplianceQuery = Omit<z.output<typeof complianceList>, 'page' | 'pageSize'>;

/** Above this many new log entries or people concerned, everyone is computed again. */
const REFRESH_LIMIT = 2_000;
/** Filtered and sorted views kept for paging (the oldest is dropped). */
const VIEWS = 8;

interface View {
  matches: (r: ComplianceRow) => boolean;
  order: (a: ComplianceRow, b: ComplianceRow) => number;
  rows: ComplianceRow[];
}

interface Computed {
  /** Rules, registration years and day the rows were computed under. */
  key: string;
  /** The audit log's head the rows are up to date with, and its entry's hash. */
  mark: number;
  markHash: string | null;
  /** In person id order. */
  rows: ComplianceRow[];
  views: Map<string, View>;
}
const cache = new WeakMap<Db, Computed>();

/** How the list was last brought up to date (for tests and the bench): everyone computed, or only the people a change concerned. */
export const complianceRefreshes = { full: 0, partial: 0 };

const collator = new Intl.Collator('zh-CN');
const SORTS: Record<string, (a: ComplianceRow, b: ComplianceRow) => number> = {
  personName: (a, b) => collator.compare(a.personName, b.personName),
  regionName: (a, b) => collator.compare(a.regionName ?? '', b.regionName ?? ''),
  organizationName: (a, b) => collator.compare(a.organizationName ?? '', b.organizationName ?? ''),
  certificateLevel: (a, b) => (a.certificateLevel ?? '').localeCompare(b.certificateLevel ?? ''),
  periodShortfall: (a, b) => a.periodShortfall - b.periodShortfall,
  windowShortfall: (a, b) => a.windowShortfall - b.windowShortfall,
};

function viewOf(q: ComplianceQuery): Omit<View, 'rows'> {
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

/** The first index whose row is not before `row` in `order`. */
function placeOf(rows: readonly ComplianceRow[], row: ComplianceRow, order: (a: ComplianceRow, b: ComplianceRow) => number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order(rows[mid]!, row) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const byId = (a: ComplianceRow, b: ComplianceRow) => a.personId - b.personId;

/** Replaces the given people's rows (their old rows out, their new rows, if any, in) in the rows and every view. */
function replaceRows(entry: Computed, personIds: Set<number>, fresh: ComplianceRow[]) {
  const old: ComplianceRow[] = [];
  for (const id of personIds) {
    const at = placeOf(entry.rows, { personId: id } as ComplianceRow, byId);
    if (entry.rows[at]?.personId === id) old.push(...entry.rows.splice(at, 1));
  }
  for (const row of fresh) entry.rows.splice(placeOf(entry.rows, row, byId), 0, row);
  for (const view of entry.views.values()) {
    for (const row of old) {
      if (!view.matches(row)) continue;
      const at = placeOf(view.rows, row, view.order);
      if (view.rows[at] === row) view.rows.splice(at, 1);
    }
    for (const row of fresh) if (view.matches(row)) view.rows.splice(placeOf(view.rows, row, view.order), 0, row);
  }
}

/** Everyone's rows as of the log's head, computed in full or brought up to date; and the rules now. */
function everyone(db: Db, asOf: string): { entry: Computed; rc: RuleContext } {
  const rc = currentRuleContext(db);
  const key = JSON.stringify([rc.version, rc.rules, rc.registrationYears, asOf]);
  const mark = changeMarker(db);
  const hit = cache.get(db);
  if (hit?.key === key && hit.mark === mark) return { entry: hit, rc };
  const changes = hit?.key === key && mark > hit.mark ? complianceChangesSince(db, hit.mark, hit.markHash, REFRESH_LIMIT) : undefined;
  if (hit && changes) {
    if (changes.names) {
      // A region or organisation renamed: the names patched in place; views sorted by them are built again.
      const { regions, organizations } = regionAndOrganizationNames(db);
      for (const r of hit.rows) {
        r.regionName = r.regionId === null ? null : (regions.get(r.regionId) ?? null);
        r.organizationName = r.organizationId === null ? null : (organizations.get(r.organizationId) ?? null);
      }
      hit.views.clear();
    }
    if (changes.people.size) replaceRows(hit, changes.people, complianceOfEveryone(db, rc, asOf, [...changes.people]));
    hit.mark = mark;
    hit.markHash = auditHashAt(db, mark);
    complianceRefreshes.partial++;
    return { entry: hit, rc };
  }
  const entry: Computed = { key, mark, markHash: auditHashAt(db, mark), rows: complianceOfEveryone(db, rc, asOf), views: new Map() };
  complianceRefreshes.full++;
  cache.set(db, entry);
  return { entry, rc };
}

/** The list as filtered and sorted by `q`, every row, with the rules it was judged under. */
export function complianceView(db: Db, q: ComplianceQuery, asOf: string): { rows: ComplianceRow[]; rc: RuleContext } {
  const { entry, rc } = everyone(db, asOf);
  const viewKey = JSON.stringify({ ...q, page: undefined, pageSize: undefined });
  const kept = entry.views.get(viewKey);
  if (kept) return { rows: kept.rows, rc };
  const view = viewOf(q);
  const rows = entry.rows.filter(view.matches).sort(view.order);
  if (entry.views.size >= VIEWS) entry.views.delete(entry.views.keys().next().value!);
  entry.views.set(viewKey, { ...view, rows });
  return { rows, rc };
}
