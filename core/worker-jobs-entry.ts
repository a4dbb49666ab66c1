/**
 * The worker side of core/worker-jobs.ts: a job's work on a connection of its own, in its own
 * thread. Its context has what such work reads (the data file, the caller, the clock at the job's
 * start) and a job handle whose progress crosses to the job's status.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from './contract.ts';
import { AppError } from './errors.ts';
import type { JobHandle } from './jobs.ts';
import { openSameData } from '../db/open.ts';
import { WORKER_TASKS, type WorkerTask } from './worker-tasks.ts';
import type { WorkerJobData, WorkerJobMessage, WorkerTaskName, WorkerTasks } from './worker-jobs.ts';

const data = workerData as WorkerJobData;
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
let lastSent = 0;
const job: JobHandle = {
  progress(done, total, phase) {
    // A few updates a second are all a progress bar shows.
    if (performance.now() - lastSent < 100 && done < total) return;
    lastSent = performance.now();
    send({ progress: [done, total, phase] });
  },
  checkpoint: () => new Promise((resolve) => setImmediate(resolve)),
  cancelled: false, // the job's side stops this thread when it is cancelled
};
try {
  const { result, file } = await (WORKER_TASKS[data.task] as WorkerTask<WorkerTaskName>)(ctx, data.args as WorkerTasks[WorkerTaskName], job);
  if (file && !('path' in file && file.path === data.file)) throw new Error('a worker job writes its file at the path it was given');
  send({ done: { result, ...(file ? { fileName: file.fileName } : {}) } });
} catch (error) {
  send(
    error instanceof AppError
      ? { failed: error.toPayload() }
      : { failed: null, message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
  );
} finally {
  db.close();
}
