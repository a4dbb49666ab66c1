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
 * Computing them again took 0.24–1.3 s at province scale: above `chartsOptions.inlineUpTo` sessions
 * it runs in a worker thread (chart-worker.ts) on a snapshot of its own, the previous figures
 * answered meanwhile with the charts being computed marked (「正在更新…」), so no request waits for it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/engine/types.ts';
import type { Context } from '../contract.ts';
import { workerLocation } from '../snapshot.ts';
import { visibleBaseIds } from '../services/base-access.ts';
import { townCoverage } from '../supervision/coverage.ts';
import { supervisorLevels } from '../../db/repos/supervisors.ts';
import { changeMarker } from '../../db/repos/training-facts.ts';
import { recertOutcomesByYear, sessionsByBase, sessionsSize, supervisorsByLevelOn } from '../../db/repos/home.ts';
import { creditedHoursByMonth } from './ledger-cache.ts';
import { tablesChanged } from './kept-counts.ts';
import { yearRange } from './period.ts';
import type { SnapshotWorkData, SnapshotWorkMessage } from './snapshot-worker.ts';
import { traced } from '../turn-trace.ts';

export const CHARTS = ['hoursByMonth', 'sessionsByBase', 'supervisorsByLevel', 'recertOutcomes', 'coverage'] as const;
export type ChartKey = (typeof CHARTS)[number];

/** Bases shown in 「各基地班期与培训人次」. */
export const TOP_BASES = 20;
/** Years shown in 「各等级督导人数」. */
const LEVEL_YEARS = 5;

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

type Computed = ReturnType<typeof computeHomeCharts>;
/** The kept charts, each marked while it is computed again in a worker thread (its previous figures meanwhile). */
export type HomeCharts = { hoursByMonth: Computed['hoursByMonth'] } & { [K in Kept]: Computed[K] & { refreshing?: true } };
/** The charts kept per connection (all but the ledger's), as computed. */
export type KeptCharts = Pick<Computed, Kept>;

/** What the charts' worker (chart-worker.ts) is started with, and what it answers. */
export type ChartWorkData = SnapshotWorkData;
export type ChartWorkMessage = SnapshotWorkMessage<{ charts: KeptCharts }>;

/** Up to this many sessions (the example data has 150, a city 6,000) the charts are computed here, at once; above, in a worker thread (`entry`: its script, when not the usual one: tests). */
export const chartsOptions = { inlineUpTo: 2_000, entry: '' };

// Run from source (.ts) or from the build (.js): the worker's script sits beside this module either way.
const here = fileURLToPath(import.meta.url);
const WORKER_ENTRY = path.join(path.dirname(here), `chart-worker${path.extname(here)}`);

interface Entry {
  /** The day and set of bases it was computed for. */
  key: string;
  mark: number;
  charts: KeptCharts;
}
const cache = new WeakMap<Db, Map<string, Entry>>();
/** Charts being computed in a worker thread, by connection and set of bases. */
const computing = new WeakMap<Db, Map<string, Promise<void>>>();
/** Charts computed rather than answered from memory, by chart, on this thread (tests and the bench). */
export const chartComputations: Record<Kept, number> = { sessionsByBase: 0, supervisorsByLevel: 0, recertOutcomes: 0, coverage: 0 };

function computed<K extends Kept>(ctx: Context, chart: K): KeptCharts[K] {
  chartComputations[chart] += 1;
  return KEPT[chart].compute(ctx) as KeptCharts[K];
}

/** Every kept chart computed afresh (the worker's work, or this thread's for a small database). */
export function computeKeptCharts(ctx: Context): KeptCharts {
  return {
    sessionsByBase: computed(ctx, 'sessionsByBase'),
    supervisorsByLevel: computed(ctx, 'supervisorsByLevel'),
    recertOutcomes: computed(ctx, 'recertOutcomes'),
    coverage: computed(ctx, 'coverage'),
  };
}

/** What a chart shows before it was ever computed for these bases: nothing, marked as being computed. */
const nothingYet = (ctx: Context): KeptCharts => ({
  sessionsByBase: { year: thisYear(ctx), rows: [] },
  supervisorsByLevel: { levels: [], rows: [] },
  recertOutcomes: { rows: [] },
  coverage: { rows: [] },
});

/** Whether the charts are computed here, at once, rather than in a worker thread. */
function computesHere(db: Db): boolean {
  return !workerLocation(db) || sessionsSize(db) <= chartsOptions.inlineUpTo;
}

function land(db: Db, scope: string, entry: Entry): void {
  const kept = cache.get(db) ?? cache.set(db, new Map()).get(db)!;
  const now = kept.get(scope);
  if (now && now.key === entry.key && now.mark > entry.mark) return;
  if (!now && kept.size > 50) kept.clear();
  kept.set(scope, entry);
}

/** Starts computing the kept charts for the caller's bases in a worker thread (one at a time per set of bases); they land in the cache when it ends. */
function computeInWorker(ctx: Context, scope: string, key: string): void {
  const running = computing.get(ctx.db) ?? computing.set(ctx.db, new Map()).get(ctx.db)!;
  if (running.has(scope)) return;
  const db = ctx.db;
  const here = () => land(db, scope, { key, mark: changeMarker(db), charts: computeKeptCharts(ctx) });
  let worker: Worker;
  try {
    const data: ChartWorkData = {
      where: workerLocation(db)!,
      actor: ctx.actor,
      today: ctx.clock.today(),
      now: ctx.clock.now(),
      timeZone: ctx.clock.timeZone(),
    };
    worker = new Worker(chartsOptions.entry || WORKER_ENTRY, { workerData: data });
  } catch {
    return here(); // no worker here (e.g. a packed archive): as before
  }
  worker.unref(); // a cache: it keeps no process running
  let heard = false;
  const landed = new Promise<void>((resolve) => {
    const end = () => {
      if (running.get(scope) === landed) running.delete(scope);
      resolve();
    };
    worker.on('message', (message: ChartWorkMessage) => {
      heard = true;
      if ('done' in message) {
        if (db.open) traced('worker:charts-landed', () => land(db, scope, { key, ...message.done }));
      } else console.error(`工作台图表计算失败：${message.failed}`);
      end();
    });
    worker.on('error', (error) => {
      // Failing before it said anything: its script could not be loaded; computed here instead.
      if (!heard && db.open) here();
      else console.error(`工作台图表计算失败：${error.message}`);
      end();
    });
    worker.on('exit', end);
  });
  running.set(scope, landed);
}

/** Resolves when no charts are being computed for `db` in a worker thread (tests and the bench wait on it). */
export async function chartsLanded(db: Db): Promise<void> {
  for (;;) {
    const running = [...(computing.get(db)?.values() ?? [])];
    if (!running.length) return;
    await Promise.all(running);
  }
}

/**
 * The charts: from memory when nothing they read changed since they were computed; else those
 * that changed computed again, here for a small database, otherwise in a worker thread while the
 * previous figures are answered, marked as being refreshed (so no request waits for them).
 */
export function homeCharts(ctx: Context): HomeCharts {
  const scope = visibleBaseIds(ctx)?.join(',') ?? 'all';
  const key = `${ctx.clock.today()}|${scope}`;
  const mark = changeMarker(ctx.db);
  const entry = cache.get(ctx.db)?.get(scope);
  const current = entry && entry.key === key && mark >= entry.mark ? entry : undefined;
  let stale: Kept[] = Object.keys(KEPT) as Kept[];
  if (current) {
    const changed = mark > current.mark ? tablesChanged(ctx.db, current.mark, mark) : new Set<string>();
    stale = stale.filter((chart) => !changed || KEPT[chart].tables.some((t) => changed.has(t)));
  }
  const ledger = { year: thisYear(ctx), ...creditedHoursByMonth(ctx.db, thisYear(ctx)) };
  if (current && !stale.length) {
    current.mark = mark;
    return { hoursByMonth: ledger, ...current.charts };
  }
  if (computesHere(ctx.db)) {
    const charts = { ...(current?.charts ?? computeKeptCharts(ctx)) };
    if (current) for (const chart of stale) (charts as Record<Kept, unknown>)[chart] = computed(ctx, chart);
    land(ctx.db, scope, { key, mark, charts });
    return { hoursByMonth: ledger, ...charts };
  }
  computeInWorker(ctx, scope, key);
  // Until they land: the previous figures (another day's, if that is what there is), those being computed marked.
  const shown: KeptCharts = entry?.charts ?? nothingYet(ctx);
  const marked = { ...shown } as HomeCharts;
  for (const chart of stale) (marked as Record<Kept, unknown>)[chart] = { ...shown[chart], refreshing: true };
  return { ...marked, hoursByMonth: ledger };
}
