import type { MessagePort } from 'node:worker_threads';

/** What the PostgreSQL engine's two threads say to each other (db/engine/postgres.ts ↔ postgres-worker.ts). */
export type Request =
  /** `guard`: inside a transaction, a write that fails undoes only itself (a savepoint around it), as in SQLite. */
  | { op: 'query'; text: string; values: unknown[]; guard: boolean }
  /** Several statements, no parameters (DDL, BEGIN/COMMIT/SAVEPOINT). */
  | { op: 'exec'; text: string }
  | { op: 'cursorOpen'; cursor: string; text: string; values: unknown[]; begin: boolean }
  | { op: 'cursorFetch'; cursor: string; count: number }
  | { op: 'cursorClose'; cursor: string; commit: boolean }
  | { op: 'close' };

/** Rows as arrays (cheaper to pass between threads); the main thread names them. */
export interface QueryReply {
  rows: unknown[][];
  fields: string[];
  rowCount: number;
}

/** A PostgreSQL error as it crosses the thread: its SQLSTATE and the fields the error mapping reads. */
export interface ErrorReply {
  message: string;
  code?: string;
  table?: string;
  column?: string;
  constraint?: string;
  detail?: string;
}

export type Reply = { ok: true; value: QueryReply | null } | { ok: false; error: ErrorReply };

export interface WorkerData {
  url: string;
  /** The worker's end of the channel requests and replies travel on. */
  port: MessagePort;
  /** Int32Array over it: [0] is 1 when a reply waits on the port. */
  signal: SharedArrayBuffer;
}
