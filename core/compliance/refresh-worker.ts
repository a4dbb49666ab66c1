/**
 * The worker side of a full refresh of the compliance list (core/compliance/list-cache.ts):
 * everyone's rows computed on a read-only connection of its own, from one snapshot (the rows,
 * the rules and the log's head read in one read transaction), sent back in slices so that the
 * server's thread takes them in a few milliseconds at a time, with the default view's order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/open.ts';
import { auditHashAt, changeMarker } from '../../db/repos/training-facts.ts';
import { complianceOfEveryone, type ComplianceRow } from './population.ts';
import { freezeCurrentRules, fromFrozen, type FrozenRules } from './rule-context.ts';
import { DEFAULT_QUERY, viewOf } from './list-views.ts';

export interface RefreshData {
  dataFile: string;
  asOf: string;
}

/** Messages from the worker: slices of rows in person id order, then the snapshot they belong to. */
export type RefreshMessage =
  { rows: ComplianceRow[] } | { done: { frozen: FrozenRules; mark: number; markHash: string | null; defaultOrder: Int32Array } } | { failed: string };

/** Rows a message carries: each is taken in by the server's thread in a few milliseconds. */
const SLICE = 2_000;

const { dataFile, asOf } = workerData as RefreshData;
const send = (message: RefreshMessage) => parentPort!.postMessage(message);
const db = openDatabase(dataFile, { readonly: true });
try {
  db.exec('BEGIN');
  const frozen = freezeCurrentRules(db);
  const mark = changeMarker(db);
  const markHash = auditHashAt(db, mark);
  const rows = complianceOfEveryone(db, fromFrozen(frozen), asOf);
  db.exec('COMMIT');
  for (let start = 0; start < rows.length; start += SLICE) send({ rows: rows.slice(start, start + SLICE) });
  // The default view's order, sorted here rather than on the server's thread: positions in `rows`.
  const { order } = viewOf(DEFAULT_QUERY);
  const defaultOrder = Int32Array.from(rows.keys()).sort((a, b) => order(rows[a]!, rows[b]!));
  parentPort!.postMessage({ done: { frozen, mark, markHash, defaultOrder } } satisfies RefreshMessage, [defaultOrder.buffer]);
} catch (error) {
  send({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  if (db.inTransaction) db.exec('ROLLBACK');
  db.close();
}
