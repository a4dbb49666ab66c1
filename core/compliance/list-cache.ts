/**
 * The compliance list's rows, kept per connection and brought up to date after a change rather
 * than recomputed: everyone's compliance is 1.8 s at province scale, and with 50 users saving it
 * would be recomputed on the server's thread after every save. The rows are keyed by the audit
 * log's head (every write appends to it): after a write only the people the new entries concern
 * (the person, their certificates, their ledger) are computed again, by the same function, and
 * put in their place, in the rows and in each filtered and sorted view kept for paging. Region or
 * organisation renames patch the names. Everyone is computed again when the rules, the
 * registration years or the day change, when more than `followChangesUpTo` entries or people are
 * concerned (a large import: one full pass is then cheaper), or when the log is not the one the
 * rows were computed from (a restore).
 *
 * That full pass runs in a worker thread (core/compliance/refresh-worker.ts) from a snapshot of
 * its own, so nobody's request waits for it: until it lands the list answers from the rows it had,
 * marked as being refreshed (with the time they were computed), or, with none yet, says it is
 * being computed. When it lands, the changes made since its snapshot are brought in as above.
 * A small population (up to `complianceRefreshOptions.inlineUpTo` people: a few milliseconds), a
 * connection without a file, a caller already off the server's thread (an export's worker) or a
 * worker that cannot start compute here, at once, as before. What the list shows once up to date
 * is exactly what a full computation shows.
 */
import type { Db } from '../../db/engine/types.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditHashAt, changeMarker, peopleChangesSince, peopleCount } from '../../db/repos/training-facts.ts';
import { regionAndOrganizationNames } from '../../db/repos/recert.ts';
import { complianceOfEveryone, type ComplianceRow } from './population.ts';
import { currentRuleContext, fromFrozen, type RuleContext } from './rule-context.ts';
import type { RefreshArgs, RefreshDone } from './refresh-worker.ts';
import { rowsFromWorker } from '../rows-worker.ts';
import { workerLocation } from '../snapshot.ts';
import { DEFAULT_QUERY, viewKeyOf, viewOf, type ComplianceQuery, type ViewOrder } from './list-views.ts';

export type { ComplianceQuery } from './list-views.ts';

/** Filtered and sorted views kept for paging (the oldest is dropped). */
const VIEWS = 8;

interface View extends ViewOrder {
  rows: ComplianceRow[];
}

interface Computed {
  /** Rules, registration years and day the rows were computed under. */
  key: string;
  rc: RuleContext;
  asOf: string;
  /** When the full computation the rows come from started (an ISO instant). */
  computedAt: string;
  /** The audit log's head the rows are up to date with, and its entry's hash. */
  mark: number;
  markHash: string | null;
  /** In person id order. */
  rows: ComplianceRow[];
  views: Map<string, View>;
}
const cache = new WeakMap<Db, Computed>();
/** A full computation under way in a worker thread, by the key it was started for. */
const refreshing = new WeakMap<Db, { key: string; landed: Promise<void> }>();

/** How the list was last brought up to date (for tests and the bench): everyone computed, or only the people a change concerned. */
export const complianceRefreshes = { full: 0, partial: 0 };

/**
 * Up to `inlineUpTo` people everyone is computed here, at once (18 µs a person: ~20 ms); above, in a worker thread
 * (`entry`: its script, when not the usual one: tests). Above `followChangesUpTo` new log entries or people concerned,
 * everyone is computed again rather than only the people concerned (tests lower it to cross it with a small import).
 */
export const complianceRefreshOptions = { inlineUpTo: 1_000, followChangesUpTo: 2_000, entry: '' };

/** How current the rows answered are: up to date; the previous rows, while everyone is computed again; none yet. */
export type ComplianceFreshness = { state: 'current' } | { state: 'refreshing'; computedAt: string } | { state: 'computing' };

const keyOf = (rc: RuleContext, asOf: string) => JSON.stringify([rc.version, rc.rules, rc.registrationYears, asOf]);

// Run from source (.ts) or from the build (.js): the worker's script sits beside this module either way.
const here = fileURLToPath(import.meta.url);
const REFRESH_ENTRY = path.join(path.dirname(here), `refresh-worker${path.extname(here)}`);

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

/**
 * Replaces the given people's rows (their old rows out, their new rows, if any, in) in the rows and every view. A
 * row whose place does not change (most saves: the same person, the same sort key) is replaced where it is: taking it
 * out and putting it back moved every row after it, ~0.1 ms per view at 100,000 rows, for each person a change concerns.
 */
function replaceRows(entry: Computed, personIds: Set<number>, fresh: ComplianceRow[]) {
  const freshById = new Map(fresh.map((row) => [row.personId, row]));
  const changed: { old: ComplianceRow | undefined; now: ComplianceRow | undefined }[] = [];
  for (const id of personIds) {
    const at = placeOf(entry.rows, { personId: id } as ComplianceRow, byId);
    const old = entry.rows[at]?.personId === id ? entry.rows[at] : undefined;
    const now = freshById.get(id);
    if (old && now) entry.rows[at] = now;
    else if (old) entry.rows.splice(at, 1);
    else if (now) entry.rows.splice(at, 0, now);
    changed.push({ old, now });
  }
  for (const view of entry.views.values()) for (const { old, now } of changed) replaceInView(view, old, now);
}

/** One person's row replaced in a view: where it was when it still falls strictly between its neighbours, else out and in again. */
function replaceInView(view: View, old: ComplianceRow | undefined, now: ComplianceRow | undefined) {
  let oldAt = -1;
  if (old && view.matches(old)) {
    const at = placeOf(view.rows, old, view.order);
    if (view.rows[at] === old) oldAt = at;
  }
  const shown = now !== undefined && view.matches(now);
  if (oldAt >= 0 && shown) {
    const before = view.rows[oldAt - 1];
    const after = view.rows[oldAt + 1];
    if ((!before || view.order(before, now) < 0) && (!after || view.order(now, after) < 0)) {
      view.rows[oldAt] = now;
      return;
    }
  }
  if (oldAt >= 0) view.rows.splice(oldAt, 1);
  if (shown) view.rows.splice(placeOf(view.rows, now, view.order), 0, now);
}

/** Everyone computed here, at once. */
function computeHere(db: Db, rc: RuleContext, asOf: string): Computed {
  const computedAt = new Date().toISOString();
  const mark = changeMarker(db);
  const entry: Computed = {
    key: keyOf(rc, asOf),
    rc,
    asOf,
    computedAt,
    mark,
    markHash: auditHashAt(db, mark),
    rows: complianceOfEveryone(db, rc, asOf),
    views: new Map(),
  };
  complianceRefreshes.full++;
  cache.set(db, entry);
  return entry;
}

/** Rows a worker computed from its snapshot replace the kept ones, unless those are already newer under the same rules and day. */
function land(db: Db, entry: Computed) {
  const kept = cache.get(db);
  if (kept && kept.key === entry.key && kept.mark > entry.mark) return;
  complianceRefreshes.full++;
  cache.set(db, entry);
}

/** Starts everyone's computation in a worker thread (one at a time per connection); the rows land in the cache when it ends. */
function refreshInWorker(db: Db, key: string, asOf: string): void {
  if (refreshing.has(db)) return; // a refresh for other rules or another day is started again once this one lands
  const computedAt = new Date().toISOString();
  const landed = rowsFromWorker<RefreshArgs, ComplianceRow, RefreshDone>(
    complianceRefreshOptions.entry || REFRESH_ENTRY,
    workerLocation(db)!,
    { asOf },
    {
      what: '学时达标名单核算',
      landed: (rows, { frozen, mark, markHash, defaultOrder }) => {
        const rc = fromFrozen(frozen);
        // The default view comes sorted: only put together here.
        const views = new Map([[viewKeyOf(DEFAULT_QUERY), { ...viewOf(DEFAULT_QUERY), rows: Array.from(defaultOrder, (i) => rows[i]!) }]]);
        if (db.open) land(db, { key: keyOf(rc, asOf), rc, asOf, computedAt, mark, markHash, rows, views });
      },
      here: () => {
        if (db.open) computeHere(db, currentRuleContext(db), asOf); // no worker here (e.g. a packed archive): as before
      },
    },
  );
  if (!landed) return;
  refreshing.set(db, { key, landed });
  void landed.then(() => {
    if (refreshing.get(db)?.landed === landed) refreshing.delete(db);
  });
}

/** Resolves when no full computation is under way for `db` (tests and the bench wait on it). */
export async function complianceRefreshLanded(db: Db): Promise<void> {
  for (let r = refreshing.get(db); r; r = refreshing.get(db)) await r.landed;
}

/** Whether everyone is computed here, at once, rather than in a worker thread. */
function computesHere(db: Db, here: boolean): boolean {
  return here || !workerLocation(db) || peopleCount(db) <= complianceRefreshOptions.inlineUpTo;
}

/** Everyone's rows as of the log's head, computed in full or brought up to date, or the kept rows while a full computation runs. */
function everyone(db: Db, asOf: string, here: boolean): { entry: Computed | undefined; freshness: ComplianceFreshness } {
  const rc = currentRuleContext(db);
  const key = keyOf(rc, asOf);
  const mark = changeMarker(db);
  const hit = cache.get(db);
  const current = { state: 'current' } as const;
  if (hit?.key === key && hit.mark === mark) return { entry: Object.assign(hit, { rc }), freshness: current };
  // Everyone is being computed again for these rules and this day: the kept rows are answered as they are until it lands.
  if (!here && hit && refreshing.get(db)?.key === key) return { entry: hit, freshness: { state: 'refreshing', computedAt: hit.computedAt } };
  const changes = hit?.key === key && mark > hit.mark ? peopleChangesSince(db, hit.mark, hit.markHash, complianceRefreshOptions.followChangesUpTo) : undefined;
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
    hit.rc = rc;
    complianceRefreshes.partial++;
    return { entry: hit, freshness: current };
  }
  if (computesHere(db, here)) return { entry: computeHere(db, rc, asOf), freshness: current };
  refreshInWorker(db, key, asOf);
  return { entry: hit, freshness: hit ? { state: 'refreshing', computedAt: hit.computedAt } : { state: 'computing' } };
}

/**
 * The list as filtered and sorted by `q`, every row, with the rules and the day it was judged
 * under, and how current it is (while everyone is computed again in a worker thread: the rows
 * kept, or none). `here`: a full computation, when one is needed, runs here and now (an export
 * writes the list as it is, not as it was).
 */
export function complianceView(
  db: Db,
  q: ComplianceQuery,
  asOf: string,
  { here = false } = {},
): { rows: ComplianceRow[]; rc: RuleContext; asOf: string; freshness: ComplianceFreshness } {
  const { entry, freshness } = everyone(db, asOf, here);
  if (!entry) return { rows: [], rc: currentRuleContext(db), asOf, freshness };
  const viewKey = viewKeyOf(q);
  const kept = entry.views.get(viewKey);
  const judged = { rc: entry.rc, asOf: entry.asOf, freshness };
  if (kept) return { rows: kept.rows, ...judged };
  const view = viewOf(q);
  // Everyone in the same order already kept: the filtered view is that, filtered, with no sort (100,000 rows sorted cost ~100 ms).
  const sorted = entry.views.get(viewKeyOf({ sortField: q.sortField, sortDir: q.sortDir, search: undefined }));
  const rows = sorted ? sorted.rows.filter(view.matches) : entry.rows.filter(view.matches).sort(view.order);
  if (entry.views.size >= VIEWS) entry.views.delete(entry.views.keys().next().value!);
  entry.views.set(viewKey, { ...view, rows });
  return { rows, ...judged };
}
