import Database from 'better-sqlite3';
import { registerAuditFunctions } from './audit.ts';

/** Opens (or creates) the SQLite file with the settings every connection needs. */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Database.Database {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  registerAuditFunctions(db);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  return db;
}
