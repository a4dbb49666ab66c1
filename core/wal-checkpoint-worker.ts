/**
 * The worker side of core/wal-checkpoint.ts: copies the write-ahead log into the data file on a
 * connection of its own, so that the server's thread does not (PASSIVE: it waits for nobody).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open.ts';
import { runAsBackgroundThread } from './background-thread.ts';

const { dataFile, onSignal } = workerData as { dataFile: string; onSignal?: boolean };
runAsBackgroundThread();
// Started ahead of the commit (checkpointWorkerAhead): ready, it waits for the word.
const go = onSignal ? new Promise((resolve) => parentPort!.once('message', resolve)) : undefined;
try {
  const db = openDatabase(dataFile);
  try {
    await go;
    // Said just before: the caller lets this thread's commits go on; one that would checkpoint too finds this one under way and leaves it (PASSIVE never waits).
    parentPort!.postMessage({ started: true });
    db.pragma('wal_checkpoint(PASSIVE)');
  } finally {
    db.close();
  }
  parentPort!.postMessage({ done: true });
} catch (error) {
  parentPort!.postMessage({ failed: error instanceof Error ? error.message : String(error) });
}
