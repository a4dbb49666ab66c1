/**
 * 督导工作记录 (issue 22, items 1 and 2) on a real SQLite file: relationships and the load limit of
 * a level (rule data, default off), records typed by hand with the time-holding rule both ways
 * (another supervision, a training session the supervisor teaches or attends; and a session
 * planned, or an enrolment made, over a supervision), coordinators limited to their bases,
 * the import (preview, refusals with every reason, all or nothing, 只导入无误的行, a second import
 * adding nothing) and the exports read back.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  downloadedFile,
  finishJob,
  finishJobCountingCpu,
  importingHere,
  makeIdNumber,
  SERVING_CPU_SAYS_WHERE_IMPORTS_RAN,
  openTestCore,
  snapshotCounts,
  type TestCore,
} from '../support/core.ts';
import { IMPORT_IN_WORKER_FROM_BYTES } from '../../core/services/excel.ts';
import { holdWrites, writesHeld } from '../../core/write-gate.ts';
import type { Actor } from '../../core/permissions.ts';
import type { SupervisionImportSummary } from '../../core/supervision-work/import.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { supervisionFactsByYear } from '../../db/repos/supervision.ts';
import { integrityProblems } from '../../core/integrity.ts';

let core: TestCore;
let seq = 100;
const person = (name: string, organizationId?: number) =>
  core.ok('people.create', { idNumber: makeIdNumber('442000', '19850101', String(seq++)), name, ...(organizationId ? { organizationId } : {}) });

const STAFF: Actor = { id: 2, name: '工作人员甲', role: 'staff' };
const AUDITOR: Actor = { id: 3, name: '审计员', role: 'auditor' };

let city: { id: number };
let levels: { id: number; name: string }[];
let org: { id: number };
let zhang: { supervisorId: number; personId: number };
let li: { id: number };
let wang: { id: number };
let base: { baseId: number; roomId: number; courseId: number; mentorId: number };

function appoint(name: string, levelIndex: number) {
  const p = person(name);
  const s = core.ok('supervisors.appoint', {
    personId: p.id,
    levelId: levels[levelIndex]!.id,
    regionId: city.id,
    appointedOn: '2025-01-01',
    validUntil: '2027-12-31',
    overrideReason: '测试',
  });
  return { supervisorId: s.id, personId: p.id };
}

beforeEach(async () => {
  seq = 100;
  core = await openTestCore();
  city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  levels = core.ok('supervisors.levels', {});
  org = core.ok('organizations.create', { name: '石岐家综', kind: 'social_work_agency' });
  zhang = appoint('张督导', 2);
  li = person('李华', org.id);
  wang = person('王芳', org.id);
  const association = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
  const { courseCategories } = core.ok('bases.lists', {});
  const { base: b } = core.ok('bases.create', {
    name: '西区基地',
    organizationId: association.id,
    regionId: city.id,
    grade: 'ordinary',
    accreditationStatus: 'accredited',
    accreditedUntil: '2028-12-31',
  });
  const room = core.ok('rooms.create', { baseId: b.id, name: '一号教室', seats: 30 });
  const course = core.ok('courses.create', { baseId: b.id, code: 'W-1', title: '个案管理', categoryId: courseCategories[5]!.id, creditHours: 3 });
  const mentor = core.ok('mentors.add', { baseId: b.id, personId: zhang.personId, joinedOn: '2025-01-01' });
  base = { baseId: b.id, roomId: room.id, courseId: course.id, mentorId: mentor.id };
});
afterEach(() => core.close());

const relationship = (personId: number | null, extra: Record<string, unknown> = {}) =>
  core.ok('supervision.createRelationship', {
    supervisorId: zhang.supervisorId,
    personId,
    organizationId: null,
    form: 'individual',
    startsOn: '2026-01-01',
    ...extra,
  });

const record = (startsAt: string, endsAt: string, subjectIds: number[] = [], extra: Record<string, unknown> = {}) => ({
  supervisorId: zhang.supervisorId,
  startsAt,
  endsAt,
  form: 'individual' as const,
  subjectIds,
  topic: '个案评估',
  ...extra,
});

function refused(name: Parameters<TestCore['fail']>[0], input: unknown, actor?: Actor) {
  const before = snapshotCounts(core);
  const error = core.fail(name, input, actor);
  expect(snapshotCounts(core)).toEqual(before);
  return error;
}

describe('督导关系 and the load limit', () => {
  it('a supervisor takes people and organizations as 督导对象; a person sees who supervises them now and before', () => {
    const a = relationship(li.id, { agreementRef: 'XY-2026-01' });
    core.ok('supervision.createRelationship', {
      supervisorId: zhang.supervisorId,
      personId: null,
      organizationId: org.id,
      form: 'organizational',
      startsOn: '2026-03-01',
    });
    const earlier = appoint('赵督导', 3);
    const past = core.ok('supervision.createRelationship', {
      supervisorId: earlier.supervisorId,
      personId: li.id,
      organizationId: null,
      form: 'group',
      startsOn: '2024-01-01',
      endsOn: '2025-12-31',
    });
    expect(a).toMatchObject({ subjectName: '李华', subjectOrganizationName: '石岐家综', current: true, version: 1 });
    expect(past.current).toBe(false);
    const ofLi = core.ok('supervision.relationships', { personId: li.id });
    expect(ofLi.map((r) => [r.supervisorName, r.current])).toEqual([
      ['张督导', true],
      ['赵督导', false],
    ]);
    expect(core.ok('supervision.caseload', { supervisorId: zhang.supervisorId })).toMatchObject({ current: 2, limit: null });
    // neither both nor neither, not oneself, not the same 督导对象 twice at once
    expect(
      refused('supervision.createRelationship', {
        supervisorId: zhang.supervisorId,
        personId: li.id,
        organizationId: org.id,
        form: 'group',
        startsOn: '2026-01-01',
      }).message,
    ).toContain('二选一');
    expect(
      refused('supervision.createRelationship', { supervisorId: zhang.supervisorId, personId: zhang.personId, form: 'group', startsOn: '2026-01-01' }).message,
    ).toContain('不能作为自己的督导对象');
    expect(
      refused('supervision.createRelationship', { supervisorId: zhang.supervisorId, personId: li.id, form: 'group', startsOn: '2026-06-01' }).message,
    ).toContain('期间不能重叠');
    // ended: the load drops, the person's page shows it as past
    const ended = core.ok('supervision.endRelationship', { id: a.id, version: a.version, endsOn: '2026-10-31' });
    expect(ended).toMatchObject({ endsOn: '2026-10-31', current: false, version: 2 });
    expect(core.ok('supervision.caseload', { supervisorId: zhang.supervisorId }).current).toBe(1);
    // a stale version is refused, naming who changed it
    expect(refused('supervision.endRelationship', { id: a.id, version: 1, endsOn: '2026-09-30' }).message).toContain('已被');
  });

  it('the load limit is rule data per level, off by default; over it a new or extended relationship is refused, naming the limit', () => {
    const level = levels[2]!;
    for (let i = 0; i < 3; i++) relationship(person(`对象${i}`).id);
    expect(core.ok('supervision.caseloadLimits', {})).toEqual({});
    core.ok('supervision.setCaseloadLimits', { limits: [{ levelId: level.id, limit: 3 }] });
    expect(core.ok('supervision.caseloadLimits', {})).toEqual({ [String(level.id)]: 3 });
    expect(core.ok('supervision.caseload', { supervisorId: zhang.supervisorId })).toMatchObject({ current: 3, limit: 3, levelName: level.name });
    const error = refused('supervision.createRelationship', {
      supervisorId: zhang.supervisorId,
      personId: li.id,
      form: 'individual',
      startsOn: '2026-01-01',
    });
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect(error.field).toBeUndefined();
    expect(error.message).toContain(`${level.name}最多 3 名督导对象，张督导目前已有 3 名`);
    // a relationship that starts after another ends does not add to the load at once
    const ending = core.ok('supervision.relationships', { supervisorId: zhang.supervisorId })[0]!;
    core.ok('supervision.endRelationship', { id: ending.id, endsOn: '2026-06-30' });
    const later = relationship(li.id, { startsOn: '2026-07-01' });
    // extending the ended one again would be over the limit
    expect(refused('supervision.updateRelationship', { ...ending, id: ending.id, endsOn: null, version: undefined }).message).toContain('最多 3 名');
    expect(later.current).toBe(true);
    // the limit off again: anything goes
    core.ok('supervision.setCaseloadLimits', { limits: [{ levelId: level.id, limit: 0 }] });
    relationship(wang.id);
    // staff may not set rules; auditors may not add relationships
    expect(core.fail('supervision.setCaseloadLimits', { limits: [] }, STAFF).code).toBe('FORBIDDEN');
    expect(
      core.fail('supervision.createRelationship', { supervisorId: zhang.supervisorId, personId: li.id, form: 'group', startsOn: '2027-01-01' }, AUDITOR).code,
    ).toBe('FORBIDDEN');
  });
});

describe('督导记录 and the time-holding rule', () => {
  it('records supervision with its 督导对象 and minutes; facts per year; an overlapping supervision is refused, naming it', () => {
    const a = relationship(li.id);
    const b = relationship(wang.id);
    const first = core.ok(
      'supervision.createRecord',
      record('2026-11-05T09:00', '2026-11-05T11:30', [a.id, b.id], { form: 'group', summary: '讨论两个个案' }),
      STAFF,
    );
    expect(first).toMatchObject({ minutes: 150, form: 'group', createdBy: '工作人员甲', baseId: null, version: 1 });
    expect(first.subjects.map((s) => s.name)).toEqual(['李华', '王芳']);
    core.ok('supervision.createRecord', record('2026-11-05T11:30', '2026-11-05T12:00', [a.id]), STAFF); // touching is fine
    const error = refused('supervision.createRecord', record('2026-11-05T10:00', '2026-11-05T10:30'), STAFF);
    expect(error).toMatchObject({ code: 'CONFLICT', field: 'startsAt' });
    expect(error.message).toBe('张督导在该时段有督导记录「个案评估」（2026-11-05 09:00–11:30）');
    // a subject outside its relationship's period, or another supervisor's, is refused
    const ended = core.ok('supervision.endRelationship', { id: b.id, endsOn: '2026-11-10' });
    expect(refused('supervision.createRecord', record('2026-11-20T09:00', '2026-11-20T10:00', [ended.id]), STAFF).message).toContain(
      '不在张督导的督导关系期间内',
    );
    // moving the record onto itself is fine; listing filters by supervisor, date and form, and searches
    core.ok('supervision.updateRecord', { ...record('2026-11-05T09:30', '2026-11-05T11:30', [a.id]), id: first.id, version: 1 }, STAFF);
    expect(core.ok('supervision.records', { supervisorId: zhang.supervisorId, from: '2026-11-01', to: '2026-11-30' }).total).toBe(2);
    expect(core.ok('supervision.records', { form: 'group' }).total).toBe(0);
    expect(core.ok('supervision.records', { search: '个案' }).total).toBe(2);
    const facts = supervisionFactsByYear(core.db, 2026);
    expect(facts).toEqual([{ supervisorId: zhang.supervisorId, sessions: 2, minutes: 150, subjects: 1, organizationsReached: 1 }]);
    expect(supervisionFactsByYear(core.db, 2025)).toEqual([]);
    // delete: audited, the stale version refused
    expect(refused('supervision.deleteRecord', { id: first.id, version: 1 }, STAFF).message).toContain('删除');
    core.ok('supervision.deleteRecord', { id: first.id, version: 2 }, STAFF);
    const logged = core.db.prepare(`SELECT actor_name, operation FROM audit_log WHERE table_name = 'supervision_record' AND action = 'delete'`).all();
    expect(logged).toEqual([{ actor_name: '工作人员甲', operation: 'supervision.deleteRecord' }]);
  });

  it('a supervision may not overlap a session the supervisor teaches or attends, and a session may not be planned, nor an enrolment made, over a supervision', () => {
    const { session: taught } = core.ok('sessions.create', {
      courseId: base.courseId,
      roomId: base.roomId,
      startsAt: '2026-12-01T09:00',
      endsAt: '2026-12-01T12:00',
      capacity: 20,
      leadMentorIds: [base.mentorId],
    });
    const asMentor = refused('supervision.createRecord', record('2026-12-01T11:00', '2026-12-01T13:00'), STAFF);
    expect(asMentor.message).toBe('张督导在该时段担任班期「W-1 个案管理」（西区基地，2026-12-01 09:00–12:00）的导师');

    // attending a session as a trainee holds the time too
    const other = core.ok('mentors.add', { baseId: base.baseId, personId: li.id, joinedOn: '2025-01-01' });
    const { session: attended } = core.ok('sessions.create', {
      courseId: base.courseId,
      roomId: base.roomId,
      startsAt: '2026-12-02T14:00',
      endsAt: '2026-12-02T17:00',
      capacity: 20,
      leadMentorIds: [other.id],
    });
    core.ok('enrolments.enrol', { sessionId: attended.id, personId: zhang.personId });
    expect(refused('supervision.createRecord', record('2026-12-02T16:00', '2026-12-02T18:00'), STAFF).message).toContain('已报名班期「W-1 个案管理」');

    // the other way round: a supervision first, then a session over it
    core.ok('supervision.createRecord', record('2026-12-03T09:00', '2026-12-03T10:00'), STAFF);
    const planned = refused('sessions.create', {
      courseId: base.courseId,
      roomId: base.roomId,
      startsAt: '2026-12-03T09:30',
      endsAt: '2026-12-03T11:30',
      capacity: 20,
      leadMentorIds: [base.mentorId],
    });
    expect(planned).toMatchObject({ code: 'CONFLICT', field: 'leadMentorIds' });
    expect(planned.message).toBe('导师「张督导」在该时段有督导记录「个案评估」（2026-12-03 09:00–10:00）');
    // moving a taught session onto it is refused as well
    expect(refused('sessions.reschedule', { id: taught.id, startsAt: '2026-12-03T08:00', endsAt: '2026-12-03T09:30' }).message).toContain(
      '有督导记录「个案评估」',
    );
    // enrolling the supervisor as a trainee in a session over it
    const { session: overlapping } = core.ok('sessions.create', {
      courseId: base.courseId,
      roomId: base.roomId,
      startsAt: '2026-12-03T09:30',
      endsAt: '2026-12-03T11:00',
      capacity: 20,
      leadMentorIds: [other.id],
    });
    const enrol = refused('enrolments.enrol', { sessionId: overlapping.id, personId: zhang.personId });
    expect(enrol.message).toBe('「张督导」在该时段有督导记录「个案评估」（2026-12-03 09:00–10:00）');
    // the auditor's check over the whole database agrees: intact, until a record is written past the rule
    expect(integrityProblems(core.db, '2026-11-24')).toEqual([]);
    core.db
      .prepare(
        `INSERT INTO supervision_record (supervisor_id, starts_at, ends_at, minutes, form, topic, created_at, updated_at, created_by) VALUES (?, '2026-12-01T08:00', '2026-12-01T10:00', 120, 'group', '越过规则', 'x', 'x', 'x')`,
      )
      .run(zhang.supervisorId);
    expect(integrityProblems(core.db, '2026-11-24')).toEqual(['督导在同一时段有两次督导，或督导与其讲授、参加的班期时间重叠：1 条']);
  });

  it('the scheduling assistant proposes no slot over a supervision its mentor gives (the session save would refuse it)', () => {
    core.ok('supervision.createRecord', record('2026-12-10T08:00', '2026-12-10T21:00'), STAFF);
    const find = (from: string, to: string) =>
      core.ok('sessions.findSlots', { courseId: base.courseId, mentorId: base.mentorId, from, to, durationMinutes: 120 }).slots;
    expect(find('2026-12-10', '2026-12-10')).toEqual([]);
    const slots = find('2026-12-10', '2026-12-11');
    expect(slots.length).toBeGreaterThan(0);
    for (const s of slots) expect(s.startsAt.slice(0, 10)).toBe('2026-12-11');
    const s = slots[0]!;
    core.ok('sessions.create', {
      courseId: base.courseId,
      roomId: s.roomId,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      capacity: 20,
      leadMentorIds: [s.mentorId],
    });
  });

  it('a coordinator records supervision only for their own bases, and sees only those; an auditor reads', () => {
    const coordinator: Actor = { id: 9, name: '协调员', role: 'coordinator', baseIds: [base.baseId] };
    const elsewhere: Actor = { id: 10, name: '别处协调员', role: 'coordinator', baseIds: [] };
    const staffRecord = core.ok('supervision.createRecord', record('2026-11-01T09:00', '2026-11-01T10:00'), STAFF);
    expect(core.fail('supervision.createRecord', record('2026-11-02T09:00', '2026-11-02T10:00'), coordinator).message).toContain('请选择基地');
    const own = core.ok('supervision.createRecord', record('2026-11-02T09:00', '2026-11-02T10:00', [], { baseId: base.baseId }), coordinator);
    expect(own).toMatchObject({ baseId: base.baseId, baseName: '西区基地' });
    expect(core.ok('supervision.records', {}, coordinator).rows.map((r) => r.id)).toEqual([own.id]);
    expect(core.ok('supervision.records', {}, elsewhere).total).toBe(0);
    expect(core.fail('supervision.record', { id: staffRecord.id }, coordinator).code).toBe('FORBIDDEN');
    expect(core.fail('supervision.deleteRecord', { id: own.id }, elsewhere).code).toBe('FORBIDDEN');
    expect(core.fail('supervision.createRecord', record('2026-11-03T09:00', '2026-11-03T10:00', [], { baseId: base.baseId }), elsewhere).code).toBe(
      'FORBIDDEN',
    );
    expect(core.ok('supervision.records', {}, AUDITOR).total).toBe(2);
    expect(core.fail('supervision.createRecord', record('2026-11-04T09:00', '2026-11-04T10:00'), AUDITOR).code).toBe('FORBIDDEN');
  });
});

async function sheet(rows: unknown[][], headers = ['督导', '日期', '开始', '结束', '形式', '被督导者', '主题', '摘要']): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('11月督导');
  ws.addRow(['2026 年 11 月督导记录']);
  ws.addRow(headers);
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

async function run(mode: 'importPreview' | 'importCommit', base64: string, extra: { onlyValidRows?: boolean } = {}) {
  const { jobId } = core.ok(`supervision.${mode}`, { fileName: '11月督导.xlsx', base64, ...extra }, STAFF);
  const status = await finishJob(core, jobId, STAFF);
  if (status.state !== 'done') throw new Error(`job ${status.state}: ${status.error}`);
  return { summary: status.result as SupervisionImportSummary, jobId };
}

describe('督导记录导入', () => {
  it('previews with every refusal and its reasons, commits all or nothing (or only the valid rows), and a second import adds nothing', async () => {
    relationship(li.id);
    relationship(wang.id);
    core.ok('supervision.createRecord', record('2026-11-20T09:00', '2026-11-20T10:00'), STAFF);
    const good = [
      ['张督导', new Date('2026-11-03T00:00:00Z'), '09:00', '11:00', '个别督导', '李华', '个案评估', '评估表'],
      ['张督导', '2026/11/10', '14:00', '15:30', '团体', '李华、王芳', '小组工作', null],
      ['张督导', '2026-11-10', '14:00', '15:30', '团体', '李华、王芳', '小组工作', null], // the same row again: skipped
    ];
    const bad = [
      ['张督导', '2026-11-20', '09:30', '10:30', '个别督导', '李华', '个案评估', null], // overlaps the typed record
      ['钱督导', '2026-11-21', '25:00', '10:00', '电话督导', '陈某', '', null], // every reason at once
      ['张督导', '2026-11-03', '10:00', '12:00', '个别督导', '李华', '重叠', null], // overlaps the first row of the file
    ];
    const counts = snapshotCounts(core);
    const preview = (await run('importPreview', await sheet([...good, ...bad]))).summary;
    expect(preview).toMatchObject({ mode: 'preview', rows: 6, counts: { created: 2, skipped: 1, refused: 3, unchanged: 0 }, written: 0, reportFile: true });
    expect(preview.columns.map((c) => [c.heading, c.field])).toEqual([
      ['督导', 'supervisorName'],
      ['日期', 'date'],
      ['开始', 'startTime'],
      ['结束', 'endTime'],
      ['形式', 'form'],
      ['被督导者', 'subjects'],
      ['主题', 'topic'],
      ['摘要', 'summary'],
    ]);
    const refusedRows = Object.fromEntries(preview.samples.refused.map((r) => [r.rowNumber, r.problems!.map((p) => `${p.column}：${p.reason}`)]));
    expect(refusedRows[6]).toEqual(['开始：张督导在该时段有督导记录「个案评估」（2026-11-20 09:00–10:00）']);
    expect(refusedRows[7]).toEqual([
      '督导：督导库中没有名为「钱督导」的督导',
      '开始：开始时间「25:00」应为 时:分，如 09:00',
      '形式：无法识别的督导形式「电话督导」：可填 个别督导、团体督导、机构督导',
      '主题：请填写督导主题',
    ]);
    expect(refusedRows[8]).toEqual(['开始：与第 3 行（2026-11-03 09:00–11:00）时间重叠']);
    expect(snapshotCounts(core)).toEqual(counts); // a preview writes nothing

    // all or nothing
    const blocked = (await run('importCommit', await sheet([...good, ...bad]))).summary;
    expect(blocked).toMatchObject({ blocked: true, written: 0 });
    expect(snapshotCounts(core)).toEqual(counts);
    // only the valid rows
    const some = (await run('importCommit', await sheet([...good, ...bad]), { onlyValidRows: true })).summary;
    expect(some).toMatchObject({ blocked: false, written: 2 });
    const imported = core.ok('supervision.records', { supervisorId: zhang.supervisorId, sortField: 'startsAt', sortDir: 'asc' }).rows;
    expect(imported.map((r) => [r.startsAt, r.endsAt, r.minutes, r.form, r.subjects.map((s) => s.name).join('、'), r.importId !== null])).toEqual([
      ['2026-11-03T09:00', '2026-11-03T11:00', 120, 'individual', '李华', true],
      ['2026-11-10T14:00', '2026-11-10T15:30', 90, 'group', '李华、王芳', true],
      ['2026-11-20T09:00', '2026-11-20T10:00', 60, 'individual', '', false],
    ]);
    // the same file again: already there
    const again = (await run('importPreview', await sheet(good))).summary;
    expect(again.counts).toMatchObject({ created: 0, unchanged: 2, skipped: 1 });
    expect(again.samples.unchanged[0]!.notes).toEqual(['已导入过（同一督导、开始和结束时间），不再重复导入']);
  });

  it('exports records (the import’s headings first) and relationships, read back', async () => {
    const a = relationship(li.id, { agreementRef: 'XY-01' });
    core.ok('supervision.createRecord', record('2026-11-05T09:00', '2026-11-05T11:30', [a.id], { summary: '摘要' }), STAFF);
    const { jobId } = core.ok('supervision.exportRecords', { supervisorId: zhang.supervisorId }, STAFF);
    await finishJob(core, jobId, STAFF);
    const file = downloadedFile(core, jobId, STAFF);
    expect(file.fileName).toBe('督导记录_2026-11-24.xlsx');
    const { headers, rows } = await readFirstSheet(file.data);
    expect(headers.slice(0, 9)).toEqual(['督导姓名', '督导日期', '开始时间', '结束时间', '督导形式', '督导对象', '督导主题', '内容摘要', '后续跟进']);
    expect(rows.map((r) => r.values.slice(0, 11))).toEqual([
      ['张督导', expect.anything(), '09:00', '11:30', '个别督导', '李华', '个案评估', '摘要', undefined, 150, '2 小时 30 分'],
    ]);
    // the exported file imports back as already there
    const back = (await run('importPreview', file.data.toString('base64'))).summary;
    expect(back.counts).toMatchObject({ unchanged: 1, refused: 0 });

    const rel = core.ok('supervision.exportRelationships', {}, STAFF);
    await finishJob(core, rel.jobId, STAFF);
    const relFile = await readFirstSheet(downloadedFile(core, rel.jobId, STAFF).data);
    expect(relFile.rows.map((r) => r.values)).toEqual([
      ['张督导', levels[2]!.name, '李华', '人员', '石岐家综', '个别督导', expect.anything(), undefined, '当前', 'XY-01'],
    ]);
  });
});

describe('督导记录导入 of a large workbook, in a worker thread', () => {
  const slots = [
    ['08:00', '09:00'],
    ['10:00', '11:00'],
    ['13:00', '14:00'],
    ['15:00', '16:00'],
  ];
  /** Rows just large enough for the worker: ~20 KB, a fifth past IMPORT_IN_WORKER_FROM_BYTES (16 KB; 300 rows make 15.3 KB). */
  const PAST_THE_WORKER_THRESHOLD = 450;
  /**
   * Rows enough for the serving thread's CPU to say where the import ran (on SQLite; on PostgreSQL only the results are
   * compared, and its round trips per row make a large file cost minutes on a loaded machine): past the worker's threshold.
   */
  const ROWS = SERVING_CPU_SAYS_WHERE_IMPORTS_RAN ? 1500 : PAST_THE_WORKER_THRESHOLD;
  /** `rows` hours of supervision from the `first` day, four a day, none overlapping another. */
  const year = (first: number, rows = ROWS) =>
    sheet(
      Array.from({ length: rows }, (_, i) => {
        const day = new Date(Date.UTC(2024, 0, 1) + (first + Math.floor(i / 4)) * 86_400_000);
        return ['张督导', day, ...slots[i % 4]!, '个别督导', null, `第${i + 1}次个案督导`, '个案评估'];
      }),
    );

  it("previews and commits as on the serving thread, its CPU there a small part of the import, as the caller's one operation", async () => {
    const [first, second] = [await year(0), await year(400)];
    expect(Buffer.from(first, 'base64').byteLength).toBeGreaterThanOrEqual(IMPORT_IN_WORKER_FROM_BYTES); // large enough for the worker
    const start = (mode: 'importPreview' | 'importCommit', base64: string) => () =>
      core.ok(`supervision.${mode}`, { fileName: '历年督导.xlsx', base64 }, STAFF);

    const previewHere = await importingHere(() => finishJobCountingCpu(core, start('importPreview', first), STAFF));
    const preview = await finishJobCountingCpu(core, start('importPreview', first), STAFF);
    expect(preview.status.state, preview.status.error ?? '').toBe('done');
    expect(preview.status.result).toEqual(previewHere.status.result);
    expect((preview.status.result as SupervisionImportSummary).counts).toMatchObject({ created: ROWS, refused: 0 });

    const commitHere = await importingHere(() => finishJobCountingCpu(core, start('importCommit', second), STAFF));
    const commit = await finishJobCountingCpu(core, start('importCommit', first), STAFF);
    console.log(
      `[thread] 督导记录导入 of ${ROWS} rows, the serving thread's CPU: preview ${Math.round(previewHere.cpuMs)} ms here, ${Math.round(preview.cpuMs)} ms in the worker; commit ${Math.round(commitHere.cpuMs)} ms here, ${Math.round(commit.cpuMs)} ms in the worker`,
    );
    expect(commit.status.state, commit.status.error ?? '').toBe('done');
    const summary = ({ counts, written, blocked }: SupervisionImportSummary) => ({ counts, written, blocked });
    expect(summary(commit.status.result as SupervisionImportSummary)).toEqual(summary(commitHere.status.result as SupervisionImportSummary));
    expect((commit.status.result as SupervisionImportSummary).written).toBe(ROWS);
    expect(core.ok('supervision.records', { supervisorId: zhang.supervisorId }).total).toBe(2 * ROWS);
    const operations = core.db.prepare('SELECT DISTINCT operation, actor_name FROM audit_log WHERE id > (SELECT max(id) - 10 FROM audit_log)').all();
    expect(operations).toContainEqual({ operation: 'supervision.importCommit', actor_name: STAFF.name });
    // CPU time, not wall time; on SQLite only (SERVING_CPU_SAYS_WHERE_IMPORTS_RAN). Here the commit cost the serving thread ~1 s, in
    // the worker ~0.1 s (after either it reads the log's new entries).
    if (SERVING_CPU_SAYS_WHERE_IMPORTS_RAN) {
      expect(preview.cpuMs).toBeLessThan(previewHere.cpuMs / 3);
      expect(commit.cpuMs).toBeLessThan(commitHere.cpuMs / 2);
    }
    expect((await run('importPreview', first)).summary.counts).toMatchObject({ created: 0, unchanged: ROWS });
  }, 180_000);

  it('waits for the write gate to publish, and a cancel meanwhile writes nothing, in the worker and on the serving thread', async () => {
    const base64 = await year(0, PAST_THE_WORKER_THRESHOLD);
    expect(Buffer.from(base64, 'base64').byteLength).toBeGreaterThanOrEqual(IMPORT_IN_WORKER_FROM_BYTES);
    const before = snapshotCounts(core);
    // In the worker the check goes on while the gate is held and the publish waits for it; on the serving thread the
    // check itself waits at its next checkpoint (core/jobs.ts: a job's turn begins once writes are free).
    const inWorker = (work: () => Promise<void>) => work();
    for (const where of [inWorker, importingHere]) {
      await where(async () => {
        // Another import's publish holds the gate; this one checks, then waits for it.
        const release = await holdWrites();
        const { jobId } = core.ok('supervision.importCommit', { fileName: '历年督导.xlsx', base64 }, STAFF);
        const publishing = () => core.ok('jobs.status', { id: jobId }, STAFF).phase === '正在写入…';
        if (where === inWorker) for (let i = 0; i < 2_000 && !publishing(); i++) await new Promise((r) => setTimeout(r, 50));
        await new Promise((r) => setTimeout(r, 300)); // a worker's call for the gate crosses to this thread
        core.ok('jobs.cancel', { id: jobId }, STAFF);
        await new Promise((r) => setTimeout(r, 300)); // the cancel crosses to a worker at the job side's next look (every 100 ms)
        release();
        expect((await finishJob(core, jobId, STAFF)).state).toBe('cancelled');
      });
      expect(snapshotCounts(core)).toEqual(before);
      expect(writesHeld()).toBe(false);
    }
  }, 180_000);
});
