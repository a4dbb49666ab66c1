/**
 * Record versions (migration 0027): each editable row's `version`, and who last changed it, read
 * from the audit log the triggers write for every change. core/versions.ts turns a stale version
 * into the refusal the user sees.
 */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { inJsonArray, jsonField } from '../engine/dialect.ts';

/** The tables whose rows carry a version (migration 0027). */
export type VersionedRecordTable =
  | 'person'
  | 'organization'
  | 'region'
  | 'certificate'
  | 'supervisor'
  | 'supervisor_level'
  | 'training_base'
  | 'room'
  | 'mentor'
  | 'course'
  | 'training_session'
  | 'enrolment'
  | 'training_record'
  | 'app_user'
  | 'recert_cycle'
  | 'recert_review'
  | 'base_evaluation'
  | 'supervision_relationship'
  | 'supervision_record';

/** A row's current version, or undefined when the row does not exist. */
export function versionOf(db: Db, table: VersionedRecordTable, id: number): number | undefined {
  return prepared(db, `SELECT version FROM ${table} WHERE id = ?`).pluck().get(id) as number | undefined;
}

/** The current versions of several rows of one table (rows that do not exist are absent). */
export function versionsOf(db: Db, table: VersionedRecordTable, ids: readonly number[]): Map<number, number> {
  const rows = prepared(db, `SELECT id, version FROM ${table} WHERE ${inJsonArray(db, 'id', 'integer')}`).all(JSON.stringify(ids)) as {
    id: number;
    version: number;
  }[];
  return new Map(rows.map((r) => [r.id, r.version]));
}

/**
 * Who changed a row to its current version, and when (ISO UTC): the audit entry whose row has that
 * version (a sign-in or a password change is logged too but leaves the version alone), else the
 * row's newest entry; undefined for a row the log names only in a bulk entry.
 */
export function lastChangeOf(db: Db, table: VersionedRecordTable, id: number, version: number): { by: string; at: string } | undefined {
  return (prepared(
    db,
    `SELECT actor_name AS "by", at FROM audit_log WHERE table_name = ? AND row_id = ? AND action = 'update' AND ${jsonField(db, 'after_json', 'version', 'integer')} = ?
     ORDER BY id DESC LIMIT 1`,
  ).get(table, id, version) ??
    prepared(db, 'SELECT actor_name AS "by", at FROM audit_log WHERE table_name = ? AND row_id = ? ORDER BY id DESC LIMIT 1').get(table, id)) as
    { by: string; at: string } | undefined;
}
