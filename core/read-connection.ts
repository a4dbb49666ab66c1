/**
 * Reads never wait for writes (docs/design.md §5). While work holds the write lock across turns (an
 * import's publish on its own connection, core/write-gate.ts), the shells let queries through and
 * core runs them on a second, read-only connection to the same SQLite file, each call in one read
 * transaction begun for it: it sees what was committed when it began (a user's own save just before
 * included, never half a publish). Read-only, so a query that writes after all fails at once instead
 * of waiting for the lock inside SQLite's busy handler on the thread the publish needs (a deadlock
 * until the busy timeout). Queries that write say so (`writes: true`) and wait at the gate.
 *
 * On PostgreSQL there is none: every call still waits at the gate there (its publish is not measured
 * with readers going around it yet); other server processes' reads are not held by it anyway.
 */
import type { Db } from '../db/engine/types.ts';
import { openDatabase } from '../db/open.ts';
import type { Operation } from './contract.ts';

/** An operation that only reads: it may run while writes are held. */
export const readsOnly = (op: Operation | undefined): boolean => op?.kind === 'query' && !op.writes;

export class ReadConnection {
  private readonly main: () => Db;
  private db: Db | null = null;
  /** The main connection this one was opened beside: a restore reopens the data file, and this one follows. */
  private openedFor: Db | null = null;

  constructor(main: () => Db) {
    this.main = main;
  }

  /** Whether the data has a read connection (a SQLite file; not PostgreSQL, not an in-memory database). */
  available(): boolean {
    const main = this.main();
    return main.engine === 'sqlite' && !main.memory && Boolean(main.name);
  }

  /** The read connection to the data open now (opened on first use), or null where there is none. */
  get(): Db | null {
    if (!this.available()) return null;
    const main = this.main();
    if (this.db?.open && this.openedFor === main) return this.db;
    this.close();
    this.db = openDatabase(main.name, { readonly: true });
    this.openedFor = main;
    return this.db;
  }

  close(): void {
    if (this.db?.open) this.db.close();
    this.db = null;
    this.openedFor = null;
  }
}
