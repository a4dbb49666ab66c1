import crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { openTestCore, makeIdNumber, snapshotCounts } from '../support/core.ts';
import type { Actor } from '../../core/permissions.ts';
import { assertBaseAccess } from '../../core/services/base-access.ts';

const setup = { username: 'admin', displayName: '管理员甲', password: 'correct horse' };

describe('accounts and sessions', () => {
  it('first start needs an administrator; afterwards setup is refused and login works', async () => {
    const core = await openTestCore();
    expect(core.callWithSession('auth.status', {}, undefined)).toMatchObject({ ok: true, result: { needsSetup: true, user: null } });
    expect(core.callWithSession('people.list', {}, undefined)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const short = core.callWithSession('auth.setup', { ...setup, password: 'short' }, undefined);
    expect(short).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'password' } });
    const first = core.callWithSession('auth.setup', setup, undefined);
    expect(first.ok).toBe(true);
    const token = (first as { result: { token: string } }).result.token;
    expect((first as { result: { status: unknown } }).result.status).toEqual((core.callWithSession('auth.status', {}, token) as { result: unknown }).result);
    expect(core.callWithSession('people.list', {}, token)).toMatchObject({ ok: true });
    expect(core.callWithSession('auth.setup', { ...setup, username: 'other' }, undefined)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const login = core.callWithSession('auth.login', { username: 'ADMIN', password: setup.password }, undefined);
    expect(login).toMatchObject({ ok: true, result: { user: { role: 'admin' } } });
    core.callWithSession('auth.logout', {}, token);
    expect(core.callWithSession('people.list', {}, token)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const hash = core.db.prepare('SELECT password_hash AS h, password_salt AS s FROM app_user').get() as { h: string; s: string };
    expect(hash.h).not.toContain(setup.password);
    expect(hash.s).toHaveLength(32);
  });

  it('locks an account for 15 minutes after 5 wrong passwords from one source, and says so only to whoever knows the password', async () => {
    const core = await openTestCore();
    core.callWithSession('auth.setup', setup, undefined);
    for (let i = 1; i <= 5; i++) {
      const r = core.callWithSession('auth.login', { username: 'admin', password: 'wrong password' }, undefined);
      expect(r).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: '用户名或密码不正确', field: 'password' } });
    }
    // Locked: a wrong guess gets the same answer as before; the right password learns until when.
    expect(core.callWithSession('auth.login', { username: 'admin', password: 'wrong again' }, undefined)).toMatchObject({
      ok: false,
      error: { message: '用户名或密码不正确' },
    });
    const evenRight = core.callWithSession('auth.login', { username: 'admin', password: setup.password }, undefined);
    expect(evenRight).toMatchObject({ ok: false, error: { message: expect.stringContaining('锁定至 2026-11-24 16:15') } });
    // The desktop shell ('local', the default) and another address are not locked out by these guesses.
    expect(core.callWithSession('auth.login', { username: 'admin', password: setup.password }, undefined, '192.0.2.7')).toMatchObject({ ok: true });
    expect(core.ok('users.list', {}).rows[0]!.lockedUntil).toBe('2026-11-24T08:15:00.000Z');
  });

  it('every failed login gets the same answer after the same work: unknown, existing, deactivated', async () => {
    const core = await openTestCore();
    const { token } = (core.callWithSession('auth.setup', setup, undefined) as { result: { token: string } }).result;
    const off = (
      core.callWithSession('users.create', { username: 'gone', displayName: '离职者', role: 'staff', password: 'password-1' }, token) as {
        result: { id: number };
      }
    ).result;
    core.callWithSession('users.setActive', { id: off.id, active: false }, token);
    // The work: each failed login derives one key with the same parameters; an unknown name used to skip it (1.9 against
    // 45.8 ms, a timing oracle for which names exist). Counted, not timed.
    const scryptSync = vi.spyOn(crypto, 'scryptSync');
    const attempt = (username: string) => {
      scryptSync.mockClear();
      const result = core.callWithSession('auth.login', { username, password: 'not-the-password-9' }, undefined, '192.0.2.1');
      return { result, derivations: scryptSync.mock.calls.map(([password, salt, keylen]) => [password, String(salt).length, keylen]) };
    };
    const attempts = ['nobody', 'admin', 'gone'].map(attempt);
    for (const { result } of attempts) expect(result).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: '用户名或密码不正确', field: 'password' } });
    for (const { derivations } of attempts) expect(derivations).toEqual(attempts[1]!.derivations);
    expect(attempts[1]!.derivations).toHaveLength(1);
    scryptSync.mockRestore();
    // The deactivated account is named as such only after the right password.
    expect(core.callWithSession('auth.login', { username: 'gone', password: 'password-1' }, undefined)).toMatchObject({
      ok: false,
      error: { message: '该账号已停用，请联系管理员' },
    });
  });

  it('an administrator lifts a lock from a second account (解除锁定); other roles may not', async () => {
    const core = await openTestCore();
    const { token } = (core.callWithSession('auth.setup', setup, undefined) as { result: { token: string } }).result;
    const second = (
      core.callWithSession('users.create', { username: 'admin2', displayName: '管理员乙', role: 'admin', password: 'password-1' }, token) as {
        result: { id: number };
      }
    ).result;
    const staff = (
      core.callWithSession('users.create', { username: 'staff9', displayName: '工作人员', role: 'staff', password: 'password-2' }, token) as {
        result: { id: number };
      }
    ).result;
    for (let i = 0; i < 5; i++) core.callWithSession('auth.login', { username: 'admin', password: 'guess-guess-1' }, undefined, '127.0.0.1');
    expect(core.callWithSession('auth.login', { username: 'admin', password: setup.password }, undefined, '127.0.0.1')).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('锁定至') },
    });
    const staffToken = (core.callWithSession('auth.login', { username: 'staff9', password: 'password-2' }, undefined) as { result: { token: string } }).result
      .token;
    expect(core.callWithSession('users.unlock', { id: 1 }, staffToken)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const admin2 = (core.callWithSession('auth.login', { username: 'admin2', password: 'password-1' }, undefined, '127.0.0.1') as { result: { token: string } })
      .result.token;
    expect(core.callWithSession('users.unlock', { id: 1 }, admin2)).toMatchObject({ ok: true, result: { id: 1, lockedUntil: null } });
    expect(core.callWithSession('auth.login', { username: 'admin', password: setup.password }, undefined, '127.0.0.1')).toMatchObject({ ok: true });
    expect(core.ok('audit.list', { tableName: 'login_lockout' }).rows.some((r: { operation: string }) => r.operation === 'users.unlock')).toBe(true);
    expect(second.id).not.toBe(staff.id);
  });

  it('refuses weak passwords with the rule named: setup, new user, own change and reset alike', async () => {
    const core = await openTestCore();
    const refused = (result: unknown, field: string, message: RegExp) =>
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', field, message: expect.stringMatching(message) } });
    for (const [password, rule] of [
      ['12345678', /至少 10 位/],
      ['password', /至少 10 位/],
      ['        ', /至少 10 位/],
      ['abcdefghijkl', /字母、数字、符号中的至少两类/],
      ['1234567890', /字母、数字、符号中的至少两类/],
      ['          ', /字母、数字、符号中的至少两类/],
      ['woaini1314', /常用密码/],
      ['123456789a', /常用密码/],
      ['A1234567890', /常用密码/],
      ['Admin-2026-ok', /不能是用户名/],
    ] as const) {
      refused(core.callWithSession('auth.setup', { ...setup, password }, undefined), 'password', rule);
    }
    const { token } = (core.callWithSession('auth.setup', setup, undefined) as { result: { token: string } }).result;
    refused(
      core.callWithSession('users.create', { username: 'zhangsan', displayName: '张三', role: 'staff', password: 'qwertyuiop' }, token),
      'password',
      /初始密码需包含/,
    );
    refused(
      core.callWithSession('users.create', { username: 'zhangsan', displayName: '张三', role: 'staff', password: 'zhangsan-2026' }, token),
      'password',
      /初始密码不能是用户名/,
    );
    const id = (
      core.callWithSession('users.create', { username: 'zhangsan', displayName: '张三', role: 'staff', password: 'password-1' }, token) as {
        result: { id: number };
      }
    ).result.id;
    refused(core.callWithSession('users.resetPassword', { id, password: 'ZhangSan#2026' }, token), 'password', /新密码不能是用户名/);
    refused(core.callWithSession('users.resetPassword', { id, password: 'a1234567890' }, token), 'password', /新密码过于常见/);
    refused(
      core.callWithSession('auth.changePassword', { currentPassword: setup.password, newPassword: 'my-admin-pass' }, token),
      'newPassword',
      /新密码不能是用户名/,
    );
    refused(core.callWithSession('auth.changePassword', { currentPassword: setup.password, newPassword: '1111111111' }, token), 'newPassword', /至少两类/);
    expect(core.callWithSession('auth.changePassword', { currentPassword: setup.password, newPassword: '督导中心密码-2026' }, token)).toMatchObject({
      ok: true,
    });
  });

  it("changing one's own password ends one's other sessions, not the current one", async () => {
    const core = await openTestCore();
    const { token } = (core.callWithSession('auth.setup', setup, undefined) as { result: { token: string } }).result;
    const other = (core.callWithSession('auth.login', { username: 'admin', password: setup.password }, undefined) as { result: { token: string } }).result
      .token;
    expect(core.callWithSession('auth.changePassword', { currentPassword: setup.password, newPassword: 'fresh-pass-77' }, token)).toMatchObject({ ok: true });
    expect(core.callWithSession('people.list', {}, token)).toMatchObject({ ok: true });
    expect(core.callWithSession('people.list', {}, other)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('admins create, reset and deactivate users; a deactivated user cannot log in and keeps their history', async () => {
    const core = await openTestCore();
    const { token } = (core.callWithSession('auth.setup', setup, undefined) as { result: { token: string } }).result;
    const created = core.callWithSession('users.create', { username: 'staff1', displayName: '工作人员乙', role: 'staff', password: 'password-1' }, token);
    expect(created).toMatchObject({ ok: true, result: { role: 'staff', active: true } });
    const id = (created as { result: { id: number } }).result.id;
    const staff = (core.callWithSession('auth.login', { username: 'staff1', password: 'password-1' }, undefined) as { result: { token: string } }).result.token;
    expect(core.callWithSession('users.list', {}, staff)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(core.callWithSession('auth.changePassword', { currentPassword: 'password-1', newPassword: 'password-2' }, staff)).toMatchObject({ ok: true });
    expect(core.callWithSession('users.setActive', { id, active: false }, token)).toMatchObject({ ok: true, result: { active: false } });
    expect(core.callWithSession('people.list', {}, staff)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(core.callWithSession('auth.login', { username: 'staff1', password: 'password-2' }, undefined)).toMatchObject({
      ok: false,
      error: { message: '该账号已停用，请联系管理员' },
    });
    expect(core.callWithSession('users.resetPassword', { id, password: 'password-3' }, token)).toMatchObject({ ok: true });
    expect(core.callWithSession('users.setActive', { id: 1, active: false }, token)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(core.db.prepare('SELECT count(*) AS n FROM app_user').get()).toEqual({ n: 2 });
  });

  it('masks 身份证号 and phone numbers for roles without pii.read, in core', async () => {
    const core = await openTestCore();
    const idNumber = makeIdNumber('442000', '19900101', '123');
    const person = core.ok('people.create', { idNumber, name: '张三', phone: '13800138000' });
    const auditor: Actor = { id: 99, name: '审计丙', role: 'auditor' };
    const list = core.ok('people.list', {}, auditor);
    expect(list.rows[0]!.idNumber).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(14)}`);
    expect(list.rows[0]!.phone).toBe('*******8000');
    expect(core.ok('people.get', { id: person.id }, auditor).person.idNumber).toContain('*');
    const entries = core.ok('audit.list', { tableName: 'person' }, auditor);
    expect(JSON.stringify(entries)).not.toContain(idNumber);
    expect(core.ok('people.list', {}).rows[0]!.idNumber).toBe(idNumber);
  });

  it('a refused call changes nothing', async () => {
    const core = await openTestCore();
    const before = snapshotCounts(core);
    core.fail('people.create', { idNumber: makeIdNumber(), name: '李四' }, { id: 5, name: '审计', role: 'auditor' });
    expect(snapshotCounts(core)).toEqual(before);
  });
});

describe('training-base scope', () => {
  it('a coordinator session carries the bases assigned on the user', async () => {
    const core = await openTestCore();
    const { token } = (core.callWithSession('auth.setup', setup, undefined) as { result: { token: string } }).result;
    const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    const org = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
    const base = (name: string) =>
      core.ok('bases.create', {
        name,
        organizationId: org.id,
        regionId: city.id,
        grade: 'ordinary',
        accreditationStatus: 'provisional',
        accreditedUntil: '2028-12-31',
      }).base.id;
    const [b1, , b3] = [base('一号基地'), base('二号基地'), base('三号基地')];
    const create = (input: object) => core.callWithSession('users.create', { password: 'password-1', ...input }, token);
    expect(create({ username: 'c1', displayName: '协调员丁', role: 'coordinator', baseIds: [b3, b1] })).toMatchObject({
      ok: true,
      result: { baseIds: [b1, b3], bases: [{ name: '一号基地' }, { name: '三号基地' }] },
    });
    expect(create({ username: 's1', displayName: '工作人员', role: 'staff', baseIds: [b3] })).toMatchObject({
      ok: false,
      error: { field: 'baseIds', message: '只有基地协调员可以分配基地' },
    });
    expect(create({ username: 'c2', displayName: '协调员戊', role: 'coordinator', baseIds: [] })).toMatchObject({
      ok: false,
      error: { field: 'baseIds', message: '请为基地协调员选择负责的基地' },
    });
    expect(create({ username: 'c3', displayName: '协调员己', role: 'coordinator', baseIds: [999] })).toMatchObject({
      ok: false,
      error: { field: 'baseIds', message: '实训基地 999 不存在' },
    });
    const login = core.callWithSession('auth.login', { username: 'c1', password: 'password-1' }, undefined) as { result: { token: string; status: unknown } };
    const c1 = login.result.token;
    expect(core.callWithSession('auth.status', {}, c1)).toMatchObject({ ok: true, result: { user: { role: 'coordinator', baseIds: [b1, b3] } } });
    // The sign-in carries what auth.status answers the new session: the renderer shows the first screen without asking again.
    expect(login.result.status).toEqual((core.callWithSession('auth.status', {}, c1) as { result: unknown }).result);
    expect(core.callWithSession('people.create', { idNumber: makeIdNumber(), name: '王五' }, c1)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a coordinator reaches only assigned bases; other roles reach all', () => {
    const coordinator: Actor = { id: 3, name: '协调员', role: 'coordinator', baseIds: [1, 2] };
    expect(() => assertBaseAccess({ actor: coordinator }, 1)).not.toThrow();
    expect(() => assertBaseAccess({ actor: coordinator }, 7)).toThrow(/未分配给当前账号/);
    expect(() => assertBaseAccess({ actor: { id: 3, name: 'x', role: 'coordinator' } }, 1)).toThrow();
    expect(() => assertBaseAccess({ actor: { id: 1, name: 'a', role: 'staff' } }, 7)).not.toThrow();
  });
});
