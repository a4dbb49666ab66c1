import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';

/**
 * Which training base a record belongs to: the small lookups operations use to declare their
 * base scope (core/contract.ts `scope`). Undefined when the record does not exist (the handler
 * then reports it as not found).
 */
const baseOf =
  (table: string) =>
  (db: Db, id: number): number | undefined =>
    (prepared(db, `SELECT base_id AS baseId FROM ${table} WHERE id = ?`).get(id) as { baseId: number } | undefined)?.baseId;

export const baseOfSession = baseOf('training_session');
export const baseOfCourse = baseOf('course');
export const baseOfRoom = baseOf('room');
export const baseOfMentor = baseOf('mentor');
export const baseOfEvaluation = baseOf('base_evaluation');

export function baseOfEnrolment(db: Db, id: number): number | undefined {
  return (
    prepared(db, 'SELECT s.base_id AS baseId FROM enrolment e JOIN training_session s ON s.id = e.session_id WHERE e.id = ?').get(id) as
      { baseId: number } | undefined
  )?.baseId;
}
