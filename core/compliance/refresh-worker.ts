/**
 * The worker side of a full refresh of the compliance list (core/compliance/list-cache.ts):
 * everyone's rows computed on a read-only connection of its own, from one snapshot (the rows,
 * the rules and the log's head read in one read transaction), sent back in slices so that the
 * server's thread takes them in a few milliseconds at a time, with the default view's order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/open.ts';
import { auditHashAt, changeMarker } from '../../db/repos/training-facts.ts';
import { complianceOfEveryone } from './population.ts';
import { freezeCurrentRules, fromFrozen, type FrozenRules } from './rule-context.ts';
import { DEFAULT_QUERY, viewOf } from './list-views.ts';

export interface RefreshData {
  dataFile: string;
  asOf: string;
}

/** Messages from the worker: slices of rows in person id order, then the snapshot they belong to. */
/**
 * Messages from the worker: a slice of rows in person id order as JSON text (a string crosses
 * the thread as a copy of its bytes and is parsed in a few milliseconds; 2,000 objects cloned
 * field by field took ~60 ms and more on the server's thread), one slice each time the server's
 * thread asks for the next (`'next'`), so that it takes one slice per turn of its event loop; then
 * the snapshot they belong to.
 */
export type RefreshMessage =
  { rows: string } | { done: { frozen: FrozenRules; mark: number; markHash: string | null; defaultOrder: Int32Array } } | { failed: string };

/** Rows a message carries. */
const SLICE = 500;

const { dataFile, asOf } = workerData as RefreshData;
const send = (message: RefreshMessage) => parentPort!.postMessage(message);
const fail = (error: unknown) => {
  send({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  parentPort!.close();
};
const db = openDatabase(dataFile, { readonly: true });
try {
  db.exec('BEGIN');
  const frozen = freezeCurrentRules(db);
  const mark = changeMarker(db);
  const markHash = auditHashAt(db, mark);
  const rows = complianceOfEveryone(db, fromFrozen(frozen), asOf);
  db.exec('COMMIT');
  db.close();
  // The default view's order, sorted here rather than on the server's thread: positions in `rows`.
  const { order } = viewOf(DEFAULT_QUERY);
  const defaultOrder = Int32Array.from(rows.keys()).sort((a, b) => order(rows[a]!, rows[b]!));
  let start = 0;
  const next = () => {
    if (start < rows.length) {
      send({ rows: JSON.stringify(rows.slice(start, start + SLICE)) });
      start += SLICE;
      return;
    }
    parentPort!.postMessage({ done: { frozen, mark, markHash, defaultOrder } } satisfies RefreshMessage, [defaultOrder.buffer]);
    parentPort!.close();
  };
  parentPort!.on('message', (m) => {
    if (m === 'next') next();
  });
  next();
} catch (error) {
  if (db.open && db.inTransaction) db.exec('ROLLBACK');
  if (db.open) db.close();
  fail(error);
}
