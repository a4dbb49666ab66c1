/**
 * The forecast as a list: filtered and sorted, from everyone's rows kept per connection until
 * anything is written (the audit log's head), the rules or the day change. Paging through it, or
 * building a plan right after looking at it, computes everyone once.
 */
import type { z } from 'zod';
import type { Db } from '../../db/engine/types.ts';
import { changeMarker } from '../../db/repos/training-facts.ts';
import { allRegions } from '../../db/repos/regions.ts';
import { comparePersonNames } from '../collation.ts';
import { forecastOfEveryone, horizonOf, listedInForecast, type ForecastRow } from './forecast.ts';
import { currentRuleContext, type RuleContext } from './rule-context.ts';
import type { forecastList } from '../schemas/forecast.ts';

export type ForecastQuery = Omit<z.output<typeof forecastList>, 'page' | 'pageSize'>;

interface Kept {
  key: string;
  rows: ForecastRow[];
  rc: RuleContext;
  until: string;
}
const kept = new WeakMap<Db, Kept>();

/** Everyone listed in the forecast for a horizon (those whose period ends within it, and those projected short). */
export function forecastRows(db: Db, today: string, months: number): Kept {
  const rc = currentRuleContext(db);
  const key = JSON.stringify([rc.version, rc.rules, rc.registrationYears, today, months, changeMarker(db)]);
  const hit = kept.get(db);
  if (hit?.key === key) return hit;
  const h = horizonOf(today, months);
  const entry = { key, rows: forecastOfEveryone(db, rc, h).filter(listedInForecast), rc, until: h.until };
  kept.set(db, entry);
  return entry;
}

/** A region and every region under it. */
export function regionAndBelow(db: Db, regionId: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const r of allRegions(db)) if (r.parentId !== null) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id]);
  const ids = new Set<number>();
  const stack = [regionId];
  while (stack.length) {
    const id = stack.pop()!;
    if (ids.has(id)) continue;
    ids.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return ids;
}

const collator = new Intl.Collator('zh-CN');
const SORTS: Record<string, (a: ForecastRow, b: ForecastRow) => number> = {
  personName: comparePersonNames,
  regionName: (a, b) => collator.compare(a.regionName ?? '', b.regionName ?? ''),
  projectedOn: (a, b) => (a.projectedOn < b.projectedOn ? -1 : a.projectedOn > b.projectedOn ? 1 : 0),
  shortfall: (a, b) => a.shortfall - b.shortfall,
};

/** Which rows a query keeps (the filters of 学时达标, the region with the towns under it). */
export function forecastMatcher(
  db: Db,
  q: Omit<ForecastQuery, 'sortField' | 'sortDir' | 'risk' | 'unified'> & Partial<Pick<ForecastQuery, 'risk' | 'unified'>>,
) {
  const regions = q.regionId === undefined ? undefined : regionAndBelow(db, q.regionId);
  const search = q.search;
  return (r: ForecastRow) =>
    (!regions || (r.regionId !== null && regions.has(r.regionId))) &&
    (q.organizationId === undefined || r.organizationId === q.organizationId) &&
    (q.certificateLevel === undefined || (r.certificateLevel ?? 'none') === q.certificateLevel) &&
    (q.risk === undefined || r.atRisk === (q.risk === 'atRisk')) &&
    (q.unified === undefined || r.unified === q.unified) &&
    (!search || r.personName.includes(search) || r.idNumber.includes(search.toUpperCase()));
}

export function forecastView(db: Db, q: ForecastQuery, today: string): { rows: ForecastRow[]; rc: RuleContext; until: string } {
  const { rows, rc, until } = forecastRows(db, today, q.horizonMonths);
  const compare = q.sortField ? SORTS[q.sortField] : undefined;
  // By default those furthest behind first, the earliest day first among equals.
  const by = compare ?? ((a: ForecastRow, b: ForecastRow) => b.shortfall - a.shortfall || SORTS['projectedOn']!(a, b));
  const dir = compare && q.sortDir === 'desc' ? -1 : 1;
  return { rows: rows.filter(forecastMatcher(db, q)).sort((a, b) => dir * by(a, b) || a.personId - b.personId), rc, until };
}
