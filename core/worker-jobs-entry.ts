/**
 * The worker side of core/worker-jobs.ts: a job's work on a connection of its own, in its own
 * thread. Its context has what such work reads (the data file, the caller, the clock at the job's
 * start) and a job handle whose progress crosses to the job's status, whose cancel is read from the
 * flag the job's side sets, and whose write gate is the serving thread's, across messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from './contract.ts';
import { AppError } from './errors.ts';
import { Cancelled, type JobHandle } from './jobs.ts';
import type { WriteGate } from './write-gate.ts';
import { openSameData } from '../db/open.ts';
import { WORKER_TASKS, type WorkerTask } from './worker-tasks.ts';
import type { WorkerGateGrant, WorkerJobData, WorkerJobMessage, WorkerTaskName, WorkerTasks } from './worker-jobs.ts';
import { runAsBackgroundThread } from './background-thread.ts';

const data = workerData as WorkerJobData;
runAsBackgroundThread();
const send = (message: WorkerJobMessage) => parentPort!.postMessage(message);
const db = openSameData(data, { readonly: true });
const notInWorker = () => {
  throw new Error('not available in a worker job');
};
const ctx: Context = {
  db,
  actor: data.actor,
  clock: { now: () => data.now, today: () => data.today, timeZone: () => data.timeZone },
  dataFile: data.dataFile,
  ...(data.database ? { database: data.database } : {}),
  jobs: { start: notInWorker, status: notInWorker, cancel: notInWorker, downloadTicket: notInWorker, tempFile: () => data.file, running: () => [] },
};
const cancelFlag = data.cancel ? new Int32Array(data.cancel) : null;
const cancelled = () => (cancelFlag ? Atomics.load(cancelFlag, 0) === 1 : false);

/** The bridge to the serving thread's write gate: asked for and let go by message, granted by message (core/worker-jobs.ts). */
const waiting = new Map<number, () => void>();
let nextHold = 0;
const onGrant = (message: WorkerGateGrant) => {
  waiting.get(message.granted)?.();
  waiting.delete(message.granted);
  if (!waiting.size) parentPort!.off('message', onGrant); // listening only while waiting: the thread may end when its work has
};
const writeGate: WriteGate = {
  async holdWrites() {
    const id = ++nextHold;
    if (!waiting.size) parentPort!.on('message', onGrant);
    const granted = new Promise<void>((resolve) => waiting.set(id, resolve));
    send({ gate: 'hold', id });
    await granted;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      send({ gate: 'release', id });
    };
  },
};

let lastSent = 0;
const job: JobHandle = {
  progress(done, total, phase) {
    // A few updates a second are all a progress bar shows.
    if (performance.now() - lastSent < 100 && done < total) return;
    lastSent = performance.now();
    send({ progress: [done, total, phase] });
  },
  checkpoint: async () => {
    await new Promise((resolve) => setImmediate(resolve));
    if (cancelled()) throw new Cancelled();
  },
  // A job that only reads is stopped where it is by the job's side; one that writes stops itself here.
  get cancelled() {
    return cancelled();
  },
  writeGate,
};
try {
  const { result, file } = await (WORKER_TASKS[data.task] as WorkerTask<WorkerTaskName>)(ctx, data.args as WorkerTasks[WorkerTaskName], job);
  if (file && !('path' in file && file.path === data.file)) throw new Error('a worker job writes its file at the path it was given');
  send({ done: { result, ...(file ? { fileName: file.fileName } : {}) } });
} catch (error) {
  send(
    error instanceof Cancelled
      ? { cancelled: true }
      : error instanceof AppError
        ? { failed: error.toPayload() }
        : { failed: null, message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
  );
} finally {
  db.close();
}
