import Database from 'better-sqlite3';
import type { Db } from './types.ts';

/**
 * A better-sqlite3 connection as a `Db`: the same object, with `engine` stamped on it once. Every
 * call goes straight to better-sqlite3, so the SQLite path costs exactly what it did before.
 */
export function sqliteDb(connection: Database.Database): Db {
  Object.defineProperty(connection, 'engine', { value: 'sqlite', enumerable: false });
  return connection as Database.Database & Db;
}

/** A plain connection to a SQLite file (a backup being checked or finished): none of the data file's settings. */
export function openSqliteFile(file: string, options: Database.Options = {}): Db {
  return sqliteDb(new Database(file, options));
}

/**
 * better-sqlite3 itself, for the few SQLite-only features a caller uses on purpose (a table-valued
 * function, a statement's column list); a PostgreSQL connection is refused here, never misused.
 */
export function sqliteConnection(db: Db): Database.Database {
  if (db.engine !== 'sqlite') throw new Error(`SQLite-only feature called on a ${db.engine} connection`);
  return db as unknown as Database.Database;
}
