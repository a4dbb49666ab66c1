import type { Db } from './types.ts';

/**
 * Whether the schema has `table`. Written twice because the catalogs differ: SQLite's
 * sqlite_master, PostgreSQL's information_schema (in the connection's current schema).
 */
export function hasTable(db: Db, table: string): boolean {
  const sql =
    db.engine === 'postgres'
      ? 'SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?'
      : `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`;
  return db.prepare(sql).get(table) !== undefined;
}

/** Every table of the schema, by name (SQLite's own and PostgreSQL's catalogs left out). */
export function tableNames(db: Db): string[] {
  const sql =
    db.engine === 'postgres'
      ? `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
      : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`;
  return db.prepare(sql).pluck().all() as string[];
}
