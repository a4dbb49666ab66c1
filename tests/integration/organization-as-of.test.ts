/**
 * Issue 22 item 6, "a trainee's organization is read as of the date that matters": a person who
 * moved organizations mid-year appears under the old one on an earlier session's roster, sign-in
 * sheet and enrolment export, and under the new one on a later session's; a 督导记录's people
 * present likewise as of the record's date, in the list and its export. People without any
 * 服务履历 (example data) show their current organization.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { downloadedFile, finishJob, makeIdNumber, openTestCore, type TestCore } from '../support/core.ts';

let day = '2026-01-10';
const clock: Clock = { today: () => day, now: () => `${day}T08:00:00.000Z`, timeZone: () => 'Asia/Shanghai' };
let core: TestCore;
let seq = 300;
const person = (name: string, organizationId?: number) =>
  core.ok('people.create', { idNumber: makeIdNumber('442000', '19880101', String(seq++)), name, ...(organizationId ? { organizationId } : {}) });

let orgA: number;
let orgB: number;
let mover: { id: number; idNumber: string };
let stayer: { id: number };
let early: number;
let late: number;
let supervisorId: number;

beforeEach(async () => {
  day = '2026-01-10';
  seq = 300;
  core = await openTestCore(undefined, clock);
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  orgA = core.ok('organizations.create', { name: '启航社工', kind: 'social_work_agency' }).id;
  orgB = core.ok('organizations.create', { name: '阳光家综', kind: 'social_work_agency' }).id;
  const association = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
  const { courseCategories } = core.ok('bases.lists', {});
  const { base } = core.ok('bases.create', {
    name: '西区基地',
    organizationId: association.id,
    regionId: city.id,
    grade: 'ordinary',
    accreditationStatus: 'accredited',
    accreditedUntil: '2028-12-31',
  });
  const room = core.ok('rooms.create', { baseId: base.id, name: '一号教室', seats: 30 });
  const course = core.ok('courses.create', { baseId: base.id, code: 'W-1', title: '个案管理', categoryId: courseCategories[5]!.id, creditHours: 3 });
  const teacher = person('周导师');
  const mentor = core.ok('mentors.add', { baseId: base.id, personId: teacher.id, joinedOn: '2025-01-01' });
  const session = (startsAt: string, endsAt: string) =>
    core.ok('sessions.create', { courseId: course.id, roomId: room.id, startsAt, endsAt, capacity: 20, leadMentorIds: [mentor.id] }).session.id;
  early = session('2026-03-10T09:00', '2026-03-10T12:00');
  late = session('2026-09-10T09:00', '2026-09-10T12:00');

  const created = person('陈晓明', orgA);
  mover = { id: created.id, idNumber: created.idNumber };
  stayer = person('林小红', orgA);
  for (const s of [early, late]) for (const p of [mover.id, stayer.id]) core.ok('enrolments.enrol', { sessionId: s, personId: p });

  const levels = core.ok('supervisors.levels', {});
  const supervisorPerson = person('张督导');
  supervisorId = core.ok('supervisors.appoint', {
    personId: supervisorPerson.id,
    levelId: levels[2]!.id,
    regionId: city.id,
    appointedOn: '2025-01-01',
    validUntil: '2027-12-31',
    overrideReason: '测试',
  }).id;

  // 2026-06-01: 陈晓明 moves from 启航社工 to 阳光家综 (the person form, effective that day).
  day = '2026-06-01';
  const current = core.ok('people.get', { id: mover.id }).person;
  core.ok('people.update', { id: mover.id, version: current.version, idNumber: mover.idNumber, name: '陈晓明', organizationId: orgB });
  day = '2026-11-24';
});
afterEach(() => core.close());

const rosterOrganizations = (sessionId: number) =>
  Object.fromEntries(core.ok('sessions.get', { id: sessionId }).enrolments.map((e) => [e.name, e.organizationName]));

async function exportedOrganizations(sessionId: number): Promise<Record<string, unknown>> {
  const { jobId } = core.ok('enrolments.export', { sessionId });
  await finishJob(core, jobId);
  const { headers, rows } = await readFirstSheet(downloadedFile(core, jobId).data);
  const name = headers.indexOf('姓名');
  const organization = headers.indexOf('所在机构');
  return Object.fromEntries(rows.map((r) => [r.values[name], r.values[organization]]));
}

describe('a trainee’s organization as of the session’s date', () => {
  it('the roster, the sign-in sheet and the enrolment export of an earlier session show the old organization, of a later one the new', async () => {
    expect(rosterOrganizations(early)).toEqual({ 陈晓明: '启航社工', 林小红: '启航社工' });
    expect(rosterOrganizations(late)).toEqual({ 陈晓明: '阳光家综', 林小红: '启航社工' });

    const sheet = (sessionId: number) => Object.fromEntries(core.ok('documents.signInSheet', { sessionId }).trainees.map((t) => [t.name, t.organizationName]));
    expect(sheet(early)).toEqual({ 陈晓明: '启航社工', 林小红: '启航社工' });
    expect(sheet(late)).toEqual({ 陈晓明: '阳光家综', 林小红: '启航社工' });

    expect(await exportedOrganizations(early)).toEqual({ 陈晓明: '启航社工', 林小红: '启航社工' });
    expect(await exportedOrganizations(late)).toEqual({ 陈晓明: '阳光家综', 林小红: '启航社工' });
  });

  it('a person without any 服务履历 (example data, the generator) shows their current organization', () => {
    core.db.prepare('DELETE FROM person_post_event WHERE person_id = ?').run(stayer.id);
    core.db.prepare('UPDATE person SET organization_id = ? WHERE id = ?').run(orgB, stayer.id);
    expect(rosterOrganizations(early)).toMatchObject({ 林小红: '阳光家综' });
  });
});

describe('a supervisor’s 督导对象, as of the date that matters', () => {
  it('an ended relationship names the organization the person was in on its last day; a current one, today’s', async () => {
    const rel = (startsOn: string, endsOn: string | null) =>
      core.ok('supervision.createRelationship', { supervisorId, personId: mover.id, organizationId: null, form: 'individual', startsOn, endsOn });
    rel('2026-01-01', '2026-05-31');
    rel('2026-06-01', null);
    const listed = core.ok('supervision.relationships', { supervisorId });
    expect(listed.map((r) => [r.startsOn, r.subjectName, r.subjectOrganizationName])).toEqual(
      expect.arrayContaining([
        ['2026-01-01', '陈晓明', '启航社工'],
        ['2026-06-01', '陈晓明', '阳光家综'],
      ]),
    );
    const { jobId } = core.ok('supervision.exportRelationships', { supervisorId });
    await finishJob(core, jobId);
    const { headers, rows } = await readFirstSheet(downloadedFile(core, jobId).data);
    const organization = headers.indexOf('所在机构');
    const ends = headers.indexOf('结束日期');
    expect(rows.map((r) => [r.values[ends] ? '已结束' : '当前', r.values[organization]])).toEqual(
      expect.arrayContaining([
        ['已结束', '启航社工'],
        ['当前', '阳光家综'],
      ]),
    );
    expect(rows).toHaveLength(2);
  });
});

describe('a 督导记录’s people present, as of the record’s date', () => {
  it('the list and the export name each person’s organization on that day', async () => {
    const rel = (personId: number | null, organizationId: number | null) =>
      core.ok('supervision.createRelationship', { supervisorId, personId, organizationId, form: 'individual', startsOn: '2026-01-01' }).id;
    const subjects = [rel(mover.id, null), rel(stayer.id, null), rel(null, orgB)];
    const record = (startsAt: string, endsAt: string) =>
      core.ok('supervision.createRecord', { supervisorId, startsAt, endsAt, form: 'group', subjectIds: subjects, topic: '团体督导' });
    record('2026-04-02T14:00', '2026-04-02T16:00');
    record('2026-10-08T14:00', '2026-10-08T16:00');

    const listed = core.ok('supervision.records', { supervisorId, sortField: 'startsAt', sortDir: 'asc' }).rows;
    expect(listed.map((r) => r.subjects.map((s) => [s.name, s.organizationName]))).toEqual([
      [
        ['陈晓明', '启航社工'],
        ['林小红', '启航社工'],
        ['阳光家综', null],
      ],
      [
        ['陈晓明', '阳光家综'],
        ['林小红', '启航社工'],
        ['阳光家综', null],
      ],
    ]);

    const { jobId } = core.ok('supervision.exportRecords', { supervisorId });
    await finishJob(core, jobId);
    const { headers, rows } = await readFirstSheet(downloadedFile(core, jobId).data);
    const column = headers.indexOf('督导对象所在机构');
    expect(column).toBeGreaterThan(8); // after the import's headings, so the export still imports back
    expect(rows.map((r) => r.values[column])).toEqual(['陈晓明：启航社工、林小红：启航社工', '陈晓明：阳光家综、林小红：启航社工']);
  });
});
