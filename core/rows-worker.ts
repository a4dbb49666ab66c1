/**
 * Everyone's rows computed in a worker thread from one snapshot, and taken by the server's thread a
 * slice at a time: what 学时达标名单 (core/compliance/list-cache.ts, refresh-worker.ts) and its
 * forecast (core/compliance/forecast-view.ts, forecast-worker.ts) do when everyone is computed again.
 *
 * A slice crosses the thread as JSON text (a string crosses as a copy of its bytes and is parsed in a
 * few milliseconds; 2,000 objects cloned field by field took ~60 ms and more on the server's thread),
 * one each time the server's thread asks for the next (`'next'`), so that it takes one slice per turn
 * of its event loop; then what the rows belong to (the log's head, the rules) as the closing message.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { Db } from '../db/engine/types.ts';
import { readSnapshot, type DataLocation } from './snapshot.ts';
import { traced } from './turn-trace.ts';
import { runAsBackgroundThread } from './background-thread.ts';

/** What a rows worker is started with: where the data is, and the work's own arguments. */
export interface RowsWorkData<A> {
  where: DataLocation;
  args: A;
}

/** Messages from the worker: a slice of rows as JSON text, then what they belong to, or why it failed. */
export type RowsMessage<Done> = { rows: string } | { done: Done } | { failed: string };

/** Rows a message carries. */
const SLICE = 500;

const failure = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

/**
 * The worker's side: `compute` on a read-only connection of its own, in one read transaction, then its
 * rows sent a slice per `'next'`, then `done` (with `transfer`: typed arrays' buffers, moved rather than copied).
 */
export function answerRowsFromSnapshot<A, Row, Done>(compute: (db: Db, args: A) => { rows: Row[]; done: Done; transfer?: ArrayBuffer[] }): void {
  runAsBackgroundThread();
  const { where, args } = workerData as RowsWorkData<A>;
  const send = (message: RowsMessage<Done>, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
  let result: ReturnType<typeof compute>;
  try {
    result = readSnapshot(where, (db) => compute(db, args));
  } catch (error) {
    send({ failed: failure(error) });
    parentPort!.close();
    return;
  }
  const { rows, done, transfer } = result;
  let start = 0;
  const next = () => {
    if (start < rows.length) {
      send({ rows: JSON.stringify(rows.slice(start, start + SLICE)) });
      start += SLICE;
      return;
    }
    send({ done }, transfer);
    parentPort!.close();
  };
  parentPort!.on('message', (m) => {
    if (m === 'next') next();
  });
  next();
}

/**
 * The server's side: starts `entry` in a worker thread on `where` with `args`; its rows are taken a
 * slice per turn of the event loop and handed to `landed` with its closing message. Resolves when the
 * worker has ended (tests and the bench wait on it). Where no worker can be started, or its script
 * cannot be loaded (a packed archive), `here()` does the work on this thread instead, as before; a
 * worker's failure is logged with `what`. Null when `here()` was called at once.
 */
export function rowsFromWorker<A, Row, Done>(
  entry: string,
  where: DataLocation,
  args: A,
  on: { what: string; landed: (rows: Row[], done: Done) => void; here: () => void },
): Promise<void> | null {
  let worker: Worker;
  try {
    worker = new Worker(entry, { workerData: { where, args } satisfies RowsWorkData<A> });
  } catch {
    on.here();
    return null;
  }
  worker.unref(); // a cache: it keeps no process running
  const rows: Row[] = [];
  let heard = false;
  return new Promise<void>((resolve) => {
    worker.on('message', (message: RowsMessage<Done>) => {
      heard = true;
      if ('rows' in message) {
        traced(`worker:rows ${on.what}`, () => {
          for (const row of JSON.parse(message.rows) as Row[]) rows.push(row);
        });
        worker.postMessage('next'); // one slice per turn of the event loop
      } else if ('done' in message) {
        traced(`worker:rows-landed ${on.what}`, () => on.landed(rows, message.done));
        resolve();
      } else {
        console.error(`${on.what}失败：${message.failed}`);
        resolve();
      }
    });
    worker.on('error', (error) => {
      // Failing before it said anything: its script could not be loaded; the work is done here instead.
      if (!heard) on.here();
      else console.error(`${on.what}失败：${error.message}`);
      resolve();
    });
    worker.on('exit', () => resolve());
  });
}
