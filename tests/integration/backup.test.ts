import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore, restoreDataFile, StartupProblem } from '../../core/app.ts';
import { backupsToKeep, checkDatabaseFile, listBackups, type BackupFile } from '../../db/backup.ts';
import { makeIdNumber, openTestCore, tempDir, TODAY } from '../support/core.ts';
import { integrityProblems } from '../../core/integrity.ts';
import { fixedClock } from '../../core/clock.ts';
import { latestVersion } from '../../db/migrate.ts';
import { backupNow } from '../support/backup.ts';
import { testEngine } from '../support/postgres.ts';

describe('backups', () => {
  it('backs up on demand into the configured folder and restores, after backing up the current data', async () => {
    const core = await openTestCore();
    core.ok('people.create', { idNumber: makeIdNumber(), name: '备份前' });
    // The screen says which engine the data is on (a PostgreSQL database by its address without the password).
    const engine = testEngine();
    expect(core.ok('backup.status', {})).toMatchObject({ engine, database: engine === 'postgres' ? expect.stringMatching(/^postgres:\/\//) : null });
    const usb = path.join(tempDir('sws-usb-'), '备份');
    expect(core.ok('backup.setDir', { dir: usb })).toEqual({ dir: usb });
    const { name } = await backupNow(core);
    expect(fs.existsSync(path.join(usb, name))).toBe(true);
    core.ok('people.create', { idNumber: makeIdNumber('442000', '19910101', '125'), name: '备份后' });

    expect(core.fail('backup.restore', { name: '../data.sqlite3' }).code).toBe('VALIDATION');
    expect(core.fail('backup.restore', { name: 'manual-2020-01-01T00-00-00-000Z.sqlite3' }).code).toBe('NOT_FOUND');
    const restored = core.ok('backup.restore', { name });
    expect(restored.safetyBackup).toMatch(/^before-restore-/);
    expect(core.ok('people.list', {}).rows.map((p) => p.name)).toEqual(['备份前']);
    expect(integrityProblems(core.db, TODAY)).toEqual([]); // SQLite's own checks there, the domain's on both
    // The data that the restore replaced is in the safety backup.
    expect(checkDatabaseFile(path.join(usb, restored.safetyBackup), latestVersion())).toEqual({ ok: true, schemaVersion: latestVersion() });
  });

  it('refuses a damaged backup or one from newer code before replacing anything', async () => {
    const core = await openTestCore();
    core.ok('people.create', { idNumber: makeIdNumber(), name: '现有数据' });
    const { name, dir } = await backupNow(core);
    const damaged = path.join(dir, name.replace('manual-', 'manual-').replace('.sqlite3', '-9.sqlite3'));
    const bytes = fs.readFileSync(path.join(dir, name));
    bytes.fill(0x41, 4096, 8192);
    fs.writeFileSync(damaged, bytes);
    const error = core.fail('backup.restore', { name: path.basename(damaged) });
    expect(error.message).toMatch(/未通过检查，未做任何更改/);
    expect(core.ok('people.list', {}).total).toBe(1);

    const newer = path.join(dir, 'manual-2026-01-01T00-00-00-000Z.sqlite3');
    fs.copyFileSync(path.join(dir, name), newer);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(newer);
    db.pragma('user_version = 99');
    db.close();
    expect(core.fail('backup.restore', { name: path.basename(newer) }).message).toMatch(/v99.*新/);
  });

  it('rotates to 7 daily, 4 weekly and 12 monthly', () => {
    const files: BackupFile[] = [];
    for (let d = 0; d < 400; d++) {
      const at = new Date(Date.UTC(2026, 10, 24) - d * 86_400_000).toISOString();
      files.push({ name: `daily-${at}.sqlite3`, path: '', label: 'daily', createdAt: at, size: 1 });
    }
    const keep = backupsToKeep(files);
    const kept = files.filter((f) => keep.has(f.name)).map((f) => f.createdAt.slice(0, 10));
    expect(kept.slice(0, 7)).toEqual(['2026-11-24', '2026-11-23', '2026-11-22', '2026-11-21', '2026-11-20', '2026-11-19', '2026-11-18']);
    expect(kept.length).toBeLessThanOrEqual(7 + 4 + 12);
    expect(kept.length).toBeGreaterThanOrEqual(20);
    expect(kept.at(-1)! < '2026-01-01').toBe(true);
  });
});

describe('start-up checks', () => {
  it('never starts empty when the data file is missing but backups exist, and offers the latest good one', async () => {
    const dir = tempDir();
    const dataFile = path.join(dir, 'data.sqlite3');
    const first = await openCore({ dataFile, clock: fixedClock('2026-11-24') });
    first.call('people.create', { idNumber: makeIdNumber(), name: '张三' });
    await backupNow(first);
    first.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dataFile + suffix, { force: true });

    const problem = await openCore({ dataFile }).catch((e: unknown) => e);
    expect(problem).toBeInstanceOf(StartupProblem);
    expect((problem as StartupProblem).kind).toBe('missing');
    expect((problem as StartupProblem).message).toMatch(/找不到数据文件.*没有新建数据文件.*最近的完好备份「manual-.*」（手动备份/);
    expect(fs.existsSync(dataFile)).toBe(false);

    restoreDataFile(dataFile, (problem as StartupProblem).latestGood!.path);
    const back = await openCore({ dataFile });
    expect((back.call('people.list', {}) as { result: { total: number } }).result.total).toBe(1);
    back.close();
  });

  it('reports a damaged file in Chinese instead of starting on it', async () => {
    const dir = tempDir();
    const dataFile = path.join(dir, 'data.sqlite3');
    const first = await openCore({ dataFile });
    await backupNow(first);
    first.close();
    fs.writeFileSync(dataFile, 'this is not a database at all, just text'.repeat(200));
    for (const suffix of ['-wal', '-shm']) fs.rmSync(dataFile + suffix, { force: true });
    const problem = await openCore({ dataFile }).catch((e: unknown) => e);
    expect(problem).toMatchObject({ kind: 'damaged', message: expect.stringMatching(/已损坏，无法打开（详细情况已写入日志[\s\S]*可从最近的完好备份.*恢复/) });
    expect(listBackups(path.join(dir, 'backups')).length).toBe(1);
  });
});
