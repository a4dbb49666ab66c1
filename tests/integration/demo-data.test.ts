import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeIdNumber, openTestCore, snapshotCounts, TODAY, type TestCore } from '../support/core.ts';
import { integrityProblems } from '../../core/integrity.ts';
import { generate } from '../../core/demo/generate.ts';
import { openDatabase } from '../../db/open.ts';
import { migrate } from '../../db/migrate.ts';
import { tempDir } from '../support/core.ts';
import path from 'node:path';

let core: TestCore;
beforeEach(async () => {
  core = await openTestCore();
});
afterEach(() => core.close());

describe('example data (载入示例数据)', () => {
  it('loads the demo scale: real towns, valid people, supervisors near quota, all passing the integrity checks', () => {
    const { created } = core.ok('demo.load', {});
    expect(created.person).toBe(400);
    expect(created.supervisor).toBeGreaterThan(20);
    expect(integrityProblems(core.db, TODAY)).toEqual([]);
    const towns = core.ok('regions.list', { search: '石岐街道' }).rows;
    expect(towns).toMatchObject([{ code: '442000001', level: 'town', parentName: '中山市' }]);
    // Every generated 身份证号 starts with the code of where the person lives.
    const mismatched = core.db.prepare("SELECT count(*) FROM person p JOIN region r ON r.id = p.region_id WHERE substr(p.id_number, 1, 6) <> substr(r.code, 1, 6)").pluck().get();
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
    expect(credited).toBe(core.db.prepare("SELECT count(*) FROM enrolment WHERE attended_hours > 0").pluck().get());
  });

  it('refuses to mix example data into a database that holds people', () => {
    core.ok('people.create', { idNumber: makeIdNumber(), name: '陈晓明' });
    const before = snapshotCounts(core);
    expect(core.fail('demo.load', {})).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('已有人员') });
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('removes exactly the example records, keeping what the user made and reused regions', () => {
    const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    core.ok('demo.load', {});
    const org = core.ok('organizations.create', { name: '用户自建机构', kind: 'other' });
    core.ok('demo.remove', {});
    expect(core.ok('demo.status', {})).toEqual({ loaded: false, counts: {} });
    expect(core.ok('people.list', {}).total).toBe(0);
    expect(core.ok('supervisors.list', {}).total).toBe(0);
    expect(core.ok('bases.list', {}).total).toBe(0);
    expect(core.ok('sessions.list', {}).total).toBe(0);
    expect(core.db.prepare('SELECT (SELECT count(*) FROM enrolment) + (SELECT count(*) FROM training_record) + (SELECT count(*) FROM session_mentor) + (SELECT count(*) FROM mentor_specialty)').pluck().get()).toBe(0);
    expect(core.db.prepare('SELECT (SELECT count(*) FROM recert_cycle) + (SELECT count(*) FROM recert_review) + (SELECT count(*) FROM base_evaluation)').pluck().get()).toBe(0);
    expect(core.ok('regions.list', {}).rows.map((r) => r.id)).toEqual([city.id]);
    expect(core.ok('organizations.list', {}).rows.map((o) => o.id)).toEqual([org.id]);
    expect(integrityProblems(core.db, TODAY)).toEqual([]);
  });

  it('refuses removal, changing nothing, when the user built on an example record', () => {
    core.ok('demo.load', {});
    const [person] = core.ok('people.list', { pageSize: 1 }).rows;
    core.ok('certificates.create', { personId: person!.id, level: 'senior', number: 'USER-1', issuedOn: '2020-01-01' });
    const before = snapshotCounts(core);
    expect(core.fail('demo.remove', {})).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('无法自动删除') });
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('is deterministic for a seed', async () => {
    const make = async () => {
      const db = openDatabase(path.join(tempDir(), 'seed.sqlite3'));
      await migrate(db);
      generate(db, { scale: 'demo', seed: 7, today: TODAY, now: `${TODAY}T00:00:00.000Z`, actorName: 't' });
      const rows = [db.prepare('SELECT id_number, name, phone FROM person ORDER BY id').all(), db.prepare('SELECT course_id, starts_at, ends_at FROM training_session ORDER BY id').all(), db.prepare('SELECT count(*) FROM enrolment').pluck().get()];
      db.close();
      return rows;
    };
    expect(await make()).toEqual(await make());
  });

});
