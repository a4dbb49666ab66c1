/**
 * What a test reads of the schema itself, on either engine (the app's own catalog questions are in
 * db/engine/catalog.ts): SQLite's sqlite_master, PostgreSQL's pg_trigger.
 */
import type { Db } from '../../db/engine/types.ts';
import { AUDIT_LOG_SQL, installAuditTriggers } from '../../db/audit.ts';

/** Every trigger with its definition (and, on PostgreSQL, whether it is enabled), by name: to show a step left them as they were. */
export function triggerDefinitions(db: Db): { name: string; sql: string }[] {
  const sql =
    db.engine === 'postgres'
      ? `SELECT t.tgname AS "name", pg_get_triggerdef(t.oid) || ' ' || CAST(t.tgenabled AS text) AS "sql" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY t.tgname`
      : "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name";
  return db.prepare(sql).all() as { name: string; sql: string }[];
}

/**
 * A trigger that aborts an insert into `table` whose new row matches `when` (a condition on NEW,
 * written once: both engines read it), standing for anything that fails inside a write (a full disk,
 * a bug). `onlyInBulkLoad`: only while a bulk load has the per-row insert entries lifted (db/audit.ts
 * beginBulkInsertAudit: SQLite drops the insert trigger, PostgreSQL sets audit.bulk_insert).
 * Returns the function that removes it.
 */
export function failInsertsWhere(db: Db, name: string, table: string, when: string, options: { onlyInBulkLoad?: boolean } = {}): () => void {
  if (db.engine === 'postgres') {
    const bulk = options.onlyInBulkLoad ? ` AND coalesce(current_setting('audit.bulk_insert', true), '') = 'on'` : '';
    db.exec(`CREATE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql AS $fail$
BEGIN
  IF (${when})${bulk} THEN RAISE EXCEPTION 'boom'; END IF;
  RETURN NEW;
END
$fail$`);
    db.exec(`CREATE TRIGGER "${name}" BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION "${name}"()`);
    return () => db.exec(`DROP TRIGGER "${name}" ON "${table}"; DROP FUNCTION "${name}"()`);
  }
  const bulk = options.onlyInBulkLoad ? ` AND NOT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'audit_${table}_insert')` : '';
  db.exec(`CREATE TRIGGER "${name}" BEFORE INSERT ON "${table}" WHEN (${when})${bulk} BEGIN SELECT RAISE(ABORT, 'boom'); END`);
  return () => db.exec(`DROP TRIGGER "${name}"`);
}

/**
 * Someone changes the log behind the app's back: its append-only guard against `action` taken off
 * (SQLite: the trigger dropped, as another tool editing the file would; PostgreSQL: disabled, as the table's owner could).
 */
export function liftLogGuard(db: Db, action: 'update' | 'delete'): void {
  db.exec(db.engine === 'postgres' ? `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_${action}` : `DROP TRIGGER audit_log_no_${action}`);
}

/** The log's append-only guard against `action` put back as the schema has it (after liftLogGuard). */
export function restoreLogGuard(db: Db, action: 'update' | 'delete'): void {
  if (db.engine === 'postgres') db.exec(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_${action}`);
  else db.exec(AUDIT_LOG_SQL.split(/;\s*\n/).find((statement) => statement.trim().startsWith(`CREATE TRIGGER audit_log_no_${action} `))!);
}

/**
 * Another tool changes `table` unlogged: its audit trigger for `action` off (SQLite: dropped, one
 * trigger per action; PostgreSQL: its one row trigger disabled). Returns the function that puts it
 * back exactly as it was.
 */
export function rowTriggerOff(db: Db, table: string, action: 'insert' | 'update' | 'delete'): () => void {
  if (db.engine === 'postgres') {
    db.exec(`ALTER TABLE "${table}" DISABLE TRIGGER "audit_${table}"`);
    return () => db.exec(`ALTER TABLE "${table}" ENABLE TRIGGER "audit_${table}"`);
  }
  db.exec(`DROP TRIGGER "audit_${table}_${action}"`);
  return () => installAuditTriggers(db, table);
}

/** A table's audit trigger dropped (SQLite: the one for `action`; PostgreSQL: its one row trigger, named audit_<table>). */
export function dropRowTrigger(db: Db, table: string, action: 'insert' | 'update' | 'delete'): void {
  db.exec(db.engine === 'postgres' ? `DROP TRIGGER "audit_${table}" ON "${table}"` : `DROP TRIGGER "audit_${table}_${action}"`);
}
