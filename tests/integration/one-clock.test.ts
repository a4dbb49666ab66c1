/**
 * One clock (issue 20 item 6): the configured time zone (default Asia/Shanghai) decides "today",
 * every displayed time, every export and every log line, whatever the process's zone. The process
 * runs in UTC here (as on CI) and the clock stands at 2026-12-06T16:30:00Z: 00:30 on 7 December in
 * Shanghai, still 6 December in UTC and in Los Angeles.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import readXlsxFile from 'read-excel-file/node';
import { openCore } from '../../core/app.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { formatInstant, instantOf, isTimeZone, localDate, localDateTime, utcOffset, zonedTimestamp } from '../../core/dates.ts';
import { downloadedFile, finishJob, makeIdNumber, tempDir, type TestCore } from '../support/core.ts';

const AFTER_MIDNIGHT_IN_SHANGHAI = '2026-12-06T16:30:00.000Z';

beforeAll(() => {
  process.env.TZ = 'UTC'; // the server's own zone must not matter
});

/** A core whose instants come from `now` (today follows the configured zone). */
async function coreAt(now: () => string, dir = tempDir()): Promise<TestCore> {
  const core = await openCore({ dataFile: path.join(dir, 'data.sqlite3'), now });
  return Object.assign(core, {
    ok(name: string, input: unknown) {
      const res = core.call(name, input);
      if (!res.ok) throw new Error(`${name} failed: ${JSON.stringify(res.error)}`);
      return res.result;
    },
    fail(name: string, input: unknown) {
      const res = core.call(name, input);
      if (res.ok) throw new Error(`${name} unexpectedly succeeded`);
      return res.error;
    },
  }) as unknown as TestCore;
}

describe('dates in a configured zone', () => {
  it('reads an instant on the zone’s wall clock, around midnight', () => {
    expect(new Date(AFTER_MIDNIGHT_IN_SHANGHAI).getDate()).toBe(6); // the process is in UTC
    expect(localDate(AFTER_MIDNIGHT_IN_SHANGHAI, 'Asia/Shanghai')).toBe('2026-12-07');
    expect(localDate(AFTER_MIDNIGHT_IN_SHANGHAI, 'America/Los_Angeles')).toBe('2026-12-06');
    expect(localDateTime(AFTER_MIDNIGHT_IN_SHANGHAI, 'Asia/Shanghai')).toBe('2026-12-07T00:30');
    expect(formatInstant(AFTER_MIDNIGHT_IN_SHANGHAI, 'Asia/Shanghai')).toBe('2026-12-07 00:30');
    expect(formatInstant('2026-12-06T16:00:05.000Z', 'Asia/Shanghai', { seconds: true })).toBe('2026-12-07 00:00:05');
    expect(utcOffset(AFTER_MIDNIGHT_IN_SHANGHAI, 'Asia/Shanghai')).toBe('+08:00');
    expect(utcOffset(AFTER_MIDNIGHT_IN_SHANGHAI, 'America/Los_Angeles')).toBe('-08:00');
    expect(zonedTimestamp(AFTER_MIDNIGHT_IN_SHANGHAI, 'Asia/Shanghai')).toBe('2026-12-07T00:30:00.000+08:00');
  });

  it('turns a local day or time back into its instant, across daylight saving elsewhere', () => {
    expect(instantOf('2026-12-07', 'Asia/Shanghai')).toBe('2026-12-06T16:00:00.000Z');
    expect(instantOf('2026-12-07T02:00', 'Asia/Shanghai')).toBe('2026-12-06T18:00:00.000Z');
    expect(instantOf('2026-07-01', 'America/Los_Angeles')).toBe('2026-07-01T07:00:00.000Z'); // PDT
    expect(instantOf('2026-12-01', 'America/Los_Angeles')).toBe('2026-12-01T08:00:00.000Z'); // PST
    expect(instantOf('2026-03-08T02:30', 'America/Los_Angeles')).toBe('2026-03-08T10:30:00.000Z'); // in the gap: the later side
  });

  it('knows IANA names only', () => {
    for (const zone of ['Asia/Shanghai', 'Asia/Urumqi', 'America/Los_Angeles', 'UTC', 'America/Argentina/Buenos_Aires'])
      expect(isTimeZone(zone), zone).toBe(true);
    for (const zone of ['', '+08:00', 'GMT+8', 'Asia/Nowhere', 'Beijing', 'asia shanghai']) expect(isTimeZone(zone), zone).toBe(false);
  });
});

describe('core in the configured zone, the process in UTC', () => {
  it('today, the 操作日志 filter, its export and the annual workbook’s 生成时间 follow Asia/Shanghai', async () => {
    const core = await coreAt(() => AFTER_MIDNIGHT_IN_SHANGHAI);
    expect(core.ok('system.clock', {})).toEqual({ timeZone: 'Asia/Shanghai', now: AFTER_MIDNIGHT_IN_SHANGHAI, today: '2026-12-07' });
    core.ok('people.create', { idNumber: makeIdNumber(), name: '午夜后' });
    // A day in the filter is a day in Shanghai: the entry written at 00:30 on the 7th is on the 7th.
    expect(core.ok('audit.list', { from: '2026-12-07', to: '2026-12-07' }).total).toBe(1);
    expect(core.ok('audit.list', { to: '2026-12-06' }).total).toBe(0);

    const job = await finishJob(core, core.ok('audit.export', {}).jobId);
    const sheet = await readFirstSheet(downloadedFile(core, job.id).data);
    expect(sheet.headers[1]).toBe('时间（Asia/Shanghai）');
    expect(sheet.rows[0]!.values[1]).toBe('2026-12-07 00:30:00');

    const audit = await finishJob(core, core.ok('audit.annualWorkbook', { year: 2026 }).jobId);
    const overview = (await readXlsxFile(downloadedFile(core, audit.id).data)).find((s) => s.sheet === '概览')!.data as unknown[][];
    expect(overview.find((r) => r[0] === '生成时间')).toEqual(['生成时间', '2026-12-07 00:30', 'Asia/Shanghai（UTC+08:00）']);
    expect(overview.find((r) => r[0] === '学时核算日')?.[1]).toBe('2026-12-07');
    core.close();
  });

  it('服务器设置 changes the zone: today and the times follow it; a name that is no zone is refused', async () => {
    const core = await coreAt(() => AFTER_MIDNIGHT_IN_SHANGHAI);
    const settings = { timeZone: 'America/Los_Angeles', backupTime: '02:00', keepDaily: 7, keepWeekly: 4, keepMonthly: 12 };
    expect(core.fail('system.saveServerSettings', { ...settings, timeZone: 'GMT+8' })).toMatchObject({ code: 'VALIDATION', field: 'timeZone' });
    expect(core.fail('system.saveServerSettings', { ...settings, backupTime: '25:00' })).toMatchObject({ code: 'VALIDATION', field: 'backupTime' });
    expect(core.ok('system.saveServerSettings', settings)).toMatchObject({ timeZone: 'America/Los_Angeles', backupTime: '02:00' });
    expect(core.ok('system.clock', {})).toMatchObject({ timeZone: 'America/Los_Angeles', today: '2026-12-06' });
    expect(core.ok('system.info', {})).toMatchObject({ timeZone: 'America/Los_Angeles' });
    core.ok('people.create', { idNumber: makeIdNumber(), name: '洛杉矶' });
    expect(core.ok('audit.list', { from: '2026-12-06', to: '2026-12-06', tableName: 'person' }).total).toBe(1);
    // Kept in the data: a restart reads it again.
    const dataFile = core.dataFile;
    core.close();
    const again = await coreAt(() => AFTER_MIDNIGHT_IN_SHANGHAI, path.dirname(dataFile));
    expect(again.ok('system.clock', {})).toMatchObject({ timeZone: 'America/Los_Angeles', today: '2026-12-06' });
    again.close();
  });

  it('auth.status brings core’s clock to whoever is signed in (no second round trip before the first screen), to nobody else', async () => {
    const core = await coreAt(() => AFTER_MIDNIGHT_IN_SHANGHAI);
    const clock = core.ok('system.clock', {});
    expect(clock).toEqual({ timeZone: 'Asia/Shanghai', now: AFTER_MIDNIGHT_IN_SHANGHAI, today: '2026-12-07' });
    expect(core.ok('auth.status', {})).toMatchObject({ clock });
    expect(core.callWithSession('auth.status', {}, undefined)).toMatchObject({ ok: true, result: { user: null, clock: null } });
    core.close();
  });

  it('stamps log lines and names log files in the configured zone', async () => {
    const dir = tempDir();
    const core = await openCore({ dataFile: path.join(dir, 'data.sqlite3'), slowOperationMs: -1, now: () => AFTER_MIDNIGHT_IN_SHANGHAI });
    core.call('regions.list', {});
    core.close();
    const today = new Date().toISOString(); // the logger stamps the real instant: its file is that day in Shanghai
    const file = path.join(dir, 'logs', `core-${localDate(today, 'Asia/Shanghai')}.log`);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00 SLOW regions\.list/m);
  });
});
