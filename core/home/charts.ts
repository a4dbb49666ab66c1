/**
 * The 工作台's charts, computed in core: training hours credited per month (this year and last),
 * sessions and seats taken per base (top 20, this year), supervisors in office per level at each
 * year's end (the last five; this year's as of today), re-review outcomes per cycle year, and towns
 * at or below their quota per district (the same coverage as 镇区覆盖).
 *
 * The ledger's sums are kept up to date row by row from the audit log (ledger-cache.ts). Each other
 * chart is kept per connection with the tables it reads, and computed again only when the audit log
 * shows a change to one of them since (every write is logged with its table), when the day changes,
 * or for another set of bases: between writes, and after writes elsewhere, a 工作台 is answered from memory.
 */
import type { Db } from '../../db/engine/types.ts';
import type { Context } from '../contract.ts';
import { visibleBaseIds } from '../services/base-access.ts';
import { townCoverage } from '../supervision/coverage.ts';
import { supervisorLevels } from '../../db/repos/supervisors.ts';
import { changeMarker } from '../../db/repos/training-facts.ts';
import { changesSince, recertOutcomesByYear, sessionsByBase, supervisorsByLevelOn } from '../../db/repos/home.ts';
import { creditedHoursByMonth } from './ledger-cache.ts';
import { yearRange } from './period.ts';

export const CHARTS = ['hoursByMonth', 'sessionsByBase', 'supervisorsByLevel', 'recertOutcomes', 'coverage'] as const;
export type ChartKey = (typeof CHARTS)[number];

/** Bases shown in 「各基地班期与培训人次」. */
export const TOP_BASES = 20;
/** Years shown in 「各等级督导人数」. */
const LEVEL_YEARS = 5;
/** Above this many log entries since a chart was computed, it is computed again without reading them. */
const REFRESH_LIMIT = 5_000;

const thisYear = (ctx: Context) => Number(ctx.clock.today().slice(0, 4));

function sessionsChart(ctx: Context) {
  const year = thisYear(ctx);
  return { year, rows: sessionsByBase(ctx.db, yearRange(year), visibleBaseIds(ctx), TOP_BASES) };
}

function levelsChart(ctx: Context) {
  const today = ctx.clock.today();
  const year = thisYear(ctx);
  const ladder = supervisorLevels(ctx.db);
  return {
    levels: ladder.map((l) => ({ levelId: l.id, levelName: l.name })),
    rows: Array.from({ length: LEVEL_YEARS }, (_, i) => year - LEVEL_YEARS + 1 + i).map((y) => {
      const day = y === year ? today : `${y}-12-31`;
      const counts = supervisorsByLevelOn(ctx.db, day);
      return { year: y, asOf: day, counts: ladder.map((l) => counts.find((c) => c.levelId === l.id)?.count ?? 0) };
    }),
  };
}

function outcomesChart(ctx: Context) {
  const outcomes = new Map<number, { year: number; pass: number; conditional: number; fail: number }>();
  for (const r of recertOutcomesByYear(ctx.db)) {
    const row = outcomes.get(r.year) ?? outcomes.set(r.year, { year: r.year, pass: 0, conditional: 0, fail: 0 }).get(r.year)!;
    if (r.outcome === 'pass' || r.outcome === 'conditional' || r.outcome === 'fail') row[r.outcome] += r.count;
  }
  return { rows: [...outcomes.values()] };
}

function coverageChart(ctx: Context) {
  const districts = new Map<string, { district: string; atQuota: number; belowQuota: number }>();
  for (const town of townCoverage(ctx)) {
    const name = town.parentName ?? '—';
    const row = districts.get(name) ?? districts.set(name, { district: name, atQuota: 0, belowQuota: 0 }).get(name)!;
    if (town.gap > 0) row.belowQuota += 1;
    else row.atQuota += 1;
  }
  const collator = new Intl.Collator('zh-CN');
  return { rows: [...districts.values()].sort((a, b) => b.belowQuota - a.belowQuota || collator.compare(a.district, b.district)) };
}

/** Each kept chart: how it is computed and the tables it reads. */
const KEPT = {
  sessionsByBase: { compute: sessionsChart, tables: ['training_session', 'enrolment', 'training_base'] },
  supervisorsByLevel: { compute: levelsChart, tables: ['supervisor_event', 'supervisor_level'] },
  recertOutcomes: { compute: outcomesChart, tables: ['recert_cycle', 'recert_review'] },
  coverage: { compute: coverageChart, tables: ['supervisor', 'supervisor_level', 'region', 'region_quota', 'rule_setting'] },
} as const;
type Kept = keyof typeof KEPT;

/** Every chart computed afresh (what the bench times as the cost of a 工作台 after changes to everything). */
export function computeHomeCharts(ctx: Context) {
  return {
    hoursByMonth: { year: thisYear(ctx), ...creditedHoursByMonth(ctx.db, thisYear(ctx)) },
    sessionsByBase: sessionsChart(ctx),
    supervisorsByLevel: levelsChart(ctx),
    recertOutcomes: outcomesChart(ctx),
    coverage: coverageChart(ctx),
  };
}

export type HomeCharts = ReturnType<typeof computeHomeCharts>;

interface Entry {
  /** The day and set of bases it was computed for. */
  key: string;
  mark: number;
  charts: Pick<HomeCharts, Kept>;
}
const cache = new WeakMap<Db, Map<string, Entry>>();
/** Charts computed rather than answered from memory, by chart (tests and the bench). */
export const chartComputations: Record<Kept, number> = { sessionsByBase: 0, supervisorsByLevel: 0, recertOutcomes: 0, coverage: 0 };

function computed<K extends Kept>(ctx: Context, chart: K): Pick<HomeCharts, Kept>[K] {
  chartComputations[chart] += 1;
  return KEPT[chart].compute(ctx) as Pick<HomeCharts, Kept>[K];
}

function allComputed(ctx: Context): Pick<HomeCharts, Kept> {
  return {
    sessionsByBase: computed(ctx, 'sessionsByBase'),
    supervisorsByLevel: computed(ctx, 'supervisorsByLevel'),
    recertOutcomes: computed(ctx, 'recertOutcomes'),
    coverage: computed(ctx, 'coverage'),
  };
}

export function homeCharts(ctx: Context): HomeCharts {
  const scope = visibleBaseIds(ctx)?.join(',') ?? 'all';
  const key = `${ctx.clock.today()}|${scope}`;
  const mark = changeMarker(ctx.db);
  const kept = cache.get(ctx.db) ?? cache.set(ctx.db, new Map()).get(ctx.db)!;
  let entry = kept.get(scope);
  if (!entry || entry.key !== key || mark < entry.mark) {
    if (kept.size > 50) kept.clear(); // one entry per set of bases: coordinators each have theirs
    entry = { key, mark, charts: allComputed(ctx) };
    kept.set(scope, entry);
  } else if (mark > entry.mark) {
    const changes = changesSince(ctx.db, entry.mark);
    const stale = (chart: Kept) => changes.entries > REFRESH_LIMIT || KEPT[chart].tables.some((t) => changes.tables.has(t));
    const charts = { ...entry.charts };
    for (const chart of Object.keys(KEPT) as Kept[]) if (stale(chart)) (charts as Record<Kept, unknown>)[chart] = computed(ctx, chart);
    entry = { key, mark, charts };
    kept.set(scope, entry);
  }
  return { hoursByMonth: { year: thisYear(ctx), ...creditedHoursByMonth(ctx.db, thisYear(ctx)) }, ...entry.charts };
}
