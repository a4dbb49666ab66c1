/**
 * Backups and restore on PostgreSQL (issue 21 point 2): 立即备份 writes a SQLite data file from one
 * snapshot of the database; 从备份恢复 puts exactly that data back in one transaction, the audit log
 * verifying afterwards; a second server process on the same database sees the restored data.
 */
import { describe, expect, it } from 'vitest';
import { checkDatabaseFile, listBackups } from '../../db/backup.ts';
import { verifyAudit } from '../../db/audit-verify.ts';
import { openSqliteFile } from '../../db/engine/sqlite.ts';
import { latestVersion } from '../../db/migrate.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { openCore } from '../../core/app.ts';
import { fixedClock } from '../../core/clock.ts';
import { backupNow } from '../support/backup.ts';
import { makeIdNumber, openTestCore, tempDir, TODAY, type TestCore } from '../support/core.ts';
import { emptyPostgresDatabase, freshPostgresDatabase } from '../support/postgres.ts';
import path from 'node:path';

const people = (core: TestCore) =>
  core
    .ok('people.list', { pageSize: 100 })
    .rows.map((p) => p.name)
    .sort();

describe('backups on PostgreSQL', () => {
  it('backs up, the data changes, the restore brings back exactly the backed-up data and the audit chain verifies', async () => {
    const core = await openTestCore();
    expect(core.db.engine).toBe('postgres');
    const firstId = makeIdNumber('442000', '19900101', '123');
    const first = core.ok('people.create', { idNumber: firstId, name: '备份前甲' });
    core.ok('people.create', { idNumber: makeIdNumber('442000', '19910101', '125'), name: '备份前乙' });
    const { name, dir } = await backupNow(core);

    // The backup: a SQLite data file at the program's version that passes the restore checks, its log verifying there too.
    const backup = listBackups(dir).find((b) => b.name === name)!;
    expect(checkDatabaseFile(backup.path, latestVersion())).toEqual({ ok: true, schemaVersion: latestVersion() });
    const copy = openSqliteFile(backup.path, { readonly: true });
    try {
      expect(verifyAudit(copy, { mode: 'full' })).toMatchObject({ intact: true });
    } finally {
      copy.close();
    }

    core.ok('people.create', { idNumber: makeIdNumber('442000', '19920101', '127'), name: '备份后丙' });
    core.ok('people.update', { id: first.id, idNumber: firstId, name: '备份后改名' });
    expect(people(core)).toEqual(['备份前乙', '备份后丙', '备份后改名']);

    const restored = core.ok('backup.restore', { name });
    expect(restored).toMatchObject({ restored: name, safetyBackup: expect.stringMatching(/^before-restore-/) });
    expect(people(core)).toEqual(['备份前乙', '备份前甲']);
    expect(core.ok('audit.verify', {})).toMatchObject({ intact: true, message: '日志完整' });
    expect(verifyAudit(core.db, { mode: 'full' })).toMatchObject({ intact: true });
    // New work continues the restored data (ids after the restored rows) and the log's chain.
    core.ok('people.create', { idNumber: makeIdNumber('442000', '19930101', '129'), name: '恢复后丁' });
    expect(people(core)).toEqual(['备份前乙', '备份前甲', '恢复后丁']);
    expect(core.ok('audit.verify', {})).toMatchObject({ intact: true });

    // The safety copy holds the data from just before the restore.
    const safety = listBackups(dir).find((b) => b.name === restored.safetyBackup)!;
    const before = openSqliteFile(safety.path, { readonly: true });
    try {
      expect((before.prepare('SELECT name FROM person ORDER BY name').pluck().all() as string[]).sort()).toEqual(['备份前乙', '备份后丙', '备份后改名']);
    } finally {
      before.close();
    }
    core.close();
  });

  it('the backup screen says which engine the data is on, and a second server process sees the restored data', async () => {
    const database = freshPostgresDatabase();
    const clock = fixedClock(TODAY);
    const one = await openCore({ dataFile: path.join(tempDir(), 'data.sqlite3'), database: database.url, clock });
    const two = await openCore({ dataFile: path.join(tempDir(), 'data.sqlite3'), database: database.url, clock });
    try {
      const status = one.call('backup.status', {});
      expect(status).toMatchObject({
        ok: true,
        result: { engine: 'postgres', database: expect.stringMatching(/^postgres:\/\/sws@127\.0\.0\.1:\d+\/sws_test_/) },
      });
      one.call('people.create', { idNumber: makeIdNumber(), name: '甲' });
      const { name } = await backupNow(one);
      two.call('people.create', { idNumber: makeIdNumber('442000', '19800101', '131'), name: '乙（另一进程）' });
      expect(one.call('backup.restore', { name })).toMatchObject({ ok: true });
      expect(two.call('people.list', {})).toMatchObject({ ok: true, result: { total: 1, rows: [{ name: '甲' }] } });
      // The second process hears of the restore; its audit anchor follows the restored log instead of reporting it broken.
      const until = Date.now() + 10_000;
      let verified = two.call('audit.verify', {});
      while (!(verified.ok && (verified.result as { intact: boolean }).intact) && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        verified = two.call('audit.verify', {});
      }
      expect(verified).toMatchObject({ ok: true, result: { intact: true } });
      two.call('people.create', { idNumber: makeIdNumber('442000', '19800101', '158'), name: '丙（另一进程）' });
      const afterwards = one.call('audit.verify', {}); // before it has heard of the other's entry
      expect(afterwards).toMatchObject({ ok: true, result: { intact: true } });
    } finally {
      one.close();
      two.close();
      database.drop();
    }
  });

  it('before migrating a database that holds data, the server backs it up at its old version', async () => {
    // A database made from nothing, one migration short of the program's (the template is at the latest version).
    const database = emptyPostgresDatabase();
    const dataFile = path.join(tempDir(), 'data.sqlite3');
    const clock = fixedClock(TODAY);
    const older = MIGRATIONS.filter((m) => m.version < latestVersion());
    try {
      const old = await openCore({ dataFile, database: database.url, clock, migrations: older });
      expect(old.schemaVersion).toBe(latestVersion(older));
      old.call('people.create', { idNumber: makeIdNumber(), name: '升级前' });
      old.close();
      const upgraded = await openCore({ dataFile, database: database.url, clock });
      try {
        expect(upgraded.schemaVersion).toBe(latestVersion());
        const before = listBackups(path.join(path.dirname(dataFile), 'backups')).find((b) => b.label.startsWith('before-migration'));
        expect(before?.name).toMatch(new RegExp(`^before-migration-v${latestVersion(older)}-to-v${latestVersion()}-`));
        expect(checkDatabaseFile(before!.path, latestVersion())).toEqual({ ok: true, schemaVersion: latestVersion(older) });
        const copy = openSqliteFile(before!.path, { readonly: true });
        try {
          expect(copy.prepare('SELECT name FROM person').pluck().all()).toEqual(['升级前']);
        } finally {
          copy.close();
        }
      } finally {
        upgraded.close();
      }
    } finally {
      database.drop();
    }
  });
});
