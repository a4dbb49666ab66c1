/**
 * The worker side of a full sum of the ledger (core/home/ledger-cache.ts): this year's and last
 * year's credited hours per month and the people credited this year, on a read-only connection of
 * its own, from one snapshot (the sums and the log's head read in one read transaction).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readSnapshot, type DataLocation } from '../snapshot.ts';
import { auditHashAt, changeMarker } from '../../db/repos/training-facts.ts';
import { creditedRowsPerPerson, hoursByMonth } from '../../db/repos/home.ts';
import { runAsBackgroundThread } from '../background-thread.ts';

export interface LedgerSumData {
  where: DataLocation;
  year: number;
}

/** The sums: months as `YYYY-MM` → hours; people and their credited rows as two arrays (they cross the thread as bytes). */
export type LedgerSumMessage =
  { done: { year: number; mark: number; markHash: string | null; months: [string, number][]; personIds: Int32Array; rows: Int32Array } } | { failed: string };

const { where, year } = workerData as LedgerSumData;
runAsBackgroundThread();
try {
  const { mark, markHash, months, people } = readSnapshot(where, (db) => {
    const mark = changeMarker(db);
    return {
      mark,
      markHash: auditHashAt(db, mark),
      months: hoursByMonth(db, [year - 1, year]).map((r): [string, number] => [`${r.year}-${String(r.month).padStart(2, '0')}`, r.hours]),
      people: creditedRowsPerPerson(db, year),
    };
  });
  const personIds = Int32Array.from(people, ([id]) => id);
  const rows = Int32Array.from(people, ([, n]) => n);
  parentPort!.postMessage({ done: { year, mark, markHash, months, personIds, rows } } satisfies LedgerSumMessage, [personIds.buffer, rows.buffer]);
} catch (error) {
  parentPort!.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies LedgerSumMessage);
}
