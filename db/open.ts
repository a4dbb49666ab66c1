import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Db } from './engine/types.ts';
import { sqliteDb } from './engine/sqlite.ts';
import { registerAuditFunctions } from './audit.ts';
import { openPostgres, PostgresDb } from './engine/postgres.ts';

/**
 * A new data file is created readable by its owner only (0600) on POSIX systems: it holds personal
 * data. SQLite gives its -wal and -shm files the same mode. Windows has no such bits (the folder's ACL rules).
 */
function createPrivately(file: string): void {
  if (process.platform === 'win32' || file === ':memory:' || file === '' || fs.existsSync(file)) return;
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600)); // an empty file is an empty database
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Opens (or creates) the SQLite file with the settings every connection needs. */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  if (!options.readonly) createPrivately(file);
  const db = sqliteDb(new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false }));
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  registerAuditFunctions(db);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  return db;
}

/** Opens a PostgreSQL database (postgres://…): the server engine, synchronous like SQLite (db/engine/postgres.ts). */
export { openPostgres };

/** Where the data is: the SQLite file, or a PostgreSQL database (its URL) with the data folder beside `dataFile`. */
export interface DataLocation {
  dataFile: string;
  database?: string | undefined;
}

/**
 * Another connection to the same data, for work that needs its own (a job in a worker thread, an
 * import's rolled-back preview, a streamed export reading one snapshot). Read-only connections read
 * one snapshot per transaction on both engines (SQLite's read transaction; PostgreSQL's REPEATABLE READ).
 */
export function openSameData(where: DataLocation, options: { readonly?: boolean } = {}): Db {
  return where.database ? openPostgres(where.database, options) : openDatabase(where.dataFile, options);
}

/**
 * Where `db`'s data is, for a worker thread to open a connection of its own to it with `openSameData`
 * (the one place that knows how, per engine); null where no other connection can reach it (SQLite in
 * memory, or without a file).
 */
export function dataLocationOf(db: Db): DataLocation | null {
  if (db instanceof PostgresDb) return { dataFile: '', database: db.url };
  return db.memory || !db.name ? null : { dataFile: db.name };
}
