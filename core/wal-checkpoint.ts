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

/** Turns the connection's automatic checkpoint off (SQLite files only): its large commit's log is copied by `checkpointWorkerAhead`. */
export function deferCheckpoints(db: Db): void {
  if (db.engine === 'sqlite' && db.name && !db.memory) db.pragma('wal_autocheckpoint = 0');
}

/**
 * Copies the log into the data file in a worker thread, started ahead of a large commit: its thread
 * and connection are ready when `start` is called, so the commit's holder of the write gate waits only
 * for its word that the copy has begun (starting the thread then took ~0.2 s at a 50,000-row import's
 * publish on a busy VM). `start` resolves once the worker has begun (its copy then holds SQLite's
 * checkpoint lock: a commit of this thread whose automatic checkpoint comes meanwhile finds it taken
 * and goes on without copying, as PASSIVE checkpoints never wait); `done` resolves when the copy has
 * ended (tests). `stop` ends a worker that is not needed (the commit did not happen). Where no worker
 * can be started (a packed archive) or it fails, nothing is copied here: the next commit past 1,000
 * pages does, as before.
 */
export function checkpointWorkerAhead(db: Db): { start(): Promise<{ done: Promise<void> }>; stop(): void } {
  const nothing = { start: () => Promise.resolve({ done: Promise.resolve() }), stop: () => {} };
  if (db.engine !== 'sqlite' || !db.name || db.memory) return nothing;
  let worker: Worker;
  try {
    worker = new Worker(ENTRY, { workerData: { dataFile: db.name, onSignal: true } });
  } catch {
    return nothing;
  }
  let begun!: (value: { done: Promise<void> }) => void;
  const started = new Promise<{ done: Promise<void> }>((resolve) => (begun = resolve));
  const done = new Promise<void>((ended) => {
    worker.on('message', (message: { started: true } | { done: true } | { failed: string }) => {
      if ('started' in message) begun({ done });
      if ('failed' in message) console.error(`写前日志检查点失败：${message.failed}`);
    });
    worker.on('error', () => ended());
    worker.on('exit', () => ended());
  });
  void done.then(() => begun({ done }));
  return {
    start: () => {
      worker.postMessage('go');
      return started;
    },
    stop: () => void worker.terminate(),
  };
}
