/**
 * Scheduled backups (服务器设置): daily at the set time in the configured zone, checked once a minute by
 * a timer in core (driven here by fake timers and an injected clock, never by waiting), rotated to the
 * configured number of daily, weekly and monthly backups; the last result is shown to administrators.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCore, type Core } from '../../core/app.ts';
import { backupsToKeep, listBackups, type BackupFile } from '../../db/backup.ts';
import { latestScheduledTime, scheduledBackupDue, DEFAULT_BACKUP_SCHEDULE } from '../../core/backup-schedule.ts';
import { localDate } from '../../core/dates.ts';
import { makeIdNumber, tempDir } from '../support/core.ts';

afterEach(() => {
  vi.useRealTimers();
});

const ok = (core: Core, name: string, input: unknown) => {
  const res = core.call(name, input);
  if (!res.ok) throw new Error(`${name} failed: ${JSON.stringify(res.error)}`);
  return res.result as Record<string, unknown>;
};

/** Lets the timer's minute pass and waits for the backup it started (the copy itself is real I/O). */
async function minutePasses(dir: string, expected: number) {
  await vi.advanceTimersByTimeAsync(60_000);
  for (let i = 0; i < 200 && listBackups(dir).length < expected; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

describe('the schedule', () => {
  it('is due when no backup has been made since the latest set time in the zone', () => {
    // 2026-12-07 01:59 in Shanghai: the latest 02:00 was the day before.
    expect(latestScheduledTime('2026-12-06T17:59:00.000Z', '02:00', 'Asia/Shanghai')).toBe('2026-12-05T18:00:00.000Z');
    expect(latestScheduledTime('2026-12-06T18:00:00.000Z', '02:00', 'Asia/Shanghai')).toBe('2026-12-06T18:00:00.000Z');
    const schedule = DEFAULT_BACKUP_SCHEDULE;
    expect(scheduledBackupDue('2026-12-06T17:59:00.000Z', schedule, 'Asia/Shanghai', '2026-12-05T18:00:00.000Z')).toBe(false);
    expect(scheduledBackupDue('2026-12-06T18:00:00.000Z', schedule, 'Asia/Shanghai', '2026-12-05T18:00:00.000Z')).toBe(true);
    expect(scheduledBackupDue('2026-12-06T18:00:00.000Z', schedule, 'Asia/Shanghai', undefined)).toBe(true);
  });

  it('keeps 7 daily, 4 weekly and 12 monthly by default, the days being the zone’s', () => {
    // One backup a day at 16:30 UTC: 00:30 of the next day in Shanghai.
    const files: BackupFile[] = [];
    for (let d = 0; d < 500; d++) {
      const at = new Date(Date.parse('2026-12-06T16:30:00.000Z') - d * 86_400_000).toISOString();
      files.push({ name: `daily-${at}.sqlite3`, path: '', label: 'daily', createdAt: at, size: 1 });
    }
    const keep = backupsToKeep(files, DEFAULT_BACKUP_SCHEDULE.keep, (iso) => localDate(iso, 'Asia/Shanghai'));
    const kept = files.filter((f) => keep.has(f.name)).map((f) => localDate(f.createdAt, 'Asia/Shanghai'));
    expect(kept.slice(0, 7)).toEqual(['2026-12-07', '2026-12-06', '2026-12-05', '2026-12-04', '2026-12-03', '2026-12-02', '2026-12-01']);
    // Then the newest of the last four ISO weeks (two already kept as days) and of the last twelve months.
    expect(kept.slice(7)).toEqual([
      '2026-11-30',
      '2026-11-29',
      '2026-11-22',
      '2026-10-31',
      '2026-09-30',
      '2026-08-31',
      '2026-07-31',
      '2026-06-30',
      '2026-05-31',
      '2026-04-30',
      '2026-03-31',
      '2026-02-28',
      '2026-01-31',
    ]);
    expect(kept.length).toBeLessThanOrEqual(7 + 4 + 12);
    // The month is the zone's: 23:30 on 30 November and 00:30 on 1 December in Shanghai are two months (in UTC, one day).
    const edge = ['2026-11-30T16:30:00.000Z', '2026-11-30T15:30:00.000Z'].map((at): BackupFile => ({
      name: at,
      path: '',
      label: 'daily',
      createdAt: at,
      size: 1,
    }));
    expect([...backupsToKeep(edge, { daily: 0, weekly: 0, monthly: 2 }, (iso) => localDate(iso, 'Asia/Shanghai'))]).toHaveLength(2);
    expect([...backupsToKeep(edge, { daily: 0, weekly: 0, monthly: 2 })]).toHaveLength(1);
  });
});

describe('scheduled backups in core', () => {
  it('runs at the set time, rotates, and shows the last result; a failure is shown with its reason', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let now = '2026-12-06T17:00:00.000Z'; // 01:00 on 7 December in Shanghai
    const dir = tempDir();
    const backups = path.join(dir, 'backups');
    const first = await openCore({ dataFile: path.join(dir, 'data.sqlite3'), now: () => now });
    ok(first, 'people.create', { idNumber: makeIdNumber(), name: '张三' });
    ok(first, 'system.saveServerSettings', { timeZone: 'Asia/Shanghai', backupTime: '02:00', keepDaily: 2, keepWeekly: 0, keepMonthly: 0 });
    expect(ok(first, 'system.serverSettings', {})).toMatchObject({ lastScheduledBackup: null, nextScheduledBackupAt: '2026-12-06T18:00:00.000Z' });
    first.close();
    // Backups of earlier days, as earlier runs left them.
    fs.mkdirSync(backups);
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']) fs.writeFileSync(path.join(backups, `daily-${day}T18-00-00-000Z.sqlite3`), 'x');

    // At start, the 02:00 of 6 December is missed (the newest backup is older): it is made now.
    const core = await openCore({ dataFile: path.join(dir, 'data.sqlite3'), now: () => now });
    expect(listBackups(backups).map((f) => f.name)).toEqual(['daily-2026-12-06T17-00-00-000Z.sqlite3', 'daily-2026-12-04T18-00-00-000Z.sqlite3']);

    now = '2026-12-06T17:59:00.000Z'; // 01:59: not yet
    await minutePasses(backups, 3);
    expect(listBackups(backups)).toHaveLength(2);

    now = '2026-12-06T18:00:00.000Z'; // 02:00 in Shanghai
    await minutePasses(backups, 3);
    const names = listBackups(backups).map((f) => f.name);
    // Two days kept, the newest of each: 7 December (02:00, not 01:00) and 5 December.
    expect(names).toEqual(['daily-2026-12-06T18-00-00-000Z.sqlite3', 'daily-2026-12-04T18-00-00-000Z.sqlite3']);
    expect(ok(core, 'system.serverSettings', {})).toMatchObject({
      lastScheduledBackup: { at: '2026-12-06T18:00:00.000Z', ok: true, file: 'daily-2026-12-06T18-00-00-000Z.sqlite3', error: null, dir: backups, removed: 1 },
      nextScheduledBackupAt: '2026-12-07T18:00:00.000Z',
    });

    // The next day the folder is gone (a USB drive unplugged): the run fails and says why.
    const usb = path.join(tempDir(), 'usb');
    ok(core, 'backup.setDir', { dir: usb });
    fs.rmSync(usb, { recursive: true });
    fs.writeFileSync(usb, 'not a folder');
    now = '2026-12-07T18:00:30.000Z';
    await minutePasses(backups, 99);
    const last = ok(core, 'system.serverSettings', {}).lastScheduledBackup as Record<string, unknown>;
    expect(last).toMatchObject({ at: '2026-12-07T18:00:30.000Z', ok: false, file: null, dir: usb });
    expect(String(last.error)).toMatch(/EEXIST|ENOTDIR/);
    core.close();
  });
});
