/**
 * 镇区覆盖 meets practice (issue 22 item 4): beside the appointed supervisors, the hours of
 * supervision each town's organizations received this year — subject organizations of the town, and
 * subject people whose organization was of the town on the record's date (服务履历) — and the towns
 * with appointed supervisors but no supervision recorded. The screen and its export agree.
 * The supervision records are written with SQL (the tables of migration 0033; their operations are
 * h22a's part of the issue).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { supervisionFactsByYear } from '../../db/repos/supervision.ts';
import { supervisionTotalsByYear } from '../../db/repos/supervision-facts.ts';
import { downloadedFile, finishJob, makeIdNumber, openTestCore, type TestCore } from '../support/core.ts';

let day = '2026-01-05';
const clock: Clock = { today: () => day, now: () => `${day}T08:00:00.000Z`, timeZone: () => 'Asia/Shanghai' };
let core: TestCore;
let towns: Record<string, number>;
let seq = 200;

beforeEach(async () => {
  day = '2026-01-05';
  core = await openTestCore(undefined, clock);
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  towns = {};
  for (const [code, name] of [
    ['442000001', '石岐街道'],
    ['442000002', '东区街道'],
    ['442000101', '黄圃镇'],
  ] as const)
    towns[name] = core.ok('regions.create', { code, name, level: 'town', parentId: city.id }).id;
});
afterEach(() => core.close());

function appoint(town: string) {
  const p = core.ok('people.create', {
    idNumber: makeIdNumber('442000', '19800101', String(++seq)),
    name: `督导${seq}`,
    regionId: towns[town],
    practiceStart: '2010-01-01',
  });
  core.ok('certificates.create', { personId: p.id, level: 'social_worker', number: `C${seq}`, issuedOn: '2012-01-01' });
  const level = core.ok('supervisors.levels', {}).find((l) => l.name === '中级督导')!.id;
  return core.ok('supervisors.appoint', {
    personId: p.id,
    levelId: level,
    regionId: towns[town]!,
    appointedOn: '2020-01-01',
    validUntil: '2027-12-31',
    overrideReason: '测试数据',
  });
}

function relationship(supervisorId: number, subject: { personId: number } | { organizationId: number }) {
  const info = core.db
    .prepare(
      `INSERT INTO supervision_relationship (supervisor_id, person_id, organization_id, form, starts_on, created_at, updated_at)
       VALUES (?, ?, ?, ?, '2026-01-01', 'x', 'x')`,
    )
    .run(
      supervisorId,
      'personId' in subject ? subject.personId : null,
      'organizationId' in subject ? subject.organizationId : null,
      'personId' in subject ? 'individual' : 'organizational',
    );
  return Number(info.lastInsertRowid);
}

function record(supervisorId: number, startsAt: string, endsAt: string, minutes: number, relationships: number[]) {
  const info = core.db
    .prepare(
      `INSERT INTO supervision_record (supervisor_id, starts_at, ends_at, minutes, form, topic, created_at, updated_at, created_by)
       VALUES (?, ?, ?, ?, 'individual', '个案督导', 'x', 'x', '测试')`,
    )
    .run(supervisorId, startsAt, endsAt, minutes);
  for (const r of relationships)
    core.db.prepare('INSERT INTO supervision_record_subject (record_id, relationship_id) VALUES (?, ?)').run(info.lastInsertRowid, r);
}

/** Two supervisors in 石岐, one in 东区 and one in 黄圃; a social worker who moved from 石岐 to 东区 on 2026-06-01. */
function practice() {
  const shiqiOrg = core.ok('organizations.create', { name: '石岐社工中心', kind: 'social_work_agency', regionId: towns['石岐街道'] }).id;
  const eastOrg = core.ok('organizations.create', { name: '东区家综', kind: 'social_work_agency', regionId: towns['东区街道'] }).id;
  const a = appoint('石岐街道');
  const b = appoint('东区街道');
  appoint('黄圃镇');
  const worker = core.ok('people.create', { idNumber: makeIdNumber('442000', '19950101', '301'), name: '陈晓明', organizationId: shiqiOrg });
  day = '2026-06-01';
  core.ok('people.update', { id: worker.id, idNumber: worker.idNumber, name: '陈晓明', organizationId: eastOrg });
  day = '2026-11-24';
  const aWorker = relationship(a.id, { personId: worker.id });
  const bWorker = relationship(b.id, { personId: worker.id });
  const bEast = relationship(b.id, { organizationId: eastOrg });
  record(a.id, '2026-03-10T09:00', '2026-03-10T11:00', 120, [aWorker]); // the worker was in 石岐 then
  record(a.id, '2026-07-01T09:00', '2026-07-01T10:30', 90, [aWorker]); // and in 东区 now
  record(b.id, '2026-08-01T14:00', '2026-08-01T15:00', 60, [bWorker, bEast]); // 东区 twice over: one session, one hour
  record(b.id, '2025-12-31T20:00', '2025-12-31T20:30', 30, [bEast]); // last year
  return { a, b, shiqiOrg, eastOrg };
}

describe('镇区覆盖 with the supervision received', () => {
  it("counts each town's hours this year, reading a person's organization as of the record's date; flags towns with supervisors and no supervision", () => {
    practice();
    const { rows, summary } = core.ok('coverage.list', {});
    const of = (name: string) => rows.find((r) => r.name === name)!;
    expect(of('石岐街道')).toMatchObject({ supervisionSessions: 1, supervisionHours: 2, supervisedOrganizations: 1, unsupervised: false });
    expect(of('东区街道')).toMatchObject({ supervisionSessions: 2, supervisionHours: 2.5, supervisedOrganizations: 1, unsupervised: false });
    expect(of('黄圃镇')).toMatchObject({ actual: 1, supervisionSessions: 0, supervisionHours: 0, unsupervised: true });
    expect(summary).toMatchObject({ supervisionYear: 2026, supervisionHours: 4.5, unsupervisedTowns: 1 });
    expect(core.ok('coverage.list', { onlyUnsupervised: true }).rows.map((r) => r.name)).toEqual(['黄圃镇']);
  });

  it('the figures are kept between pages and counted again after a change to what they read', () => {
    const { a, shiqiOrg } = practice();
    const shiqi = () => core.ok('coverage.list', {}).rows.find((r) => r.name === '石岐街道')!;
    expect(shiqi()).toMatchObject({ supervisionSessions: 1, supervisionHours: 2 });
    core.ok('organizations.create', { name: '无关机构', kind: 'other' }); // an organization changes: counted again, the same
    expect(shiqi()).toMatchObject({ supervisionSessions: 1, supervisionHours: 2 });
    record(a.id, '2026-09-01T09:00', '2026-09-01T10:00', 60, [relationship(a.id, { organizationId: shiqiOrg })]);
    expect(shiqi()).toMatchObject({ supervisionSessions: 2, supervisionHours: 3, supervisedOrganizations: 1 });
  });

  it('a town with no supervisors and no supervision is not flagged', () => {
    appoint('石岐街道');
    const { rows } = core.ok('coverage.list', {});
    expect(rows.find((r) => r.name === '黄圃镇')).toMatchObject({ actual: 0, supervisionSessions: 0, unsupervised: false });
    expect(rows.find((r) => r.name === '石岐街道')).toMatchObject({ unsupervised: true });
  });

  it('the export carries the same figures and honours the same filter', async () => {
    practice();
    const exported = async (query: object) => {
      const job = await finishJob(core, core.ok('coverage.export', query).jobId);
      expect(job.state).toBe('done');
      return readFirstSheet(downloadedFile(core, job.id).data);
    };
    const all = await exported({});
    const column = (header: string) => all.headers.indexOf(header);
    const cells = all.rows.map((r) => [
      r.values[2],
      r.values[column('2026年督导次数')],
      r.values[column('2026年督导小时')],
      r.values[column('2026年受督导机构数')],
      r.values[column('有督导但无督导记录')],
    ]);
    expect(cells).toEqual(
      expect.arrayContaining([
        ['石岐街道', 1, 2, 1, '否'],
        ['东区街道', 2, 2.5, 1, '否'],
        ['黄圃镇', 0, 0, 0, '是'],
      ]),
    );
    expect((await exported({ onlyUnsupervised: true })).rows.map((r) => r.values[2])).toEqual(['黄圃镇']);
  });

  it("the year's facts per supervisor and in total: organizations reached as of each record's date, subjects counted once", () => {
    const { a, b } = practice();
    const facts = new Map(supervisionFactsByYear(core.db, 2026).map((f) => [f.supervisorId, f]));
    expect(facts.get(a.id)).toEqual({ supervisorId: a.id, sessions: 2, minutes: 210, subjects: 1, organizationsReached: 2 });
    expect(facts.get(b.id)).toEqual({ supervisorId: b.id, sessions: 1, minutes: 60, subjects: 2, organizationsReached: 1 });
    expect(supervisionTotalsByYear(core.db, 2026)).toEqual({ sessions: 3, minutes: 270, supervisors: 2, subjects: 2, organizations: 2 });
    expect(supervisionTotalsByYear(core.db, 2025)).toMatchObject({ sessions: 1, minutes: 30, subjects: 1 });
  });
});
