/**
 * `node scripts/bench/worker-start.ts [--runs 5] [--built]`
 * How long a worker job (core/worker-jobs.ts) takes to start: for a few task kinds, each on an
 * almost empty database so the work itself is a few milliseconds, the time from the job's start to
 * its first progress (the task's first line of work, where it reports one) and to its end, median
 * of `--runs` runs, and the CPU time each job took (all threads; steadier than the times on a
 * loaded machine). What it shows is the worker's start: the thread, the modules it loads, its
 * connection. `--built` runs the build's worker (dist/app, `npm run build:app` first). Never part
 * of `npm test`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../../core/app.ts';
import { systemClock } from '../../core/clock.ts';
import type { Context } from '../../core/contract.ts';
import { DEFAULT_HOURS_OPTIONS } from '../../core/excel/training-hours-import.ts';
import { trainingHoursColumns } from '../../core/excel/training-hours-columns.ts';
import { REGISTRY_COLUMNS } from '../../core/excel/registry-columns.ts';
import { DEFAULT_OPTIONS } from '../../core/excel/registry-import.ts';
import { templateWorkbook } from '../../core/excel/workbook.ts';
import { JobRunner, type JobHandle } from '../../core/jobs.ts';
import { LOCAL_ADMIN } from '../../core/permissions.ts';
import { runInWorker, type WorkerTaskName, type WorkerTasks } from '../../core/worker-jobs.ts';
import { round, stats } from './measure.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, built: { type: 'boolean', default: false } } });
const runs = Number(values.runs);
const entry = values.built ? path.resolve('dist/app/core/worker-jobs-entry.js') : undefined;
if (entry && !fs.existsSync(entry)) throw new Error(`${entry} is missing: run npm run build:app first`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-worker-start-'));
const core = await openCore({ dataFile: path.join(dir, 'data.sqlite3') });
const runner = new JobRunner();
const ctx: Context = {
  db: core.db,
  actor: LOCAL_ADMIN,
  clock: systemClock,
  dataFile: core.dataFile,
  jobs: runner.actingFor({ userId: null, session: null }),
};
const today = systemClock.today();
const registryFile = await templateWorkbook('人员与督导', REGISTRY_COLUMNS);
const hoursFile = await templateWorkbook('培训学时', trainingHoursColumns([]));
let year = 2050;
let cycle = 0;

/** Each kind's arguments, made afresh for every run: 开启再审核 a new cycle, 结束再审核 the one just opened. */
const KINDS: { [T in WorkerTaskName]?: () => WorkerTasks[T] } = {
  'compliance.export': () => ({ query: { page: 0, pageSize: 25, sortDir: 'asc' }, asOf: today }),
  'enrolments.export': () => ({ filter: { baseIds: null }, title: '报名记录' }),
  'recert.open': () => {
    const created = core.call('recert.create', { year: year++ });
    if (!created.ok) throw new Error(created.error.message);
    cycle = (created.result as { id: number }).id;
    return { id: cycle };
  },
  'recert.close': () => ({ id: cycle }),
  'registry.import': () => ({ fileName: '人员.xlsx', data: registryFile, mode: 'preview', options: { ...DEFAULT_OPTIONS, previewMark: 0 } }),
  'training.importHours': () => ({ fileName: '学时.xlsx', data: hoursFile, mode: 'preview', options: { ...DEFAULT_HOURS_OPTIONS, mark: 0 } }),
};

/** One job: milliseconds to its first progress (null: it reported none) and to its end, and the CPU time it took (all threads: the worker's start is most of it). */
async function once<T extends WorkerTaskName>(task: T, args: WorkerTasks[T]) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let firstProgress: number | null = null;
  const id = runner.start(task, (job) => {
    const reporting: JobHandle = {
      checkpoint: () => job.checkpoint(),
      get cancelled() {
        return job.cancelled;
      },
      progress(done: number, total: number, phase: string) {
        firstProgress ??= performance.now() - started;
        job.progress(done, total, phase);
      },
    };
    return runInWorker(ctx, task, args, reporting, ...(entry ? [entry] : []));
  });
  let status = runner.status(id);
  while (status.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 5));
    status = runner.status(id);
  }
  if (status.state !== 'done') throw new Error(`${task}: ${status.state} ${JSON.stringify(status)}`);
  const cpu = process.cpuUsage(cpuBefore);
  return { firstProgress, done: performance.now() - started, cpu: (cpu.user + cpu.system) / 1000 };
}

console.log(`worker start, ${values.built ? 'built (dist/app)' : 'from source'}, median of ${runs} runs (load ${os.loadavg()[0]!.toFixed(2)}, ${os.cpus().length} cores)`);
try {
  const kinds = Object.entries(KINDS) as [WorkerTaskName, () => WorkerTasks[WorkerTaskName]][];
  const samples = new Map(kinds.map(([task]) => [task, [] as Awaited<ReturnType<typeof once>>[]]));
  // Round by round, so a change in the machine's load touches every kind alike.
  for (let i = 0; i < runs; i++) for (const [task, args] of kinds) samples.get(task)!.push(await once(task, args()));
  for (const [task, taskSamples] of samples) {
    const progress = taskSamples.flatMap((s) => (s.firstProgress === null ? [] : [s.firstProgress]));
    const toProgress = progress.length ? `first progress ${round(stats(progress).median)} ms, ` : '';
    console.log(`  ${task.padEnd(22)} ${toProgress}done ${round(stats(taskSamples.map((s) => s.done)).median)} ms, CPU ${round(stats(taskSamples.map((s) => s.cpu)).median)} ms`);
  }
} finally {
  runner.dispose();
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
