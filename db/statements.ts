import type { Db, Statement } from './engine/types.ts';

const cache = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement, compiled once per connection and reused. Preparing on every call leaves
 * one native statement per call waiting for the garbage collector: at 100,000 inserts that is
 * gigabytes of memory the V8 heap never sees.
 */
export function prepared(db: Db, sql: string): Statement {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}
