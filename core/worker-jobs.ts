/**
 * Jobs whose work cannot be cut into slices of a few milliseconds (everyone's training-hour
 * compliance is a few large queries and a pass over 100,000 people) run in a worker thread with
 * their own read-only connection, so the server's event loop is never held by them. The worker
 * (core/worker-jobs-entry.ts) runs the same function the job would run here, reports progress,
 * writes the job's file, and stops when the job is cancelled.
 *
 * A worker job that writes (the registry import) holds SQLite's write lock in its own thread; the
 * serving thread's writes must then wait at the write gate (core/write-gate.ts), not inside SQLite's
 * busy handler, which would hold the event loop. So before each of its write transactions the worker
 * asks this thread to take the gate on its behalf and waits for the grant, and says when the
 * transaction has ended (`job.writeGate` in the worker: the bridge below and in worker-jobs-entry.ts).
 * Such a worker is never stopped from outside once it has asked for the gate: it sees the cancel at
 * its next checkpoint (or before its commit) and rolls back itself; a worker that exits anyhow (a crash)
 * has its connection closed, and with it any transaction rolled back, before the gate is let go.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Context } from './contract.ts';
import { Cancelled, type JobHandle } from './jobs.ts';
import { AppError, type ErrorPayload } from './errors.ts';
import type { Actor } from './permissions.ts';
import type { EnrolmentExportFilter } from '../db/repos/enrolments.ts';
import type { ImportOptions } from './excel/import-mapping.ts';
import type { HoursImportOptions } from './excel/training-hours-import.ts';
import type { SupervisionImportOptions } from './supervision-work/import.ts';
import type { UnavailabilityImportOptions } from './excel/unavailability-import.ts';
import { holdWrites } from './write-gate.ts';

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
  /** The upload's bytes cross to the worker; `previewMark` is the log's head when the job started (or the preview's). */
  'registry.import': { fileName: string; data: Uint8Array; mode: 'preview' | 'commit'; options: ImportOptions & { previewMark: number } };
  /** 导入培训学时: like the registry import, on a read-write connection of its own; `mark` is the log's head when the job started. */
  'training.importHours': { fileName: string; data: Uint8Array; mode: 'preview' | 'commit'; options: HoursImportOptions & { mark: number } };
  /** 督导记录导入 and 导入不可用时间: the same, each checking every row again inside its publish. */
  'supervision.import': { fileName: string; data: Uint8Array; mode: 'preview' | 'commit'; options: SupervisionImportOptions };
  'unavailability.import': { baseId: number; fileName: string; data: Uint8Array; mode: 'preview' | 'commit'; options: UnavailabilityImportOptions };
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
  /** One Int32: set to 1 when the job is cancelled (a worker that writes stops itself at its next checkpoint). */
  cancel?: SharedArrayBuffer;
}

/** Messages from the worker. */
export type WorkerJobMessage =
  | { progress: [done: number, total: number, phase: string] }
  | { done: { result?: unknown; fileName?: string } }
  | { failed: ErrorPayload | null; message?: string }
  | { cancelled: true }
  /** The write gate's bridge: hold it for the worker's transaction `id`, or let it go (the transaction has ended). */
  | { gate: 'hold' | 'release'; id: number };

/** Messages to the worker: the gate is held for its transaction `id`. */
export type WorkerGateGrant = { granted: number };

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
    cancel: new SharedArrayBuffer(4),
  };
  const cancelFlag = new Int32Array(data.cancel!);
  let worker: Worker;
  try {
    worker = new Worker(entry, { workerData: data });
  } catch {
    return runHere(ctx, task, args, job);
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    let heard = false;
    let exited = false;
    /** Whether the worker has asked for the write gate: it writes, and is not stopped from outside (see above). */
    let writes = false;
    /** The gate held for the worker's transactions, by id: let go when it says so, or when it is gone. */
    const grants = new Map<number, () => void>();
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      fn();
    };
    // A cancel is noticed within 100 ms: a worker that only reads is stopped where it is; one that writes at its next checkpoint.
    const watch = setInterval(() => {
      if (!job.cancelled) return;
      Atomics.store(cancelFlag, 0, 1);
      if (writes) return;
      void worker.terminate();
      settle(() => reject(new Cancelled()));
    }, 100);
    worker.on('message', (message: WorkerJobMessage) => {
      heard = true;
      if ('gate' in message) {
        if (message.gate === 'release') {
          grants.get(message.id)?.();
          grants.delete(message.id);
          return;
        }
        writes = true;
        void holdWrites().then((release) => {
          if (exited) return release(); // gone while it waited
          grants.set(message.id, release);
          worker.postMessage({ granted: message.id } satisfies WorkerGateGrant);
        });
      } else if ('progress' in message) job.progress(...message.progress);
      else if ('cancelled' in message) settle(() => reject(new Cancelled()));
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
    worker.on('exit', (code) => {
      // Its connections are closed by now (an open transaction rolled back with them): the gate may go.
      exited = true;
      for (const release of grants.values()) release();
      grants.clear();
      settle(() => reject(new Error(`worker exited with code ${code} before its job ended`)));
    });
  });
}
