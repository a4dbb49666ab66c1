/**
 * The worker side of core/wal-checkpoint.ts: copies the write-ahead log into the data file on a
 * connection of its own, so that the server's thread does not (PASSIVE: it waits for nobody).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open.ts';

const { dataFile } = workerData as { dataFile: string };
try {
  const db = openDatabase(dataFile);
  try {
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
