/**
 * The PostgreSQL engine's worker thread: holds the one `pg` connection and answers the main
 * thread's requests one at a time (the main thread waits on `signal` meanwhile, see postgres.ts).
 */
import { workerData } from 'node:worker_threads';
import pg from 'pg';
import type { ErrorReply, QueryReply, Reply, Request, WorkerData } from './postgres-protocol.ts';

const { url, signal: shared, port } = workerData as WorkerData;
const signal = new Int32Array(shared);

// Rows read as SQLite gives them: numbers as numbers (count(*) is int8, sum() numeric), booleans as
// 1/0 (SQLite has none: `a = b` is 1 or 0 there), and dates, times and JSON as the text stored.
const types = {
  getTypeParser(oid: number, format?: string) {
    switch (oid) {
      case 20: // int8
      case 1700: // numeric
        return (text: string) => Number(text);
      case 16: // bool
        return (text: string) => (text === 't' ? 1 : 0);
      case 114: // json
      case 3802: // jsonb
      case 1082: // date
      case 1083: // time
      case 1114: // timestamp
      case 1184: // timestamptz
        return (text: string) => text;
      default:
        return pg.types.getTypeParser(oid, format as 'text');
    }
  },
};

// A lock waited for more than 5 s (another writer's transaction) fails like SQLite's busy timeout (55P03,
// db/engine/errors.ts isBusy): the main thread waits for every answer, so a wait must end.
const LOCK_TIMEOUT_MS = 5000;
// `pipeline`: queries the worker sends together (a write's savepoint around it) go out together; the
// main thread still waits for each request's answer, so nothing else is ever in flight.
const client = new pg.Client({ connectionString: url, types: types as pg.CustomTypesConfig, lock_timeout: LOCK_TIMEOUT_MS, pipeline: true });
const connected = client.connect();
// A connection dropped by the server: the next request fails with the reason instead of waiting forever.
let lost: Error | undefined;
client.on('error', (error) => (lost = error));

function errorReply(error: unknown): ErrorReply {
  const e = error as pg.DatabaseError;
  const reply: ErrorReply = { message: e?.message ?? String(error) };
  for (const key of ['code', 'table', 'column', 'constraint', 'detail'] as const) if (typeof e?.[key] === 'string') reply[key] = e[key];
  return reply;
}

async function rowsOf(text: string, values: unknown[]): Promise<QueryReply> {
  const result = await client.query({ text, values, rowMode: 'array' });
  return { rows: result.rows, fields: (result.fields ?? []).map((f) => f.name), rowCount: result.rowCount ?? 0 };
}

/**
 * A failed statement aborts a PostgreSQL transaction; SQLite undoes only that statement and the code
 * goes on (a UNIQUE clash answered by naming the other record). A savepoint around it keeps that. The
 * three are sent at once (the client pipelines): one round trip to the server, not three. If the
 * statement fails, the RELEASE behind it fails too (the transaction is aborted), the savepoint stays,
 * and rolling back to it undoes only the statement.
 */
async function guardedRows(text: string, values: unknown[]): Promise<QueryReply> {
  const [opened, statement, released] = await Promise.allSettled([
    client.query('SAVEPOINT sws_statement'),
    rowsOf(text, values),
    client.query('RELEASE SAVEPOINT sws_statement'),
  ]);
  if (opened.status === 'rejected') throw opened.reason; // no savepoint: the transaction was already failed
  if (statement.status === 'fulfilled' && released.status === 'fulfilled') return statement.value;
  await client.query('ROLLBACK TO SAVEPOINT sws_statement; RELEASE SAVEPOINT sws_statement');
  throw statement.status === 'rejected' ? statement.reason : (released as PromiseRejectedResult).reason;
}

async function answer(request: Request): Promise<QueryReply | null> {
  await connected;
  if (lost) throw lost;
  switch (request.op) {
    case 'query':
      return request.guard ? guardedRows(request.text, request.values) : rowsOf(request.text, request.values);
    case 'exec':
      await client.query(request.text);
      return null;
    case 'cursorOpen':
      if (request.begin) await client.query('BEGIN');
      await client.query({ text: `DECLARE ${request.cursor} NO SCROLL CURSOR FOR ${request.text}`, values: request.values });
      return null;
    case 'cursorFetch':
      return rowsOf(`FETCH ${request.count} FROM ${request.cursor}`, []);
    case 'cursorClose':
      await client.query(`CLOSE ${request.cursor}`);
      if (request.commit) await client.query('COMMIT');
      return null;
    case 'close':
      await client.end();
      return null;
  }
}

function reply(message: Reply) {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

port.on('message', (request: Request) => {
  answer(request).then(
    (value) => {
      reply({ ok: true, value });
      if (request.op === 'close') port.close(); // the thread ends
    },
    (error: unknown) => reply({ ok: false, error: errorReply(error) }),
  );
});
