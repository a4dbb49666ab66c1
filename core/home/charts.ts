/**
 * The 工作台's charts, computed in core: training hours credited per month (this year and last),
 * sessions and seats taken per base (top 20, this year), supervisors in office per level at each
 * year's end (the last five; this year's as of today), re-review outcomes per cycle year, and towns
 * at or below their quota per district (the same coverage as 镇区覆盖).
 *
 * The ledger and the sessions are the large tables (a month-by-month sum reads a million ledger rows at
 * province scale), so the figures are kept per connection and computed again only when something was
 * written (the audit log's head moved: every write appends to it), the day changed, or for another
 * set of bases. Between writes a 工作台 is answered from memory.
 */
import type Database from 'better-sqlite3';
import type { Context } from '../contract.ts';
import { visibleBaseIds } from '../services/base-access.ts';
import { townCoverage } from '../supervision/coverage.ts';
import { supervisorLevels } from '../../db/repos/supervisors.ts';
import { changeMarker } from '../../db/repos/training-facts.ts';
import { hoursByMonth, recertOutcomesByYear, sessionsByBase, supervisorsByLevelOn } from '../../db/repos/home.ts';
import { yearRange } from './period.ts';

export const CHARTS = ['hoursByMonth', 'sessionsByBase', 'supervisorsByLevel', 'recertOutcomes', 'coverage'] as const;
export type ChartKey = (typeof CHARTS)[number];

/** Bases shown in 「各基地班期与培训人次」. */
export const TOP_BASES = 20;
/** Years shown in 「各等级督导人数」. */
const LEVEL_YEARS = 5;

function compute(ctx: Context) {
  const today = ctx.clock.today();
  const year = Number(today.slice(0, 4));

  const months = hoursByMonth(ctx.db, [year - 1, year]);
  const hoursOf = (y: number, m: number) => months.find((r) => r.year === y && r.month === m)?.hours ?? 0;
  const hours = {
    year,
    rows: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, lastYear: hoursOf(year - 1, i + 1), thisYear: hoursOf(year, i + 1) })),
  };

  const bases = { year, rows: sessionsByBase(ctx.db, yearRange(year), visibleBaseIds(ctx), TOP_BASES) };

  const ladder = supervisorLevels(ctx.db);
  const levels = {
    levels: ladder.map((l) => ({ levelId: l.id, levelName: l.name })),
    rows: Array.from({ length: LEVEL_YEARS }, (_, i) => year - LEVEL_YEARS + 1 + i).map((y) => {
      const day = y === year ? today : `${y}-12-31`;
      const counts = supervisorsByLevelOn(ctx.db, day);
      return { year: y, asOf: day, counts: ladder.map((l) => counts.find((c) => c.levelId === l.id)?.count ?? 0) };
    }),
  };

  const outcomes = new Map<number, { year: number; pass: number; conditional: number; fail: number }>();
  for (const r of recertOutcomesByYear(ctx.db)) {
    const row = outcomes.get(r.year) ?? outcomes.set(r.year, { year: r.year, pass: 0, conditional: 0, fail: 0 }).get(r.year)!;
    if (r.outcome === 'pass' || r.outcome === 'conditional' || r.outcome === 'fail') row[r.outcome] += r.count;
  }

  const districts = new Map<string, { district: string; atQuota: number; belowQuota: number }>();
  for (const town of townCoverage(ctx)) {
    const name = town.parentName ?? '—';
    const row = districts.get(name) ?? districts.set(name, { district: name, atQuota: 0, belowQuota: 0 }).get(name)!;
    if (town.gap > 0) row.belowQuota += 1;
    else row.atQuota += 1;
  }
  const collator = new Intl.Collator('zh-CN');

  return {
    hoursByMonth: hours,
    sessionsByBase: bases,
    supervisorsByLevel: levels,
    recertOutcomes: { rows: [...outcomes.values()] },
    coverage: { rows: [...districts.values()].sort((a, b) => b.belowQuota - a.belowQuota || collator.compare(a.district, b.district)) },
  };
}

export type HomeCharts = ReturnType<typeof compute>;

const cache = new WeakMap<Database.Database, Map<string, { key: string; charts: HomeCharts }>>();
/** How often the charts were computed rather than answered from memory (tests and the bench). */
export const chartComputations = { count: 0 };

export function homeCharts(ctx: Context): HomeCharts {
  const scope = visibleBaseIds(ctx)?.join(',') ?? 'all';
  const key = `${changeMarker(ctx.db)}|${ctx.clock.today()}`;
  const kept = cache.get(ctx.db) ?? cache.set(ctx.db, new Map()).get(ctx.db)!;
  const hit = kept.get(scope);
  if (hit?.key === key) return hit.charts;
  chartComputations.count += 1;
  const charts = compute(ctx);
  if (kept.size > 50) kept.clear(); // one entry per set of bases: coordinators each have theirs
  kept.set(scope, { key, charts });
  return charts;
}
