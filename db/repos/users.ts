import type { Db } from '../engine/types.ts';
import { containsPattern, orderAndPage, Where, type ListParams } from '../paging.ts';
import type { Role } from '../../domain/roles.ts';

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  baseIds: number[];
  /** The bases a coordinator is limited to, with their names for display. */
  bases: { id: number; name: string }[];
  version: number;
}

export interface UserSecret {
  id: number;
  passwordHash: string;
  passwordSalt: string;
  active: boolean;
}

/** Failed logins of one account from one source (the desktop shell, or a web caller's address). */
export interface Lockout {
  failedLogins: number;
  lockedUntil: string | null;
}

// A password change or a sign-in leaves the version alone: neither is an edit of the account's form.
// lockedUntil: the latest lock from any source (login_lockout, migration 0022); it may lie in the past.
const SELECT = `SELECT id, username, display_name AS displayName, role, active,
  (SELECT max(l.locked_until) FROM login_lockout l WHERE l.user_id = app_user.id) AS lockedUntil,
  last_login_at AS lastLoginAt, created_at AS createdAt, version FROM app_user`;

type Raw = Omit<UserRow, 'active' | 'baseIds' | 'bases'> & { active: number };

function withBases(db: Db, row: Raw): UserRow {
  const bases = db
    .prepare('SELECT ub.base_id AS id, b.name FROM user_base ub JOIN training_base b ON b.id = ub.base_id WHERE ub.user_id = ? ORDER BY ub.base_id')
    .all(row.id) as { id: number; name: string }[];
  return { ...row, active: row.active === 1, baseIds: bases.map((b) => b.id), bases };
}

export const countUsers = (db: Db): number => (db.prepare('SELECT count(*) AS n FROM app_user').get() as { n: number }).n;

export const countActiveAdmins = (db: Db): number =>
  (db.prepare(`SELECT count(*) AS n FROM app_user WHERE role = 'admin' AND active = 1`).get() as { n: number }).n;

export function getUser(db: Db, id: number): UserRow | undefined {
  const row = db.prepare(`${SELECT} WHERE id = ?`).get(id) as Raw | undefined;
  return row && withBases(db, row);
}

/**
 * The user behind a session, read on every call: bases are looked up for coordinators only (no other role is
 * given any: core/services/auth.ts checkBases), one statement less per call for everyone else.
 */
export function getSessionUser(db: Db, id: number): UserRow | undefined {
  const row = db.prepare(`${SELECT} WHERE id = ?`).get(id) as Raw | undefined;
  if (!row || row.role === 'coordinator') return row && withBases(db, row);
  return { ...row, active: row.active === 1, baseIds: [], bases: [] };
}

export function findUserByName(db: Db, username: string): UserRow | undefined {
  const row = db.prepare(`${SELECT} WHERE username = ?`).get(username) as Raw | undefined;
  return row && withBases(db, row);
}

export function getSecret(db: Db, id: number): UserSecret {
  const row = db.prepare(`SELECT id, password_hash AS passwordHash, password_salt AS passwordSalt, active FROM app_user WHERE id = ?`).get(id) as Omit<
    UserSecret,
    'active'
  > & { active: number };
  return { ...row, active: row.active === 1 };
}

const SORT = { username: 'username', displayName: 'display_name', role: 'role', lastLoginAt: 'last_login_at' };

export function listUsers(db: Db, params: ListParams & { search?: string | undefined }) {
  const where = new Where();
  if (params.search) {
    const p = containsPattern(params.search);
    where.add(`(username LIKE ? ESCAPE '\\' OR display_name LIKE ? ESCAPE '\\')`, p, p);
  }
  const rows = (db.prepare(`${SELECT} ${where} ${orderAndPage(db, params, SORT, 'id', 'id')}`).all(...where.params) as Raw[]).map((r) => withBases(db, r));
  const { total } = db.prepare(`SELECT count(*) AS total FROM app_user ${where}`).get(...where.params) as { total: number };
  return { rows, total };
}

export function insertUser(db: Db, u: { username: string; displayName: string; role: Role; passwordHash: string; passwordSalt: string }, now: string): number {
  const info = db
    .prepare(
      `INSERT INTO app_user (username, display_name, role, password_hash, password_salt, created_at, updated_at)
      VALUES (@username, @displayName, @role, @passwordHash, @passwordSalt, @now, @now)`,
    )
    .run({ ...u, now });
  return Number(info.lastInsertRowid);
}

export function updateUser(db: Db, id: number, u: { displayName: string; role: Role }, now: string): void {
  db.prepare('UPDATE app_user SET version = version + 1, display_name = @displayName, role = @role, updated_at = @now WHERE id = @id').run({ ...u, now, id });
}

export function setBases(db: Db, userId: number, baseIds: readonly number[]): void {
  const current = new Set((db.prepare('SELECT base_id AS id FROM user_base WHERE user_id = ?').all(userId) as { id: number }[]).map((r) => r.id));
  const wanted = new Set(baseIds);
  for (const id of current) if (!wanted.has(id)) db.prepare('DELETE FROM user_base WHERE user_id = ? AND base_id = ?').run(userId, id);
  for (const id of wanted) if (!current.has(id)) db.prepare('INSERT INTO user_base (user_id, base_id) VALUES (?, ?)').run(userId, id);
}

export function setPassword(db: Db, id: number, hash: string, salt: string, now: string): void {
  db.prepare(`UPDATE app_user SET password_hash = ?, password_salt = ?, failed_logins = 0, locked_until = NULL, updated_at = ? WHERE id = ?`).run(
    hash,
    salt,
    now,
    id,
  );
}

export function setActive(db: Db, id: number, active: boolean, now: string): void {
  db.prepare('UPDATE app_user SET version = version + 1, active = ?, updated_at = ? WHERE id = ?').run(active ? 1 : 0, now, id);
}

export function getLockout(db: Db, userId: number, source: string): Lockout | undefined {
  return db
    .prepare('SELECT failed_logins AS failedLogins, locked_until AS lockedUntil FROM login_lockout WHERE user_id = ? AND source = ?')
    .get(userId, source) as Lockout | undefined;
}

export function recordFailure(db: Db, userId: number, source: string, failedLogins: number, lockedUntil: string | null): void {
  db.prepare(
    `INSERT INTO login_lockout (user_id, source, failed_logins, locked_until) VALUES (?, ?, ?, ?)
    ON CONFLICT (user_id, source) DO UPDATE SET failed_logins = excluded.failed_logins, locked_until = excluded.locked_until`,
  ).run(userId, source, failedLogins, lockedUntil);
}

/** After a good login from `source`, or (every source) when an administrator lifts the lock or resets the password. */
export function clearLockouts(db: Db, userId: number, source?: string): void {
  if (source === undefined) db.prepare('DELETE FROM login_lockout WHERE user_id = ?').run(userId);
  else db.prepare('DELETE FROM login_lockout WHERE user_id = ? AND source = ?').run(userId, source);
}

export function recordLogin(db: Db, id: number, now: string): void {
  db.prepare('UPDATE app_user SET last_login_at = ? WHERE id = ?').run(now, id);
}
