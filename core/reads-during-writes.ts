/**
 * Reads never wait for writes (docs/design.md §5). An import's publish holds its write transaction on
 * the import's own connection across event-loop turns, holding the write gate meanwhile
 * (core/write-gate.ts). SQLite in WAL mode lets core's connection read all the while: it sees what
 * was committed, never the publish's rows before its commit. So the shells let queries through the
 * gate, and core runs each in one read transaction begun for that call (the user's own save a moment
 * before included) with the connection query-only: a query that wrote all the same fails at once
 * instead of waiting for the lock inside SQLite's busy handler on the thread the publish needs (a
 * deadlock until the busy timeout). Queries that write say so (`writes: true`) and wait at the gate.
 *
 * Core's own connection rather than a second one: what is kept per connection (everyone's compliance,
 * the 工作台 counts, the ledger's sums) stays warm; a second connection computed all of it afresh,
 * in workers competing with the publish, at the very moment the server is busiest.
 *
 * On PostgreSQL the same: the publish holds the writer's advisory lock on the import's connection;
 * a query runs on core's connection in a read-only transaction of its own (one snapshot; a write is
 * refused at once, and so is the writer's lock, which would wait for the publish on the thread it
 * needs). The engine difference is in one place: db/engine/dialect.ts readOnlyTransaction.
 */
import type { Db } from '../db/engine/types.ts';
import { readOnlyTransaction } from '../db/engine/dialect.ts';
import type { Operation } from './contract.ts';

/** An operation that only reads: it may run while writes are held. */
export const readsOnly = (op: Operation | undefined): boolean => op?.kind === 'query' && !op.writes;

/** Whether reads go around the write gate on this data: a SQLite file (WAL), or PostgreSQL (MVCC). An in-memory SQLite database has one connection only. */
export const readsGoAround = (db: Db): boolean => db.engine === 'postgres' || (!db.memory && Boolean(db.name));

/** Runs a query's call in one read transaction that refuses any write (either engine). */
export function readOnlyCall<T>(db: Db, call: () => T): T {
  return readOnlyTransaction(db, call);
}
