/**
 * The forecasts' headlines on the 工作台 (staff and administrators): the towns that meet their quota
 * today and will fall short within 12 months (镇区覆盖 › 未来 12 个月, the earliest named), and the
 * people whose hours will fall short by their day within 6 months (学时达标 › 预测). Each is counted
 * by the forecast list it opens, with the filter it opens it with, so the two agree.
 *
 * The compliance forecast of everyone is seconds at province scale, against the 工作台's 50 ms: the
 * headlines are never computed on a visit. Like the charts (charts.ts) they are kept per connection
 * with the audit log's head they were computed at and computed again only when a table they read
 * was written since, or the day changes; above `headlineOptions.inlineUpTo` people in a worker
 * thread (forecast-worker.ts) on a snapshot of its own, while the 工作台 says 「计算中…」 (nothing yet)
 * or shows the previous figures marked as being updated.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/engine/types.ts';
import type { Context } from '../contract.ts';
import { workerLocation } from '../snapshot.ts';
import { changeMarker, peopleCount } from '../../db/repos/training-facts.ts';
import { coverageForecast } from '../supervision/coverage-forecast-view.ts';
import { forecastView } from '../compliance/forecast-view.ts';
import { tablesChanged } from './kept-counts.ts';
import type { SnapshotWorkData, SnapshotWorkMessage } from './snapshot-worker.ts';
import { traced } from '../turn-trace.ts';

/** The coverage headline's horizon and filter (镇区覆盖 › 未来 12 个月, 只看今后转为不足的镇区). */
export const COVERAGE_HEADLINE = { view: 'forecast', months: 12, onlyNewlyShort: true } as const;
/** The compliance headline's horizon and filter (学时达标 › 预测, 6 个月, 有风险). */
export const COMPLIANCE_HEADLINE = { view: 'forecast', horizonMonths: 6, risk: 'atRisk' } as const;

/**
 * What either forecast reads: the register and its events, certificates, cycles, quotas and rules
 * (coverage); people, the ledger, sessions, seats, courses and categories, the rules (compliance);
 * region and organization names and the filters' regions (both).
 */
const FORECAST_TABLES = [
  'person',
  'certificate',
  'training_record',
  'training_session',
  'enrolment',
  'course',
  'course_category',
  'supervisor',
  'supervisor_event',
  'supervisor_level',
  'region',
  'region_quota',
  'organization',
  'recert_cycle',
  'recert_review',
  'training_rule_set',
  'rule_setting',
] as const;

export interface ForecastHeadlines {
  coverage: {
    months: number;
    count: number;
    /** The town that falls short first (the first row of the list it opens) and the month it does. */
    earliest: { month: string; townName: string } | null;
    query: Record<string, string | number | boolean>;
  };
  compliance: { months: number; count: number; query: Record<string, string | number | boolean> };
}

/** What the 工作台 shows: being computed (none yet), up to date, or the previous figures being updated. */
export type HeadlineState = { state: 'computing'; coverage: null; compliance: null } | ({ state: 'current' | 'refreshing' } & ForecastHeadlines);

/** Both headlines, counted by the lists they open. */
export function computeForecastHeadlines(ctx: Context): ForecastHeadlines {
  const { months, onlyNewlyShort } = COVERAGE_HEADLINE;
  const towns = coverageForecast(ctx, {
    months,
    onlyNewlyShort,
    onlyShort: false,
    onlyChanged: false,
    cycleOutcome: 'proposals',
    assumptions: [],
    search: undefined,
  });
  const first = towns.rows[0];
  const { horizonMonths, risk } = COMPLIANCE_HEADLINE;
  // Counted now: the headlines are themselves computed off the server's thread above a small database.
  const people = forecastView(ctx.db, { horizonMonths, risk, sortDir: 'asc', search: undefined }, ctx.clock.today(), { here: true });
  return {
    coverage: {
      months,
      count: towns.rows.length,
      earliest: first?.firstShort ? { month: towns.summary.days[first.firstShort]!.slice(0, 7), townName: first.name } : null,
      query: { ...COVERAGE_HEADLINE },
    },
    compliance: { months: horizonMonths, count: people.rows.length, query: { ...COMPLIANCE_HEADLINE } },
  };
}

/** What the headlines' worker (forecast-worker.ts) is started with, and what it answers. */
export type HeadlineWorkData = SnapshotWorkData;
export type HeadlineWorkMessage = SnapshotWorkMessage<{ headlines: ForecastHeadlines }>;

/**
 * Up to this many people the headlines are computed here, at once (a few ms); above, in a worker thread (`entry`: its
 * script, when not the usual one: tests), started at most once every `minIntervalMs` per connection: at province scale
 * a computation is seconds of one core, and on a server saving all day every write would otherwise start the next one.
 */
export const headlineOptions = { inlineUpTo: 2_000, entry: '', minIntervalMs: 60_000 };
/** Headlines computed on this thread (tests). */
export const headlineComputations = { count: 0 };

// Run from source (.ts) or from the build (.js): the worker's script sits beside this module either way.
const here = fileURLToPath(import.meta.url);
const WORKER_ENTRY = path.join(path.dirname(here), `forecast-worker${path.extname(here)}`);

interface Entry {
  /** The day they were computed for. */
  today: string;
  mark: number;
  headlines: ForecastHeadlines;
}
const kept = new WeakMap<Db, Entry>();
const computing = new WeakMap<Db, Promise<void>>();
/** When a worker was last started, per connection (performance.now()). */
const lastStarted = new WeakMap<Db, number>();

function land(db: Db, entry: Entry): void {
  const now = kept.get(db);
  if (now && now.today === entry.today && now.mark > entry.mark) return;
  kept.set(db, entry);
}

/** Whether the headlines are computed here, at once, rather than in a worker thread. */
function computesHere(db: Db): boolean {
  return !workerLocation(db) || peopleCount(db) <= headlineOptions.inlineUpTo;
}

function computeHere(ctx: Context, today: string): Entry {
  headlineComputations.count += 1;
  const entry = { today, mark: changeMarker(ctx.db), headlines: computeForecastHeadlines(ctx) };
  land(ctx.db, entry);
  return entry;
}

/** Starts computing the headlines in a worker thread (one at a time per connection); they land in `kept` when it ends. */
function computeInWorker(ctx: Context, today: string): void {
  if (computing.has(ctx.db)) return;
  const db = ctx.db;
  // The next computation waits for the interval since the last one started (a worker that failed included: no loop).
  const last = lastStarted.get(db);
  if (last !== undefined && performance.now() - last < headlineOptions.minIntervalMs) return;
  lastStarted.set(db, performance.now());
  let worker: Worker;
  try {
    const data: HeadlineWorkData = { where: workerLocation(db)!, actor: ctx.actor, today, now: ctx.clock.now(), timeZone: ctx.clock.timeZone() };
    worker = new Worker(headlineOptions.entry || WORKER_ENTRY, { workerData: data });
  } catch {
    computeHere(ctx, today); // no worker here (e.g. a packed archive): at once
    return;
  }
  worker.unref(); // a cache: it keeps no process running
  let heard = false;
  const landed = new Promise<void>((resolve) => {
    const end = () => {
      if (computing.get(db) === landed) computing.delete(db);
      resolve();
    };
    worker.on('message', (message: HeadlineWorkMessage) => {
      heard = true;
      if ('done' in message) {
        if (db.open) traced('worker:headlines-landed', () => land(db, { today, ...message.done }));
      } else console.error(`工作台预测计算失败：${message.failed}`);
      end();
    });
    worker.on('error', (error) => {
      // Failing before it said anything: its script could not be loaded; computed here instead.
      if (!heard && db.open) computeHere(ctx, today);
      else console.error(`工作台预测计算失败：${error.message}`);
      end();
    });
    worker.on('exit', end);
  });
  computing.set(db, landed);
}

/** Resolves when no headlines are being computed for `db` in a worker thread (tests and the bench wait on it). */
export async function headlinesLanded(db: Db): Promise<void> {
  for (let running = computing.get(db); running; running = computing.get(db)) await running;
}

/**
 * The headlines for staff and administrators: from memory when nothing they read changed since they
 * were computed; else computed again, here for a small database, otherwise in a worker thread while
 * the previous figures (or 「计算中」) are answered.
 */
export function forecastHeadlines(ctx: Context): HeadlineState {
  const today = ctx.clock.today();
  const mark = changeMarker(ctx.db);
  const entry = kept.get(ctx.db);
  if (entry && entry.today === today && mark >= entry.mark) {
    const changed = mark > entry.mark ? tablesChanged(ctx.db, entry.mark, mark) : new Set<string>();
    if (changed && !FORECAST_TABLES.some((t) => changed.has(t))) {
      entry.mark = mark;
      return { state: 'current', ...entry.headlines };
    }
  }
  if (computesHere(ctx.db)) return { state: 'current', ...computeHere(ctx, today).headlines };
  computeInWorker(ctx, today);
  const shown = kept.get(ctx.db) ?? entry;
  // Computed at once when no worker could start: then they are current.
  if (shown && shown.today === today && shown.mark === mark && !computing.has(ctx.db)) return { state: 'current', ...shown.headlines };
  return shown ? { state: 'refreshing', ...shown.headlines } : { state: 'computing', coverage: null, compliance: null };
}
