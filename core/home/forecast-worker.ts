/**
 * The worker side of the 工作台's forecast headlines (core/home/forecast-headlines.ts): both counted
 * on a read-only connection of its own, from one snapshot (the forecasts and the log's head read in
 * one read transaction).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/open.ts';
import { changeMarker } from '../../db/repos/training-facts.ts';
import type { Context } from '../contract.ts';
import { computeForecastHeadlines, type HeadlineWorkData, type HeadlineWorkMessage } from './forecast-headlines.ts';

const data = workerData as HeadlineWorkData;
const db = openDatabase(data.dataFile, { readonly: true });
const notHere = () => {
  throw new Error('not available in the forecast headlines’ worker');
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
  const headlines = computeForecastHeadlines(ctx);
  db.exec('COMMIT');
  parentPort!.postMessage({ done: { mark, headlines } } satisfies HeadlineWorkMessage);
} catch (error) {
  parentPort!.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies HeadlineWorkMessage);
} finally {
  db.close();
}
