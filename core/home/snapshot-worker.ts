/**
 * What each of the 工作台's workers does (chart-worker.ts, forecast-worker.ts): compute its figures on
 * a read-only connection of its own, from one snapshot (the figures and the log's head read in one
 * read transaction), and post them with that head, or why it failed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { changeMarker } from '../../db/repos/training-facts.ts';
import type { Context } from '../contract.ts';
import type { Actor } from '../permissions.ts';
import { readSnapshot, type DataLocation } from '../snapshot.ts';
import { runAsBackgroundThread } from '../background-thread.ts';

/** What a 工作台 worker is started with: whose figures, on which data, for which day. */
export interface SnapshotWorkData {
  where: DataLocation;
  actor: Actor;
  today: string;
  now: string;
  timeZone: string;
}

/** A worker's answer: its figures (under their own name) with the log's head they were read at, or why it failed. */
export type SnapshotWorkMessage<T extends object> = { done: { mark: number } & T } | { failed: string };

export function answerFromSnapshot<T extends object>(what: string, compute: (ctx: Context) => T): void {
  runAsBackgroundThread();
  const data = workerData as SnapshotWorkData;
  const notHere = () => {
    throw new Error(`not available in the ${what}’ worker`);
  };
  try {
    const done = readSnapshot(data.where, (db) => {
      const ctx: Context = {
        db,
        actor: data.actor,
        clock: { now: () => data.now, today: () => data.today, timeZone: () => data.timeZone },
        dataFile: data.where.dataFile,
        ...(data.where.database ? { database: data.where.database } : {}),
        jobs: { start: notHere, status: notHere, cancel: notHere, downloadTicket: notHere, tempFile: notHere, running: () => [] },
      };
      return { mark: changeMarker(db), ...compute(ctx) };
    });
    parentPort!.postMessage({ done } satisfies SnapshotWorkMessage<T>);
  } catch (error) {
    parentPort!.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies SnapshotWorkMessage<T>);
  }
}
