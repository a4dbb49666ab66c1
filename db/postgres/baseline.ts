/**
 * The PostgreSQL history starts with a baseline: no PostgreSQL database predates it, so instead of
 * replaying SQLite's migrations 1–27 it creates the schema as SQLite has it at version 27
 * (db/postgres/baseline-schema.ts, derived from a migrated SQLite database and reviewed), with
 * the reference rows those migrations inserted and the audit log's functions and triggers.
 * Every migration after 27 carries its PostgreSQL side (Migration.postgres).
 *
 * Collation: every text column is COLLATE "C", so that comparisons, ORDER BY and the ISO-text
 * date checks follow byte order as SQLite's BINARY does, on any database whatever its default
 * locale (a managed server's database is often created en_US.UTF-8 or zh_CN.UTF-8, which the
 * app cannot change); C-collated indexes also serve prefix LIKE. app_user.username, COLLATE
 * NOCASE on SQLite, is citext (a trusted extension since PostgreSQL 13: equality, UNIQUE, LIKE
 * and ORDER BY ignore case as SQLite's NOCASE does).
 */
import { AUDIT_FUNCTIONS_SQL, auditTriggerSql, isAuditExemptOnPostgres, type SchemaDb } from './audit.ts';
import { BASELINE_INDEXES_SQL, BASELINE_ROWS_SQL, BASELINE_TABLES_SQL, REAL_COLUMNS, ROWID_TABLES } from './baseline-schema.ts';

/** The SQLite schema version the baseline stands for. */
export const POSTGRES_BASELINE_VERSION = 27;

/** Every identity sequence moves past its column's highest id (after rows were inserted with explicit ids). */
export const ADVANCE_SEQUENCES_SQL = `
DO $do$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname AS t, a.attname AS col FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           WHERE a.attidentity <> '' AND c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace LOOP
    EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), coalesce(max(%I), 0) + 1, false) FROM %I', r.t, r.col, r.col, r.t);
  END LOOP;
END
$do$;`;

/** The tables of the baseline, in the order they are created (dependencies first). */
export const BASELINE_TABLES: readonly string[] = [...BASELINE_TABLES_SQL.matchAll(/^CREATE TABLE (\w+)/gm)].map((m) => m[1]!);

export function applyPostgresBaseline(db: SchemaDb): void {
  db.exec('CREATE EXTENSION IF NOT EXISTS citext');
  db.exec(BASELINE_TABLES_SQL);
  db.exec(BASELINE_INDEXES_SQL);
  // The reference rows go in before the triggers, as on SQLite (its migrations inserted them before installing the log's).
  db.exec(BASELINE_ROWS_SQL);
  db.exec(ADVANCE_SEQUENCES_SQL);
  db.exec(AUDIT_FUNCTIONS_SQL);
  for (const table of BASELINE_TABLES) {
    if (isAuditExemptOnPostgres(table)) continue;
    db.exec(auditTriggerSql(table, ROWID_TABLES.includes(table) ? 'rowid' : 'id', REAL_COLUMNS[table] ?? []));
  }
}
