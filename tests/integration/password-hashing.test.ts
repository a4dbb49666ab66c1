/**
 * A password's scrypt (~50 ms of CPU) runs on libuv's thread pool, in the operation's `prepare` step (core/contract.ts),
 * not on the serving thread: other users' requests are answered meanwhile (issue 20: nothing holds a request for more
 * than ~20 ms). The stored format is the one the synchronous code wrote, so existing passwords keep working.
 */
import crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../core/app.ts';
import type { CallResult } from '../../core/errors.ts';
import { withAuditContext } from '../../db/audit.ts';
import { setPassword } from '../../db/repos/users.ts';
import { runHost } from '../../electron/core-host.ts';
import type { HostMessage, MainMessage } from '../../electron/core-protocol.ts';
import { startWebServer, TOKEN_HEADER } from '../../web/server.ts';
import { openTestCore, tempDir, type TestCore } from '../support/core.ts';
import { MAX_FAILURES_PER_SOURCE } from '../../core/services/auth.ts';

const setup = { username: 'admin', displayName: '管理员', password: 'correct horse' };

afterEach(() => vi.restoreAllMocks());

/**
 * Holds each scrypt's answer (worked out on libuv's pool) until `release`: what runs meanwhile on this thread ran while
 * the derivation was pending. scryptSync is watched: it must not run on the shells' path.
 */
function holdScrypt() {
  const real = crypto.scrypt.bind(crypto);
  const held: (() => void)[] = [];
  const scrypt = vi
    .spyOn(crypto, 'scrypt')
    .mockImplementation(((password: crypto.BinaryLike, salt: crypto.BinaryLike, keylen: number, callback: (error: Error | null, key: Buffer) => void) =>
      real(password, salt, keylen, (error, key) => held.push(() => callback(error, key)))) as never);
  const scryptSync = vi.spyOn(crypto, 'scryptSync');
  return {
    scrypt,
    scryptSync,
    /** Resolves once `count` derivations have finished on the pool (their answers held). */
    finished: (count: number) => expect.poll(() => held.length, { timeout: 20_000 }).toBe(count),
    release: () => held.splice(0).forEach((deliver) => deliver()),
  };
}

/** A shell's call: the prepare step awaited, then the call with what it made. */
async function shellCall(core: Core, name: string, input: unknown, token?: string, source = 'local'): Promise<CallResult<unknown>> {
  const prepared = await core.prepare(name, input, token, source);
  return core.callWithSession(name, input, token, source, undefined, { prepared });
}

/** Starts `name` as a shell does, checks the serving thread goes on while its `derivations` are pending, then lets it finish. */
async function whileDerivationsPending(core: Core, name: string, input: unknown, token: string | undefined, derivations: number) {
  const scrypt = holdScrypt();
  let answer: CallResult<unknown> | undefined;
  const call = shellCall(core, name, input, token).then((result) => (answer = result));
  await scrypt.finished(derivations);
  // Meanwhile: this thread's next turns come and another user's save goes through (no transaction is held open).
  await new Promise((resolve) => setImmediate(resolve));
  const code = String(440100 + ++saves);
  expect(core.callWithSession('regions.create', { code, name: `某市${code}`, level: 'city' }, adminToken)).toMatchObject({ ok: true });
  expect(answer).toBeUndefined();
  scrypt.release();
  await call;
  expect(scrypt.scryptSync).not.toHaveBeenCalled();
  expect(scrypt.scrypt).toHaveBeenCalledTimes(derivations);
  vi.restoreAllMocks();
  return answer!;
}

let adminToken = '';
let saves = 0;
async function coreWithAdmin(): Promise<TestCore> {
  const core = await openTestCore();
  adminToken = (core.callWithSession('auth.setup', setup, undefined) as { result: { token: string } }).result.token;
  return core;
}

const idOf = (result: CallResult<unknown>) => (result as { result: { id: number } }).result.id;

describe('password hashing off the serving thread', () => {
  it('登录 from an address refused as a whole derives no key: its guesses cost the server no scrypt, and another address signs in', async () => {
    const core = await coreWithAdmin();
    const guessing = '203.0.113.9';
    for (let i = 0; i < MAX_FAILURES_PER_SOURCE; i++) {
      expect(core.callWithSession('auth.login', { username: `guess${i}`, password: 'wrong' }, undefined, guessing)).toMatchObject({ ok: false });
    }
    const scrypt = vi.spyOn(crypto, 'scrypt');
    const scryptSync = vi.spyOn(crypto, 'scryptSync');
    expect(await shellCall(core, 'auth.login', { username: 'admin', password: setup.password }, undefined, guessing)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: expect.stringContaining(`登录失败次数过多（15 分钟内 ${MAX_FAILURES_PER_SOURCE} 次）`) },
    });
    expect(scrypt).not.toHaveBeenCalled();
    expect(scryptSync).not.toHaveBeenCalled();
    expect(await shellCall(core, 'auth.login', { username: 'admin', password: setup.password }, undefined, '198.51.100.7')).toMatchObject({ ok: true });
    expect(scrypt).toHaveBeenCalledTimes(1);
    expect(scryptSync).not.toHaveBeenCalled();
    core.close();
  });

  it('登录: the key is derived on the pool, for a known name and for an unknown one (same work), with the same answers', async () => {
    const core = await coreWithAdmin();
    const right = await whileDerivationsPending(core, 'auth.login', { username: 'admin', password: setup.password }, undefined, 1);
    expect(right).toMatchObject({ ok: true, result: { user: { username: 'admin' } } });
    const wrong = await whileDerivationsPending(core, 'auth.login', { username: 'admin', password: 'not-the-password' }, undefined, 1);
    const unknown = await whileDerivationsPending(core, 'auth.login', { username: 'nobody', password: 'not-the-password' }, undefined, 1);
    for (const answer of [wrong, unknown])
      expect(answer).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: '用户名或密码不正确', field: 'password' } });
    core.close();
  });

  it('修改密码, 新增用户, 重置密码 and 创建管理员账号 hash on the pool; what they store signs in', async () => {
    const core = await coreWithAdmin();
    const created = await whileDerivationsPending(
      core,
      'users.create',
      { username: 'staff1', displayName: '工作人员', role: 'staff', password: 'password-1' },
      adminToken,
      1,
    );
    expect(created).toMatchObject({ ok: true });
    const staffToken = (core.callWithSession('auth.login', { username: 'staff1', password: 'password-1' }, undefined) as { result: { token: string } }).result
      .token;
    // The current password's key and the new password's hash: two derivations.
    const changed = await whileDerivationsPending(core, 'auth.changePassword', { currentPassword: 'password-1', newPassword: 'password-2' }, staffToken, 2);
    expect(changed).toEqual({ ok: true, result: { done: true } });
    const refused = await whileDerivationsPending(core, 'auth.changePassword', { currentPassword: 'password-1', newPassword: 'password-3' }, staffToken, 2);
    expect(refused).toMatchObject({ ok: false, error: { message: '当前密码不正确', field: 'currentPassword' } });
    expect(core.callWithSession('auth.login', { username: 'staff1', password: 'password-2' }, undefined)).toMatchObject({ ok: true });

    const reset = await whileDerivationsPending(core, 'users.resetPassword', { id: idOf(created), password: 'password-4' }, adminToken, 1);
    expect(reset).toMatchObject({ ok: true });
    expect(core.callWithSession('auth.login', { username: 'staff1', password: 'password-4' }, undefined)).toMatchObject({ ok: true });
    expect(core.callWithSession('auth.login', { username: 'staff1', password: 'password-2' }, undefined)).toMatchObject({ ok: false });

    const fresh = await openTestCore();
    adminToken = '';
    const scrypt = holdScrypt();
    const first = shellCall(fresh, 'auth.setup', setup);
    await scrypt.finished(1);
    scrypt.release();
    expect(await first).toMatchObject({ ok: true });
    expect(scrypt.scryptSync).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    expect(fresh.callWithSession('auth.login', { username: 'admin', password: setup.password }, undefined)).toMatchObject({ ok: true });
    fresh.close();
    core.close();
  });

  it('a caller who may not call the operation gets no derivation, and the call says why', async () => {
    const core = await coreWithAdmin();
    const scrypt = holdScrypt();
    const input = { username: 'x1', displayName: '某人', role: 'staff', password: 'password-1' };
    expect(await shellCall(core, 'users.create', input)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await shellCall(core, 'users.create', { ...input, password: 'short' }, adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(scrypt.scrypt).not.toHaveBeenCalled();
    core.close();
  });

  it('登录 while the password is changed between the derivation and the call: the handler derives again, with the new salt', async () => {
    const core = await coreWithAdmin();
    const id = idOf(core.callWithSession('users.create', { username: 'staff1', displayName: '工作人员', role: 'staff', password: 'password-1' }, adminToken));
    const scrypt = holdScrypt();
    const login = shellCall(core, 'auth.login', { username: 'staff1', password: 'password-2' });
    await scrypt.finished(1); // with the old salt
    core.callWithSession('users.resetPassword', { id, password: 'password-2' }, adminToken); // the desktop's synchronous path
    expect(scrypt.scryptSync).toHaveBeenCalledTimes(1);
    scrypt.release();
    expect(await login).toMatchObject({ ok: true });
    expect(scrypt.scryptSync).toHaveBeenCalledTimes(2); // derived again in the handler
    core.close();
  });

  it('a password stored by the synchronous code (the format of every existing account) still signs in', async () => {
    const core = await coreWithAdmin();
    const id = idOf(core.callWithSession('users.create', { username: 'staff1', displayName: '工作人员', role: 'staff', password: 'password-1' }, adminToken));
    // hex(scryptSync('correct horse', salt, 64)), N=16384 r=8 p=1: worked out once by the code before this change.
    const salt = '0123456789abcdef0123456789abcdef';
    const hash = 'f6503180133c5866a0128d169a19873afdbe5d33e24508f3b243b7741c46d31c530643354185fd3e12ee10a516c8c2fa8973269f6e827512500f8aaf9649182b';
    withAuditContext(core.db, { actorId: null, actorName: '测试', operation: 'test.storedHash', at: '2026-11-24T02:00:00.000Z' }, () =>
      setPassword(core.db, id, hash, salt, '2026-11-24T02:00:00.000Z'),
    );
    expect(await shellCall(core, 'auth.login', { username: 'staff1', password: 'correct horse' })).toMatchObject({ ok: true });
    expect(await shellCall(core, 'auth.login', { username: 'staff1', password: 'correct horsE' })).toMatchObject({ ok: false });
    expect(core.callWithSession('auth.login', { username: 'staff1', password: 'correct horse' }, undefined)).toMatchObject({ ok: true });
    core.close();
  });
});

describe('the shells take the prepare step', () => {
  it('web: a sign-in pending on the pool does not hold another request', async () => {
    const core = await coreWithAdmin();
    const token = 'per-start-secret';
    const web = await startWebServer({ core, staticDir: tempDir(), token, port: 0 });
    const api = (name: string, body: unknown, session?: string) =>
      fetch(`http://127.0.0.1:${web.port}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token, ...(session ? { 'x-user-session': session } : {}) },
        body: JSON.stringify(body),
      }).then((res) => res.json() as Promise<CallResult<unknown>>);
    try {
      const scrypt = holdScrypt();
      let answer: CallResult<unknown> | undefined;
      const login = api('auth.login', { username: 'admin', password: setup.password }).then((result) => (answer = result));
      await scrypt.finished(1);
      expect(await api('regions.list', {}, adminToken)).toMatchObject({ ok: true });
      expect(answer).toBeUndefined();
      scrypt.release();
      expect(await login).toMatchObject({ ok: true, result: { user: { username: 'admin' } } });
      expect(scrypt.scryptSync).not.toHaveBeenCalled();
    } finally {
      await web.close();
      core.close();
    }
  });

  it('desktop core host: a sign-in pending on the pool does not hold the next request', async () => {
    const sent: HostMessage[] = [];
    let deliver: (message: { data: unknown }) => void = () => {};
    await runHost({ on: (_event, listener) => void (deliver = listener), postMessage: (m) => void sent.push(m) }, tempDir());
    await expect.poll(() => sent.some((m) => m.type === 'ready')).toBe(true);
    const answered = (id: number) => sent.find((m) => m.type === 'result' && m.id === id) as { result: CallResult<unknown> } | undefined;
    deliver({ data: { id: 1, name: 'auth.setup', input: setup } satisfies MainMessage });
    await expect.poll(() => answered(1)).toMatchObject({ result: { ok: true } });
    const session = (answered(1)!.result as { result: { token: string } }).result.token;

    const scrypt = holdScrypt();
    deliver({ data: { id: 2, name: 'auth.login', input: { username: 'admin', password: setup.password } } satisfies MainMessage });
    await scrypt.finished(1);
    deliver({ data: { id: 3, name: 'regions.list', input: {}, session } satisfies MainMessage });
    expect(answered(3)).toMatchObject({ result: { ok: true } });
    expect(answered(2)).toBeUndefined();
    scrypt.release();
    await expect.poll(() => answered(2)).toMatchObject({ result: { ok: true } });
    expect(scrypt.scryptSync).not.toHaveBeenCalled();
  });
});
