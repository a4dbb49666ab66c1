/**
 * The constraint errors the code reacts to, recognised on both engines side by side: SQLite's
 * extended result codes (better-sqlite3's `code`) and PostgreSQL's SQLSTATE (db/engine/postgres.ts's
 * PostgresError carries it as `code`, with the table and the detail naming the column).
 */

interface EngineError {
  code?: string;
  message?: string;
  table?: string;
  detail?: string;
}

const fields = (error: unknown): EngineError => (typeof error === 'object' && error !== null ? (error as EngineError) : {});

/** A UNIQUE constraint refused the write; with `table` and `column`, that constraint only. */
export function isUniqueViolation(error: unknown, table?: string, column?: string): boolean {
  const e = fields(error);
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return table === undefined || String(e.message).includes(`${table}.${column ?? ''}`);
  }
  if (e.code === '23505') {
    // PostgreSQL: "Key (id_number)=(…) already exists." in the detail, the table beside it.
    return table === undefined || (e.table === table && (column === undefined || String(e.detail).includes(`(${column})`)));
  }
  return false;
}

/** A foreign key refused the write or the delete (the row is still referenced, or points at nothing). */
export const isForeignKeyViolation = (error: unknown): boolean => {
  const { code } = fields(error);
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
};

/** PostgreSQL's refusal when the writer lock is held elsewhere and the transaction does not wait (db/engine/postgres.ts). */
export const WRITER_LOCK_HELD = 'the writer lock is held by another connection';

/** PostgreSQL: the writer lock was taken elsewhere and this transaction did not wait for it (PostgresDb.writerLockNow): nothing ran. */
export const isWriterLockHeld = (error: unknown): boolean => {
  const { code, message } = fields(error);
  return code === '55P03' && message === WRITER_LOCK_HELD;
};

/**
 * Another writer holds the database: SQLite's busy timeout ran out; on PostgreSQL a lock or
 * serialization failure (40001 serialization, 40P01 deadlock, 55P03 lock not available).
 */
export const isBusy = (error: unknown): boolean => {
  const { code } = fields(error);
  return code === 'SQLITE_BUSY' || code === '40001' || code === '40P01' || code === '55P03';
};

/**
 * A write refused because the call runs read-only (core/reads-during-writes.ts, while an import
 * publishes): SQLite's query_only (SQLITE_READONLY), PostgreSQL's read-only transaction (25006).
 */
export const isReadOnlyRefusal = (error: unknown): boolean => {
  const { code } = fields(error);
  return code === 'SQLITE_READONLY' || code === '25006';
};
