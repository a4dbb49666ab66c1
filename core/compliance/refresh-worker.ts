/**
 * The worker side of a full refresh of the compliance list (core/compliance/list-cache.ts):
 * everyone's rows computed on a read-only connection of its own, from one snapshot (the rows,
 * the rules and the log's head read in one read transaction), sent back in slices so that the
 * server's thread takes them in a few milliseconds at a time (core/rows-worker.ts), with the
 * default view's order.
 */
import { auditHashAt, changeMarker } from '../../db/repos/training-facts.ts';
import { answerRowsFromSnapshot } from '../rows-worker.ts';
import { complianceOfEveryone, type ComplianceRow } from './population.ts';
import { freezeCurrentRules, fromFrozen, type FrozenRules } from './rule-context.ts';
import { DEFAULT_QUERY, viewOf } from './list-views.ts';

export interface RefreshArgs {
  asOf: string;
}

/** What the rows belong to: the rules and the log's head they were read at, and the default view's order (positions in the rows). */
export interface RefreshDone {
  frozen: FrozenRules;
  mark: number;
  markHash: string | null;
  defaultOrder: Int32Array;
}

answerRowsFromSnapshot<RefreshArgs, ComplianceRow, RefreshDone>((db, { asOf }) => {
  const frozen = freezeCurrentRules(db);
  const mark = changeMarker(db);
  const markHash = auditHashAt(db, mark);
  const rows = complianceOfEveryone(db, fromFrozen(frozen), asOf);
  // The default view's order, sorted here rather than on the server's thread.
  const { order } = viewOf(DEFAULT_QUERY);
  const defaultOrder = Int32Array.from(rows.keys()).sort((a, b) => order(rows[a]!, rows[b]!));
  return { rows, done: { frozen, mark, markHash, defaultOrder }, transfer: [defaultOrder.buffer] };
});
