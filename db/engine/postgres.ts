/**
 * The PostgreSQL engine: the `Db` interface, synchronous like better-sqlite3, over one `pg`
 * connection held by a worker thread. Each call posts its request to the worker and waits with
 * `Atomics.wait` until the reply is on the port, then takes it with `receiveMessageOnPort` (the
 * mechanism of the `synckit` package, in a few lines of our own). Why synchronous: the core runs
 * every operation as one transaction of in-process rule checks, synchronously, as it does on
 * SQLite; one connection per process mirrors SQLite's one connection, and server processes scale out.
 *
 * Writers are serialized across processes as SQLite serializes them: `transaction(fn).immediate()`
 * (every command, core/dispatch.ts) takes a transaction-scoped advisory lock right after BEGIN, so a
 * conflict check (a mentor booked twice, a waitlist place, a re-review decision) reads what the last
 * writer committed and nobody writes between its check and its insert. Reads outside a command are
 * plain autocommit statements, or one read-only transaction for a call made while an import
 * publishes (`readOnlyTransaction`, core/reads-during-writes.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ErrorReply, QueryReply, Reply, Request, WorkerData } from './postgres-protocol.ts';
import { bindValues, firstKeyword, insertTarget, translatePlaceholders, type TranslatedSql } from './postgres-sql.ts';
import type { Db, RunResult, Statement, Transaction } from './types.ts';
import { WRITER_LOCK_HELD } from './errors.ts';

/** The advisory lock every writing transaction takes: one writer at a time across all server processes. */
export const WRITER_LOCK = 727_001;
/**
 * The writer lock taken only if free: otherwise the transaction fails at once with 55P03 and WRITER_LOCK_HELD
 * (`PostgresDb.writerLockNow`), where `pg_advisory_xact_lock` would hold the calling thread until it is free.
 */
const TRY_WRITER_LOCK = `DO $$ BEGIN IF NOT pg_try_advisory_xact_lock(${WRITER_LOCK}) THEN RAISE EXCEPTION USING ERRCODE = '55P03', MESSAGE = '${WRITER_LOCK_HELD}'; END IF; END $$`;

/** Rows a cursor fetches per round trip while a statement is iterated (an export of a million rows). */
const CURSOR_BATCH = 2000;

// Run from source (.ts) or from the build (.js): the worker sits beside this module either way.
const here = fileURLToPath(import.meta.url);
const WORKER = path.join(path.dirname(here), `postgres-worker${path.extname(here)}`);

/** An error PostgreSQL raised, with its SQLSTATE as `code` (23505 unique, 23503 foreign key …): db/engine/errors.ts reads it. */
export class PostgresError extends Error {
  readonly code: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly constraint: string | undefined;
  readonly detail: string | undefined;

  constructor(reply: ErrorReply) {
    super(reply.message);
    this.name = 'PostgresError';
    this.code = reply.code;
    this.table = reply.table;
    this.column = reply.column;
    this.constraint = reply.constraint;
    this.detail = reply.detail;
  }
}

/** Round trips this process's connections waited for, and how long (core/turn-trace.ts reads them: who held the thread). */
export const postgresRoundTrips = { count: 0, ms: 0 };

/** The link to the worker: one request at a time, answered synchronously. */
class Link {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  /** Only slept on: a pause of a millisecond while a posted reply is still on its way to the port. */
  private readonly pause = new Int32Array(new SharedArrayBuffer(4));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private ended = false;

  constructor(url: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const data: WorkerData = { url, signal: this.signal.buffer as SharedArrayBuffer, port: port2 };
    this.worker = new Worker(WORKER, { workerData: data, transferList: [port2] });
    this.worker.unref(); // an open connection never keeps the process alive
    this.port.unref();
  }

  call(request: Request): QueryReply | null {
    // A closed connection's worker never answers: fail as better-sqlite3 does, never wait forever.
    if (this.ended) throw new TypeError('The database connection is not open');
    const started = performance.now();
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage(request);
    Atomics.wait(this.signal, 0, 0);
    let received = receiveMessageOnPort(this.port);
    for (let waited = 0; !received && waited < 10_000; waited++) {
      Atomics.wait(this.pause, 0, 0, 1);
      received = receiveMessageOnPort(this.port);
    }
    postgresRoundTrips.count++;
    postgresRoundTrips.ms += performance.now() - started;
    const message = received?.message as Reply | undefined;
    if (!message) throw new Error('PostgreSQL worker answered nothing');
    if (!message.ok) throw new PostgresError(message.error);
    return message.value;
  }

  terminate() {
    this.ended = true;
    void this.worker.terminate();
  }
}

class PostgresStatement implements Statement {
  private mode: 'object' | 'pluck' | 'raw' = 'object';
  private readonly db: PostgresDb;
  private readonly sql: TranslatedSql;
  private readonly returnsId: boolean;
  private readonly aliases: ReadonlyMap<string, string>;
  private readonly writes: boolean;

  constructor(db: PostgresDb, source: string) {
    this.db = db;
    const table = insertTarget(source);
    this.returnsId = table !== null && db.hasIdColumn(table);
    const sql = translatePlaceholders(source);
    this.sql = this.returnsId ? { ...sql, text: `${sql.text.replace(/;\s*$/, '')} RETURNING id` } : sql;
    this.aliases = camelAliases(source);
    // Only data changes get a savepoint of their own: a caller's SAVEPOINT/RELEASE must not be nested inside one.
    this.writes = /^(INSERT|UPDATE|DELETE)$/.test(firstKeyword(source));
  }

  pluck(toggle = true): this {
    this.mode = toggle ? 'pluck' : this.mode === 'pluck' ? 'object' : this.mode;
    return this;
  }

  raw(toggle = true): this {
    this.mode = toggle ? 'raw' : this.mode === 'raw' ? 'object' : this.mode;
    return this;
  }

  private query(params: unknown[]): QueryReply {
    const guard = this.writes && this.db.inAnyTransaction;
    return this.db.link.call({ op: 'query', text: this.sql.text, values: bindValues(this.sql, params), guard })!;
  }

  /** Rows as the mode asks: objects keyed by the names the SQL wrote (PostgreSQL folds unquoted `AS idNumber` to lower case). */
  private shape({ rows, fields }: QueryReply): unknown[] {
    if (this.mode === 'raw') return rows;
    if (this.mode === 'pluck') return rows.map((r) => r[0]);
    const names = fields.map((f) => this.aliases.get(f) ?? f);
    return rows.map((r) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) row[names[i]!] = r[i];
      return row;
    });
  }

  run(...params: unknown[]): RunResult {
    const reply = this.query(params);
    const last = this.returnsId ? reply.rows.at(-1) : undefined;
    return { changes: reply.rowCount, lastInsertRowid: last ? Number(last[0]) : 0 };
  }

  get(...params: unknown[]): unknown {
    return this.shape(this.query(params))[0];
  }

  all(...params: unknown[]): unknown[] {
    return this.shape(this.query(params));
  }

  /** Through a server-side cursor, a batch per round trip: a million-row export never sits in memory. */
  *iterate(...params: unknown[]): IterableIterator<unknown> {
    const values = bindValues(this.sql, params);
    const { cursor, begin } = this.db.openCursor();
    let open = false;
    try {
      this.db.link.call({ op: 'cursorOpen', cursor, text: this.sql.text, values, begin });
      open = true;
      for (;;) {
        const reply = this.db.link.call({ op: 'cursorFetch', cursor, count: CURSOR_BATCH })!;
        yield* this.shape(reply);
        if (reply.rows.length < CURSOR_BATCH) break;
      }
    } finally {
      this.db.closeCursor(cursor, begin, open);
    }
  }
}

/** `… AS idNumber`: PostgreSQL answers `idnumber`; the names as written, by their folded form. */
function camelAliases(sql: string): ReadonlyMap<string, string> {
  const aliases = new Map<string, string>();
  for (const m of sql.matchAll(/\bAS\s+([A-Za-z_][A-Za-z0-9_]*)/gi)) {
    const name = m[1]!;
    if (name !== name.toLowerCase()) aliases.set(name.toLowerCase(), name);
  }
  return aliases;
}

export class PostgresDb implements Db {
  readonly engine = 'postgres' as const;
  readonly memory = false;
  readonly name: string;
  readonly link: Link;
  private depth = 0;
  /** Cursors iterating outside any transaction hold one of their own (DECLARE needs one). */
  private cursorTransactions = 0;
  private cursors = 0;
  private closed = false;
  private readonly idColumns = new Map<string, boolean>();

  /**
   * While true, a writing transaction that is not nested fails at once (PostgresError 55P03, WRITER_LOCK_HELD)
   * when another connection holds the writer lock, instead of waiting for it with this thread held: the server's
   * calls (core/app.ts) are tried again by the web shell a moment later, its thread answering others meanwhile.
   */
  writerLockNow = false;

  /** Open read-only transactions (readOnlyTransaction): the writer's lock is refused meanwhile. */
  private readOnlyDepth = 0;

  /** A read-only connection's transactions read one snapshot (as SQLite's read transactions do) and refuse writes. */
  private readonly begin: string;

  /** The URL as given (password included): only to open another connection to the same database. */
  readonly #url: string;

  constructor(url: string, readonly = false) {
    this.#url = url;
    this.begin = readonly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN';
    this.name = withoutPassword(url);
    this.link = new Link(url);
    this.link.call({ op: 'exec', text: 'SELECT 1' }); // fail here, at open, when the server cannot be reached
  }

  get open() {
    return !this.closed;
  }

  /** The URL as given (password included): for a worker thread's own connection to the same database (db/open.ts `dataLocationOf`). */
  get url(): string {
    return this.#url;
  }

  /** Another connection to the same database (a backup reads its one snapshot on a connection of its own). */
  openSibling(options: { readonly?: boolean } = {}): PostgresDb {
    return new PostgresDb(this.#url, options.readonly ?? false);
  }

  /** Like better-sqlite3's: within an explicit transaction (a cursor's own does not count). */
  get inTransaction() {
    return this.depth > 0;
  }

  /** An explicit transaction or a cursor's own. */
  get inAnyTransaction() {
    return this.depth > 0 || this.cursorTransactions > 0;
  }

  /** Within readOnlyTransaction: PostgreSQL refuses every write, and the writer's lock is refused here. */
  get readOnly() {
    return this.readOnlyDepth > 0;
  }

  /**
   * Runs fn in a read-only transaction (db/engine/dialect.ts readOnlyTransaction): one snapshot, as
   * SQLite's read transaction, and PostgreSQL refuses any INSERT, UPDATE, DELETE or DDL at once
   * (SQLSTATE 25006), as SQLite's query_only does. Inside another transaction (a cursor's own) a
   * savepoint made read-only, rolled back at the end: that also undoes its SET TRANSACTION. Nothing
   * read-only has anything to keep, so the end is always a rollback.
   */
  readOnlyTransaction<T>(fn: () => T): T {
    const nested = this.inAnyTransaction;
    const savepoint = `sws_${this.depth + 1}`;
    this.link.call({
      op: 'exec',
      text: nested ? `SAVEPOINT ${savepoint}; SET TRANSACTION READ ONLY` : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    });
    this.depth++;
    this.readOnlyDepth++;
    try {
      return fn();
    } finally {
      this.readOnlyDepth--;
      this.depth--;
      this.link.call({ op: 'exec', text: nested ? `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}` : 'ROLLBACK' });
    }
  }

  /**
   * The writer's lock asked for in a read-only transaction: refused at once. Waiting for it would hold
   * this thread while the holder (an import's publish, on another connection) needs it to finish.
   */
  private refuseWriterLockWhenReadOnly() {
    if (this.readOnly) throw new PostgresError({ code: '25006', message: 'cannot take the writer lock in a read-only transaction' });
  }

  hasIdColumn(table: string): boolean {
    let has = this.idColumns.get(table);
    if (has === undefined) {
      const reply = this.link.call({
        op: 'query',
        text: `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'id'`,
        values: [table],
        guard: false,
      })!;
      has = reply.rows.length > 0;
      this.idColumns.set(table, has);
    }
    return has;
  }

  prepare(sql: string): Statement {
    return new PostgresStatement(this, sql);
  }

  /** Several statements without parameters. BEGIN/COMMIT/ROLLBACK written by callers are tracked like transaction()'s. */
  exec(sql: string): this {
    const statement = sql.trim().replace(/;$/, '').trim().toUpperCase();
    if (/^BEGIN( (IMMEDIATE|DEFERRED|EXCLUSIVE))?( TRANSACTION)?$/.test(statement)) {
      // SQLite's BEGIN IMMEDIATE takes the single writer's place at once: here the writer lock.
      this.refuseWriterLockWhenReadOnly();
      this.link.call({ op: 'exec', text: /IMMEDIATE|EXCLUSIVE/.test(statement) ? `BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK})` : this.begin });
      this.depth = 1;
      return this;
    }
    if (/^(COMMIT|END|ROLLBACK)( TRANSACTION)?$/.test(statement)) {
      this.link.call({ op: 'exec', text: statement.startsWith('ROLLBACK') ? 'ROLLBACK' : 'COMMIT' });
      this.depth = 0;
      return this;
    }
    this.idColumns.clear(); // DDL may have added or dropped tables
    this.link.call({ op: 'exec', text: sql });
    return this;
  }

  transaction<F extends (...params: never[]) => unknown>(fn: F): Transaction<F> {
    const run = (writer: boolean, params: Parameters<F>): ReturnType<F> => {
      if (writer) this.refuseWriterLockWhenReadOnly();
      const nested = this.depth > 0 || this.cursorTransactions > 0;
      const savepoint = `sws_${this.depth + 1}`;
      const lock = !writer ? '' : !nested && this.writerLockNow ? `; ${TRY_WRITER_LOCK}` : `; SELECT pg_advisory_xact_lock(${WRITER_LOCK})`;
      try {
        this.link.call({ op: 'exec', text: nested ? `SAVEPOINT ${savepoint}${lock}` : `${this.begin}${lock}` });
      } catch (error) {
        if (!nested) this.link.call({ op: 'exec', text: 'ROLLBACK' }); // the BEGIN went through: its failed transaction ends here
        throw error;
      }
      this.depth++;
      try {
        const result = fn(...params) as ReturnType<F>;
        this.link.call({ op: 'exec', text: nested ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT' });
        return result;
      } catch (error) {
        this.link.call({ op: 'exec', text: nested ? `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}` : 'ROLLBACK' });
        throw error;
      } finally {
        this.depth--;
      }
    };
    const plain = ((...params: Parameters<F>) => run(false, params)) as Transaction<F>;
    plain.immediate = (...params: Parameters<F>) => run(true, params);
    return plain;
  }

  openCursor(): { cursor: string; begin: boolean } {
    const begin = this.depth === 0 && this.cursorTransactions === 0;
    if (begin) this.cursorTransactions++;
    return { cursor: `sws_cursor_${++this.cursors}`, begin };
  }

  /** Ends a cursor, and the transaction it began; a failed one (the query or its fetch failed) is rolled back, so the connection goes on. */
  closeCursor(cursor: string, began: boolean, open: boolean) {
    try {
      if (open) this.link.call({ op: 'cursorClose', cursor, commit: began });
      else if (began) this.link.call({ op: 'exec', text: 'ROLLBACK' });
    } catch (error) {
      if (!began) throw error;
      this.link.call({ op: 'exec', text: 'ROLLBACK' });
    } finally {
      if (began) this.cursorTransactions--;
    }
  }

  /** SQLite's settings: those that tune SQLite alone are nothing here; the others have no PostgreSQL meaning. */
  pragma(source: string): unknown {
    if (/^\s*(busy_timeout|foreign_keys|journal_mode|synchronous|temp_store|cache_size)\s*=/i.test(source)) return [];
    throw new Error(`PRAGMA ${source} has no PostgreSQL counterpart here`);
  }

  function(): this {
    throw new Error('SQLite user functions do not exist on PostgreSQL (its schema brings its own)');
  }

  /** A backup of a PostgreSQL database is a SQLite data file written by db/postgres/dump.ts (db/backup.ts calls it). */
  backup(): Promise<unknown> {
    return Promise.reject(new Error('PostgreSQL 的备份由 db/postgres/dump.ts 写出'));
  }

  close(): this {
    if (this.closed) return this;
    this.closed = true;
    try {
      this.link.call({ op: 'close' });
    } finally {
      this.link.terminate();
    }
    return this;
  }
}

/** A connection URL as it may be shown or logged: the password left out (also from a URL too broken to parse). */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1@');
  }
}

/** Opens the PostgreSQL database at `url` (postgres://…) as a `Db`. */
export function openPostgres(url: string, options: { readonly?: boolean } = {}): Db {
  return new PostgresDb(url, options.readonly ?? false);
}
