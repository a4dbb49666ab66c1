/**
 * What core's change notices are derived from (core/change-notices.ts): the audit log rows appended
 * since the last notice, with the few columns of the row that say which record and which base it
 * concerns, extracted by SQLite (no JSON parsing of whole rows in JavaScript).
 */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { BULK_FIRST_ID, BULK_LAST_ID } from '../audit.ts';
import { jsonField } from '../engine/dialect.ts';
import { POSTGRES_ROWID_TABLES } from '../postgres/rowid-tables.ts';

export interface ChangeRow {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string;
  operation: string;
  table: string;
  rowId: number | null;
  action: 'insert' | 'update' | 'delete';
  /** The row's own columns (after the change, or before a delete) that link it to a record or a base. */
  baseId: number | null;
  sessionId: number | null;
  mentorId: number | null;
  userId: number | null;
  regionId: number | null;
  supervisorId: number | null;
  /** A bulk entry's range of ids (rows loaded at once, logged as one entry). */
  firstId: number | null;
  lastId: number | null;
}

const field = (db: Db, name: string) => `coalesce(${jsonField(db, 'after_json', name, 'integer')}, ${jsonField(db, 'before_json', name, 'integer')})`;

/** The newest audit entry's id (0 for an empty log). */
export function lastAuditId(db: Db): number {
  return prepared(db, 'SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number;
}

/** Audit entries after `afterId`, oldest first, at most `limit`. */
export function changeRowsAfter(db: Db, afterId: number, limit: number): ChangeRow[] {
  return prepared(
    db,
    `SELECT id, at, actor_id AS actorId, actor_name AS actorName, operation, table_name AS "table", row_id AS rowId, action,
            ${field(db, 'base_id')} AS baseId, ${field(db, 'session_id')} AS sessionId, ${field(db, 'mentor_id')} AS mentorId,
            ${field(db, 'user_id')} AS userId, ${field(db, 'region_id')} AS regionId, ${field(db, 'supervisor_id')} AS supervisorId,
            ${jsonField(db, 'after_json', BULK_FIRST_ID, 'integer')} AS firstId, ${jsonField(db, 'after_json', BULK_LAST_ID, 'integer')} AS lastId
       FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`,
  ).all(afterId, limit) as ChangeRow[];
}

/** The bases of rows a bulk entry loaded into a table that has a base (at most `limit`). */
export function basesOfBulkRows(db: Db, table: string, firstId: number, lastId: number, limit = 100): number[] {
  // A bulk entry's range is of SQLite rowids: the id column where a table has one. PostgreSQL has no
  // rowid: there the tables without an id carry a rowid column of their own (db/postgres/baseline-schema.ts).
  const rowid = db.engine === 'postgres' && !POSTGRES_ROWID_TABLES.includes(table) ? 'id' : 'rowid';
  const sql =
    table === 'enrolment' || table === 'session_mentor' || table === 'training_record'
      ? `SELECT DISTINCT s.base_id FROM "${table}" t JOIN training_session s ON s.id = t.session_id WHERE t.${rowid} BETWEEN ? AND ? LIMIT ?`
      : table === 'mentor_specialty' || table === 'mentor_unavailability'
        ? `SELECT DISTINCT m.base_id FROM "${table}" t JOIN mentor m ON m.id = t.mentor_id WHERE t.${rowid} BETWEEN ? AND ? LIMIT ?`
        : table === 'training_base'
          ? `SELECT id FROM training_base WHERE id BETWEEN ? AND ? LIMIT ?`
          : `SELECT DISTINCT base_id FROM "${table}" WHERE ${rowid} BETWEEN ? AND ? AND base_id IS NOT NULL LIMIT ?`;
  return prepared(db, sql).pluck().all(firstId, lastId, limit) as number[];
}
