/**
 * The audit log (操作日志) is written by SQLite triggers on every domain table, so no
 * operation can forget to log. Who and which operation come from per-connection SQL
 * functions that core sets for the duration of a command (`withAuditContext`); the hash
 * chain uses a registered deterministic `sha256`. The log itself is append-only: triggers
 * RAISE on UPDATE and DELETE.
 */
import crypto from 'node:crypto';
import type { Db } from './engine/types.ts';
import {
  AUDIT_EXEMPT_TABLES,
  BULK_COLUMNS,
  BULK_FIRST_ID,
  BULK_LAST_ID,
  BULK_ROWS,
  BULK_ROWS_SHA256,
  REDACTED_COLUMNS,
  bulkRowsDigest,
} from './audit-tables.ts';
import { beginPostgresBulkInsertAudit } from './postgres/bulk-audit.ts';
import { postgresAuditedTables } from './postgres/audit.ts';

export interface AuditContext {
  actorId: number | null;
  actorName: string;
  operation: string;
  at: string;
}

const SYSTEM: AuditContext = { actorId: null, actorName: '系统', operation: 'system', at: '' };
const contexts = new WeakMap<Db, AuditContext>();

export { AUDIT_EXEMPT_TABLES, REDACTED_COLUMNS } from './audit-tables.ts';

export function registerAuditFunctions(db: Db): void {
  db.function('sha256', { deterministic: true }, (text: unknown) =>
    crypto
      .createHash('sha256')
      .update(String(text ?? ''), 'utf8')
      .digest('hex'),
  );
  const ctx = () => contexts.get(db) ?? SYSTEM;
  db.function('audit_actor_id', { deterministic: false }, () => ctx().actorId);
  db.function('audit_actor_name', { deterministic: false }, () => ctx().actorName);
  db.function('audit_operation', { deterministic: false }, () => ctx().operation);
  db.function('audit_at', { deterministic: false }, () => ctx().at || new Date().toISOString());
}

/**
 * PostgreSQL's triggers read who/what from settings (db/postgres/audit.ts audit_append). Set for the
 * transaction when in one (they end with it, committed or not), otherwise for the connection.
 */
function setPostgresAuditContext(db: Db, context: AuditContext): void {
  const scope = db.inTransaction ? 'true' : 'false';
  db.prepare(
    `SELECT set_config('audit.actor_id', ?, ${scope}), set_config('audit.actor_name', ?, ${scope}), set_config('audit.operation', ?, ${scope}), set_config('audit.at', ?, ${scope})`,
  ).get(context.actorId === null ? '' : String(context.actorId), context.actorName, context.operation, context.at);
}

/** Runs `fn` with who/what set for the triggers; restores the previous context afterwards. */
export function withAuditContext<T>(db: Db, context: AuditContext, fn: () => T): T {
  const previous = contexts.get(db);
  contexts.set(db, context);
  if (db.engine === 'postgres') setPostgresAuditContext(db, context);
  try {
    return fn();
  } finally {
    if (previous) contexts.set(db, previous);
    else contexts.delete(db);
    if (db.engine === 'postgres') {
      try {
        setPostgresAuditContext(db, previous ?? SYSTEM);
      } catch {
        // The transaction failed and refuses statements until it is rolled back: its settings end with it.
      }
    }
  }
}

/** The text each entry's hash covers: the previous hash and the entry's own content. */
export const HASHED_CONTENT = (p: string) =>
  `json_array(${p}prev_hash, ${p}at, ${p}actor_id, ${p}actor_name, ${p}operation, ${p}table_name, ${p}row_id, ${p}action, json(${p}before_json), json(${p}after_json))`;

export const AUDIT_LOG_SQL = `
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  prev_hash   TEXT NOT NULL,
  at          TEXT NOT NULL,
  actor_id    INTEGER,
  actor_name  TEXT NOT NULL,
  operation   TEXT NOT NULL,
  table_name  TEXT NOT NULL,
  row_id      INTEGER,
  action      TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
  before_json TEXT,
  after_json  TEXT,
  hash        TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log(table_name, row_id);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '操作日志只能追加，不能修改'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, '操作日志只能追加，不能删除'); END;
`;

function rowJson(db: Db, table: string, ref: 'NEW' | 'OLD'): string {
  const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
  const pairs = columns.map(({ name }) => `'${name}', ${REDACTED_COLUMNS.has(name) ? "'***'" : `${ref}."${name}"`}`);
  return `json_object(${pairs.join(', ')})`;
}

/**
 * The one INSERT that appends a chained entry: the previous entry's hash, who and what from the
 * command's context, and the entry's own hash. Arguments are SQL expressions (a trigger's NEW/OLD,
 * or `?` for an entry written by core).
 */
function appendEntrySql(table: string, rowId: string, action: string, before: string, after: string): string {
  return `  INSERT INTO audit_log (prev_hash, at, actor_id, actor_name, operation, table_name, row_id, action, before_json, after_json, hash)
  SELECT e.prev_hash, e.at, e.actor_id, e.actor_name, e.operation, e.table_name, e.row_id, e.action, e.before_json, e.after_json,
         sha256(${HASHED_CONTENT('e.')})
  FROM (SELECT coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '') AS prev_hash,
               audit_at() AS at, CAST(audit_actor_id() AS INTEGER) AS actor_id, audit_actor_name() AS actor_name,
               audit_operation() AS operation, ${table} AS table_name, ${rowId} AS row_id, ${action} AS action,
               json(${before}) AS before_json, json(${after}) AS after_json) AS e`;
}

function triggerSql(db: Db, table: string, action: 'insert' | 'update' | 'delete'): string {
  const before = action === 'insert' ? 'NULL' : rowJson(db, table, 'OLD');
  const after = action === 'delete' ? 'NULL' : rowJson(db, table, 'NEW');
  const rowId = action === 'delete' ? 'OLD.rowid' : 'NEW.rowid';
  return `
CREATE TRIGGER "audit_${table}_${action}" AFTER ${action.toUpperCase()} ON "${table}"
BEGIN
${appendEntrySql(`'${table}'`, rowId, `'${action}'`, before, after)};
END;`;
}

/**
 * Creates (or recreates, after the table's columns changed) the three audit triggers of a
 * table. Call it in the migration that creates or alters a domain table.
 */
export function installAuditTriggers(db: Db, table: string): void {
  for (const action of ['insert', 'update', 'delete'] as const) {
    db.exec(`DROP TRIGGER IF EXISTS "audit_${table}_${action}"`);
    db.exec(triggerSql(db, table, action));
  }
}

export { BULK_COLUMNS, BULK_FIRST_ID, BULK_LAST_ID, BULK_ROWS, BULK_ROWS_SHA256, IMPORT_FILE, IMPORT_FILE_SHA256, bulkRowsDigest } from './audit-tables.ts';

/**
 * Lifts the per-row insert triggers for a bulk load (the data generator, a workbook import) and
 * returns the function that ends it: it reinstalls them and logs one chained entry per table that
 * was filled: how many rows and which ids, plus `details` (e.g. the source file). A per-row entry
 * costs 60–80 µs and province data is millions of rows. Must run inside the caller's transaction:
 * dropping and reinstalling the triggers is part of it, so a failure rolls all of it back.
 * Updates and deletes made meanwhile are logged row by row as always, so a created row's first
 * content stays recoverable: it is the `before` of its first update, or the row as it is.
 */
/** A table's bulk digest worked out ahead (for the rows the caller is about to insert, by id): used when the rows added are exactly those. */
export type KnownBulkDigest = { firstId: number; lastId: number; digest: string };

export function beginBulkInsertAudit(
  db: Db,
  details: Record<string, string> = {},
): (outcome?: 'done' | 'failed', known?: ReadonlyMap<string, KnownBulkDigest>) => void {
  if (!db.inTransaction) throw new Error('a bulk insert audit must run inside a transaction');
  if (db.engine === 'postgres') return beginPostgresBulkInsertAudit(db, details);
  const tables = auditedTables(db);
  const lastIdBefore = new Map(tables.map((t) => [t, db.prepare(`SELECT coalesce(max(rowid), 0) FROM "${t}"`).pluck().get() as number]));
  for (const table of tables) db.exec(`DROP TRIGGER IF EXISTS "audit_${table}_insert"`);
  let ended = false;
  return (outcome = 'done', known) => {
    if (ended) return;
    ended = true;
    for (const table of tables) db.exec(triggerSql(db, table, 'insert'));
    if (outcome === 'failed') return; // the caller rolls back: nothing to log
    const append = db.prepare(appendEntrySql('?', 'NULL', "'insert'", 'NULL', '?'));
    for (const table of tables) {
      const added = db
        .prepare(`SELECT count(*) AS rows, min(rowid) AS firstId, max(rowid) AS lastId FROM "${table}" WHERE rowid > ?`)
        .get(lastIdBefore.get(table)) as { rows: number; firstId: number; lastId: number };
      if (!added.rows) continue;
      // The rows' own digest: a row changed later without a log entry no longer matches it (full verify).
      const columns = columnsOf(db, table);
      // Worked out ahead by the caller (over the same rows' texts) when these are exactly the rows it inserted.
      const ahead = known?.get(table);
      const digest =
        ahead && ahead.firstId === added.firstId && ahead.lastId === added.lastId
          ? ahead.digest
          : bulkRowsDigest(
              db
                .prepare(`SELECT ${rowText(columns, (c) => `"${c}"`, 'rowid')} FROM "${table}" WHERE rowid BETWEEN ? AND ? ORDER BY rowid`)
                .pluck()
                .iterate(added.firstId, added.lastId) as Iterable<string>,
            );
      append.run(
        table,
        JSON.stringify({
          [BULK_ROWS]: added.rows,
          [BULK_FIRST_ID]: added.firstId,
          [BULK_LAST_ID]: added.lastId,
          ...details,
          [BULK_ROWS_SHA256]: digest,
          [BULK_COLUMNS]: columns,
        }),
      );
    }
  };
}

export function columnsOf(db: Db, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
}

/**
 * The SQL expression of a row's text for the bulk digest: the JSON array of its rowid and its
 * columns' values (redacted columns as the log shows them), built by SQLite, so the same text
 * comes from a row read now (`value` = the column) and from a log entry's `before`
 * (`value` = json_extract of it): SQLite renders integers, reals and text alike both ways.
 */
export function rowText(columns: readonly string[], value: (column: string) => string, rowId: string): string {
  return `json_array(${rowId}, ${columns.map((c) => (REDACTED_COLUMNS.has(c) ? "'***'" : value(c))).join(', ')})`;
}

/** The trigger SQL a table must carry, by trigger name, as sqlite_master keeps it (without the closing semicolon). */
export function expectedAuditTriggers(db: Db): Map<string, string> {
  const expected = new Map<string, string>();
  for (const table of auditedTables(db)) {
    for (const action of ['insert', 'update', 'delete'] as const)
      expected.set(`audit_${table}_${action}`, triggerSql(db, table, action).trim().replace(/;$/, ''));
  }
  for (const statement of AUDIT_LOG_SQL.split(/;\s*\n/)) {
    const m = /^CREATE TRIGGER (\w+)/.exec(statement.trim());
    if (m) expected.set(m[1]!, statement.trim().replace(/;$/, ''));
  }
  return expected;
}

/**
 * One chained entry written by core, not by a trigger (a restore, the start of the signed
 * anchor): `table` names what it is about, `after` says what happened. Uses the audit context
 * set by the caller (withAuditContext).
 */
export function appendAuditEntry(db: Db, table: string, after: Record<string, unknown>): void {
  // PostgreSQL: the function its triggers append with (db/postgres/audit.ts).
  const sql = db.engine === 'postgres' ? "SELECT audit_append(?, NULL, 'insert', NULL, ?)" : appendEntrySql('?', 'NULL', "'insert'", 'NULL', '?');
  db.prepare(sql).run(table, JSON.stringify(after));
}

/** A synchronous bulk load inside the caller's transaction (see beginBulkInsertAudit). */
export function withBulkInsertAudit<T>(db: Db, fn: () => T): T {
  const end = beginBulkInsertAudit(db);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    end('failed');
    throw error;
  }
  end();
  return result;
}

/** Every table of the schema that must carry audit triggers (PostgreSQL's from its catalog, its version table left out: db/postgres/audit.ts). */
export function auditedTables(db: Db): string[] {
  if (db.engine === 'postgres') return postgresAuditedTables(db);
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
  return tables.map((t) => t.name).filter((name) => !Object.hasOwn(AUDIT_EXEMPT_TABLES, name));
}

export type ChainCheck = { intact: true; entries: number } | { intact: false; entries: number; brokenAt: number; reason: string };

/** An entry's columns as the chain verifier reads them (the same names on both engines). */
export interface ChainEntry {
  id: number;
  prevHash: string;
  at: string;
  actorId: number | string | null;
  actorName: string;
  operation: string;
  tableName: string;
  rowId: number | string | null;
  action: string;
  beforeJson: string | null;
  afterJson: string | null;
  hash: string;
}

/** The columns of ChainEntry, quoted so that PostgreSQL keeps their case. */
export const CHAIN_COLUMNS = `id, prev_hash AS "prevHash", at, actor_id AS "actorId", actor_name AS "actorName", operation, table_name AS "tableName",
  row_id AS "rowId", action, before_json AS "beforeJson", after_json AS "afterJson", hash`;

const jsonNumber = (n: number | string | null) => (n === null ? 'null' : String(n));

/**
 * The text an entry's hash covers, from its stored values: exactly what SQLite's
 * json_array(…) of HASHED_CONTENT writes and PostgreSQL's audit_hashed_text() (db/postgres/audit.ts)
 * writes. JSON.stringify escapes a string as both engines do (\" \\ \b \f \n \r \t, other
 * control characters as \u00xx, the rest as it is); the stored before/after JSON enters verbatim
 * (SQLite stores it through json(), which leaves its own output unchanged). So one verifier
 * checks a chain written on either engine, or copied from one to the other.
 */
export function hashedText(e: ChainEntry): string {
  const s = JSON.stringify;
  return `[${s(e.prevHash)},${s(e.at)},${jsonNumber(e.actorId)},${s(e.actorName)},${s(e.operation)},${s(e.tableName)},${jsonNumber(e.rowId)},${s(e.action)},${e.beforeJson ?? 'null'},${e.afterJson ?? 'null'}]`;
}

export const entryHash = (e: ChainEntry) => crypto.createHash('sha256').update(hashedText(e), 'utf8').digest('hex');

/** Reads the log's entries with id > `after`, in id order, a page at a time (no cursor: the same on both engines). */
export function* chainEntries(db: Db, after = 0, pageSize = 5000): Generator<ChainEntry> {
  const page = db.prepare(`SELECT ${CHAIN_COLUMNS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`);
  let last = after;
  for (;;) {
    const rows = page.all(last, pageSize) as ChainEntry[];
    yield* rows;
    if (rows.length < pageSize) return;
    last = Number(rows[rows.length - 1]!.id);
  }
}

/**
 * Walks entries in order: each must point at its predecessor's hash (`previous`; undefined: the
 * first one walked is taken as it is) and hash to its own.
 */
export function checkChain(entries: Iterable<ChainEntry>, previous: string | undefined): ChainCheck {
  let count = 0;
  for (const row of entries) {
    count++;
    const id = Number(row.id);
    if (previous !== undefined && row.prevHash !== previous)
      return { intact: false, entries: count, brokenAt: id, reason: '与上一条记录的链接不符（记录被删除、插入或改动）' };
    if (entryHash(row) !== row.hash) return { intact: false, entries: count, brokenAt: id, reason: '记录内容与其校验值不符（记录被改动）' };
    previous = row.hash;
  }
  return { intact: true, entries: count };
}

/** Walks the whole chain in order: each entry must point at its predecessor's hash and hash to its own. */
export function verifyAuditChain(db: Db): ChainCheck {
  return checkChain(chainEntries(db), '');
}
