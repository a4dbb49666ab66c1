/**
 * The one contract: every operation is declared once with its name, zod input schema,
 * permission and handler. Both transports (Electron IPC, web HTTP) call `dispatch`,
 * which is the only way in.
 */
import type { z } from 'zod';
import type { Db } from '../db/engine/types.ts';
import type { Actor, Permission } from './permissions.ts';
import type { Clock } from './clock.ts';
import type { Jobs } from './jobs.ts';
import type { Logger } from './log.ts';
import type { AuditAnchor } from './audit-anchor.ts';
import type { OnlineSessionRow } from '../db/repos/user-sessions.ts';

export interface Context {
  db: Db;
  actor: Actor;
  /**
   * Who the caller's session signs in now (core/app.ts, for calls with a session): a command reads it again
   * after the writer lock (core/dispatch.ts), since another server process may have signed them out,
   * deactivated them or changed their role or bases after `actor` was read.
   */
  currentActor?: () => Actor;
  clock: Clock;
  /** Path of the open database file, shown in 关于 and used by backups. */
  dataFile: string;
  /** The PostgreSQL database (postgres://…) when core runs on it; then `dataFile` only says where the data folder is. */
  database?: string;
  /** Long work: import, export; acting for the caller (jobs belong to whoever started them). */
  jobs: Jobs;
  /** Errors and slow operations go here (core/log.ts); absent in bare test contexts. */
  log?: Logger;
  /** Sessions, backups and reopening the database: provided by core/app.ts. */
  host?: Host;
  /** Where the call came from, for counting failed logins: 'local' (the desktop shell), the caller's address (web). */
  source?: string;
}

/** What core/app.ts offers the account and backup operations. */
export interface Host {
  /** Starts a session for a user and returns its token. */
  startSession(userId: number): string;
  /** Ends the session the current call came with. */
  endSession(): void;
  /** Ends every session of a user (deactivated, password reset). */
  endSessionsOf(userId: number): void;
  /** Ends a user's sessions except the one the current call came with (own password changed). */
  endOtherSessionsOf(userId: number): void;
  /** The folder backups go to (configurable). */
  backupDir(): string;
  /** Ends every session but the current call's (a restore signs everyone else out); returns how many ended. */
  endOtherSessions(): number;
  /** The sessions signed in now, within both timeouts (在线用户); `current`: the one the current call came with. */
  onlineSessions(): (Omit<OnlineSessionRow, 'tokenSha256'> & { current: boolean })[];
  /** Ends one session by its id (an administrator signs a user out); false when it had already ended. */
  endSessionById(id: number): boolean;
  /** Why replacing the data file with `file` could not complete (folder not writable, no space), or null. */
  checkReplacement(file: string): string | null;
  /** Replaces the database file with `file` now and returns the reopened database (on failure the data it had stays open). */
  replaceDatabaseWith(file: string): Db;
  /** The audit log's signed anchor (core/audit-anchor.ts). */
  audit(): AuditAnchor;
  /** An operation's Chinese title by its name (the audit log keeps names), or the name when unknown. */
  operationTitle(name: string): string;
}

/** What an operation's `prepare` step may read: the database (outside any transaction), the caller, where the call came from, the clock. */
export type PrepareContext = Pick<Context, 'db' | 'actor' | 'source' | 'clock'>;

export interface Operation<Name extends string = string, Input extends z.ZodType = z.ZodType, Output = unknown, Prepared = unknown> {
  name: Name;
  /** Shown in errors and, later, in the audit log. */
  title: string;
  input: Input;
  permission: Permission;
  /** Commands run inside one transaction: they change everything or nothing. `system` (backups,
   *  restore) runs outside a transaction and does not change domain rows. */
  kind: 'query' | 'command' | 'system';
  /** A query that writes all the same (signing out ends a session): it waits at the write gate like a
   *  command, and never runs query-only (core/reads-during-writes.ts). In tests dispatch
   *  refuses a query that changes rows without saying so. */
  writes?: true;
  /** `prepared`: what `prepare` made for this call; absent when the call came without it (`core.call`) or it failed.
   *  A method, not a property: the registry then holds every operation whatever its step makes. */
  handler(input: z.output<Input>, ctx: Context, prepared?: Prepared): Output;
  /**
   * Slow work done before the call, off the serving thread (a password's scrypt on libuv's pool, core/passwords.ts), so
   * nobody else's request waits behind it: the shells await it (core/app.ts `prepare`), outside any transaction, once
   * the caller may call the operation and the input is valid. The handler checks that what it was made from still holds
   * and otherwise does the work itself (rare: correctness first).
   */
  prepare?: (input: z.output<Input>, ctx: PrepareContext) => Promise<Prepared>;
  /** What the handler returns, declared (core/outputs/): personal fields carry their `pii.*` mark,
   *  from which dispatch masks them; in tests dispatch checks every result against it. */
  output: z.ZodType;
  /** Which training bases the input touches: dispatch enforces it for callers limited to
   *  their own bases (a coordinator) before the handler runs. Every operation that touches bases
   *  declares one (tests/unit/contract.test.ts). */
  scope?: BaseScope<z.output<Input>>;
}

/** Base ids an input names; null/undefined for a record that does not exist (the handler reports it). */
export type ScopedBaseIds = number | null | undefined | readonly (number | null | undefined)[];

/**
 * - `{ base }`: resolves the input to the bases it touches (small repository lookups of a session,
 *   course, room, mentor, enrolment or evaluation id); a caller may run it only on bases they may work on.
 *   With `visibleBases: true` the handler also lists only the caller's bases when the input names none.
 * - `'visibleBases'`: a list; the handler shows only the caller's bases (visibleBaseIds in core/services/base-access.ts).
 * - `'none'`: touches no particular base (the vocabulary, the template, setting a new base up).
 */
export type BaseScope<Input> = { base: (input: Input, db: Db) => ScopedBaseIds; visibleBases?: true } | 'visibleBases' | 'none';

export function defineOperation<const Name extends string, Input extends z.ZodType, Output, Prepared = never>(
  op: Operation<Name, Input, Output, Prepared>,
): Operation<Name, Input, Output, Prepared> {
  return op;
}

/** Maps a tuple of operations to `{ [name]: operation }` for the typed client. */
export type OperationMap<Ops extends readonly Operation[]> = {
  [Op in Ops[number] as Op['name']]: Op;
};
