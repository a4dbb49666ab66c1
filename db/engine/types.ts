/**
 * The data layer's one interface: exactly the part of better-sqlite3's `Database` and `Statement`
 * the code uses, plus `engine`, so that the few places that must differ per engine can branch side
 * by side (with a comment saying why). A better-sqlite3 connection satisfies it as it is (db/open.ts
 * only stamps `engine` on it: no wrapper, no allocation per call); db/engine/postgres.ts implements
 * it synchronously over a worker thread.
 */
export type Engine = 'sqlite' | 'postgres';

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** Parameters bind as better-sqlite3's do: positional `?` values, or one object for named `@name` parameters. */
export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** Rows as their first column's value. */
  pluck(toggle?: boolean): this;
  /** Rows as arrays of values. */
  raw(toggle?: boolean): this;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as better-sqlite3 types it: any arguments pass through
type VariableArgFunction = (...params: any[]) => unknown;

/** `db.transaction(fn)`: calling it runs fn in BEGIN … COMMIT (a SAVEPOINT when nested); `.immediate` takes the writer first. */
export interface Transaction<F extends VariableArgFunction> {
  (...params: Parameters<F>): ReturnType<F>;
  immediate(...params: Parameters<F>): ReturnType<F>;
}

export interface BackupOptions {
  progress?: (info: { totalPages: number; remainingPages: number }) => number;
}

export interface Db {
  readonly engine: Engine;
  readonly open: boolean;
  readonly inTransaction: boolean;
  /** SQLite: the data file's path (worker threads open their own connection to it); PostgreSQL: the server and database, without the password. */
  readonly name: string;
  /** SQLite's in-memory database (tests); never on PostgreSQL. */
  readonly memory: boolean;
  prepare(sql: string): Statement;
  exec(sql: string): this;
  transaction<F extends VariableArgFunction>(fn: F): Transaction<F>;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  /** SQLite user functions (db/audit.ts); PostgreSQL has its own in the schema. */
  function(name: string, options: { deterministic?: boolean }, fn: (...params: never[]) => unknown): this;
  /** SQLite's online backup; on PostgreSQL a backup is a dump into a SQLite data file (db/postgres/dump.ts), not this. */
  backup(destination: string, options?: BackupOptions): Promise<unknown>;
  close(): this;
}
