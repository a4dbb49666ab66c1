/**
 * The worker side of the 工作台's kept charts computed again (core/home/charts.ts): every chart but
 * the ledger's, for one caller's set of bases and day, on a read-only connection of its own, from one
 * snapshot (the charts and the log's head read in one read transaction).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/open.ts';
import { changeMarker } from '../../db/repos/training-facts.ts';
import type { Context } from '../contract.ts';
import { computeKeptCharts, type ChartWorkData, type ChartWorkMessage } from './charts.ts';

const data = workerData as ChartWorkData;
const db = openDatabase(data.dataFile, { readonly: true });
const notHere = () => {
  throw new Error('not available in the charts’ worker');
};
const ctx: Context = {
  db,
  actor: data.actor,
  clock: { now: () => data.now, today: () => data.today, timeZone: () => data.timeZone },
  dataFile: data.dataFile,
  jobs: { start: notHere, status: notHere, cancel: notHere, downloadTicket: notHere, tempFile: notHere, running: () => [] },
};
try {
  db.exec('BEGIN');
  const mark = changeMarker(db);
  const charts = computeKeptCharts(ctx);
  db.exec('COMMIT');
  parentPort!.postMessage({ done: { mark, charts } } satisfies ChartWorkMessage);
} catch (error) {
  parentPort!.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ChartWorkMessage);
} finally {
  db.close();
}
