import type { Db } from './engine/types.ts';
import { prepared } from './statements.ts';

/** Rows per INSERT: 500 rows of a dozen values stay well under either engine's limit on parameters (SQLite 32,766; PostgreSQL 65,535). */
export const ROWS_PER_INSERT = 500;

/**
 * Inserts rows several hundred to a statement (`INSERT INTO t (a, b) VALUES (?, ?), (?, ?), …`), in
 * their order: on PostgreSQL each statement is a round trip through the synchronous bridge
 * (db/engine/postgres.ts), so 8,000 single-row inserts took seconds where 16 take milliseconds.
 * `head` is the statement up to VALUES; every row has one value per column, in the columns' order.
 */
export function insertRows(db: Db, head: string, rows: readonly (readonly unknown[])[], perInsert = ROWS_PER_INSERT): void {
  if (rows.length === 0) return;
  const width = rows[0]!.length;
  const tuple = `(${Array(width).fill('?').join(', ')})`;
  for (let start = 0; start < rows.length; start += perInsert) {
    const chunk = rows.slice(start, start + perInsert);
    prepared(db, `${head} VALUES ${Array(chunk.length).fill(tuple).join(', ')}`).run(...chunk.flat());
  }
}
