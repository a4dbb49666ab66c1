import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { downloadedFile, finishJob, openTestCore, makeIdNumber } from '../support/core.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import type { Actor } from '../../core/permissions.ts';
import { AUDIT_EXEMPT_TABLES, auditedTables } from '../../db/audit.ts';
import { migrate } from '../../db/migrate.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { openDatabase } from '../../db/open.ts';
import { tempDir } from '../support/core.ts';
import { liftLogGuard } from '../support/catalog.ts';
import { tableNames } from '../../db/engine/catalog.ts';
import { postgresTriggerState } from '../../db/postgres/audit-verify.ts';
import { POSTGRES_ONLY_EXEMPT_TABLES } from '../../db/postgres/audit.ts';
import path from 'node:path';

describe('audit log', () => {
  it('EVERY table except the log has insert, update and delete triggers (tables added at merge are caught here)', async () => {
    const core = await openTestCore();
    const tables = tableNames(core.db);
    if (core.db.engine === 'postgres') {
      // One row trigger per table there, for every action (db/postgres/audit.ts), checked as the full verify checks it; its version table is exempt too.
      expect(postgresTriggerState(core.db), 'add installPostgresAuditTrigger(db, table) to the migration that creates these tables').toEqual({
        missing: [],
        changed: [],
      });
      expect(auditedTables(core.db).length).toBe(tables.length - Object.keys({ ...AUDIT_EXEMPT_TABLES, ...POSTGRES_ONLY_EXEMPT_TABLES }).length);
      return;
    }
    const triggers = new Set((core.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string }[]).map((t) => t.name));
    const missing = tables
      .filter((t) => !Object.hasOwn(AUDIT_EXEMPT_TABLES, t))
      .flatMap((t) => ['insert', 'update', 'delete'].filter((a) => !triggers.has(`audit_${t}_${a}`)).map((a) => `${t}:${a}`));
    expect(missing, 'add installAuditTriggers(db, table) to the migration that creates these tables').toEqual([]);
    expect(auditedTables(core.db).length).toBe(tables.length - Object.keys(AUDIT_EXEMPT_TABLES).length);
  });

  it('records who, which operation, which record, before and after, in the same transaction', async () => {
    const core = await openTestCore();
    const actor = { id: 7, name: '工作人员乙', role: 'staff' as const };
    const person = core.ok('people.create', { idNumber: makeIdNumber(), name: '张三' }, actor);
    core.ok('people.update', { id: person.id, idNumber: person.idNumber, name: '张三丰' }, actor);
    const { rows } = core.ok('audit.list', { tableName: 'person', rowId: person.id });
    expect(rows.map((r) => [r.action, r.operation, r.actorName, r.actorId])).toEqual([
      ['update', 'people.update', '工作人员乙', 7],
      ['insert', 'people.create', '工作人员乙', 7],
    ]);
    expect(rows[0]!.before).toMatchObject({ name: '张三' });
    expect(rows[0]!.after).toMatchObject({ name: '张三丰' });
    // A failed command leaves no log entry either.
    const count = core.db.prepare('SELECT count(*) AS n FROM audit_log').get();
    core.fail('people.update', { id: person.id, idNumber: person.idNumber, name: '张三', practiceStart: '2999-01-01' }, actor);
    expect(core.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual(count);
    // Passwords never enter the log.
    core.ok('users.create', { username: 'u1', displayName: '甲', role: 'staff', password: 'password-1' });
    expect(JSON.stringify(core.ok('audit.list', { tableName: 'app_user' }).rows)).toContain('"password_hash":"***"');
  });

  it('is append-only and hash-chained: an edit outside the app is found at the first broken entry', async () => {
    const core = await openTestCore();
    // A signed-in actor's id comes from a JS function: it must hash the same as the stored INTEGER.
    for (let i = 0; i < 3; i++)
      core.ok(
        'people.create',
        { idNumber: makeIdNumber('442000', '19900101', String(101 + i * 2)), name: `人员${i}` },
        { id: 1 + i, name: '甲', role: 'staff' },
      );
    expect(core.ok('audit.verify', {})).toMatchObject({ intact: true, entries: 3, message: '日志完整' });
    expect(() => core.db.prepare('UPDATE audit_log SET actor_name = ? WHERE id = 2').run('x')).toThrow(/只能追加/);
    expect(() => core.db.prepare('DELETE FROM audit_log WHERE id = 2').run()).toThrow(/只能追加/);
    expect(core.ok('audit.verify', {}, { id: 2, name: '审计', role: 'auditor' })).toMatchObject({ intact: true });
    expect(core.fail('audit.verify', {}, { id: 3, name: '协调员', role: 'coordinator' }).code).toBe('FORBIDDEN');
    // Someone edits the file with another tool: drops the trigger and changes an entry.
    liftLogGuard(core.db, 'update');
    const after = JSON.parse(core.db.prepare('SELECT after_json FROM audit_log WHERE id = 2').pluck().get() as string) as Record<string, unknown>;
    core.db.prepare('UPDATE audit_log SET after_json = ? WHERE id = 2').run(JSON.stringify({ ...after, name: '篡改' }));
    expect(core.ok('audit.verify', {})).toMatchObject({ intact: false, brokenAt: 2 });
  });

  it('filters by user, record type, operation and date range, paged in SQL, and exports', async () => {
    const core = await openTestCore();
    core.ok('people.create', { idNumber: makeIdNumber(), name: '张三' }, { id: 1, name: '甲', role: 'admin' });
    core.ok('organizations.create' as never, { name: '某某社工服务中心', kind: 'social_work_agency' } as never, { id: 2, name: '乙', role: 'admin' });
    expect(core.ok('audit.list', { actorId: 2 }).rows.map((r) => r.tableName)).toEqual(['organization']);
    expect(core.ok('audit.list', { operation: 'people.create' }).total).toBe(1);
    expect(core.ok('audit.list', { from: '2026-11-24', to: '2026-11-24' }).total).toBe(2);
    expect(core.ok('audit.list', { from: '2026-11-25' }).total).toBe(0);
    expect(core.ok('audit.list', { pageSize: 1 }).rows).toHaveLength(1);
    expect(core.fail('audit.list', { from: '2026-02-30' }).field).toBe('from');
    // Export: what the filter selects, as .xlsx; 身份证号 masked for a role without the right to see it.
    const exported = async (filter: object, actor?: Actor) => {
      const job = await finishJob(core, core.ok('audit.export', filter, actor).jobId, actor);
      return readFirstSheet(downloadedFile(core, job.id, actor).data);
    };
    const all = await exported({});
    expect(all.headers).toEqual(['序号', '时间（Asia/Shanghai）', '操作人', '操作', '数据类型', '记录号', '动作', '修改前', '修改后', '校验值']);
    expect(all.rows.map((r) => r.values[4])).toEqual(['人员', '机构']);
    expect((await exported({ actorId: 2 })).rows).toHaveLength(1);
    const idNumber = core.ok('people.list', {}).rows[0]!.idNumber;
    expect(String(all.rows[0]!.values[8])).toContain(idNumber);
    const audited = String((await exported({}, { id: 9, name: '审计员', role: 'auditor' })).rows[0]!.values[8]);
    expect(audited).not.toContain(idNumber);
    expect(audited).toContain(idNumber.slice(0, 4));
    expect(core.ok('audit.facets', {}).tables).toEqual([
      { value: 'organization', title: '机构' },
      { value: 'person', title: '人员' },
    ]);
  });
});

describe('migration 0002', () => {
  it('keeps the data of a v1 database and starts the chain from there', async () => {
    const file = path.join(tempDir(), 'data.sqlite3');
    const db = openDatabase(file);
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version === 1) });
    db.prepare(`INSERT INTO person (id_number, name, sex, birth_date, created_at, updated_at) VALUES (?, '旧人员', 'M', '1990-01-01', 'x', 'x')`).run(
      makeIdNumber(),
    );
    await migrate(db);
    expect(db.prepare('SELECT name FROM person').all()).toEqual([{ name: '旧人员' }]);
    db.prepare(`UPDATE person SET name = '新名字'`).run();
    expect(db.prepare('SELECT action, operation FROM audit_log').all()).toEqual([{ action: 'update', operation: 'system' }]);
    db.close();
    const plain = new Database(file);
    expect(() => plain.prepare(`UPDATE person SET name = 'x'`).run()).toThrow(/no such function/);
    plain.close();
  });
});
