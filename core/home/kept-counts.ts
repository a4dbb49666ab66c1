/**
 * 工作台 counts that read only some tables and the day: kept per connection with the log's head they
 * were counted at, and counted again only when the audit log shows a change to one of those tables
 * since (every write is logged with its table), the day or the set of bases changes, or more than
 * REFRESH_LIMIT entries follow. 「本年已结课班期」 over a province's 60,000 sessions is 24–80 ms a count.
 */
import type { Db } from '../../db/engine/types.ts';
import type { Context } from '../contract.ts';
import { changeMarker } from '../../db/repos/training-facts.ts';
import { changesSince } from '../../db/repos/home.ts';

const REFRESH_LIMIT = 5_000;

const cache = new WeakMap<Db, Map<string, { mark: number; count: number }>>();
/** Counts made rather than answered from memory (tests). */
export const keptCountComputations = { count: 0 };

/** `count()`, or the kept figure when nothing in `tables` changed since it was counted under the same `key` (the day is added here). */
export function keptCount(ctx: Context, key: string, tables: readonly string[], count: () => number): number {
  const mark = changeMarker(ctx.db);
  const kept = cache.get(ctx.db) ?? cache.set(ctx.db, new Map()).get(ctx.db)!;
  const full = `${key}|${ctx.clock.today()}`;
  const hit = kept.get(full);
  if (hit && hit.mark === mark) return hit.count;
  if (hit && mark > hit.mark) {
    const changes = changesSince(ctx.db, hit.mark);
    if (changes.entries <= REFRESH_LIMIT && !tables.some((t) => changes.tables.has(t))) {
      hit.mark = mark;
      return hit.count;
    }
  }
  if (kept.size > 200) kept.clear(); // one entry per count and set of bases
  keptCountComputations.count += 1;
  const fresh = count();
  kept.set(full, { mark, count: fresh });
  return fresh;
}
