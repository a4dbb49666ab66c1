import { z } from 'zod';
import { getBase } from '../../db/repos/bases.ts';
import { defineOperation, type Context } from '../contract.ts';
import { AppError, CommittedError, conflict, invalid, notFound } from '../errors.ts';
import { PERMISSIONS, roleAllows, type Actor, type Role } from '../permissions.ts';
import { deriveKeyOffThread, hashPassword, hashPasswordOffThread, passwordMatches, unmatchableSecret } from '../passwords.ts';
import { passwordProblem } from '../password-policy.ts';
import {
  changePasswordFields,
  loginFields,
  resetPasswordFields,
  setActiveFields,
  setupFields,
  unlockFields,
  userFields,
  userList,
  userUpdate,
} from '../schemas/users.ts';
import * as repo from '../../db/repos/users.ts';
import * as sessionsRepo from '../../db/repos/user-sessions.ts';
import { withAuditContext } from '../../db/audit.ts';
import { authOutputs } from '../outputs/auth.ts';
import { formatInstant } from '../dates.ts';
import { compareNames } from '../collation.ts';
import { expectVersion } from '../versions.ts';

/** Login and setup happen before there is an actor: the log names the account itself. */
const asUser = <T>(ctx: Context, user: { id: number; displayName: string }, operation: string, fn: () => T): T =>
  withAuditContext(ctx.db, { actorId: user.id, actorName: user.displayName, operation, at: ctx.clock.now() }, fn);

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
/** Failed logins from one source address, whatever the accounts, before that address is refused for the window. */
export const MAX_FAILURES_PER_SOURCE = 20;
export const SOURCE_WINDOW_MINUTES = 15;

/** Where the failed logins counted against an address begin, at `now`. */
const failureWindowStart = (now: string) => new Date(Date.parse(now) - SOURCE_WINDOW_MINUTES * 60_000).toISOString();

/** One address guessing across many accounts is refused as a whole for a while (each account also locks: auth.login). */
function sourceRefusal(ctx: Pick<Context, 'db' | 'source' | 'clock'>): AppError | null {
  const source = ctx.source ?? 'local';
  if (sessionsRepo.failuresFrom(ctx.db, source, failureWindowStart(ctx.clock.now())) < MAX_FAILURES_PER_SOURCE) return null;
  return new AppError(
    'UNAUTHORIZED',
    `来自此地址（${source}）的登录失败次数过多（${SOURCE_WINDOW_MINUTES} 分钟内 ${MAX_FAILURES_PER_SOURCE} 次），请 ${SOURCE_WINDOW_MINUTES} 分钟后再试`,
    'password',
  );
}

/** The one answer to every failed login: whether the name exists is not told. */
export const WRONG_LOGIN = '用户名或密码不正确';

let dummy: { passwordHash: string; passwordSalt: string } | undefined;
/** A secret no password matches, made once: unknown names cost the same scrypt as known ones. */
function dummySecret() {
  if (!dummy) {
    const { hash, salt } = unmatchableSecret();
    dummy = { passwordHash: hash, passwordSalt: salt };
  }
  return dummy;
}

/** The secret a login by this name is checked against: the account's, or the dummy for an unknown name. */
function secretToCheck(db: Context['db'], username: string) {
  const user = repo.findUserByName(db, username);
  return { user, secret: user ? repo.getSecret(db, user.id) : dummySecret() };
}

/** The password rule's username part, for operations whose input does not carry the username. */
function checkNotUsername(password: string, label: string, username: string, field: string) {
  const problem = passwordProblem(password, label, username);
  if (problem) throw invalid(problem, field);
}

const host = (ctx: Context) => {
  if (!ctx.host) throw new AppError('UNAUTHORIZED', '此入口不支持登录会话');
  return ctx.host;
};

function signedIn(ctx: Context, user: repo.UserRow) {
  asUser(ctx, user, 'auth.login', () => repo.recordLogin(ctx.db, user.id, ctx.clock.now()));
  const signed = repo.getUser(ctx.db, user.id)!;
  // The new session's auth.status along with it: over a slow link, one round trip less before the first screen.
  const status = statusOf(ctx, { id: signed.id, name: signed.displayName, role: signed.role, baseIds: signed.baseIds });
  return { token: host(ctx).startSession(user.id), user: signed, status };
}

const requireUser = (ctx: Context, id: number) => repo.getUser(ctx.db, id) ?? throwNotFound();
function throwNotFound(): never {
  throw notFound('该用户', 'id');
}

function permissionsOf(role: Role | 'anonymous') {
  return PERMISSIONS.filter((p) => roleAllows(role, p));
}

/** What auth.status answers for this caller (signed in or not). */
function statusOf(ctx: Context, actor: Actor) {
  return {
    needsSetup: repo.countUsers(ctx.db) === 0,
    user: actor.id === null ? null : { id: actor.id, name: actor.name, role: actor.role, baseIds: actor.baseIds ?? [] },
    permissions: permissionsOf(actor.role),
    // What system.clock answers, for whoever is signed in: the renderer needs it before its first screen.
    clock: roleAllows(actor.role, 'self') ? { timeZone: ctx.clock.timeZone(), now: ctx.clock.now(), today: ctx.clock.today() } : null,
  };
}

export const authOperations = [
  defineOperation({
    name: 'auth.status',
    output: authOutputs['auth.status'],
    title: '读取登录状态',
    kind: 'query',
    permission: 'public',
    input: z.object({}),
    handler: (_input, ctx) => statusOf(ctx, ctx.actor),
  }),
  defineOperation({
    name: 'auth.setup',
    output: authOutputs['auth.setup'],
    title: '创建管理员账号',
    kind: 'command',
    permission: 'public',
    input: setupFields,
    prepare: (f) => hashPasswordOffThread(f.password),
    handler: (f, ctx, hashed) => {
      if (repo.countUsers(ctx.db) > 0) throw conflict('管理员账号已创建，请直接登录');
      const { hash, salt } = hashed ?? hashPassword(f.password);
      const id = repo.insertUser(
        ctx.db,
        { username: f.username, displayName: f.displayName, role: 'admin', passwordHash: hash, passwordSalt: salt },
        ctx.clock.now(),
      );
      return signedIn(ctx, requireUser(ctx, id));
    },
  }),
  defineOperation({
    name: 'auth.login',
    output: authOutputs['auth.login'],
    title: '登录',
    kind: 'command',
    permission: 'public',
    input: loginFields,
    // The key for the salt read now; the handler derives again should the password have changed meanwhile. None for an
    // address refused as a whole: its guesses cost the server nothing.
    prepare: ({ username, password }, ctx) =>
      sourceRefusal(ctx) ? Promise.resolve(undefined) : deriveKeyOffThread(password, secretToCheck(ctx.db, username).secret.passwordSalt),
    handler: ({ username, password }, ctx, derived) => {
      const now = ctx.clock.now();
      const source = ctx.source ?? 'local';
      const refusal = sourceRefusal(ctx);
      if (refusal) throw refusal;
      const windowStart = failureWindowStart(now);
      const failedFromSource = () => {
        sessionsRepo.pruneFailures(ctx.db, windowStart);
        sessionsRepo.recordFailure(ctx.db, source, now);
      };
      // Every failed login gets the same answer after the same work (one scrypt): an unknown name is
      // checked against a dummy hash. Locked or deactivated is only said to whoever knows the password.
      const { user, secret } = secretToCheck(ctx.db, username);
      const matches = passwordMatches(password, secret.passwordHash, secret.passwordSalt, derived);
      if (!user) {
        failedFromSource();
        throw new CommittedError('UNAUTHORIZED', WRONG_LOGIN, 'password');
      }
      const lockout = repo.getLockout(ctx.db, user.id, source);
      const lockedUntil = lockout?.lockedUntil && lockout.lockedUntil > now ? lockout.lockedUntil : null;
      if (!matches) {
        failedFromSource();
        if (lockedUntil) throw new CommittedError('UNAUTHORIZED', WRONG_LOGIN, 'password'); // not counted for the account, nor answered differently
        const failures = (lockout?.lockedUntil ? 0 : (lockout?.failedLogins ?? 0)) + 1;
        const until = failures >= MAX_FAILED_LOGINS ? new Date(Date.parse(now) + LOCKOUT_MINUTES * 60_000).toISOString() : null;
        asUser(ctx, user, 'auth.login', () => repo.recordFailure(ctx.db, user.id, source, until ? 0 : failures, until));
        throw new CommittedError('UNAUTHORIZED', WRONG_LOGIN, 'password');
      }
      if (lockedUntil) {
        throw new AppError(
          'UNAUTHORIZED',
          `密码连续错误 ${MAX_FAILED_LOGINS} 次，账号已锁定至 ${formatInstant(lockedUntil, ctx.clock.timeZone())}，请届时再试或请管理员解除锁定`,
          'password',
        );
      }
      if (!user.active) throw new AppError('UNAUTHORIZED', '该账号已停用，请联系管理员', 'username');
      if (lockout) asUser(ctx, user, 'auth.login', () => repo.clearLockouts(ctx.db, user.id, source));
      return signedIn(ctx, user);
    },
  }),
  defineOperation({
    name: 'auth.logout',
    output: authOutputs['auth.logout'],
    title: '退出登录',
    kind: 'query',
    writes: true, // ends the session
    permission: 'self',
    input: z.object({}),
    handler: (_input, ctx) => {
      ctx.host?.endSession();
      return { done: true };
    },
  }),
  defineOperation({
    name: 'auth.changePassword',
    output: authOutputs['auth.changePassword'],
    title: '修改密码',
    kind: 'command',
    permission: 'self',
    input: changePasswordFields,
    // Both derivations at once, off the serving thread: the current password's key and the new password's hash.
    prepare: async ({ currentPassword, newPassword }, { db, actor }) => {
      const salt = actor.id === null ? null : repo.getSecret(db, actor.id).passwordSalt;
      const [current, next] = await Promise.all([salt === null ? undefined : deriveKeyOffThread(currentPassword, salt), hashPasswordOffThread(newPassword)]);
      return { current, next };
    },
    handler: ({ currentPassword, newPassword }, ctx, prepared) => {
      if (ctx.actor.id === null) throw new AppError('UNAUTHORIZED', '请先登录');
      const secret = repo.getSecret(ctx.db, ctx.actor.id);
      if (!passwordMatches(currentPassword, secret.passwordHash, secret.passwordSalt, prepared?.current)) throw invalid('当前密码不正确', 'currentPassword');
      if (currentPassword === newPassword) throw invalid('新密码不能与当前密码相同', 'newPassword');
      checkNotUsername(newPassword, '新密码', requireUser(ctx, ctx.actor.id).username, 'newPassword');
      const { hash, salt } = prepared?.next ?? hashPassword(newPassword);
      repo.setPassword(ctx.db, ctx.actor.id, hash, salt, ctx.clock.now());
      // Whoever else knew the old password is signed out; this window stays signed in.
      ctx.host?.endOtherSessionsOf(ctx.actor.id);
      return { done: true };
    },
  }),
] as const;

function checkBases(ctx: Context, role: Role, baseIds: number[]) {
  if (role !== 'coordinator' && baseIds.length > 0) throw invalid('只有基地协调员可以分配基地', 'baseIds');
  if (role === 'coordinator' && baseIds.length === 0) throw invalid('请为基地协调员选择负责的基地', 'baseIds');
  const missing = baseIds.find((id) => !getBase(ctx.db, id));
  if (missing !== undefined) throw invalid(`实训基地 ${missing} 不存在`, 'baseIds');
}

/** Refuses to leave the system without an active administrator. */
function keepAnAdmin(ctx: Context, user: repo.UserRow, stillAdmin: boolean) {
  if (user.role === 'admin' && user.active && !stillAdmin && repo.countActiveAdmins(ctx.db) <= 1) {
    throw conflict(`「${user.displayName}」是唯一启用的管理员，不能停用或改为其他角色`, 'role');
  }
}

export const userOperations = [
  defineOperation({
    name: 'users.list',
    output: authOutputs['users.list'],
    title: '查询用户',
    kind: 'query',
    permission: 'users.manage',
    input: userList,
    handler: (query, { db }) => {
      if (query.sortField !== 'displayName') return repo.listUsers(db, query);
      // Names in pinyin order, as every other name list (core/collation.ts). Accounts are a few dozen
      // and carry no stored pinyin key, so the page is cut from all of them sorted here.
      const all = repo.listUsers(db, { ...query, sortField: undefined, page: 0, pageSize: 1_000_000 });
      const sorted = all.rows.sort((a, b) => compareNames(a.displayName, b.displayName));
      if (query.sortDir === 'desc') sorted.reverse();
      return { rows: sorted.slice(query.page * query.pageSize, (query.page + 1) * query.pageSize), total: all.total };
    },
  }),
  defineOperation({
    name: 'users.create',
    output: authOutputs['users.create'],
    title: '新增用户',
    kind: 'command',
    permission: 'users.manage',
    input: userFields,
    prepare: (f) => hashPasswordOffThread(f.password),
    handler: (f, ctx, hashed) => {
      if (repo.findUserByName(ctx.db, f.username)) throw conflict(`用户名「${f.username}」已被使用`, 'username');
      checkBases(ctx, f.role, f.baseIds);
      const { hash, salt } = hashed ?? hashPassword(f.password);
      const id = repo.insertUser(
        ctx.db,
        { username: f.username, displayName: f.displayName, role: f.role, passwordHash: hash, passwordSalt: salt },
        ctx.clock.now(),
      );
      repo.setBases(ctx.db, id, f.baseIds);
      return requireUser(ctx, id);
    },
  }),
  defineOperation({
    name: 'users.update',
    output: authOutputs['users.update'],
    title: '修改用户',
    kind: 'command',
    permission: 'users.manage',
    input: userUpdate,
    handler: ({ id, version, ...f }, ctx) => {
      const user = requireUser(ctx, id);
      expectVersion(ctx, { table: 'app_user', id, version, current: () => user });
      checkBases(ctx, f.role, f.baseIds);
      keepAnAdmin(ctx, user, f.role === 'admin');
      repo.updateUser(ctx.db, id, f, ctx.clock.now());
      repo.setBases(ctx.db, id, f.baseIds);
      return requireUser(ctx, id);
    },
  }),
  defineOperation({
    name: 'users.resetPassword',
    output: authOutputs['users.resetPassword'],
    title: '重置密码',
    kind: 'command',
    permission: 'users.manage',
    input: resetPasswordFields,
    prepare: ({ password }) => hashPasswordOffThread(password),
    handler: ({ id, password }, ctx, hashed) => {
      checkNotUsername(password, '新密码', requireUser(ctx, id).username, 'password');
      const { hash, salt } = hashed ?? hashPassword(password);
      repo.setPassword(ctx.db, id, hash, salt, ctx.clock.now());
      repo.clearLockouts(ctx.db, id);
      if (id !== ctx.actor.id) ctx.host?.endSessionsOf(id);
      return requireUser(ctx, id);
    },
  }),
  defineOperation({
    name: 'users.unlock',
    output: authOutputs['users.unlock'],
    title: '解除锁定',
    kind: 'command',
    permission: 'users.manage',
    input: unlockFields,
    handler: ({ id }, ctx) => {
      requireUser(ctx, id);
      repo.clearLockouts(ctx.db, id); // every source: the account can be used again at once
      return requireUser(ctx, id);
    },
  }),
  defineOperation({
    name: 'users.setActive',
    output: authOutputs['users.setActive'],
    title: '启用或停用用户',
    kind: 'command',
    permission: 'users.manage',
    input: setActiveFields,
    handler: ({ id, version, active }, ctx) => {
      const user = requireUser(ctx, id);
      expectVersion(ctx, { table: 'app_user', id, version, current: () => user, action: active ? '启用' : '停用' });
      if (!active && id === ctx.actor.id) throw conflict('不能停用自己正在使用的账号', 'active');
      if (!active) keepAnAdmin(ctx, user, false);
      repo.setActive(ctx.db, id, active, ctx.clock.now());
      if (!active) ctx.host?.endSessionsOf(id);
      return requireUser(ctx, id);
    },
  }),
] as const;
