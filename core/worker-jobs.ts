/**
 * Jobs whose work cannot be cut into slices of a few milliseconds (everyone's training-hour
 * compliance is a few large queries and a pass over 100,000 people) run in a worker thread with
 * their own read-only connection, so the server's event loop is never held by them. The worker
 * (core/worker-jobs-entry.ts) runs the same function the job would run here, reports progress,
 * writes the job's file, and stops when the job is cancelled.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Context } from './contract.ts';
import { Cancelled, type JobHandle } from './jobs.ts';
import { AppError, type ErrorPayload } from './errors.ts';
import type { Actor } from './permissions.ts';
import type { EnrolmentExportFilter } from '../db/repos/enrolments.ts';

/** What can run in the worker, by name, with its arguments (plain data: they cross the thread). */
export interface WorkerTasks {
  'compliance.export': { query: unknown; asOf: string };
  'compliance.forecastExport': { query: unknown; today: string };
  'audit.annualWorkbook': { year: number };
  'enrolments.export': { filter: EnrolmentExportFilter; title: string };
  'demo.load': Record<string, never>;
  /** The address holds the password: it stays in memory, never in the job's title or status. */
  'system.migrateToPostgres': { target: string };
  /** 开启再审核 / 结束再审核 (core/recert/cycle-jobs.ts): the cycle at the version the caller read. */
  'recert.open': { id: number; version?: number };
  'recert.close': { id: number; version?: number };
}
export type WorkerTaskName = keyof WorkerTasks;

/** What the worker is started with. */
export interface WorkerJobData {
  task: WorkerTaskName;
  args: unknown;
  dataFile: string;
  /** The PostgreSQL database, when core runs on it (the worker opens its own connection). */
  database?: string;
  actor: Actor;
  /** The job's output file, in the runner's temporary folder. */
  file: string;
  today: string;
  /** The configured time zone, for dates and times the work writes. */
  timeZone: string;
  now: string;
}

/** Messages from the worker. */
export type WorkerJobMessage =
  | { progress: [done: number, total: number, phase: string] }
  | { done: { result?: unknown; fileName?: string } }
  | { failed: ErrorPayload | null; message?: string };

// Run from source (.ts) or from the build (.js): the entry sits beside this module either way.
const here = fileURLToPath(import.meta.url);
const ENTRY = path.join(path.dirname(here), `worker-jobs-entry${path.extname(here)}`);
const TASKS_MODULE = `./worker-tasks${path.extname(here)}`;

/** Where a worker cannot be started (its script cannot be loaded, e.g. from a packed archive), the task runs here, as before. */
async function runHere<T extends WorkerTaskName>(ctx: Context, task: T, args: WorkerTasks[T], job: JobHandle) {
  // By a name the layer rules do not follow: worker-tasks.ts imports the services that import this module.
  const { WORKER_TASKS } = (await import(TASKS_MODULE)) as {
    WORKER_TASKS: Record<
      WorkerTaskName,
      (ctx: Context, args: unknown, job: JobHandle) => Promise<{ result?: unknown; file?: { fileName: string; path: string } }>
    >;
  };
  return WORKER_TASKS[task](ctx, args, job);
}

/** Runs `task` in a worker thread as `job`'s work; resolves to what the job hands over. */
export function runInWorker<T extends WorkerTaskName>(
  ctx: Context,
  task: T,
  args: WorkerTasks[T],
  job: JobHandle,
  entry = ENTRY,
): Promise<{ result?: unknown; file?: { fileName: string; path: string } }> {
  const file = ctx.jobs.tempFile();
  const data: WorkerJobData = {
    task,
    args,
    dataFile: ctx.dataFile,
    ...(ctx.database ? { database: ctx.database } : {}),
    actor: ctx.actor,
    file,
    today: ctx.clock.today(),
    now: ctx.clock.now(),
    timeZone: ctx.clock.timeZone(),
  };
  let worker: Worker;
  try {
    worker = new Worker(entry, { workerData: data });
  } catch {
    return runHere(ctx, task, args, job);
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    let heard = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      fn();
    };
    // A cancel is noticed within 100 ms: the worker is stopped where it is, and the job ends once it
    // has exited (a worker that writes has then rolled back and let go of the write lock).
    let cancelling = false;
    const watch = setInterval(() => {
      if (!job.cancelled || cancelling) return;
      cancelling = true;
      void worker.terminate();
    }, 100);
    worker.on('message', (message: WorkerJobMessage) => {
      heard = true;
      if ('progress' in message) job.progress(...message.progress);
      else if ('done' in message) {
        const { result, fileName } = message.done;
        settle(() => resolve({ ...(result !== undefined ? { result } : {}), ...(fileName ? { file: { fileName, path: file } } : {}) }));
      } else
        settle(() =>
          reject(
            message.failed ? new AppError(message.failed.code, message.failed.message, message.failed.field) : new Error(message.message ?? 'worker failed'),
          ),
        );
    });
    // Failing before it said anything: its script could not be loaded; the task runs here instead.
    worker.on('error', (error) => settle(() => (heard ? reject(error) : runHere(ctx, task, args, job).then(resolve, reject))));
    worker.on('exit', (code) => settle(() => reject(cancelling ? new Cancelled() : new Error(`worker exited with code ${code} before its job ended`))));
  });
}
