/**
 * Sign-in sessions, kept in the database (user_session, migration 0026): they survive a restart,
 * end after an idle time and an absolute time (settable, defaults below), and can be listed and
 * ended by an administrator (在线用户). A session is known by the SHA-256 of its token; the token
 * itself is only ever in the caller's hands.
 */
import crypto from 'node:crypto';
import type { Db } from '../db/engine/types.ts';
import type { Clock } from './clock.ts';
import { getSettings, setSetting } from '../db/repos/settings.ts';
import { getSessionUser, type UserRow } from '../db/repos/users.ts';
import * as repo from '../db/repos/user-sessions.ts';
import { SESSION_TIMEOUT_DEFAULTS } from './schemas/online-users.ts';
import { writesHeld } from './write-gate.ts';

const IDLE_KEY = 'session.idleMinutes';
const ABSOLUTE_KEY = 'session.absoluteHours';

export interface SessionTimeouts {
  idleMinutes: number;
  absoluteHours: number;
}

/** Read on every call that carries a session: both in one statement. */
export function sessionTimeouts(db: Db): SessionTimeouts {
  const stored = getSettings(db, [IDLE_KEY, ABSOLUTE_KEY]);
  const read = (key: string, fallback: number) => {
    const value = Number(stored.get(key));
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return { idleMinutes: read(IDLE_KEY, SESSION_TIMEOUT_DEFAULTS.idleMinutes), absoluteHours: read(ABSOLUTE_KEY, SESSION_TIMEOUT_DEFAULTS.absoluteHours) };
}

export function setSessionTimeouts(db: Db, timeouts: SessionTimeouts, now: string): void {
  setSetting(db, IDLE_KEY, String(timeouts.idleMinutes), now);
  setSetting(db, ABSOLUTE_KEY, String(timeouts.absoluteHours), now);
}

/** Where a call comes from: 'local' (the desktop shell) or the caller's address, and its browser. */
export interface SessionClient {
  source: string;
  userAgent?: string | undefined;
}

/** Why a session ended, kept on its row. */
export type EndReason = 'logout' | 'idle' | 'expired' | 'ended-by-admin' | 'password-changed' | 'deactivated' | 'restore' | 'user-gone';

export const tokenDigest = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');

const MINUTE_MS = 60_000;
/** last_seen_at is written at most this often per session: a read stays a read (timeouts are in minutes). */
const TOUCH_EVERY_MS = 30_000;
/** Ended and idle sessions are forgotten after a week. */
const KEEP_ENDED_MS = 7 * 24 * 60 * MINUTE_MS;

const minus = (iso: string, ms: number) => new Date(Date.parse(iso) - ms).toISOString();

export class SignInSessions {
  /** `onEnded` hears the token digests of ended sessions (their download tickets die with them). */
  private readonly db: () => Db;
  private readonly clock: Clock;
  private readonly onEnded: (digests: readonly string[]) => void;

  constructor(db: () => Db, clock: Clock, onEnded: (digests: readonly string[]) => void) {
    this.db = db;
    this.clock = clock;
    this.onEnded = onEnded;
  }

  /** Starts a session and returns its token (shown once, to the caller). */
  start(userId: number, client: SessionClient): string {
    const token = crypto.randomBytes(32).toString('base64url');
    const at = this.clock.now();
    repo.pruneSessions(this.db(), minus(at, KEEP_ENDED_MS));
    const userAgent = client.userAgent?.slice(0, 300) ?? null;
    repo.insertSession(this.db(), { tokenSha256: tokenDigest(token), userId, createdAt: at, lastSeenAt: at, source: client.source, userAgent });
    return token;
  }

  /** After a restore: the caller's session, read from the data before it, goes on in the restored data (its start time kept). */
  carryOver({ tokenSha256, userId, createdAt, source, userAgent }: repo.SessionRow): void {
    const db = this.db();
    repo.deleteSession(db, tokenSha256);
    repo.insertSession(db, { tokenSha256, userId, createdAt, lastSeenAt: this.clock.now(), source, userAgent });
  }

  /** The session a token stands for while it is alive (ending it when it timed out), with its user; else null. */
  /** `touch`: this use counts as activity (a change notice delivered to an open screen does not). */
  resolve(token: string | undefined, touch = true): (repo.SessionRow & { user: UserRow }) | null {
    if (!token || token.length > 200) return null;
    const db = this.db();
    const session = repo.findSession(db, tokenDigest(token));
    if (!session || session.endedAt) return null;
    const now = this.clock.now();
    const { idleMinutes, absoluteHours } = sessionTimeouts(db);
    // Inside a job's open transaction a write would join it: the ending (and a touch) wait for a later call. So do they
    // while an import's publish holds the write lock across turns (core/write-gate.ts).
    const ended = (reason: EndReason) => (db.inTransaction || writesHeld() || this.endById(session.id, reason), null);
    if (session.lastSeenAt <= minus(now, idleMinutes * MINUTE_MS)) return ended('idle');
    if (session.createdAt <= minus(now, absoluteHours * 60 * MINUTE_MS)) return ended('expired');
    const user = getSessionUser(db, session.userId);
    if (!user) return ended('user-gone');
    if (!user.active) return ended('deactivated');
    if (touch && Date.parse(now) - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS && !db.inTransaction && !writesHeld())
      repo.touchSession(db, session.id, now);
    return { ...session, user };
  }

  endById(id: number, reason: EndReason): boolean {
    return this.ended(repo.endSession(this.db(), id, this.clock.now(), reason)) > 0;
  }

  end(token: string | undefined, reason: EndReason): void {
    const session = token ? repo.findSession(this.db(), tokenDigest(token)) : undefined;
    if (session) this.endById(session.id, reason);
  }

  /** Every session of a user but the one `exceptToken` stands for (if any). */
  endOfUser(userId: number, exceptToken: string | undefined, reason: EndReason): number {
    return this.ended(repo.endSessionsOfUser(this.db(), userId, this.idOf(exceptToken), this.clock.now(), reason));
  }

  /** Every session but the one `exceptToken` stands for; returns how many ended. */
  endAll(exceptToken: string | undefined, reason: EndReason): number {
    return this.ended(repo.endAllSessions(this.db(), this.idOf(exceptToken), this.clock.now(), reason));
  }

  /** Live sessions (within both timeouts), newest activity first. */
  online(): repo.OnlineSessionRow[] {
    const db = this.db();
    const now = this.clock.now();
    const { idleMinutes, absoluteHours } = sessionTimeouts(db);
    return repo.listOnline(db, minus(now, idleMinutes * MINUTE_MS), minus(now, absoluteHours * 60 * MINUTE_MS));
  }

  private idOf(token: string | undefined): number | null {
    return (token && repo.findSession(this.db(), tokenDigest(token))?.id) || null;
  }

  private ended(digests: string[]): number {
    if (digests.length) this.onEnded(digests);
    return digests.length;
  }
}
