import { describe, expect, it } from 'vitest';
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

  it('locks an account for 15 minutes after 5 wrong passwords, saying until when', async () => {
    const core = await openTestCore();
    core.callWithSession('auth.setup', setup, undefined);
    for (let i = 1; i <= 4; i++) {
      const r = core.callWithSession('auth.login', { username: 'admin', password: 'wrong password' }, undefined);
      expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringContaining(`再错 ${5 - i} 次`) } });
    }
    const fifth = core.callWithSession('auth.login', { username: 'admin', password: 'wrong password' }, undefined);
    expect(fifth).toMatchObject({ ok: false, error: { message: expect.stringContaining('锁定至 2026-11-24 16:15') } });
    const evenRight = core.callWithSession('auth.login', { username: 'admin', password: setup.password }, undefined);
    expect(evenRight).toMatchObject({ ok: false, error: { message: expect.stringContaining('锁定至') } });
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
    expect(core.callWithSession('auth.login', { username: 'staff1', password: 'password-2' }, undefined)).toMatchObject({ ok: false, error: { message: '该账号已停用，请联系管理员' } });
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

describe('training-base scope (issue 5 stand-in)', () => {
  it('a coordinator session carries the bases assigned on the user', async () => {
    const core = await openTestCore();
    const { token } = (core.callWithSession('auth.setup', setup, undefined) as { result: { token: string } }).result;
    const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    const org = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
    const base = (name: string) => core.ok('bases.create', { name, organizationId: org.id, regionId: city.id, grade: 'ordinary', accreditationStatus: 'provisional', accreditedUntil: '2028-12-31' }).base.id;
    const [b1, , b3] = [base('一号基地'), base('二号基地'), base('三号基地')];
    const create = (input: object) => core.callWithSession('users.create', { password: 'password-1', ...input }, token);
    expect(create({ username: 'c1', displayName: '协调员丁', role: 'coordinator', baseIds: [b3, b1] })).toMatchObject({ ok: true, result: { baseIds: [b1, b3], bases: [{ name: '一号基地' }, { name: '三号基地' }] } });
    expect(create({ username: 's1', displayName: '工作人员', role: 'staff', baseIds: [b3] })).toMatchObject({ ok: false, error: { field: 'baseIds', message: '只有基地协调员可以分配基地' } });
    expect(create({ username: 'c2', displayName: '协调员戊', role: 'coordinator', baseIds: [] })).toMatchObject({ ok: false, error: { field: 'baseIds', message: '请为基地协调员选择负责的基地' } });
    expect(create({ username: 'c3', displayName: '协调员己', role: 'coordinator', baseIds: [999] })).toMatchObject({ ok: false, error: { field: 'baseIds', message: '实训基地 999 不存在' } });
    const c1 = (core.callWithSession('auth.login', { username: 'c1', password: 'password-1' }, undefined) as { result: { token: string } }).result.token;
    expect(core.callWithSession('auth.status', {}, c1)).toMatchObject({ ok: true, result: { user: { role: 'coordinator', baseIds: [b1, b3] } } });
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
