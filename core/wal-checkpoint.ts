/**
 * A large write (an import's publish of 50,000 people) leaves tens of megabytes in SQLite's
 * write-ahead log; the connection that commits past 1,000 pages copies them into the data file
 * (the automatic checkpoint), ~0.3 s at city scale on the server's thread. Work that writes that
 * much turns its own connection's automatic checkpoint off and has the log copied in a worker
 * thread, started while it still holds the write gate (core/write-gate.ts), so that no commit of
 * this thread's other connections starts the same copy first. Readers are not held up by a checkpoint.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../db/engine/types.ts';

// Run from source (.ts) or from the build (.js): the worker's script sits beside this module either way.
const here = fileURLToPath(import.meta.url);
const ENTRY = path.join(path.dirname(here), `wal-checkpoint-worker${path.extname(here)}`);

/** Turns the connection's automatic checkpoint off (SQLite files only): its large commit's log is copied by `checkpointInWorker`. */
export function deferCheckpoints(db: Db): void {
  if (db.engine === 'sqlite' && db.name && !db.memory) db.pragma('wal_autocheckpoint = 0');
}

/**
 * Copies the log into the data file in a worker thread; resolves once the worker has begun (its
 * copy then holds SQLite's checkpoint lock: a commit of this thread whose automatic checkpoint
 * comes meanwhile finds it taken and goes on without copying, as PASSIVE checkpoints never wait).
 * `done` resolves when the copy has ended (tests). Where no worker can be started (a packed
 * archive) or it fails, nothing is copied here: the next commit past 1,000 pages does, as before.
 */
export function checkpointInWorker(db: Db): Promise<{ done: Promise<void> }> {
  if (db.engine !== 'sqlite' || !db.name || db.memory) return Promise.resolve({ done: Promise.resolve() });
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(ENTRY, { workerData: { dataFile: db.name } });
    } catch {
      return resolve({ done: Promise.resolve() });
    }
    const done = new Promise<void>((ended) => {
      worker.on('message', (message: { started: true } | { done: true } | { failed: string }) => {
        if ('started' in message) resolve({ done });
        if ('failed' in message) console.error(`写前日志检查点失败：${message.failed}`);
      });
      worker.on('error', () => ended());
      worker.on('exit', () => ended());
    });
    void done.then(() => resolve({ done }));
  });
}
