/**
 * The jobs of every server process on one PostgreSQL database (server_job, migration 0037), and the
 * work only one process may do (server_claim). SQL only: what a row means is core's (core/shared-jobs.ts).
 * The INSERTs start with a line comment so that the PostgreSQL engine adds no `RETURNING id` (their ids are text).
 */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';

export type ServerJobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface ServerJobRow {
  id: string;
  processId: string;
  title: string;
  ownerUserId: number | null;
  ownerSession: string | null;
  state: ServerJobState;
  done: number;
  total: number;
  phase: string;
  error: string | null;
  /** The job's result as JSON text (null when none). */
  result: string | null;
  fileName: string | null;
  cancelRequested: number;
  startedAt: string;
  updatedAt: string;
}

const COLUMNS = `id, process_id AS processId, title, owner_user_id AS ownerUserId, owner_session AS ownerSession, state, done, total, phase,
  error, result, file_name AS fileName, cancel_requested AS cancelRequested, started_at AS startedAt, updated_at AS updatedAt`;

/** Writes the job as its process knows it now (a new row, or the progress and end of one); a cancel asked meanwhile stays asked. */
export function saveServerJob(db: Db, row: Omit<ServerJobRow, 'cancelRequested'>): void {
  prepared(
    db,
    `-- text id
     INSERT INTO server_job (id, process_id, title, owner_user_id, owner_session, state, done, total, phase, error, result, file_name, started_at, updated_at)
     VALUES (@id, @processId, @title, @ownerUserId, @ownerSession, @state, @done, @total, @phase, @error, @result, @fileName, @startedAt, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET state = excluded.state, done = excluded.done, total = excluded.total, phase = excluded.phase,
       error = excluded.error, result = excluded.result, file_name = excluded.file_name, updated_at = excluded.updated_at`,
  ).run(row);
}

export function serverJob(db: Db, id: string): ServerJobRow | undefined {
  return prepared(db, `SELECT ${COLUMNS} FROM server_job WHERE id = ?`).get(id) as ServerJobRow | undefined;
}

/** Asks the process running the job to stop it (it looks about once a second); false when it is no longer running. */
export function requestServerJobCancel(db: Db, id: string): boolean {
  return prepared(db, `UPDATE server_job SET cancel_requested = 1 WHERE id = ? AND state = 'running'`).run(id).changes > 0;
}

/** Of a process's running jobs, those someone asked to cancel. */
export function cancelRequestedJobs(db: Db, processId: string): string[] {
  return prepared(db, `SELECT id FROM server_job WHERE state = 'running' AND process_id = ? AND cancel_requested = 1`).pluck().all(processId) as string[];
}

/** Other processes' jobs still running and heard from since `since` (ISO UTC). */
export function runningElsewhere(db: Db, processId: string, since: string): string[] {
  return prepared(db, `SELECT title FROM server_job WHERE state = 'running' AND process_id <> ? AND updated_at >= ? ORDER BY started_at`)
    .pluck()
    .all(processId, since) as string[];
}

export function deleteServerJob(db: Db, id: string): void {
  prepared(db, 'DELETE FROM server_job WHERE id = ?').run(id);
}

/** Rows nobody will ask about any more: finished, or left running by a process that stopped, before `before`. */
export function deleteServerJobsBefore(db: Db, before: string): number {
  return prepared(db, 'DELETE FROM server_job WHERE updated_at < ?').run(before).changes;
}

/** Claims `name` for this process; false when another process claimed it first. */
export function claimServerWork(db: Db, name: string, processId: string, at: string): boolean {
  return (
    prepared(db, `INSERT INTO server_claim (name, process_id, claimed_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`).run(name, processId, at).changes > 0
  );
}

/** Gives a claim back (the work failed: another process, or a later try, may do it). */
export function releaseServerWork(db: Db, name: string, processId: string): void {
  prepared(db, 'DELETE FROM server_claim WHERE name = ? AND process_id = ?').run(name, processId);
}

/** Claims older than `before` (ISO UTC) are history. */
export function deleteClaimsBefore(db: Db, before: string): void {
  prepared(db, 'DELETE FROM server_claim WHERE claimed_at < ?').run(before);
}
