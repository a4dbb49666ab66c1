/**
 * The scheduled backup with several server processes on one PostgreSQL database (issue 21 point 3):
 * each process looks whether the day's backup is due, each in its own data and backup folder, but
 * only the one that claims the scheduled time in the database makes it (core/scheduled-backups.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openCore, type Core } from '../../core/app.ts';
import { fixedClock } from '../../core/clock.ts';
import { listBackups } from '../../db/backup.ts';
import { makeIdNumber, tempDir, TODAY } from '../support/core.ts';
import { freshPostgresDatabase } from '../support/postgres.ts';

const database = freshPostgresDatabase();
const cores: Core[] = [];
afterAll(() => {
  cores.forEach((core) => core.close());
  database.drop();
});

const open = async (dataFile: string) => {
  const core = await openCore({ dataFile, database: database.url, clock: fixedClock(TODAY) }); // 16:00 in Shanghai: past the 02:00 schedule
  cores.push(core);
  return core;
};

it("two server processes starting on one database make the day's scheduled backup once between them", async () => {
  const first = await open(path.join(tempDir(), 'data.sqlite3'));
  expect(first.call('people.create', { name: '张三', idNumber: makeIdNumber() })).toMatchObject({ ok: true }); // an empty database is not backed up
  first.close();
  cores.pop();

  // Both start at once, each with its own folders; each start looks whether the backup is due.
  const folders = [tempDir(), tempDir()];
  await Promise.all(folders.map((folder) => open(path.join(folder, 'data.sqlite3'))));
  const daily = folders.flatMap((folder) => listBackups(path.join(folder, 'backups')).filter((b) => b.label === 'daily'));
  expect(daily).toHaveLength(1);
  const written = folders.filter((folder) => fs.existsSync(path.join(folder, 'scheduled-backup.json')));
  expect(written).toHaveLength(1); // only the process that made it reports a result

  // A third process later the same day: the time is claimed, it makes none.
  const third = tempDir();
  await open(path.join(third, 'data.sqlite3'));
  expect(listBackups(path.join(third, 'backups')).filter((b) => b.label === 'daily')).toEqual([]);
});
