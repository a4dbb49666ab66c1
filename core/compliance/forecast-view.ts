/**
 * The forecast as a list: filtered and sorted, from everyone's rows kept per connection and horizon
 * until a table the forecast reads is written (the audit log says which), or the rules or the day
 * change. Paging through it, or building a plan right after looking at it (below the size: above it a
 * plan's worker computes them on its own snapshot), computes everyone once.
 *
 * Everyone's forecast is ~45 µs a person (0.45 s for a city, ~1.9 s for a province): above
 * `forecastListOptions.inlineUpTo` people it is computed in a worker thread (forecast-worker.ts, by
 * 学时达标名单's mechanism: core/rows-worker.ts) on a snapshot of its own, so nobody's request waits
 * for it: until it lands the list answers the rows it had, marked as being refreshed (with when they
 * were computed), or, with none yet, that it is being computed. A small population, a caller already
 * off the server's thread, data no worker can open, `here` (a plan, itself built in a worker
 * thread above the size: plan-view.ts; an export; the 工作台's headline: they need the rows now) or a worker that cannot start compute here, at once, as before.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { Db } from '../../db/engine/types.ts';
import { changeMarker, peopleCount } from '../../db/repos/training-facts.ts';
import { allRegions } from '../../db/repos/regions.ts';
import { comparePersonNames } from '../collation.ts';
import { tablesChanged } from '../home/kept-counts.ts';
import { rowsFromWorker } from '../rows-worker.ts';
import { workerLocation } from '../snapshot.ts';
import { forecastOfEveryone, horizonOf, listedInForecast, type ForecastRow } from './forecast.ts';
import type { ForecastArgs, ForecastDone } from './forecast-worker.ts';
import type { ComplianceFreshness } from './list-cache.ts';
import { currentRuleContext, fromFrozen, type RuleContext } from './rule-context.ts';
import type { forecastList } from '../schemas/forecast.ts';

export type ForecastQuery = Omit<z.output<typeof forecastList>, 'page' | 'pageSize'>;

/** What the forecast reads: people, their certificates, the ledger, sessions to come and seats held, courses and categories, the register (unified training), names, the rules. */
export const COMPLIANCE_FORECAST_TABLES = [
  'person',
  'certificate',
  'training_record',
  'training_session',
  'session_mentor',
  'enrolment',
  'course',
  'course_category',
  'training_base',
  'supervisor',
  'supervisor_event',
  'supervisor_level',
  'region',
  'organization',
  'recert_cycle',
  'recert_review',
  'training_rule_set',
  'rule_setting',
] as const;

interface Kept {
  /** Rules, registration years, day and horizon the rows were computed under. */
  key: string;
  /** The audit log's head they are up to date with. */
  mark: number;
  rows: ForecastRow[];
  rc: RuleContext;
  until: string;
  /** When the computation they come from started (an ISO instant). */
  computedAt: string;
  /** Filtered and sorted lists of these rows, by query, for paging (never changed: new rows come as a new entry). */
  views?: Map<string, ForecastRow[]>;
}
/** Filtered and sorted lists kept per entry (the oldest is dropped). */
const VIEWS = 8;
/** Per connection, by horizon (months). */
const kept = new WeakMap<Db, Map<number, Kept>>();
/** A computation under way in a worker thread, per connection and horizon, by the key it was started for. */
const computing = new WeakMap<Db, Map<number, { key: string; landed: Promise<void> }>>();

/** Up to this many people everyone is computed here, at once (~45 µs a person: ~20 ms); above, in a worker thread (`entry`: its script, when not the usual one: tests). */
export const forecastListOptions = { inlineUpTo: 500, entry: '' };
/** Everyone's forecast computed on this thread (tests and the bench). */
export const forecastComputations = { here: 0 };

/** How current the rows answered are (学时达标名单's states). */
export type ForecastFreshness = ComplianceFreshness;

// Run from source (.ts) or from the build (.js): the worker's script sits beside this module either way.
const here = fileURLToPath(import.meta.url);
const WORKER_ENTRY = path.join(path.dirname(here), `forecast-worker${path.extname(here)}`);

export const keyOf = (rc: RuleContext, today: string, months: number) => JSON.stringify([rc.version, rc.rules, rc.registrationYears, today, months]);

const byHorizon = <T>(map: WeakMap<Db, Map<number, T>>, db: Db) => map.get(db) ?? map.set(db, new Map()).get(db)!;

/** Whether none of `tables` was written between the audit log's marks `from` and `to` (the plan's keeping uses it too: plan-view.ts). */
export function unchangedBetween(db: Db, from: number, to: number, tables: readonly string[]): boolean {
  if (to === from) return true;
  if (to < from) return false;
  const changed = tablesChanged(db, from, to);
  return changed !== null && !tables.some((t) => changed.has(t));
}

/** Whether nothing the forecast reads was written between the kept rows' mark and `mark`. */
const unchangedSince = (db: Db, entry: Kept, mark: number) => unchangedBetween(db, entry.mark, mark, COMPLIANCE_FORECAST_TABLES);

/** Rows a worker computed from its snapshot replace the kept ones, unless those are already newer under the same rules and day. */
function land(db: Db, months: number, entry: Kept): void {
  const byMonths = byHorizon(kept, db);
  const now = byMonths.get(months);
  if (now && now.key === entry.key && now.mark > entry.mark) return;
  byMonths.set(months, entry);
}

function computeHere(db: Db, rc: RuleContext, today: string, months: number): Kept {
  forecastComputations.here += 1;
  const computedAt = new Date().toISOString();
  const h = horizonOf(today, months);
  const entry = {
    key: keyOf(rc, today, months),
    mark: changeMarker(db),
    rows: forecastOfEveryone(db, rc, h).filter(listedInForecast),
    rc,
    until: h.until,
    computedAt,
  };
  byHorizon(kept, db).set(months, entry);
  return entry;
}

/** Starts everyone's forecast for a horizon in a worker thread (one at a time per connection and horizon); the rows land in `kept` when it ends. */
function computeInWorker(db: Db, key: string, today: string, months: number): void {
  const running = byHorizon(computing, db);
  if (running.has(months)) return; // one for other rules or another day is started again once this one lands
  const computedAt = new Date().toISOString();
  const landed = rowsFromWorker<ForecastArgs, ForecastRow, ForecastDone>(
    forecastListOptions.entry || WORKER_ENTRY,
    workerLocation(db)!,
    { today, months },
    {
      what: '学时达标预测核算',
      landed: (rows, { frozen, mark }) => {
        const rc = fromFrozen(frozen);
        if (db.open) land(db, months, { key: keyOf(rc, today, months), mark, rows, rc, until: horizonOf(today, months).until, computedAt });
      },
      here: () => {
        if (db.open) computeHere(db, currentRuleContext(db), today, months); // no worker here (e.g. a packed archive): as before
      },
    },
  );
  if (!landed) return;
  running.set(months, { key, landed });
  void landed.then(() => {
    if (running.get(months)?.landed === landed) running.delete(months);
  });
}

/** Resolves when no forecast is being computed for `db` in a worker thread (tests and the bench wait on it). */
export async function forecastListLanded(db: Db): Promise<void> {
  for (;;) {
    const running = [...(computing.get(db)?.values() ?? [])];
    if (!running.length) return;
    await Promise.all(running.map((r) => r.landed));
  }
}

/** Whether everyone is computed here, at once, rather than in a worker thread (a plan too: plan-view.ts). */
export function computesHere(db: Db): boolean {
  return !workerLocation(db) || peopleCount(db) <= forecastListOptions.inlineUpTo;
}

/**
 * Everyone listed in the forecast for a horizon (those whose period ends within it, and those projected
 * short), kept or computed, and how current they are; none while a first computation runs in a worker
 * thread. `here`: computed here and now when they are not current.
 */
export function forecastRows(db: Db, today: string, months: number, { here = false } = {}): { entry: Kept | undefined; freshness: ForecastFreshness } {
  const rc = currentRuleContext(db);
  const key = keyOf(rc, today, months);
  const mark = changeMarker(db);
  const hit = kept.get(db)?.get(months);
  const current = { state: 'current' } as const;
  if (hit?.key === key && unchangedSince(db, hit, mark)) {
    hit.mark = mark;
    return { entry: hit, freshness: current };
  }
  const refreshing = (entry: Kept) => ({ entry, freshness: { state: 'refreshing', computedAt: entry.computedAt } as const });
  if (!here && hit && computing.get(db)?.get(months)?.key === key) return refreshing(hit);
  if (here || computesHere(db)) return { entry: computeHere(db, rc, today, months), freshness: current };
  computeInWorker(db, key, today, months);
  const now = kept.get(db)?.get(months); // computed here when no worker could start
  if (now && now !== hit && !computing.get(db)?.has(months)) return { entry: now, freshness: current };
  return hit ? refreshing(hit) : { entry: undefined, freshness: { state: 'computing' } };
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

/** The list as `q` filters and sorts it, every row, with the rules and horizon's end it was computed under and how current it is (`here`: as forecastRows). */
export function forecastView(
  db: Db,
  q: ForecastQuery,
  today: string,
  { here = false } = {},
): { rows: ForecastRow[]; rc: RuleContext; until: string; freshness: ForecastFreshness } {
  const { entry, freshness } = forecastRows(db, today, q.horizonMonths, { here });
  if (!entry) return { rows: [], rc: currentRuleContext(db), until: horizonOf(today, q.horizonMonths).until, freshness };
  const { rc, until } = entry;
  const views = (entry.views ??= new Map());
  const viewKey = JSON.stringify([q.sortField, q.sortDir, q.search, q.regionId, q.organizationId, q.certificateLevel, q.risk, q.unified]);
  const shown = views.get(viewKey);
  if (shown) return { rows: shown, rc, until, freshness };
  const compare = q.sortField ? SORTS[q.sortField] : undefined;
  // By default those furthest behind first, the earliest day first among equals.
  const by = compare ?? ((a: ForecastRow, b: ForecastRow) => b.shortfall - a.shortfall || SORTS['projectedOn']!(a, b));
  const dir = compare && q.sortDir === 'desc' ? -1 : 1;
  const rows = entry.rows.filter(forecastMatcher(db, q)).sort((a, b) => dir * by(a, b) || a.personId - b.personId);
  if (views.size >= VIEWS) views.delete(views.keys().next().value!);
  views.set(viewKey, rows);
  return { rows, rc, until, freshness };
}
