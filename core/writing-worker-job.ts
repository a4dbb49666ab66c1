/**
 * A worker job that writes in ONE transaction on its own connection (opening or closing a re-review):
 * the server's thread holds the write gate (core/write-gate.ts) from before the worker starts until
 * it has ended — done, failed, or stopped by a cancel — so other users' writes wait at the gate,
 * asynchronously, instead of inside SQLite's busy handler (or PostgreSQL's writer lock) on the
 * thread that answers everyone; reads go around meanwhile (core/reads-during-writes.ts).
 */
import type { Context } from './contract.ts';
import type { JobHandle } from './jobs.ts';
import { holdWrites } from './write-gate.ts';
import { runInWorker, type WorkerTaskName, type WorkerTasks } from './worker-jobs.ts';

export async function runWritingInWorker<T extends WorkerTaskName>(ctx: Context, task: T, args: WorkerTasks[T], job: JobHandle) {
  const release = await holdWrites();
  try {
    return await runInWorker(ctx, task, args, job);
  } finally {
    release();
  }
}
