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

/** A column as a CREATE TABLE would declare it on this engine: its name and its type (PostgreSQL: with its collation when not the type's own). */
export interface DeclaredColumn {
  name: string;
  type: string;
}

/**
 * A table's columns in their order, with their declared types, for a table made to hold the same
 * values (a temporary copy of some of its rows). Written twice because the catalogs differ:
 * SQLite's pragma_table_info; PostgreSQL's pg_attribute, with the column's collation spelled out
 * (every text column is COLLATE "C": a copy in the database's default collation could not be
 * compared with the table's column, PostgreSQL refusing to choose between two implicit collations).
 */
export function declaredColumns(db: Db, table: string): DeclaredColumn[] {
  const sql =
    db.engine === 'postgres'
      ? `SELECT a.attname AS "name",
                format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attcollation <> t.typcollation THEN ' COLLATE ' || quote_ident(c.collname) ELSE '' END AS "type"
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_collation c ON c.oid = a.attcollation
         WHERE a.attrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(CAST(? AS text))) AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY a.attnum`
      : 'SELECT name, type FROM pragma_table_info(?) ORDER BY cid';
  return db.prepare(sql).all(table) as DeclaredColumn[];
}
