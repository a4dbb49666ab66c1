import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../core/app.ts';
import { fixedClock } from '../../core/clock.ts';
import { chainEntries, entryHash } from '../../db/audit.ts';
import { dropRowTrigger, liftLogGuard, restoreLogGuard, rowTriggerOff } from '../support/catalog.ts';
import { makeIdNumber, openTestCore, tempDir, type TestCore } from '../support/core.ts';
import { backupNow } from '../support/backup.ts';
import { openExampleDataCore } from '../support/example-data.ts';

const auditor = { id: 9, name: '审计丙', role: 'auditor' as const };

/** A core in its own folder with a few logged changes: the anchor file sits beside the data file. */
async function withEntries(count = 4): Promise<{ core: TestCore; dir: string }> {
  const dir = tempDir();
  const core = await openTestCore(path.join(dir, 'data.sqlite3'));
  for (let i = 0; i < count; i++) core.ok('people.create', { idNumber: makeIdNumber('442000', '19900101', String(101 + i * 2)), name: `人员${i}` });
  return { core, dir };
}

const verify = (core: TestCore) => core.ok('audit.verify', {}, auditor) as { intact: boolean; message: string; problems: string[] };

describe('the audit chain anchored outside the table', () => {
  it('happy path: 日志完整, for an auditor too, and the anchor file is signed and current', async () => {
    const { core, dir } = await withEntries();
    expect(verify(core)).toMatchObject({ intact: true, message: '日志完整', entries: 4 });
    const anchor = JSON.parse(fs.readFileSync(path.join(dir, 'audit-anchor.json'), 'utf8')) as { seq: number; hash: string; signature: string };
    const head = core.db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string };
    expect(anchor).toMatchObject({ seq: head.id, hash: head.hash, signature: expect.any(String) });
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, 'audit-key.pem')).mode & 0o777).toBe(0o600);
    core.close();
  });

  it('deleting the newest entries is found', async () => {
    const { core } = await withEntries();
    liftLogGuard(core.db, 'delete');
    core.db.exec('DELETE FROM audit_log WHERE id > 2');
    restoreLogGuard(core.db, 'delete');
    expect(verify(core)).toMatchObject({ intact: false, message: expect.stringMatching(/最新.*记录.*缺失|被删除/) });
    core.close();
  });

  it('editing an entry and re-hashing every entry after it is found (the signed anchor no longer matches)', async () => {
    const { core } = await withEntries();
    liftLogGuard(core.db, 'update');
    // The entry changed and every entry from it on hashed again, as the app would have (db/audit.ts entryHash).
    let previous = core.db.prepare('SELECT hash FROM audit_log WHERE id = 1').pluck().get() as string;
    for (const entry of [...chainEntries(core.db, 1)]) {
      const afterJson = entry.id === 2 ? JSON.stringify({ ...(JSON.parse(entry.afterJson!) as object), name: '篡改' }) : entry.afterJson;
      const hash = entryHash({ ...entry, prevHash: previous, afterJson });
      core.db.prepare('UPDATE audit_log SET after_json = ?, prev_hash = ?, hash = ? WHERE id = ?').run(afterJson, previous, hash, entry.id);
      previous = hash;
    }
    expect(verify(core)).toMatchObject({ intact: false, message: expect.stringMatching(/锚点/) });
    core.close();
  });

  it('a dropped trigger is found (later changes would go unlogged)', async () => {
    const { core } = await withEntries();
    dropRowTrigger(core.db, 'person', 'update');
    core.ok('people.update', { id: 1, idNumber: makeIdNumber('442000', '19900101', '101'), name: '改名' });
    // (SQLite names audit_person_update; PostgreSQL's one row trigger is audit_person.)
    expect(verify(core)).toMatchObject({ intact: false, message: expect.stringMatching(/触发器.*audit_person/) });
    core.close();
  });

  it('a bulk-loaded row changed with the triggers off is found by the full verify', async () => {
    const core = await openExampleDataCore(); // its bulk entries, written by 载入示例数据
    expect(verify(core)).toMatchObject({ intact: true });
    const person = core.db.prepare('SELECT id, name FROM person ORDER BY id LIMIT 1 OFFSET 5').get() as { id: number; name: string };
    // A logged change afterwards is fine: the bulk entry's rows are checked against their first logged state.
    const other = core.db.prepare('SELECT id, id_number AS idNumber FROM person ORDER BY id LIMIT 1 OFFSET 7').get() as { id: number; idNumber: string };
    core.ok('people.update', { id: other.id, idNumber: other.idNumber, name: '合法改名' });
    expect(verify(core)).toMatchObject({ intact: true });
    // Now with another tool: triggers dropped, a row changed, triggers put back exactly as they were.
    const putBack = rowTriggerOff(core.db, 'person', 'update');
    core.db.prepare('UPDATE person SET name = ? WHERE id = ?').run('悄悄改名', person.id);
    putBack();
    expect(verify(core)).toMatchObject({ intact: false, message: expect.stringMatching(/person.*与批量写入时的校验值不符/) });
    core.close();
  }, 60_000);

  it("a new data file in a folder that still holds an earlier file's anchor starts its own", async () => {
    const { core, dir } = await withEntries();
    core.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dir, `data.sqlite3${suffix}`), { force: true });
    const fresh = await openCore({ dataFile: path.join(dir, 'data.sqlite3'), clock: fixedClock('2026-11-24') });
    expect(fresh.call('audit.startupCheck', {})).toMatchObject({ ok: true, result: { intact: true } });
    fresh.close();
  });

  it('a row changed with the triggers off is found against its last log entry', async () => {
    const { core } = await withEntries(2);
    core.ok('people.update', { id: 1, idNumber: makeIdNumber('442000', '19900101', '101'), name: '改名' });
    expect(verify(core)).toMatchObject({ intact: true });
    const putBack = rowTriggerOff(core.db, 'person', 'update');
    core.db.prepare('UPDATE person SET name = ? WHERE id = 2').run('悄悄改名');
    putBack();
    expect(verify(core)).toMatchObject({ intact: false, message: expect.stringMatching(/person 中有 1 条记录与日志最后记下的内容不符（如编号 2）/) });
    core.close();
  });

  it('a missing or forged anchor file is found', async () => {
    const { core, dir } = await withEntries();
    const file = path.join(dir, 'audit-anchor.json');
    const original = fs.readFileSync(file, 'utf8');
    fs.rmSync(file);
    expect(verify(core)).toMatchObject({ intact: false, message: expect.stringMatching(/锚点文件缺失/) });
    const forged = { ...JSON.parse(original), seq: 2 };
    fs.writeFileSync(file, JSON.stringify(forged));
    expect(verify(core)).toMatchObject({ intact: false, message: expect.stringMatching(/签名无效/) });
    fs.writeFileSync(file, original);
    expect(verify(core)).toMatchObject({ intact: true, message: '日志完整' });
    core.close();
  });

  it('the check at start (last entries, anchor, triggers) is shown through an operation; it does not block the start', async () => {
    const { core, dir } = await withEntries();
    expect(core.ok('audit.startupCheck', {}, auditor)).toMatchObject({ intact: true, message: '日志完整' });
    liftLogGuard(core.db, 'delete');
    core.db.exec('DELETE FROM audit_log WHERE id = 4');
    core.close();
    const again = await openTestCore(path.join(dir, 'data.sqlite3')); // the same data again (on PostgreSQL the same database)
    const res = again.call('audit.startupCheck', {}, auditor);
    expect(res).toMatchObject({ ok: true, result: { intact: false, message: expect.stringMatching(/触发器|锚点|缺失/) } });
    expect(again.call('people.list', {}).ok).toBe(true);
    expect(again.call('audit.startupCheck', {}, { id: 3, name: '协调员', role: 'coordinator' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    again.close();
  });

  it('each backup carries its signed head; a backup whose log was edited afterwards is refused before anything changes', async () => {
    const { core } = await withEntries(3);
    const { name, dir } = await backupNow(core);
    const file = path.join(dir, name);
    expect(JSON.parse(fs.readFileSync(`${file}.json`, 'utf8'))).toMatchObject({ seq: 3, signature: expect.any(String) });
    const Database = (await import('better-sqlite3')).default;
    const copy = new Database(file);
    copy.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 3;');
    copy.close();
    core.ok('people.create', { idNumber: makeIdNumber('442000', '19920101', '501'), name: '之后' });
    expect(core.fail('backup.restore', { name }).message).toMatch(/未通过检查，未做任何更改.*备份后被改动/);
    expect(core.ok('people.list', {}).total).toBe(4);
    core.close();
  });

  it('after a failed check the anchor stays put (no re-signing of a tampered log) until an administrator accepts the log as it is, on the record', async () => {
    const { core, dir } = await withEntries();
    liftLogGuard(core.db, 'delete');
    core.db.exec('DELETE FROM audit_log WHERE id = 4');
    restoreLogGuard(core.db, 'delete');
    core.ok('people.create', { idNumber: makeIdNumber('442000', '19920101', '701'), name: '之后' }); // the next save does not launder it
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'audit-anchor.json'), 'utf8'))).toMatchObject({ seq: 4 });
    expect(verify(core)).toMatchObject({ intact: false });
    expect(core.fail('audit.resign', {}, auditor).code).toBe('FORBIDDEN');
    expect(core.ok('audit.resign', {})).toMatchObject({ before: expect.stringMatching(/锚点/) });
    expect(verify(core)).toMatchObject({ intact: true, message: '日志完整' });
    expect(core.ok('audit.list', { tableName: 'audit_anchor' }).rows[0]).toMatchObject({
      after: expect.objectContaining({ 确认时的校验结果: expect.stringMatching(/锚点/) }),
    });
    core.close();
  });

  it('a restore writes a fresh anchor consistent with the restored data', async () => {
    const { core } = await withEntries(2);
    const { name } = await backupNow(core);
    for (let i = 0; i < 3; i++) core.ok('people.create', { idNumber: makeIdNumber('442000', '19910101', String(301 + i * 2)), name: `之后${i}` });
    const restored = core.ok('backup.restore', { name }) as { message: string };
    expect(restored.message).toMatch(/日志锚点已更新/);
    expect(verify(core)).toMatchObject({ intact: true, message: '日志完整' });
    core.close();
  });
});
