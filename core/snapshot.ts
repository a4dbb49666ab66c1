/**
 * How work kept per connection (the 工作台's sums and charts, 学时达标名单, its forecast) is done off
 * the server's thread: a worker thread is given where the data is (`DataLocation`: the SQLite file,
 * or the PostgreSQL URL) and reads it on a read-only connection of its own, in one transaction, so
 * from one snapshot (SQLite's read transaction; PostgreSQL's REPEATABLE READ READ ONLY). The one
 * place that decides how a worker reaches the data, on either engine.
 */
import { isMainThread } from 'node:worker_threads';
import type { Db } from '../db/engine/types.ts';
import { dataLocationOf, openSameData, type DataLocation } from '../db/open.ts';

export type { DataLocation } from '../db/open.ts';

/**
 * Where a worker thread would find `db`'s data; null when the work is done here instead: already
 * off the server's thread (an export's worker, a worker itself), or data no other connection can
 * open (SQLite in memory).
 */
export function workerLocation(db: Db): DataLocation | null {
  return isMainThread ? dataLocationOf(db) : null;
}

/** In a worker thread: `read` on a read-only connection of its own to `where`, in one read transaction (one snapshot). */
export function readSnapshot<T>(where: DataLocation, read: (db: Db) => T): T {
  const db = openSameData(where, { readonly: true });
  try {
    db.exec('BEGIN');
    const result = read(db);
    db.exec('COMMIT');
    return result;
  } finally {
    if (db.open && db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }
}
