/**
 * Sign-in sessions (user_session, migration 0026), known by the SHA-256 of their token, and failed
 * logins per source address (login_failure). SQL only: the timeouts are core's (core/sign-in-sessions.ts).
 */
import type { Db } from '../engine/types.ts';
import type { Role } from '../../domain/roles.ts';

export interface SessionRow {
  id: number;
  tokenSha256: string;
  userId: number;
  createdAt: string;
  lastSeenAt: string;
  source: string;
  userAgent: string | null;
  endedAt: string | null;
}

/** A live session as 在线用户 lists it: with its user. */
export interface OnlineSessionRow {
  id: number;
  tokenSha256: string;
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  source: string;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
}

const COLUMNS = `id, token_sha256 AS tokenSha256, user_id AS userId, created_at AS createdAt, last_seen_at AS lastSeenAt, source, user_agent AS userAgent, ended_at AS endedAt`;

export function insertSession(
  db: Db,
  row: { tokenSha256: string; userId: number; createdAt: string; lastSeenAt: string; source: string; userAgent: string | null },
): number {
  return Number(
    db
      .prepare('INSERT INTO user_session (token_sha256, user_id, created_at, last_seen_at, source, user_agent) VALUES (?, ?, ?, ?, ?, ?)')
      .run(row.tokenSha256, row.userId, row.createdAt, row.lastSeenAt, row.source, row.userAgent).lastInsertRowid,
  );
}

/** Removes a session's row outright (before it is carried into restored data). */
export function deleteSession(db: Db, tokenSha256: string): void {
  db.prepare('DELETE FROM user_session WHERE token_sha256 = ?').run(tokenSha256);
}

export function findSession(db: Db, tokenSha256: string): SessionRow | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM user_session WHERE token_sha256 = ?`).get(tokenSha256) as SessionRow | undefined;
}

export function getSession(db: Db, id: number): SessionRow | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM user_session WHERE id = ?`).get(id) as SessionRow | undefined;
}

export function touchSession(db: Db, id: number, at: string): void {
  db.prepare('UPDATE user_session SET last_seen_at = ? WHERE id = ? AND ended_at IS NULL').run(at, id);
}

/** Ends the sessions matched by `where` (still open ones only); returns the token digests of those it ended. */
function endWhere(db: Db, where: string, params: unknown[], at: string, reason: string): string[] {
  return db
    .prepare(`UPDATE user_session SET ended_at = ?, ended_reason = ? WHERE ended_at IS NULL AND ${where} RETURNING token_sha256`)
    .pluck()
    .all(at, reason, ...params) as string[];
}

export const endSession = (db: Db, id: number, at: string, reason: string): string[] => endWhere(db, 'id = ?', [id], at, reason);

/** Every open session of a user, except the one with id `exceptId` (null: none excepted). */
export const endSessionsOfUser = (db: Db, userId: number, exceptId: number | null, at: string, reason: string): string[] =>
  endWhere(db, 'user_id = ? AND id IS DISTINCT FROM ?', [userId, exceptId], at, reason);

/** Every open session except the one with id `exceptId` (null: all). */
export const endAllSessions = (db: Db, exceptId: number | null, at: string, reason: string): string[] =>
  endWhere(db, 'id IS DISTINCT FROM ?', [exceptId], at, reason);

/** Open sessions seen after `idleSince` and started after `startedSince`, newest activity first. */
export function listOnline(db: Db, idleSince: string, startedSince: string): OnlineSessionRow[] {
  return db
    .prepare(
      `SELECT s.id, s.token_sha256 AS tokenSha256, s.user_id AS userId, u.username, u.display_name AS displayName, u.role, s.source, s.user_agent AS userAgent,
              s.created_at AS createdAt, s.last_seen_at AS lastSeenAt
         FROM user_session s JOIN app_user u ON u.id = s.user_id
        WHERE s.ended_at IS NULL AND s.last_seen_at > ? AND s.created_at > ? AND u.active = 1
        ORDER BY s.last_seen_at DESC, s.id DESC`,
    )
    .all(idleSince, startedSince) as OnlineSessionRow[];
}

/** Forgets sessions that ended, or went idle, before `before` (kept a while for 在线用户's sake, then dropped). */
export function pruneSessions(db: Db, before: string): number {
  return db.prepare('DELETE FROM user_session WHERE coalesce(ended_at, last_seen_at) < ?').run(before).changes;
}

/** Failed logins from one source address since `since`. */
export function failuresFrom(db: Db, source: string, since: string): number {
  return db.prepare('SELECT count(*) FROM login_failure WHERE source = ? AND at > ?').pluck().get(source, since) as number;
}

export function recordFailure(db: Db, source: string, at: string): void {
  db.prepare('INSERT INTO login_failure (source, at) VALUES (?, ?)').run(source, at);
}

/** Drops failures older than the throttling window (they no longer count). */
export function pruneFailures(db: Db, before: string): void {
  db.prepare('DELETE FROM login_failure WHERE at < ?').run(before);
}
