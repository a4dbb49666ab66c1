import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeIdNumber, openTestCore, snapshotCounts, TODAY, type TestCore } from '../support/core.ts';
import { integrityProblems } from '../../core/integrity.ts';
import { generate } from '../../core/demo/generate.ts';
import { openDatabase } from '../../db/open.ts';
import { migrate } from '../../db/migrate.ts';
import { tempDir } from '../support/core.ts';
import path from 'node:path';
import type { SupervisorRow as SupervisorListRow } from '../../db/repos/supervisors.ts';
import { openExampleDataCore } from '../support/example-data.ts';
import { pinyinKey } from '../../core/collation.ts';
import { triggerDefinitions } from '../support/catalog.ts';
import { finishJob } from '../support/core.ts';
import { writesFree, writesHeld } from '../../core/write-gate.ts';

let core: TestCore;

/** Each test of the load itself on a database of its own, empty. */
function onAnEmptyDatabase(): void {
  beforeEach(async () => {
    core = await openTestCore();
  });
  afterEach(() => core.close());
}

/**
 * Each test on the example data as the load leaves it, a copy of its own to write on: on PostgreSQL a copy of a database
 * loaded once per run (a load there takes 20–40 s), on SQLite a load.
 */
function onTheExampleData(): void {
  let opened: TestCore | undefined; // none when the template could not be made
  beforeEach(async () => {
    opened = undefined;
    core = opened = await openExampleDataCore();
  }, 60_000);
  afterEach(() => opened?.close());
}

describe('example data (载入示例数据)', () => {
  describe('loaded on an empty database', () => {
    onAnEmptyDatabase();

    it('refuses to mix example data into a database that holds people', () => {
      expect(core.ok('demo.status', {}).canLoad).toBe(true);
      core.ok('people.create', { idNumber: makeIdNumber(), name: '陈晓明' });
      expect(core.ok('demo.status', {}).canLoad).toBe(false); // the welcome then offers no example data
      const before = snapshotCounts(core);
      expect(core.fail('demo.load', {})).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('已有人员') });
      expect(snapshotCounts(core)).toEqual(before);
    });

    it('is deterministic for a seed', async () => {
      const make = async () => {
        const db = openDatabase(path.join(tempDir(), 'seed.sqlite3'));
        await migrate(db);
        generate(db, { scale: 'demo', seed: 7, today: TODAY, now: `${TODAY}T00:00:00.000Z`, actorName: 't' });
        const rows = [
          db.prepare('SELECT id_number, name, phone FROM person ORDER BY id').all(),
          db.prepare('SELECT course_id, starts_at, ends_at FROM training_session ORDER BY id').all(),
          db.prepare('SELECT count(*) FROM enrolment').pluck().get(),
        ];
        db.close();
        return rows;
      };
      expect(await make()).toEqual(await make());
    });
  });

  /**
   * One load (on PostgreSQL 20–40 s on a busy VM) for the tests of what it does: started as a user would, with a region
   * of theirs there before and a save of theirs asked while it runs. The tests read what it left; the last removes it.
   */
  describe('one load while the user works, read by each test, removed by the last', () => {
    const actor = { id: 3, name: '管理员甲', role: 'admin' as const };
    let loaded: {
      core: TestCore;
      created: Record<string, number>;
      triggersBefore: ReturnType<typeof triggerDefinitions>;
      actor: typeof actor;
      /** The user's own region, there before the load (which reuses it rather than making its own). */
      city: { id: number };
      /** What the serving thread saw while the load ran, and the user's save asked meanwhile. */
      whileLoading: { gateHeld: boolean; saved: ReturnType<TestCore['call']> };
      afterLoading: { state: string; people: number; gateHeld: boolean };
    };
    let opened: TestCore | undefined;
    beforeAll(async () => {
      const core = (opened = await openTestCore());
      const triggersBefore = triggerDefinitions(core.db);
      const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
      const { jobId } = core.ok('demo.load', {}, actor);
      for (const until = Date.now() + 60_000; Date.now() < until && !writesHeld() && core.ok('jobs.status', { id: jobId }, actor).state === 'running';)
        await new Promise((resolve) => setTimeout(resolve, 1));
      const gateHeld = writesHeld();
      await writesFree(); // as the shells do
      const saved = core.call('organizations.create', { name: '载入示例数据期间新建的机构', kind: 'other' });
      const status = await finishJob(core, jobId, actor);
      const people = core.db.prepare('SELECT count(*) FROM person').pluck().get() as number;
      const { created } = (status.result ?? { created: {} }) as { created: Record<string, number> };
      loaded = {
        core,
        created,
        triggersBefore,
        actor,
        city,
        whileLoading: { gateHeld, saved },
        afterLoading: { state: status.state, people, gateHeld: writesHeld() },
      };
    }, 120_000);
    afterAll(() => opened?.close());

    it("loads in a worker holding the serving thread's write gate: a save asked meanwhile waits at the gate, not in SQLite, and goes through after", () => {
      const { whileLoading, afterLoading } = loaded;
      // Before, the worker wrote without the gate: a save on the serving thread then waited for the lock inside SQLite's busy handler.
      expect(whileLoading.gateHeld).toBe(true);
      expect(whileLoading.saved).toMatchObject({ ok: true });
      expect(afterLoading).toEqual({ state: 'done', people: 400, gateHeld: false });
    });

    it('loads the demo scale: real towns, valid people, supervisors near quota, all passing the integrity checks', () => {
      const { core, created } = loaded;
      expect(created.person).toBe(400);
      expect(created.supervisor).toBeGreaterThan(20);
      expect(integrityProblems(core.db, TODAY)).toEqual([]);
      const towns = core.ok('regions.list', { search: '石岐街道' }).rows;
      expect(towns).toMatchObject([{ code: '442000001', level: 'town', parentName: '中山市' }]);
      // Every generated 身份证号 starts with the code of where the person lives.
      const mismatched = core.db
        .prepare('SELECT count(*) FROM person p JOIN region r ON r.id = p.region_id WHERE substr(p.id_number, 1, 6) <> substr(r.code, 1, 6)')
        .pluck()
        .get();
      expect(mismatched).toBe(0);
      expect(core.ok('demo.status', {})).toMatchObject({ loaded: true, counts: { person: 400 } });
      expect(core.ok('supervisors.list', { status: 'active' }).total).toBeGreaterThan(0);
      // Training: bases with pools and courses, sessions with enrolments, a waitlist, hours credited.
      expect(created).toMatchObject({ training_base: 3, training_session: 150 });
      expect(created.enrolment).toBeGreaterThan(2000);
      expect(core.ok('sessions.list', { attendanceDue: true }).total).toBeGreaterThan(0);
      expect(core.ok('sessions.list', { statuses: ['open'] }).total).toBeGreaterThan(0);
      // Last year's re-review, run and closed as staff would; last year's evaluations reviewed, this year's under way.
      const [cycle] = core.ok('recert.cycles', {});
      expect(cycle).toMatchObject({ year: 2025, status: 'closed', reviews: created.recert_review, decided: created.recert_review });
      expect(core.db.prepare('SELECT count(*) FROM supervisor_event WHERE cycle_id = ?').pluck().get(cycle!.id)).toBeGreaterThan(0);
      const ranking = core.ok('evaluations.ranking', { year: 2025 });
      expect(ranking.every((r) => r.status === 'reviewed' && r.grade !== null)).toBe(true);
      const credited = core.db.prepare("SELECT count(*) FROM training_record WHERE kind = 'session'").pluck().get();
      expect(credited).toBe(core.db.prepare('SELECT count(*) FROM enrolment WHERE attended_hours > 0').pluck().get());
    });

    it('logs the load as one chained audit entry per table it filled and leaves every audit trigger as it was', () => {
      const { core, created, triggersBefore } = loaded;
      expect(triggerDefinitions(core.db)).toEqual(triggersBefore);
      const person = core.ok('audit.list', { tableName: 'person', pageSize: 100 }).rows;
      expect(person).toHaveLength(1);
      expect(person[0]).toMatchObject({
        action: 'insert',
        rowId: null,
        actorName: loaded.actor.name,
        operation: 'demo.load',
        after: { 批量写入行数: 400, 起始编号: 1, 结束编号: 400 },
      });
      const enrolmentRows = (core.ok('audit.list', { tableName: 'enrolment', pageSize: 100 }).rows as { after: Record<string, number> }[]).reduce(
        (n, r) => n + r.after['批量写入行数']!,
        0,
      );
      expect(enrolmentRows).toBe(created.enrolment);
      expect(core.ok('audit.verify', {})).toMatchObject({ intact: true });
    });

    it('pages through every supervisor exactly once in the order of each column, with every detail filled', () => {
      const { core: local } = loaded;
      const all = local.db.prepare('SELECT id FROM supervisor').pluck().all() as number[];
      const keyOf: Record<
        'personName' | 'idNumber' | 'levelName' | 'regionName' | 'appointedOn' | 'validUntil' | 'status',
        (r: SupervisorListRow) => string | number
      > = {
        // Names in pinyin order (core/collation.ts), not by character code.
        personName: (r: SupervisorListRow) => pinyinKey(r.personName),
        idNumber: (r: SupervisorListRow) => r.idNumber,
        levelName: (r: SupervisorListRow) => r.levelRank,
        regionName: (r: SupervisorListRow) => r.regionName,
        appointedOn: (r: SupervisorListRow) => r.appointedOn,
        validUntil: (r: SupervisorListRow) => r.validUntil,
        status: (r: SupervisorListRow) => r.status,
      };
      for (const [sortField, key] of Object.entries(keyOf) as [keyof typeof keyOf, (r: SupervisorListRow) => string | number][]) {
        for (const sortDir of ['asc', 'desc'] as const) {
          const rows: SupervisorListRow[] = [];
          for (let page = 0; rows.length < all.length && page < 100; page++) {
            const result = local.ok('supervisors.list', { page, pageSize: 7, sortField, sortDir });
            expect(result.total).toBe(all.length);
            rows.push(...result.rows);
          }
          expect(
            rows.map((r) => r.id).sort((a, b) => a - b),
            `${sortField} ${sortDir}`,
          ).toEqual([...all].sort((a, b) => a - b));
          const keys = rows.map(key);
          const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          expect(keys, `${sortField} ${sortDir}`).toEqual(sortDir === 'asc' ? sorted : sorted.reverse());
          expect(rows.every((r) => r.personName && r.levelName && r.regionName)).toBe(true);
        }
      }
    });

    // Last: it removes what the tests above read.
    it('removes exactly the example records, keeping what the user made and reused regions', () => {
      const { core, city, whileLoading } = loaded;
      const org = whileLoading.saved as { ok: true; result: { id: number } };
      core.ok('demo.remove', {});
      expect(core.ok('demo.status', {})).toEqual({ loaded: false, counts: {}, canLoad: true });
      expect(core.ok('people.list', {}).total).toBe(0);
      expect(core.ok('supervisors.list', {}).total).toBe(0);
      expect(core.ok('bases.list', {}).total).toBe(0);
      expect(core.ok('sessions.list', {}).total).toBe(0);
      expect(
        core.db
          .prepare(
            'SELECT (SELECT count(*) FROM enrolment) + (SELECT count(*) FROM training_record) + (SELECT count(*) FROM session_mentor) + (SELECT count(*) FROM mentor_specialty)',
          )
          .pluck()
          .get(),
      ).toBe(0);
      expect(
        core.db
          .prepare('SELECT (SELECT count(*) FROM recert_cycle) + (SELECT count(*) FROM recert_review) + (SELECT count(*) FROM base_evaluation)')
          .pluck()
          .get(),
      ).toBe(0);
      expect(core.ok('regions.list', {}).rows.map((r) => r.id)).toEqual([city.id]);
      expect(core.ok('organizations.list', {}).rows.map((o) => o.id)).toEqual([org.result.id]);
      expect(integrityProblems(core.db, TODAY)).toEqual([]);
    });
  });

  describe('on the example data', () => {
    onTheExampleData();

    it("after the load every change is logged row by row again, and a generated record's history starts with the load that made it", () => {
      const actor = { id: 3, name: '管理员甲', role: 'admin' as const };
      const [first] = core.ok('people.list', { pageSize: 1 }).rows;
      core.ok('people.update', { id: first!.id, idNumber: first!.idNumber, name: '改名测试' }, actor);
      core.ok('people.create', { idNumber: makeIdNumber(), name: '新增人员' }, actor);
      expect(core.ok('audit.list', { tableName: 'person', pageSize: 100 }).rows.map((r) => [r.action, r.rowId === null])).toEqual([
        ['insert', false],
        ['update', false],
        ['insert', true],
      ]);
      // A generated record's own history (操作记录 tab) starts with the load that made it.
      expect(core.ok('audit.list', { tableName: 'person', rowId: first!.id }).rows.map((r) => [r.action, r.operation])).toEqual([
        ['update', 'people.update'],
        ['insert', 'demo.load'],
      ]);
      expect(core.ok('audit.list', { tableName: 'person', rowId: 401 }).rows.map((r) => r.rowId)).toEqual([401]);
    });

    it("the integrity check finds a person in two overlapping sessions (as trainee or mentor) written behind the app's back, and not one in back-to-back sessions or only waitlisted", async () => {
      const db = core.db;
      const enrolment = db
        .prepare(
          "SELECT e.person_id AS personId, s.id AS sessionId, s.starts_at AS startsAt, s.ends_at AS endsAt FROM enrolment e JOIN training_session s ON s.id = e.session_id WHERE e.status = 'completed' AND s.room_id IS NOT NULL LIMIT 1",
        )
        .get() as { personId: number; sessionId: number; startsAt: string; endsAt: string };
      const copySession = (startsAt: string, endsAt: string) =>
        Number(
          db
            .prepare(
              `INSERT INTO training_session (course_id, base_id, room_id, starts_at, ends_at, capacity, unified, status, created_at, updated_at)
          SELECT course_id, base_id, NULL, ?, ?, capacity, 0, 'completed', created_at, updated_at FROM training_session WHERE id = ?`,
            )
            .run(startsAt, endsAt, enrolment.sessionId).lastInsertRowid,
        );
      const enrol = (sessionId: number) =>
        db
          .prepare(`INSERT INTO enrolment (session_id, person_id, status, queue_no, queued_at, created_at, updated_at) VALUES (?, ?, 'enrolled', 1, ?, ?, ?)`)
          .run(sessionId, enrolment.personId, TODAY, TODAY, TODAY);
      const endDay = enrolment.endsAt.slice(0, 10);
      enrol(copySession(enrolment.endsAt, `${endDay}T23:00`)); // starts when the other ends: no conflict
      expect(integrityProblems(db, TODAY)).toEqual([]);
      const twin = copySession(enrolment.startsAt, enrolment.endsAt);
      db.prepare(
        `INSERT INTO enrolment (session_id, person_id, status, queue_no, queued_at, created_at, updated_at) VALUES (?, ?, 'waitlisted', 1, ?, ?, ?)`,
      ).run(twin, enrolment.personId, TODAY, TODAY, TODAY);
      expect(integrityProblems(db, TODAY)).toEqual([]); // a waitlist place holds no time
      db.prepare("UPDATE enrolment SET status = 'enrolled' WHERE session_id = ? AND person_id = ?").run(twin, enrolment.personId);
      expect(integrityProblems(db, TODAY)).toEqual(['同一人在同一时段参加或讲授两个班期：1 条']);
      db.prepare('DELETE FROM enrolment WHERE session_id = ?').run(twin);
      // A person's time is held by teaching too: the trainee made a mentor of the twin session.
      const mentor = db.prepare('SELECT id FROM mentor WHERE person_id = ? LIMIT 1').pluck().get(enrolment.personId) as number | undefined;
      const mentorId =
        mentor ??
        Number(
          db
            .prepare(
              `INSERT INTO mentor (base_id, person_id, joined_on, status, created_at, updated_at) SELECT base_id, ?, '2020-01-01', 'active', 'x', 'x' FROM training_session WHERE id = ?`,
            )
            .run(enrolment.personId, twin).lastInsertRowid,
        );
      db.prepare("INSERT INTO session_mentor (session_id, mentor_id, person_id, role) VALUES (?, ?, ?, 'assistant')").run(twin, mentorId, enrolment.personId);
      expect(integrityProblems(db, TODAY)).toEqual(['同一人在同一时段参加或讲授两个班期：1 条']);
    });

    it('refuses removal, changing nothing, when the user built on an example record', async () => {
      const [person] = core.ok('people.list', { pageSize: 1 }).rows;
      core.ok('certificates.create', { personId: person!.id, level: 'senior', number: 'USER-1', issuedOn: '2020-01-01' });
      const before = snapshotCounts(core);
      expect(core.fail('demo.remove', {})).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('无法自动删除') });
      expect(snapshotCounts(core)).toEqual(before);
    });
  });
});
