import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTestCore, tempDir } from '../support/core.ts';
import { restoreDataFile } from '../../core/app.ts';
import { movableClock } from '../support/movable-clock.ts';
import { backupNow } from '../support/backup.ts';
import { testEngine } from '../support/postgres.ts';

const setup = { username: 'admin', displayName: '管理员甲', password: 'long-enough-password-2026' };
type Ok<T> = { ok: true; result: T };
const tokenOf = (result: unknown) => (result as Ok<{ token: string }>).result.token;

describe('sign-in sessions (in the database)', () => {
  it('end after 30 idle minutes and after 12 hours at most; both settable by an administrator', async () => {
    const { clock, advance } = movableClock();
    const core = await openTestCore(undefined, clock);
    const admin = tokenOf(core.callWithSession('auth.setup', setup, undefined));
    advance(29);
    expect(core.callWithSession('people.list', {}, admin)).toMatchObject({ ok: true });
    advance(29); // 29 minutes since the last call: still alive
    expect(core.callWithSession('people.list', {}, admin)).toMatchObject({ ok: true });
    advance(31);
    expect(core.callWithSession('people.list', {}, admin)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(core.db.prepare('SELECT ended_reason FROM user_session').pluck().all()).toEqual(['idle']);

    // Busy all day: the absolute limit ends it anyway.
    const again = tokenOf(core.callWithSession('auth.login', setup, undefined));
    for (let hour = 0; hour < 12 * 3 - 1; hour++) {
      advance(20);
      expect(core.callWithSession('people.list', {}, again).ok).toBe(true);
    }
    advance(20);
    expect(core.callWithSession('people.list', {}, again)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });

    const third = tokenOf(core.callWithSession('auth.login', setup, undefined));
    expect(core.callWithSession('online.list', {}, third)).toMatchObject({ ok: true, result: { timeouts: { idleMinutes: 30, absoluteHours: 12 } } });
    expect(core.callWithSession('online.setTimeouts', { idleMinutes: 600, absoluteHours: 8 }, third)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'idleMinutes', message: '空闲超时不能长于最长登录时间' },
    });
    expect(core.callWithSession('online.setTimeouts', { idleMinutes: 120, absoluteHours: 8 }, third)).toMatchObject({ ok: true });
    advance(100);
    expect(core.callWithSession('people.list', {}, third).ok).toBe(true);
    core.close();
  });

  it('survive a restart; only the token’s SHA-256 is stored', async () => {
    const file = path.join(tempDir(), 'data.sqlite3');
    const first = await openTestCore(file);
    const token = tokenOf(first.callWithSession('auth.setup', setup, undefined, '192.0.2.5', 'Mozilla/5.0 测试'));
    first.close();
    const second = await openTestCore(file);
    expect(second.callWithSession('auth.status', {}, token)).toMatchObject({ ok: true, result: { user: { name: '管理员甲' } } });
    const rows = second.db.prepare('SELECT * FROM user_session').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: '192.0.2.5', user_agent: 'Mozilla/5.0 测试', ended_at: null });
    expect(JSON.stringify(rows)).not.toContain(token);
    second.close();
  });

  it('a backup restored at start signs nobody in: the sessions it held are over', async () => {
    const file = path.join(tempDir(), 'data.sqlite3');
    const first = await openTestCore(file);
    const token = tokenOf(first.callWithSession('auth.setup', setup, undefined));
    const { name } = await backupNow(first);
    if (testEngine() === 'postgres') {
      // No data file to put back before a start there (restoreDataFile is SQLite's): the restore replaces the rows in place.
      first.ok('backup.restore', { name });
      expect(first.callWithSession('auth.status', {}, token)).toMatchObject({ ok: true, result: { user: null } });
      first.close();
      return;
    }
    const backupFile = path.join(path.dirname(file), 'backups', name);
    first.close();
    restoreDataFile(file, backupFile);
    const second = await openTestCore(file);
    expect(second.callWithSession('auth.status', {}, token)).toMatchObject({ ok: true, result: { user: null } });
    second.close();
  });

  it('在线用户: an administrator sees who is signed in and ends a session; that user is signed out at the next call', async () => {
    const core = await openTestCore();
    const admin = tokenOf(core.callWithSession('auth.setup', setup, undefined, '192.0.2.1'));
    core.ok('users.create', { username: 'staff1', displayName: '工作人员乙', role: 'staff', password: 'password-1' });
    const staff = tokenOf(core.callWithSession('auth.login', { username: 'staff1', password: 'password-1' }, undefined, '192.0.2.9', 'Firefox'));
    const listed = core.callWithSession('online.list', {}, admin) as Ok<{ rows: { id: number; displayName: string; source: string; current: boolean }[] }>;
    expect(listed.result.rows.map((r) => [r.displayName, r.source, r.current]).sort()).toEqual([
      ['工作人员乙', '192.0.2.9', false],
      ['管理员甲', '192.0.2.1', true],
    ]);
    expect(core.callWithSession('online.list', {}, staff)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const own = listed.result.rows.find((r) => r.current)!;
    expect(core.callWithSession('online.endSession', { id: own.id }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const other = listed.result.rows.find((r) => !r.current)!;
    expect(core.callWithSession('online.endSession', { id: other.id }, admin)).toMatchObject({ ok: true, result: { ended: true } });
    expect(core.callWithSession('people.list', {}, staff)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(core.callWithSession('online.endSession', { id: other.id }, admin)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const entry = core.ok('audit.list', { operation: 'online.endSession' }).rows[0];
    expect(entry).toMatchObject({ actorName: '管理员甲', after: expect.objectContaining({ 结束会话: other.id, 来源地址: '192.0.2.9' }) });
    expect(core.ok('audit.verify', {})).toMatchObject({ intact: true });
    core.close();
  });

  it('refuses an address after 20 failed logins in 15 minutes, whatever the accounts; other addresses go on', async () => {
    const { clock, advance } = movableClock();
    const core = await openTestCore(undefined, clock);
    core.callWithSession('auth.setup', setup, undefined);
    for (let i = 0; i < 20; i++) {
      const answer = core.callWithSession('auth.login', { username: `guess${i}`, password: 'not-the-password-9' }, undefined, '198.51.100.7');
      expect(answer).toMatchObject({ ok: false, error: { message: '用户名或密码不正确' } });
    }
    const refused = core.callWithSession('auth.login', setup, undefined, '198.51.100.7');
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/来自此地址（198\.51\.100\.7）的登录失败次数过多.*15 分钟后再试/) },
    });
    expect(core.callWithSession('auth.login', setup, undefined, '198.51.100.8')).toMatchObject({ ok: true });
    advance(16);
    expect(core.callWithSession('auth.login', setup, undefined, '198.51.100.7')).toMatchObject({ ok: true });
    core.close();
  });
});
