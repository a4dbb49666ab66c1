import fs from 'node:fs';
import path from 'node:path';
import { openSqliteFile } from '../../db/engine/sqlite.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import type { Db } from '../../db/engine/types.ts';
import { latestVersion, migrate, SchemaTooNewError, schemaVersionOf } from '../../db/migrate.ts';
import { MIGRATIONS, type Migration } from '../../db/migrations/index.ts';
import { openCore } from '../../core/app.ts';
import { listPeople } from '../../db/repos/people.ts';
import { dataLocationOf, makeIdNumber, openSecondConnection, openTestCore, tempDir, type TestCore } from '../support/core.ts';
import { declaredColumns } from '../../db/engine/catalog.ts';

const open: Db[] = [];
afterEach(() => open.splice(0).forEach((db) => db.open && db.close()));
const fresh = (file = path.join(tempDir(), 'data.sqlite3')) => {
  const db = openDatabase(file);
  open.push(db);
  return db;
};
/** A test core's data opened again for the runner (the SQLite file, or on PostgreSQL its database). */
const again = (core: TestCore) => {
  const db = openSecondConnection(core);
  open.push(db);
  return db;
};

describe('migration runner', () => {
  it('takes an empty file to the latest version with the default supervisor ladder', async () => {
    const db = fresh();
    expect(await migrate(db)).toEqual({ from: 0, to: latestVersion() });
    expect(schemaVersionOf(db)).toBe(latestVersion());
    expect(db.prepare('SELECT name FROM supervisor_level ORDER BY rank').pluck().all()).toEqual(['见习督导', '初级督导', '中级督导', '高级督导']);
    expect(await migrate(db)).toEqual({ from: latestVersion(), to: latestVersion() });
  });

  it('a file at the previous version, with data, migrates and keeps it', async () => {
    const file = path.join(tempDir(), 'data.sqlite3');
    const core = await openTestCore(file);
    const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    const person = core.ok('people.create', { idNumber: makeIdNumber(), name: '陈晓明', regionId: city.id });
    const [level] = core.ok('supervisors.levels', {});
    core.ok('supervisors.appoint', {
      personId: person.id,
      levelId: level!.id,
      regionId: city.id,
      appointedOn: '2026-01-01',
      validUntil: '2026-12-31',
      overrideReason: '测试',
    });
    core.close();

    // A next release adds a column with a default: v1 data must come through untouched.
    const next: Migration = {
      version: latestVersion() + 1,
      name: 'person_nickname',
      up: (db) => db.exec("ALTER TABLE person ADD COLUMN nickname TEXT NOT NULL DEFAULT ''"),
      postgres: (db) => db.exec(`ALTER TABLE person ADD COLUMN nickname text COLLATE "C" NOT NULL DEFAULT ''`),
    };
    const db = again(core);
    expect(await migrate(db, { migrations: [...MIGRATIONS, next] })).toEqual({ from: latestVersion(), to: next.version });
    expect(db.prepare('SELECT name, nickname FROM person').all()).toEqual([{ name: '陈晓明', nickname: '' }]);
    expect(db.prepare('SELECT count(*) FROM supervisor_event').pluck().get()).toBe(1);
  });

  it('a failing migration leaves the file exactly as it was', async () => {
    const file = path.join(tempDir(), 'data.sqlite3');
    const core = await openTestCore(file);
    core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    core.close();
    const step = (db: Db) => {
      db.exec('ALTER TABLE region ADD COLUMN area REAL');
      db.exec('UPDATE region SET name = NULL'); // violates NOT NULL: the whole step must roll back
    };
    const broken: Migration = { version: latestVersion() + 1, name: 'broken', up: step, postgres: step };
    const db = again(core);
    await expect(migrate(db, { migrations: [...MIGRATIONS, broken] })).rejects.toThrow();
    expect(schemaVersionOf(db)).toBe(latestVersion());
    expect(db.prepare('SELECT name FROM region').pluck().all()).toEqual(['中山市']);
    expect(declaredColumns(db, 'region').map((c) => c.name)).not.toContain('area');
  });

  it('refuses a file newer than the code, in Chinese, without touching it', async () => {
    const file = path.join(tempDir(), 'data.sqlite3');
    const db = fresh(file);
    await migrate(db);
    db.pragma(`user_version = ${latestVersion() + 5}`);
    db.close();
    const before = fs.readFileSync(file);
    const error = await openCore({ dataFile: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as Error).message).toMatch(/比本程序支持的版本.*新/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('openCore backs a file that holds data up with the online backup API before migrating it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.sqlite3');
    const core = await openTestCore(file);
    core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    core.close();

    const note = (db: Db) => db.exec('ALTER TABLE region ADD COLUMN note TEXT');
    const next: Migration = { version: latestVersion() + 1, name: 'region_note', up: note, postgres: note };
    const upgraded = await openCore({ ...dataLocationOf(core), migrations: [...MIGRATIONS, next] });
    upgraded.close();
    const backups = fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.endsWith('.sqlite3')); // beside it: its signed manifest
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(new RegExp(`^before-migration-v${latestVersion()}-to-v${next.version}-.*\\.sqlite3$`));
    const copy = openSqliteFile(path.join(dir, 'backups', backups[0]!), { readonly: true });
    open.push(copy);
    expect(copy.prepare('SELECT name FROM region').pluck().all()).toEqual(['中山市']);
    expect(copy.pragma('user_version', { simple: true })).toBe(latestVersion());
  });

  it("Core.schemaVersion tells the shells the data file's version (the desktop shell reports it without importing db/)", async () => {
    const core = await openCore({ dataFile: path.join(tempDir(), 'data.sqlite3') });
    try {
      expect(core.schemaVersion).toBe(latestVersion());
      expect(core.schemaVersion).toBe(schemaVersionOf(core.db));
    } finally {
      core.close();
    }
  });

  it('a new, empty file and an up-to-date file need no backup', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.sqlite3');
    (await openCore({ dataFile: file })).close();
    (await openCore({ dataFile: file })).close();
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });

  it('0002 example_data: a v1 file with people gains the example marker and keeps its data', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 1) });
    db.prepare(
      "INSERT INTO person (id_number, name, sex, birth_date, created_at, updated_at) VALUES ('442000198503151231', '陈晓明', 'M', '1985-03-15', 'x', 'x')",
    ).run();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 2) });
    expect(schemaVersionOf(db)).toBe(2);
    expect(db.prepare('SELECT name FROM person').pluck().all()).toEqual(['陈晓明']);
    expect(db.prepare('SELECT count(*) FROM example_record').pluck().get()).toBe(0);
  });

  it('0003 person_pinyin: a v2 file with people gets their full pinyin and initials', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 2) });
    const insert = db.prepare("INSERT INTO person (id_number, name, sex, birth_date, created_at, updated_at) VALUES (?, ?, 'M', '1985-03-15', 'x', 'x')");
    insert.run('442000198503151231', '陈晓明');
    insert.run('442000198503151258', '曾小贤');
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 3) });
    expect(db.prepare('SELECT name, name_pinyin AS p, name_initials AS i FROM person ORDER BY id').all()).toEqual([
      { name: '陈晓明', p: 'chenxiaoming', i: 'cxm' },
      { name: '曾小贤', p: 'zengxiaoxian', i: 'zxx' },
    ]);
  });

  it("0004 supervisor_rules: a v3 file with a supervisor and its events gains entry conditions; each event takes its supervisor's region", async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 3) });
    db.prepare(
      "INSERT INTO region (id, code, name, level, created_at, updated_at) VALUES (1, '442000', '中山市', 'city', 'x', 'x'), (2, '442001', '石岐街道', 'town', 'x', 'x')",
    ).run();
    db.prepare(
      "INSERT INTO person (id, id_number, name, sex, birth_date, created_at, updated_at) VALUES (1, '442000198503151231', '陈晓明', 'M', '1985-03-15', 'x', 'x')",
    ).run();
    const level = db.prepare("SELECT id FROM supervisor_level WHERE name = '中级督导'").pluck().get() as number;
    db.prepare(
      "INSERT INTO supervisor (id, person_id, level_id, region_id, appointed_on, valid_until, status, created_at, updated_at) VALUES (1, 1, ?, 2, '2024-01-01', '2026-12-31', 'active', 'x', 'x')",
    ).run(level);
    const event = db.prepare(
      "INSERT INTO supervisor_event (supervisor_id, kind, effective_on, level_id, status, valid_until, reason, actor_name, recorded_at) VALUES (1, ?, ?, ?, 'active', '2026-12-31', ?, '管理员', 'x')",
    );
    event.run('appoint', '2024-01-01', level, '聘任');
    event.run('validity', '2025-01-01', null, '延期');
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 4) });
    expect(schemaVersionOf(db)).toBe(4);
    expect(
      db.prepare('SELECT kind, effective_on AS on_, reason, region_id AS region, override_reason AS override FROM supervisor_event ORDER BY id').all(),
    ).toEqual([
      { kind: 'appoint', on_: '2024-01-01', reason: '聘任', region: 2, override: null },
      { kind: 'validity', on_: '2025-01-01', reason: '延期', region: 2, override: null },
    ]);
    expect(db.prepare('SELECT person_id AS person, region_id AS region, status FROM supervisor').all()).toEqual([{ person: 1, region: 2, status: 'active' }]);
    expect(
      db
        .prepare('SELECT name, min_certificate_level AS cert, min_practice_years AS practice, min_years_at_lower AS lower FROM supervisor_level ORDER BY rank')
        .all(),
    ).toEqual([
      { name: '见习督导', cert: 'assistant', practice: 2, lower: 0 },
      { name: '初级督导', cert: 'assistant', practice: 3, lower: 0 },
      { name: '中级督导', cert: 'social_worker', practice: 5, lower: 2 },
      { name: '高级督导', cert: 'social_worker', practice: 8, lower: 3 },
    ]);
  });

  it('0005 registration_rule: v4 certificates keep entered ends; empty ones get a computed end', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 4) });
    db.prepare(
      "INSERT INTO person (id, id_number, name, sex, birth_date, created_at, updated_at) VALUES (1, '442000198503151231', '陈晓明', 'M', '1985-03-15', 'x', 'x')",
    ).run();
    const cert = db.prepare(
      "INSERT INTO certificate (person_id, level, number, issued_on, registration_valid_until, created_at, updated_at) VALUES (1, 'assistant', ?, ?, ?, 'x', 'x')",
    );
    cert.run('A', '2024-02-29', null);
    cert.run('B', '2015-06-20', '2027-06-19');
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 5) });
    expect(db.prepare('SELECT number, registration_valid_until AS until, registration_source AS source FROM certificate ORDER BY number').all()).toEqual([
      { number: 'A', until: '2027-02-28', source: 'computed' },
      { number: 'B', until: '2027-06-19', source: 'entered' },
    ]);
    expect(db.prepare("SELECT value FROM rule_setting WHERE key = 'registration_years'").pluck().get()).toBe('3');
  });

  it('0006 quotas: a v5 file gains quotas (3 中级 + 2 初级 by default) and keeps its supervisors', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 5) });
    db.prepare("INSERT INTO region (id, code, name, level, created_at, updated_at) VALUES (1, '442000', '中山市', 'city', 'x', 'x')").run();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 6) });
    const quota = JSON.parse(db.prepare("SELECT value FROM rule_setting WHERE key = 'town_quota'").pluck().get() as string) as Record<string, number>;
    const ids = Object.fromEntries(
      (db.prepare('SELECT name, id FROM supervisor_level').all() as { name: string; id: number }[]).map((l) => [l.name, String(l.id)]),
    );
    expect(quota).toEqual({ [ids['中级督导']!]: 3, [ids['初级督导']!]: 2 });
    expect(db.prepare('SELECT name FROM region').pluck().all()).toEqual(['中山市']);
  });

  it('0007 accounts_audit: a v6 file with people and supervisors keeps them unlogged; accounts and settings arrive and every later change is logged', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 6) });
    db.prepare("INSERT INTO region (id, code, name, level, created_at, updated_at) VALUES (1, '442000', '中山市', 'city', 'x', 'x')").run();
    db.prepare(
      "INSERT INTO person (id, id_number, name, sex, birth_date, region_id, created_at, updated_at) VALUES (1, '442000198503151231', '陈晓明', 'M', '1985-03-15', 1, 'x', 'x')",
    ).run();
    const level = db.prepare("SELECT id FROM supervisor_level WHERE name = '初级督导'").pluck().get() as number;
    db.prepare(
      "INSERT INTO supervisor (id, person_id, level_id, region_id, appointed_on, valid_until, status, created_at, updated_at) VALUES (1, 1, ?, 1, '2024-01-01', '2026-12-31', 'active', 'x', 'x')",
    ).run(level);
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 7) });
    expect(schemaVersionOf(db)).toBe(7);
    expect(db.prepare('SELECT name, region_id AS region FROM person').all()).toEqual([{ name: '陈晓明', region: 1 }]);
    expect(db.prepare('SELECT count(*) FROM supervisor').pluck().get()).toBe(1);
    // The log starts empty: what was there before is the first `before` of its first change.
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM app_user').pluck().get()).toBe(0);
    db.prepare("UPDATE person SET phone = '13800138000' WHERE id = 1").run();
    db.prepare(
      "INSERT INTO app_user (username, display_name, role, password_hash, password_salt, created_at, updated_at) VALUES ('admin', '管理员', 'admin', 'h', 's', 'x', 'x')",
    ).run();
    const logged = db
      .prepare(
        "SELECT table_name AS t, row_id AS row, action, json_extract(before_json, '$.phone') AS before, json_extract(after_json, '$.phone') AS after FROM audit_log ORDER BY id",
      )
      .all();
    expect(logged).toEqual([
      { t: 'person', row: 1, action: 'update', before: null, after: '13800138000' },
      { t: 'app_user', row: 1, action: 'insert', before: null, after: null },
    ]);
    expect(() =>
      db
        .prepare(
          "INSERT INTO app_user (username, display_name, role, password_hash, password_salt, created_at, updated_at) VALUES ('x', 'x', 'owner', 'h', 's', 'x', 'x')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });

  it('0008 training_bases: a v7 file with people and organizations gains the base tables, lists and their audit triggers', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 7) });
    db.prepare("INSERT INTO organization (name, kind, created_at, updated_at) VALUES ('协会', 'other', 'x', 'x')").run();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 8) });
    expect(db.prepare('SELECT name FROM organization').pluck().all()).toEqual(['协会']);
    expect(db.prepare('SELECT count(*) FROM service_field').pluck().get()).toBe(17);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'training_base'").pluck().get()).toBe(3);
  });

  it('0009 sessions: a v8 file with a base, a room, a mentor and a course gains sessions, enrolments and the ledger', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 8) });
    db.exec(`
      INSERT INTO organization (id, name, kind, created_at, updated_at) VALUES (1, '协会', 'other', 'x', 'x');
      INSERT INTO region (id, code, name, level, created_at, updated_at) VALUES (1, '442000', '中山市', 'city', 'x', 'x');
      INSERT INTO training_base (id, name, organization_id, region_id, grade, accreditation_status, created_at, updated_at) VALUES (1, '基地', 1, 1, 'ordinary', 'suspended', 'x', 'x');
      INSERT INTO room (id, base_id, name, seats, created_at, updated_at) VALUES (1, 1, '一号教室', 30, 'x', 'x');
      INSERT INTO course (id, base_id, code, title, category_id, credit_hours, status, created_at, updated_at) VALUES (1, 1, 'K1', '课程', 1, 3, 'active', 'x', 'x');
    `);
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 9) });
    expect(db.prepare('SELECT title FROM course').pluck().all()).toEqual(['课程']);
    db.prepare(
      "INSERT INTO training_session (course_id, base_id, room_id, starts_at, ends_at, capacity, status, created_at, updated_at) VALUES (1, 1, 1, '2026-12-01T09:00', '2026-12-01T12:00', 20, 'open', 'x', 'x')",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO training_session (course_id, base_id, starts_at, ends_at, capacity, status, created_at, updated_at) VALUES (1, 1, '2026-12-01T12:00', '2026-12-01T09:00', 20, 'open', 'x', 'x')",
        )
        .run(),
    ).toThrow(/CHECK/);
    for (const table of ['training_session', 'session_mentor', 'enrolment', 'training_record']) {
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").pluck().get(table)).toBe(3);
    }
  });

  it('0010 session status index: a v9 file with sessions keeps them and answers 考勤待办 through the new index', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 9) });
    db.exec(`
      INSERT INTO organization (id, name, kind, created_at, updated_at) VALUES (1, '协会', 'other', 'x', 'x');
      INSERT INTO region (id, code, name, level, created_at, updated_at) VALUES (1, '442000', '中山市', 'city', 'x', 'x');
      INSERT INTO training_base (id, name, organization_id, region_id, grade, accreditation_status, created_at, updated_at) VALUES (1, '基地', 1, 1, 'ordinary', 'suspended', 'x', 'x');
      INSERT INTO course (id, base_id, code, title, category_id, credit_hours, status, created_at, updated_at) VALUES (1, 1, 'K1', '课程', 1, 3, 'active', 'x', 'x');
      INSERT INTO training_session (course_id, base_id, starts_at, ends_at, capacity, status, created_at, updated_at) VALUES
        (1, 1, '2026-11-01T09:00', '2026-11-01T12:00', 20, 'completed', 'x', 'x'),
        (1, 1, '2026-11-20T09:00', '2026-11-20T12:00', 20, 'closed', 'x', 'x');
    `);
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 10) });
    expect(db.prepare('SELECT status FROM training_session ORDER BY id').pluck().all()).toEqual(['completed', 'closed']);
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM training_session s WHERE s.status IN ('planned', 'open', 'closed') AND s.starts_at < '2026-12-01T24'")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('training_session_status');
  });

  it('0011 external training: a v10 file keeps its ledger rows; new columns are logged by the audit triggers', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 10) });
    db.exec(`
      INSERT INTO person (id, id_number, name, sex, birth_date, created_at, updated_at) VALUES (1, '${makeIdNumber()}', '陈晓明', 'M', '1990-01-01', 'x', 'x');
      INSERT INTO training_record (person_id, category_id, hours, earned_on, kind, note, recorded_at) VALUES (1, 1, 6, '2026-03-15', 'external', '旧记录', 'x');
    `);
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 11) });
    expect(db.prepare('SELECT hours, note, provider, verified_at AS verifiedAt FROM training_record').all()).toEqual([
      { hours: 6, note: '旧记录', provider: null, verifiedAt: null },
    ]);
    db.prepare("UPDATE training_record SET verified_at = '2026-12-01T00:00:00Z', verified_by = '工作人员'").run();
    const logged = db.prepare("SELECT after_json FROM audit_log WHERE table_name = 'training_record' AND action = 'update'").pluck().get() as string;
    expect(JSON.parse(logged)).toMatchObject({ verified_by: '工作人员', provider: null });
  });

  it('0012 recertification: a v11 file with a supervisor and its events gains rule set version 1 (every category, every level) and the cycle tables', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 11) });
    db.exec(`
      INSERT INTO region (id, code, name, level, created_at, updated_at) VALUES (1, '442000', '中山市', 'city', 'x', 'x');
      INSERT INTO person (id, id_number, name, sex, birth_date, created_at, updated_at) VALUES (1, '${makeIdNumber()}', '陈晓明', 'M', '1990-01-01', 'x', 'x');
      INSERT INTO supervisor (id, person_id, level_id, region_id, appointed_on, valid_until, status, created_at, updated_at) VALUES (1, 1, 2, 1, '2025-01-01', '2026-12-31', 'active', 'x', 'x');
      INSERT INTO supervisor_event (supervisor_id, kind, effective_on, level_id, status, valid_until, actor_name, recorded_at) VALUES (1, 'appointed', '2025-01-01', 2, 'active', '2026-12-31', '管理员', 'x');
    `);
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 12) });
    expect(db.prepare('SELECT kind, effective_on AS effectiveOn, cycle_id AS cycleId FROM supervisor_event').all()).toEqual([
      { kind: 'appointed', effectiveOn: '2025-01-01', cycleId: null },
    ]);
    const body = JSON.parse(db.prepare('SELECT body FROM training_rule_set WHERE version = 1').pluck().get() as string);
    expect(body.periodHours).toEqual({ worker: null, assistant: 72, social_worker: 90, senior: 90 });
    expect(body.countedCategoryIds).toEqual(db.prepare('SELECT id FROM course_category ORDER BY rank').pluck().all());
    expect(body.review.byLevel.map((r: { levelId: number }) => r.levelId)).toEqual(db.prepare('SELECT id FROM supervisor_level ORDER BY rank').pluck().all());
    db.prepare("INSERT INTO recert_cycle (year, status, created_at, created_by) VALUES (2026, 'draft', 'x', '工作人员')").run();
    expect(() => db.prepare("UPDATE recert_cycle SET status = 'open'").run()).toThrow(/CHECK/);
    for (const table of ['training_rule_set', 'recert_cycle', 'recert_review']) {
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").pluck().get(table)).toBe(3);
    }
  });

  it('0013 ledger covering index: a v12 file keeps its ledger; sums by person read the index only', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 12) });
    db.exec(`
      INSERT INTO person (id, id_number, name, sex, birth_date, created_at, updated_at) VALUES (1, '${makeIdNumber()}', '陈晓明', 'M', '1990-01-01', 'x', 'x');
      INSERT INTO training_record (person_id, category_id, hours, earned_on, kind, note, recorded_at) VALUES (1, 1, 6, '2026-03-15', 'external', '旧记录', 'x');
    `);
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 13) });
    expect(db.prepare('SELECT person_id, hours FROM training_record').raw().all()).toEqual([[1, 6]]);
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT person_id, sum(hours) FROM training_record WHERE earned_on >= '2026-01-01' AND category_id IN (1, 2) GROUP BY person_id",
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('COVERING INDEX training_record_ledger');
  });

  it('0014 base evaluation: a v13 file with a base gains template version 1 (100 points) and the evaluation tables with their audit triggers', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 13) });
    db.exec(`
      INSERT INTO organization (id, name, kind, created_at, updated_at) VALUES (1, '协会', 'other', 'x', 'x');
      INSERT INTO region (id, code, name, level, created_at, updated_at) VALUES (1, '442000', '中山市', 'city', 'x', 'x');
      INSERT INTO training_base (id, name, organization_id, region_id, grade, accreditation_status, created_at, updated_at) VALUES (1, '基地', 1, 1, 'ordinary', 'accredited', 'x', 'x');
    `);
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 14) });
    expect(db.prepare('SELECT name, grade FROM training_base').all()).toEqual([{ name: '基地', grade: 'ordinary' }]);
    const body = JSON.parse(db.prepare('SELECT body FROM evaluation_template WHERE version = 1').pluck().get() as string);
    expect(body.indicators.map((i: { name: string }) => i.name)).toEqual(['硬件设施', '师资与导师库', '课程开发', '培训成效', '管理规范']);
    expect(body.indicators.flatMap((i: { items: { maxScore: number }[] }) => i.items).reduce((n: number, i: { maxScore: number }) => n + i.maxScore, 0)).toBe(
      100,
    );
    expect(() =>
      db
        .prepare(
          "INSERT INTO base_evaluation (base_id, year, template_id, status, self_scores, reviewer_scores, evidence, created_at, updated_at) VALUES (1, 2026, 1, 'reviewed', '[]', '[]', '[]', 'x', 'x')",
        )
        .run(),
    ).toThrow(/CHECK/);
    for (const table of ['evaluation_template', 'base_evaluation', 'base_event']) {
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").pluck().get(table)).toBe(3);
    }
  });

  it('0015 person search index: a v14 file keeps its people and finds them by every kind of fragment, each kind read from its narrow index', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 14) });
    const idNumber = makeIdNumber('442000', '19900101', '123');
    db.exec(
      `INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, phone, created_at, updated_at) VALUES (1, '${idNumber}', '陈晓明', 'chenxiaoming', 'cxm', 'M', '1990-01-01', '13800138000', 'x', 'x')`,
    );
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 15) });
    await migrate(db); // today's repository reads today's columns (the person's version, 0027)
    const names = (search: string) => listPeople(db, { page: 0, pageSize: 25, sortDir: 'asc', search }).rows.map((p) => p.name);
    expect(['xiaom', 'cxm', '0138000', '19900101', idNumber.slice(-4).toLowerCase(), '晓明'].map(names)).toEqual(Array(6).fill(['陈晓明']));
    expect(names('xiaoz')).toEqual([]);
    const plan = (where: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN SELECT p.id, count(*) OVER () FROM person p WHERE ${where} ORDER BY p.id DESC`).all('1', '1') as { detail: string }[])
        .map((p) => p.detail)
        .join(' ');
    expect(plan('instr(p.name_pinyin, ?) > 0 OR instr(p.name_initials, ?) > 0')).toContain('COVERING INDEX person_pinyin_keys');
    expect(plan('instr(p.id_number, ?) > 0 OR instr(p.phone, ?) > 0')).toContain('COVERING INDEX person_number_keys');
  });

  it('0016 region name index: a v15 file keeps its regions; people sorted by region name walk regions in name order', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 15) });
    db.exec(`INSERT INTO region (id, code, name, level, created_at, updated_at) VALUES (1, '442000', '中山市', 'city', 'x', 'x')`);
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 16) });
    expect(db.prepare('SELECT name FROM region').pluck().all()).toEqual(['中山市']);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT p.id FROM region x JOIN person p ON p.region_id = x.id ORDER BY x.name, x.id, p.id').all() as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('INDEX region_name');
  });

  it('0017 certificate covering indexes: a v16 file keeps its certificates; the highest certificate and the registration range read indexes only', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 16) });
    db.exec(
      `INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, created_at, updated_at) VALUES (1, '${makeIdNumber()}', '陈晓明', 'chenxiaoming', 'cxm', 'M', '1990-01-01', 'x', 'x')`,
    );
    db.exec(`INSERT INTO certificate (id, person_id, level, number, issued_on, registration_valid_until, registration_source, created_at, updated_at)
             VALUES (1, 1, 'assistant', 'ZS-1', '2015-06-20', '2025-06-19', 'entered', 'x', 'x'), (2, 1, 'social_worker', 'ZS-2', '2019-06-20', '2026-06-19', 'entered', 'x', 'x')`);
    const indexes = () =>
      db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'certificate' AND sql IS NOT NULL ORDER BY name`).pluck().all();
    expect(indexes()).toEqual(['certificate_person', 'certificate_valid_until']);
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 17) });
    expect(indexes()).toEqual(['certificate_person_level', 'certificate_valid_until_person']);
    expect(db.prepare('SELECT id, level FROM certificate ORDER BY id').all()).toEqual([
      { id: 1, level: 'assistant' },
      { id: 2, level: 'social_worker' },
    ]);
    await migrate(db); // today's repository reads today's columns (the person's version, 0027)
    expect(listPeople(db, { page: 0, pageSize: 25, sortDir: 'asc' }).rows[0]).toMatchObject({ name: '陈晓明', topCertificateLevel: 'social_worker' });
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('2026-12-01') as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(
      plan(
        'SELECT count(*) FROM certificate c WHERE c.registration_valid_until <= ? AND NOT EXISTS (SELECT 1 FROM certificate h WHERE h.person_id = c.person_id AND h.level > c.level)',
      ),
    ).toMatch(/COVERING INDEX certificate_valid_until_person.*COVERING INDEX certificate_person_level/);
  });
  it('0019 training import: a v17 file keeps its ledger rows (none imported); an imported row names its file and is logged with it', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 17) });
    db.exec(
      `INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, created_at, updated_at) VALUES (1, '${makeIdNumber()}', '陈晓明', 'chenxiaoming', 'cxm', 'M', '1990-01-01', 'x', 'x')`,
    );
    db.exec(`INSERT INTO training_record (id, person_id, category_id, hours, earned_on, kind, note, provider, verified_at, verified_by, recorded_at)
             VALUES (1, 1, 1, 6, '2025-05-01', 'external', '证书', '省社工师联合会', '2025-05-02T00:00:00.000Z', '工作人员甲', 'x')`);
    const before = db.prepare('SELECT * FROM training_record').all();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 19) });
    expect(db.prepare('SELECT * FROM training_record').all()).toEqual((before as Record<string, unknown>[]).map((r) => ({ ...r, import_id: null })));
    db.exec(
      `INSERT INTO training_import (id, file_name, file_sha256, row_count, imported_at, imported_by) VALUES (1, '历史学时.xlsx', '${'a'.repeat(64)}', 1, 'x', '工作人员甲')`,
    );
    db.exec(
      `INSERT INTO training_record (person_id, category_id, hours, earned_on, kind, provider, import_id, verified_at, verified_by, recorded_at) VALUES (1, 1, 4, '2024-05-01', 'external', '协会', 1, 'x', '工作人员甲', 'x')`,
    );
    const logged = db.prepare(`SELECT table_name AS tableName, after_json AS after FROM audit_log WHERE action = 'insert' ORDER BY id DESC LIMIT 2`).all() as {
      tableName: string;
      after: string;
    }[];
    expect(logged.map((l) => l.tableName)).toEqual(['training_record', 'training_import']);
    expect(JSON.parse(logged[0]!.after)).toMatchObject({ import_id: 1 });
    expect(() =>
      db.exec(`INSERT INTO training_import (file_name, file_sha256, row_count, imported_at, imported_by) VALUES ('x', 'short', 1, 'x', 'x')`),
    ).toThrow(/CHECK/);
  });

  it('0022 login lockout: a v17 file with accounts keeps them; failed logins are then counted per source and logged', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 17) });
    db.exec(`INSERT INTO app_user (id, username, display_name, role, password_hash, password_salt, failed_logins, locked_until, created_at, updated_at)
             VALUES (1, 'admin', '管理员', 'admin', 'h', 's', 2, NULL, 'x', 'x')`);
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 22) });
    expect(db.prepare('SELECT id, username, role FROM app_user').all()).toEqual([{ id: 1, username: 'admin', role: 'admin' }]);
    db.prepare(`INSERT INTO login_lockout (user_id, source, failed_logins, locked_until) VALUES (1, 'local', 1, NULL)`).run();
    expect(() => db.prepare(`INSERT INTO login_lockout (user_id, source, failed_logins) VALUES (1, 'local', 2)`).run()).toThrow(/UNIQUE/);
    expect(() => db.prepare(`INSERT INTO login_lockout (user_id, source, failed_logins) VALUES (99, 'local', 1)`).run()).toThrow(/FOREIGN KEY/);
    expect(db.prepare(`SELECT action FROM audit_log WHERE table_name = 'login_lockout'`).pluck().all()).toEqual(['insert']);
  });

  it('0025 id number lookup: a v22 file with people and accounts keeps them; lookups are then counted per user and logged', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 22) });
    db.exec(
      `INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, created_at, updated_at) VALUES (1, '${makeIdNumber()}', '陈晓明', 'chenxiaoming', 'cxm', 'M', '1990-01-01', 'x', 'x')`,
    );
    db.exec(
      `INSERT INTO app_user (id, username, display_name, role, password_hash, password_salt, created_at, updated_at) VALUES (7, 'coord', '协调员', 'coordinator', 'h', 's', 'x', 'x')`,
    );
    const before = { people: db.prepare('SELECT * FROM person').all(), users: db.prepare('SELECT * FROM app_user').all() };
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 25) });
    expect({ people: db.prepare('SELECT * FROM person').all(), users: db.prepare('SELECT * FROM app_user').all() }).toEqual(before);
    db.prepare(
      `INSERT INTO id_number_lookup (user_id, at, operation, unmatched, refused) VALUES (7, '2026-11-24T08:00:00.000Z', 'enrolments.rosterPreview', 11, 1)`,
    ).run();
    expect(() => db.prepare(`INSERT INTO id_number_lookup (user_id, at, operation, unmatched, refused) VALUES (7, 'x', 'x', -1, 0)`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO id_number_lookup (user_id, at, operation, unmatched, refused) VALUES (7, 'x', 'x', 1, 2)`).run()).toThrow(/CHECK/);
    expect(db.prepare(`SELECT action, json_extract(after_json, '$.refused') AS refused FROM audit_log WHERE table_name = 'id_number_lookup'`).all()).toEqual([
      { action: 'insert', refused: 1 },
    ]);
  });

  it('0024 enrolment not admitted: a v22 file keeps its enrolments (ids, ledger links, audit chain); the new status is accepted, its changes logged', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 22) });
    db.exec(`
      INSERT INTO organization (id, name, kind, created_at, updated_at) VALUES (1, '协会', 'other', 'x', 'x');
      INSERT INTO region (id, code, name, level, created_at, updated_at) VALUES (1, '442000', '中山市', 'city', 'x', 'x');
      INSERT INTO training_base (id, name, organization_id, region_id, grade, accreditation_status, created_at, updated_at) VALUES (1, '基地', 1, 1, 'ordinary', 'accredited', 'x', 'x');
      INSERT INTO course (id, base_id, code, title, category_id, credit_hours, status, created_at, updated_at) VALUES (1, 1, 'K1', '课程', 1, 3, 'active', 'x', 'x');
      INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, created_at, updated_at) VALUES (1, '${makeIdNumber()}', '陈晓明', 'chenxiaoming', 'cxm', 'M', '1990-01-01', 'x', 'x');
      INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, created_at, updated_at) VALUES (2, '${makeIdNumber('442000', '19900101', '125')}', '李芳', 'lifang', 'lf', 'M', '1990-01-01', 'x', 'x');
      INSERT INTO training_session (id, course_id, base_id, starts_at, ends_at, capacity, status, created_at, updated_at) VALUES (1, 1, 1, '2026-11-01T09:00', '2026-11-01T12:00', 1, 'completed', 'x', 'x');
      INSERT INTO enrolment (id, session_id, person_id, status, attendance, attended_hours, queue_no, queued_at, created_at, updated_at) VALUES (7, 1, 1, 'completed', 'full', 3, 1, 'q', 'x', 'x');
      INSERT INTO enrolment (id, session_id, person_id, status, queue_no, queued_at, created_at, updated_at) VALUES (9, 1, 2, 'waitlisted', 2, 'q', 'x', 'x');
      INSERT INTO training_record (id, person_id, category_id, hours, earned_on, kind, session_id, enrolment_id, recorded_at) VALUES (1, 1, 1, 3, '2026-11-01', 'session', 1, 7, 'x');
    `);
    const before = db.prepare('SELECT * FROM enrolment ORDER BY id').all();
    const logged = db.prepare('SELECT count(*) FROM audit_log').pluck().get();
    expect(() => db.prepare("UPDATE enrolment SET status = 'not_admitted' WHERE id = 9").run()).toThrow(/CHECK/);
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 24) });
    expect(db.prepare('SELECT * FROM enrolment ORDER BY id').all()).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(logged); // the rebuild itself logs nothing
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare('SELECT e.person_id FROM training_record t JOIN enrolment e ON e.id = t.enrolment_id').pluck().all()).toEqual([1]);
    db.prepare("UPDATE enrolment SET status = 'not_admitted' WHERE id = 9").run();
    expect(() => db.prepare("UPDATE enrolment SET status = 'lost' WHERE id = 9").run()).toThrow(/CHECK/);
    expect(() => db.prepare('DELETE FROM enrolment WHERE id = 7').run()).toThrow(/FOREIGN KEY/);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'enrolment'").pluck().get()).toBe(3);
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'enrolment' AND sql IS NOT NULL ORDER BY name").pluck().all(),
    ).toEqual(['enrolment_person', 'enrolment_session_status']);
    const last = db.prepare('SELECT table_name AS tableName, action, after_json AS after FROM audit_log ORDER BY id DESC LIMIT 1').get() as {
      tableName: string;
      action: string;
      after: string;
    };
    expect(last).toMatchObject({ tableName: 'enrolment', action: 'update' });
    expect(JSON.parse(last.after)).toMatchObject({ id: 9, status: 'not_admitted' });
    const { verifyAuditChain } = await import('../../db/audit.ts');
    expect(verifyAuditChain(db)).toMatchObject({ intact: true });
  });

  it('0026 user session: a v25 file with accounts keeps them; sessions are then stored by token digest, unaudited, tied to an account', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 25) });
    db.exec(
      `INSERT INTO app_user (id, username, display_name, role, password_hash, password_salt, created_at, updated_at) VALUES (3, 'staff', '工作人员', 'staff', 'h', 's', 'x', 'x')`,
    );
    const before = { users: db.prepare('SELECT * FROM app_user').all(), log: db.prepare('SELECT count(*) FROM audit_log').pluck().get() };
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 26) });
    expect({ users: db.prepare('SELECT * FROM app_user').all(), log: db.prepare('SELECT count(*) FROM audit_log').pluck().get() }).toEqual(before);
    const digest = 'a'.repeat(64);
    db.prepare(`INSERT INTO user_session (token_sha256, user_id, created_at, last_seen_at, source) VALUES (?, 3, 'x', 'x', '192.0.2.1')`).run(digest);
    expect(() =>
      db.prepare(`INSERT INTO user_session (token_sha256, user_id, created_at, last_seen_at, source) VALUES (?, 3, 'x', 'x', 'y')`).run(digest),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db.prepare(`INSERT INTO user_session (token_sha256, user_id, created_at, last_seen_at, source) VALUES ('short', 3, 'x', 'x', 'y')`).run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare(`INSERT INTO user_session (token_sha256, user_id, created_at, last_seen_at, source) VALUES (?, 99, 'x', 'x', 'y')`).run('b'.repeat(64)),
    ).toThrow(/FOREIGN KEY/);
    db.prepare(`INSERT INTO login_failure (source, at) VALUES ('192.0.2.1', 'x')`).run();
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(before.log);
    const { verifyAudit } = await import('../../db/audit-verify.ts');
    expect(verifyAudit(db, { mode: 'full' })).toMatchObject({ intact: true });
  });

  it('0027 record versions: a v26 file keeps every row as it was, each at version 1; an update raises the version and the log records it', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 26) });
    db.exec(`
      INSERT INTO organization (id, name, kind, created_at, updated_at) VALUES (1, '协会', 'other', 'x', 'x');
      INSERT INTO region (id, code, name, level, created_at, updated_at) VALUES (1, '442000', '中山市', 'city', 'x', 'x');
      INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, created_at, updated_at) VALUES (1, '${makeIdNumber()}', '陈晓明', 'chenxiaoming', 'cxm', 'M', '1990-01-01', 'x', 'x');
      INSERT INTO training_base (id, name, organization_id, region_id, grade, accreditation_status, created_at, updated_at) VALUES (1, '基地', 1, 1, 'ordinary', 'accredited', 'x', 'x');
      INSERT INTO course (id, base_id, code, title, category_id, credit_hours, status, created_at, updated_at) VALUES (1, 1, 'K1', '课程', 1, 3, 'active', 'x', 'x');
      INSERT INTO training_session (id, course_id, base_id, starts_at, ends_at, capacity, status, created_at, updated_at) VALUES (1, 1, 1, '2026-11-01T09:00', '2026-11-01T12:00', 5, 'open', 'x', 'x');
      INSERT INTO enrolment (id, session_id, person_id, status, queue_no, queued_at, created_at, updated_at) VALUES (7, 1, 1, 'enrolled', 1, 'q', 'x', 'x');
    `);
    const tables = ['person', 'organization', 'region', 'training_base', 'course', 'training_session', 'enrolment'];
    const before = Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()]));
    const logged = db.prepare('SELECT count(*) FROM audit_log').pluck().get();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 27) });
    for (const table of tables) {
      expect(db.prepare(`SELECT * FROM ${table} ORDER BY id`).all(), table).toEqual((before[table] as object[]).map((row) => ({ ...row, version: 1 })));
    }
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(logged); // adding the column logs nothing
    for (const table of [
      'supervisor',
      'supervisor_level',
      'certificate',
      'room',
      'mentor',
      'training_record',
      'app_user',
      'recert_cycle',
      'recert_review',
      'base_evaluation',
    ]) {
      expect(db.prepare(`SELECT count(*) FROM pragma_table_info(?) WHERE name = 'version'`).pluck().get(table), table).toBe(1);
    }
    expect(() => db.prepare('UPDATE person SET version = 0 WHERE id = 1').run()).toThrow(/CHECK/);
    db.prepare("UPDATE person SET name = '陈晓敏', version = version + 1 WHERE id = 1").run();
    const last = db.prepare(`SELECT after_json FROM audit_log WHERE table_name = 'person' ORDER BY id DESC LIMIT 1`).pluck().get() as string;
    expect(JSON.parse(last)).toMatchObject({ id: 1, name: '陈晓敏', version: 2 });
    const { verifyAuditChain } = await import('../../db/audit.ts');
    expect(verifyAuditChain(db)).toMatchObject({ intact: true });
  });

  it('0033 supervision work: a v32 file with a supervisor, people and an organization keeps them; relationships, records and their subjects arrive, audited, with their checks', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 32) });
    db.exec(`
      INSERT INTO organization (id, name, kind, created_at, updated_at) VALUES (1, '家综', 'other', 'x', 'x');
      INSERT INTO region (id, code, name, level, created_at, updated_at) VALUES (1, '442000', '中山市', 'city', 'x', 'x');
      INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, created_at, updated_at) VALUES (1, '${makeIdNumber()}', '陈晓明', 'chenxiaoming', 'cxm', 'M', '1990-01-01', 'x', 'x');
      INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, created_at, updated_at) VALUES (2, '${makeIdNumber('442000', '19920101', '124')}', '李华', 'lihua', 'lh', 'F', '1992-01-01', 'x', 'x');
      INSERT INTO supervisor (id, person_id, level_id, region_id, status, appointed_on, valid_until, created_at, updated_at) VALUES (1, 1, 1, 1, 'active', '2026-01-01', '2026-12-31', 'x', 'x');
    `);
    const tables = ['person', 'organization', 'supervisor'];
    const before = Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()]));
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 33) });
    for (const table of tables) expect(db.prepare(`SELECT * FROM ${table} ORDER BY id`).all(), table).toEqual(before[table]);
    const logged = db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    db.exec(`
      INSERT INTO supervision_relationship (id, supervisor_id, person_id, form, starts_on, created_at, updated_at) VALUES (1, 1, 2, 'individual', '2026-01-01', 'x', 'x');
      INSERT INTO supervision_relationship (id, supervisor_id, organization_id, form, starts_on, ends_on, created_at, updated_at) VALUES (2, 1, 1, 'organizational', '2026-01-01', '2026-06-30', 'x', 'x');
      INSERT INTO supervision_record (id, supervisor_id, starts_at, ends_at, minutes, form, topic, created_at, updated_at, created_by) VALUES (1, 1, '2026-03-01T01:00:00.000Z', '2026-03-01T03:00:00.000Z', 120, 'individual', '个案督导', 'x', 'x', '甲');
      INSERT INTO supervision_record_subject (record_id, relationship_id) VALUES (1, 1);
    `);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(logged + 4);
    const insert = (sql: string) => () => db.exec(sql);
    // a person or an organization, never both nor neither; an end not before the start; a known form; a positive duration
    expect(
      insert(
        `INSERT INTO supervision_relationship (supervisor_id, person_id, organization_id, form, starts_on, created_at, updated_at) VALUES (1, 2, 1, 'group', '2026-01-01', 'x', 'x')`,
      ),
    ).toThrow(/CHECK/);
    expect(
      insert(`INSERT INTO supervision_relationship (supervisor_id, form, starts_on, created_at, updated_at) VALUES (1, 'group', '2026-01-01', 'x', 'x')`),
    ).toThrow(/CHECK/);
    expect(
      insert(
        `INSERT INTO supervision_relationship (supervisor_id, person_id, form, starts_on, ends_on, created_at, updated_at) VALUES (1, 2, 'group', '2026-02-01', '2026-01-01', 'x', 'x')`,
      ),
    ).toThrow(/CHECK/);
    expect(
      insert(
        `INSERT INTO supervision_relationship (supervisor_id, person_id, form, starts_on, created_at, updated_at) VALUES (1, 2, 'phone', '2026-01-01', 'x', 'x')`,
      ),
    ).toThrow(/CHECK/);
    expect(
      insert(
        `INSERT INTO supervision_record (supervisor_id, starts_at, ends_at, minutes, form, topic, created_at, updated_at, created_by) VALUES (1, '2026-03-01T03:00', '2026-03-01T01:00', 120, 'group', 't', 'x', 'x', '甲')`,
      ),
    ).toThrow(/CHECK/);
    expect(
      insert(
        `INSERT INTO supervision_record (supervisor_id, starts_at, ends_at, minutes, form, topic, created_at, updated_at, created_by) VALUES (1, '2026-03-01T01:00', '2026-03-01T03:00', 0, 'group', 't', 'x', 'x', '甲')`,
      ),
    ).toThrow(/CHECK/);
    expect(insert(`INSERT INTO supervision_record_subject (record_id, relationship_id) VALUES (1, 1)`)).toThrow(/UNIQUE|PRIMARY/);
    expect(insert(`INSERT INTO supervision_record_subject (record_id, relationship_id) VALUES (1, 99)`)).toThrow(/FOREIGN KEY/);
    // and the later migrations still run over it
    await migrate(db);
    expect(db.prepare('SELECT count(*) FROM supervision_record_subject').pluck().get()).toBe(1);
    const { verifyAuditChain } = await import('../../db/audit.ts');
    expect(verifyAuditChain(db)).toMatchObject({ intact: true });
  });

  it('0031 documents: a v27 file with data keeps it; issued documents and the versioned templates arrive, audited; a revocation needs its reason', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 27) });
    db.exec(`
      INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, created_at, updated_at) VALUES (1, '${makeIdNumber()}', '陈晓明', 'chenxiaoming', 'cxm', 'M', '1990-01-01', 'x', 'x');
    `);
    const person = db.prepare('SELECT * FROM person').all();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 31) });
    expect(db.prepare('SELECT * FROM person').all()).toEqual(person);
    const template = db.prepare('SELECT version, body, created_by FROM document_template').get() as { version: number; body: string; created_by: string };
    expect(template).toMatchObject({ version: 1, created_by: '系统默认' });
    expect(JSON.parse(template.body)).toMatchObject({ appointment: { title: '督导聘书' }, recertNotice: { title: expect.stringContaining('{年度}') } });
    const logged = db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    db.prepare(
      `INSERT INTO issued_document (serial, kind, person_id, statement_sha256, issued_at, issued_by) VALUES ('XS2026-000001', 'hours_certificate', 1, ?, 'x', '甲')`,
    ).run('a'.repeat(64));
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(logged + 1);
    expect(() => db.prepare(`UPDATE issued_document SET revoked_at = 'y', revoked_by = '甲' WHERE id = 1`).run()).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO issued_document (serial, kind, person_id, statement_sha256, issued_at, issued_by) VALUES ('XS2026-000001', 'hours_certificate', 1, ?, 'x', '甲')`,
        )
        .run('b'.repeat(64)),
    ).toThrow(/UNIQUE/);
    const { verifyAuditChain } = await import('../../db/audit.ts');
    expect(verifyAuditChain(db)).toMatchObject({ intact: true });
  });

  it('0032 mentor unavailability: a v31 file with a mentor keeps its data; entries arrive audited, one-off or weekly, malformed ones refused', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 31) });
    db.exec(`
      INSERT INTO organization (id, name, kind, created_at, updated_at) VALUES (1, '协会', 'other', 'x', 'x');
      INSERT INTO region (id, code, name, level, created_at, updated_at) VALUES (1, '442000', '中山市', 'city', 'x', 'x');
      INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, created_at, updated_at) VALUES (1, '${makeIdNumber()}', '陈晓明', 'chenxiaoming', 'cxm', 'M', '1990-01-01', 'x', 'x');
      INSERT INTO training_base (id, name, organization_id, region_id, grade, accreditation_status, created_at, updated_at) VALUES (1, '基地', 1, 1, 'ordinary', 'accredited', 'x', 'x');
      INSERT INTO mentor (id, base_id, person_id, joined_on, status, created_at, updated_at) VALUES (1, 1, 1, '2025-01-01', 'active', 'x', 'x');
    `);
    const tables = ['person', 'training_base', 'mentor'];
    const before = Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()]));
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 32) });
    for (const table of tables) expect(db.prepare(`SELECT * FROM ${table} ORDER BY id`).all(), table).toEqual(before[table]);
    const logged = db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    const insert = db.prepare(
      `INSERT INTO mentor_unavailability (mentor_id, person_id, kind, starts_at, ends_at, weekday, start_time, end_time, created_at, updated_at) VALUES (1, 1, ?, ?, ?, ?, ?, ?, 'x', 'x')`,
    );
    insert.run('once', '2026-12-01T09:00', '2026-12-01T12:00', null, null, null);
    insert.run('weekly', null, null, 2, '14:00', '17:00');
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(logged + 2);
    expect(db.prepare('SELECT source, version FROM mentor_unavailability').all()).toEqual([
      { source: 'manual', version: 1 },
      { source: 'manual', version: 1 },
    ]);
    expect(() => insert.run('once', '2026-12-01T09:00', '2026-12-01T08:00', null, null, null)).toThrow(/CHECK/);
    expect(() => insert.run('weekly', null, null, 8, '14:00', '17:00')).toThrow(/CHECK/);
    expect(() => insert.run('weekly', null, null, 2, '17:00', '14:00')).toThrow(/CHECK/);
    expect(() => insert.run('weekly', '2026-12-01T09:00', null, 2, '14:00', '17:00')).toThrow(/CHECK/);
    const { verifyAuditChain } = await import('../../db/audit.ts');
    expect(verifyAuditChain(db)).toMatchObject({ intact: true });
  });

  it('0034 service history: a file at the version before, with people, gains one initial 服务履历 event per person with an organization or a post; later events are logged', async () => {
    const db = fresh();
    const before34 = MIGRATIONS.filter((m) => m.version < 34);
    await migrate(db, { migrations: before34 });
    db.exec(`
      INSERT INTO organization (id, name, kind, created_at, updated_at) VALUES (1, '启航社工', 'social_work_agency', 'x', 'x');
      INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, organization_id, job_grade, created_at, updated_at)
        VALUES (1, '${makeIdNumber()}', '陈晓明', 'chenxiaoming', 'cxm', 'M', '1990-01-01', 1, '社会工作师三级', '2025-04-03T02:00:00.000Z', 'x');
      INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, job_grade, created_at, updated_at)
        VALUES (2, '${makeIdNumber('442000', '19900101', '125')}', '李四', 'lisi', 'ls', 'M', '1990-01-01', '助理社会工作师二级', '2025-05-01T02:00:00.000Z', 'x');
      INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, created_at, updated_at)
        VALUES (3, '${makeIdNumber('442000', '19900101', '127')}', '王五', 'wangwu', 'ww', 'M', '1990-01-01', '2025-05-01T02:00:00.000Z', 'x');
    `);
    const people = db.prepare('SELECT * FROM person ORDER BY id').all();
    const logged = db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 34) });
    expect(db.prepare('SELECT * FROM person ORDER BY id').all()).toEqual(people);
    expect(db.prepare('SELECT person_id, organization_id, post, effective_on, source FROM person_post_event ORDER BY id').all()).toEqual([
      { person_id: 1, organization_id: 1, post: '社会工作师三级', effective_on: '2025-04-03', source: 'initial' },
      { person_id: 2, organization_id: null, post: '助理社会工作师二级', effective_on: '2025-05-01', source: 'initial' },
    ]);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(logged); // the backfill is the schema's, not a user's
    db.prepare(
      `INSERT INTO person_post_event (person_id, organization_id, post, effective_on, source, recorded_at, actor_name) VALUES (3, 1, NULL, '2026-01-01', 'edit', 'y', '甲')`,
    ).run();
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(logged + 1);
    expect(() =>
      db.prepare(`INSERT INTO person_post_event (person_id, effective_on, source, recorded_at, actor_name) VALUES (3, '2026-01-01', 'guess', 'y', '甲')`).run(),
    ).toThrow(/CHECK/);
    const { verifyAuditChain } = await import('../../db/audit.ts');
    expect(verifyAuditChain(db)).toMatchObject({ intact: true });
  });

  it('0037 server processes: a file at the version before, with people, keeps them; the job and claim tables arrive empty and unaudited', async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version < 37) });
    db.exec(`
      INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, created_at, updated_at)
        VALUES (1, '${makeIdNumber()}', '陈晓明', 'chenxiaoming', 'cxm', 'M', '1990-01-01', '2025-04-03T02:00:00.000Z', 'x');
    `);
    const people = db.prepare('SELECT * FROM person ORDER BY id').all();
    const logged = db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 37) });
    expect(db.prepare('SELECT * FROM person ORDER BY id').all()).toEqual(people);
    expect(db.prepare('SELECT (SELECT count(*) FROM server_job) + (SELECT count(*) FROM server_claim)').pluck().get()).toBe(0);
    db.prepare(
      `INSERT INTO server_job (id, process_id, title, state, phase, started_at, updated_at) VALUES ('j1', 'p1', '导出人员', 'running', '准备中…', 'x', 'x')`,
    ).run();
    db.prepare(`INSERT INTO server_claim (name, process_id, claimed_at) VALUES ('scheduled-backup:x', 'p1', 'x')`).run();
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(logged); // what the processes do is not the association's data
    expect(() => db.prepare(`UPDATE server_job SET state = 'lost' WHERE id = 'j1'`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO server_claim (name, process_id, claimed_at) VALUES ('scheduled-backup:x', 'p2', 'y')`).run()).toThrow(/UNIQUE/);
  });

  it("0038 person name order: a file at the version before, with people, keeps them and its indexes as they were (the index is PostgreSQL's: tests/postgres/person-name-order.test.ts)", async () => {
    const db = fresh();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version < 38) });
    db.exec(`
      INSERT INTO person (id, id_number, name, name_pinyin, name_initials, sex, birth_date, created_at, updated_at)
        VALUES (1, '${makeIdNumber()}', '陈晓明', 'chenxiaoming', 'cxm', 'M', '1990-01-01', '2025-04-03T02:00:00.000Z', 'x');
    `);
    const people = db.prepare('SELECT * FROM person ORDER BY id').all();
    const schema = () => db.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY name`).all();
    const before = schema();
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 38) });
    expect(schemaVersionOf(db)).toBe(38);
    expect(db.prepare('SELECT * FROM person ORDER BY id').all()).toEqual(people);
    expect(schema()).toEqual(before);
  });
});
