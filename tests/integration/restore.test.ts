import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import ExcelJS from 'exceljs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCore, restoreDataFile, StartupProblem } from '../../core/app.ts';
import { fixedClock } from '../../core/clock.ts';
import { listBackups } from '../../db/backup.ts';
import { finishJob, makeIdNumber, openTestCore, tempDir } from '../support/core.ts';
import { canMakeReadOnly, makeReadOnly } from '../support/read-only.ts';
import { runHost } from '../../electron/core-host.ts';
import type { HostMessage } from '../../electron/core-protocol.ts';
import { backupNow } from '../support/backup.ts';
import { testEngine } from '../support/postgres.ts';

const root = path.resolve(import.meta.dirname, '../..');
const setup = { username: 'admin', displayName: '管理员甲', password: 'correct horse' };

async function rosterBase64(rows: number): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('名册');
  sheet.addRow(['姓名', '身份证号码']);
  for (let i = 0; i < rows; i++)
    sheet.addRow([
      `学员${i}`,
      makeIdNumber('442000', `19${String(60 + (i % 40)).padStart(2, '0')}0${1 + (i % 9)}1${i % 10}`, String(100 + Math.floor(i / 90)).slice(-3)),
    ]);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe('restore from a backup', () => {
  it('is refused while an import runs, naming the job; the import then writes all it says', async () => {
    const core = await openTestCore();
    const { name } = await backupNow(core);
    const base64 = await rosterBase64(3000);
    const { jobId } = core.ok('registry.importCommit', { fileName: '名册.xlsx', base64 });
    const refused = core.call('backup.restore', { name });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/正在执行.*导入.*完成或取消后/) } });
    const status = await finishJob(core, jobId);
    expect(status.state).toBe('done');
    const created = (status.result as { counts: { created: number } }).counts.created;
    expect(created).toBeGreaterThan(2500);
    expect(core.ok('people.list', {}).total).toBe(created);
    core.close();
  });

  it('signs everyone else out, keeps the caller signed in, says what it did and is logged after the restore', async () => {
    const core = await openTestCore();
    const admin = (core.callWithSession('auth.setup', setup, undefined) as { result: { token: string } }).result.token;
    core.ok('users.create', { username: 'staff1', displayName: '工作人员乙', role: 'staff', password: 'password-1' });
    const other = (core.callWithSession('auth.login', { username: 'staff1', password: 'password-1' }, undefined) as { result: { token: string } }).result.token;
    const { name } = await backupNow(core);
    core.ok('people.create', { idNumber: makeIdNumber(), name: '备份后' });

    const restored = core.callWithSession('backup.restore', { name }, admin);
    expect(restored).toMatchObject({
      ok: true,
      result: {
        restored: name,
        safetyBackup: expect.stringMatching(/^before-restore-/),
        otherSessionsEnded: 1,
        message: expect.stringMatching(/^已先让其他所有用户退出登录（1 个登录会话），再从备份「.*」（手动备份）恢复。恢复前的数据已保存为安全副本/),
      },
    });
    expect(core.callWithSession('people.list', {}, other)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(core.callWithSession('people.list', {}, admin)).toMatchObject({ ok: true, result: { total: 0 } });
    const entry = core.ok('audit.list', { operation: 'backup.restore' }).rows[0];
    const safety = (restored as { result: { safetyBackup: string } }).result.safetyBackup;
    expect(entry).toMatchObject({ actorName: '管理员甲', after: expect.objectContaining({ 恢复自备份: name, 恢复前的安全副本: safety }) });
    expect(core.ok('audit.verify', {})).toMatchObject({ intact: true, message: '日志完整' });
    core.close();
  });

  it('with the data folder read-only, refuses before closing anything and keeps working on the data it had', async (ctx) => {
    const dir = tempDir();
    if (!canMakeReadOnly(dir)) ctx.skip();
    const core = await openTestCore(path.join(dir, 'data.sqlite3'));
    const elsewhere = tempDir('sws-usb-');
    core.ok('backup.setDir', { dir: elsewhere });
    core.ok('people.create', { idNumber: makeIdNumber(), name: '现有数据' });
    const { name } = await backupNow(core);
    const undo = makeReadOnly(dir);
    try {
      const refused = core.call('backup.restore', { name });
      expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining(`数据文件夹不可写：${dir}`) } });
      expect(core.ok('people.list', {}).total).toBe(1);
      expect(core.callWithSession('auth.status', {}, undefined).ok).toBe(true);
      // The data file stays (SQLite's: on PostgreSQL the data is in the database, the folder keeps the logs and backups).
      if (testEngine() === 'sqlite') expect(fs.existsSync(path.join(dir, 'data.sqlite3'))).toBe(true);
    } finally {
      undo();
      core.close();
    }
  });
});

describe('a backup interrupted midway', () => {
  it('SIGKILL while the copy is written leaves nothing listed as a backup, and the leftover is cleaned at the next start', async () => {
    const dir = tempDir();
    const dataFile = path.join(dir, 'data.sqlite3');
    (await openCore({ dataFile, clock: fixedClock('2026-11-24') })).close();
    const raw = new Database(dataFile);
    raw.exec(
      `CREATE TABLE filler (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000) INSERT INTO filler SELECT randomblob(2000) FROM n;`,
    );
    raw.close();
    const backups = path.join(dir, 'backups');
    fs.mkdirSync(backups, { recursive: true });
    const child = spawn(process.execPath, [path.join(import.meta.dirname, 'backup-child.ts'), dataFile, backups], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve) => readline.createInterface({ input: child.stdout }).on('line', (line) => line === 'start' && resolve()));
    for (let i = 0; i < 2000 && fs.readdirSync(backups).length === 0; i++) await new Promise((r) => setTimeout(r, 1));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(fs.readdirSync(backups).length, 'the copy had started when the process was killed').toBeGreaterThan(0);
    expect(listBackups(backups)).toEqual([]);
    const again = await openCore({ dataFile, clock: fixedClock('2026-11-24') });
    again.close();
    expect(fs.readdirSync(backups).filter((f) => !listBackups(backups).some((b) => b.name === f || `${b.name}.json` === f))).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true }); // 120 MB of filler
  }, 60_000);
});

describe('start-up problems', () => {
  it('a damaged data file: one short Chinese message, the detail in the log, backups offered by time and kind (not the safety copy first)', async () => {
    const dir = tempDir();
    const dataFile = path.join(dir, 'data.sqlite3');
    const core = await openCore({ dataFile, clock: fixedClock('2026-11-24') });
    for (let i = 0; i < 400; i++)
      core.call('people.create', { idNumber: makeIdNumber('442000', `19${60 + (i % 40)}0101`, String(100 + i).slice(-3)), name: `人员${i}` });
    const result = await backupNow(core);
    core.call('backup.restore', { name: result.name }); // leaves the safety copy, the newest file
    core.close();
    const bytes = fs.readFileSync(dataFile);
    for (let at = 3 * 4096; at < bytes.length - 4096; at += 4096 * 2) bytes.fill(0x5a, at + 100, at + 3000);
    fs.writeFileSync(dataFile, bytes);

    const problem = await openCore({ dataFile }).catch((e: unknown) => e);
    expect(problem).toBeInstanceOf(StartupProblem);
    const { message, latestGood } = problem as StartupProblem;
    expect(message).toMatch(/数据文件.*已损坏/);
    expect(message.split('\n').length).toBeLessThanOrEqual(8);
    expect(message).not.toMatch(/Page|btree|row \d|Tree \d|database disk image/i);
    expect(message).toMatch(/日志/);
    expect(message).toMatch(/手动备份/);
    expect(message).toMatch(/恢复前的安全副本/);
    expect(latestGood?.label).toBe('manual');
    const logs = fs
      .readdirSync(path.join(dir, 'logs'))
      .map((f) => fs.readFileSync(path.join(dir, 'logs', f), 'utf8'))
      .join('');
    expect(logs).toMatch(/数据文件无法打开/);

    // Restoring it at start (the shells' offer) logs the restore and moves the audit anchor to the restored data.
    restoreDataFile(dataFile, latestGood!.path);
    const back = await openCore({ dataFile });
    expect(back.call('audit.startupCheck', {})).toMatchObject({ ok: true, result: { intact: true, message: '日志完整' } });
    expect(back.call('audit.list', { operation: 'startup.restore' })).toMatchObject({ ok: true, result: { total: 1 } });
    back.close();
  });

  it('a read-only data folder: says 数据文件夹不可写 (core and the web shell, which exits non-zero)', async (ctx) => {
    const dir = tempDir();
    if (!canMakeReadOnly(dir)) ctx.skip();
    const dataFile = path.join(dir, 'data.sqlite3');
    const first = await openCore({ dataFile });
    first.callWithSession('auth.setup', setup, undefined);
    first.close();
    const undo = makeReadOnly(dir);
    try {
      const problem = await openCore({ dataFile }).catch((e: unknown) => e);
      expect(problem).toBeInstanceOf(StartupProblem);
      expect((problem as StartupProblem).message).toBe(`数据文件夹不可写：${dir}`);

      const child = spawn(process.execPath, [path.join(root, 'web/main.ts'), '--data-dir', dir, '--port', '0', '--json'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      clearTimeout(timer);
      expect(code).not.toBe(0);
      expect(code).not.toBe(null);
      expect(stderr).toContain(`数据文件夹不可写：${dir}`);

      // The desktop shell's core process reports it the same way; the startup-failure window shows the message.
      const sent: HostMessage[] = [];
      await runHost({ on: () => {}, postMessage: (m: HostMessage) => void sent.push(m) }, dir);
      expect(sent).toEqual([{ type: 'startup-error', message: `数据文件夹不可写：${dir}`, latestGood: undefined }]);
    } finally {
      undo();
    }
  }, 40_000);
});
