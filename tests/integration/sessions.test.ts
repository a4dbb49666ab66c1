import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFirstSheet, writeWorkbook } from '../../core/excel/workbook.ts';
import { downloadedFile, finishJob, makeIdNumber, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';
import type { Actor } from '../../core/permissions.ts';
import type { SessionInput } from '../../core/schemas/sessions.ts';

let core: TestCore;
let seq = 100;
const person = (name: string) => core.ok('people.create', { idNumber: makeIdNumber('442000', '19850101', String(seq++)), name });

/** Two bases, each with a room and a course; 林导师 sits in both pools, 王导师 only in the first. */
let west: { baseId: number; roomId: number; courseId: number };
let east: { baseId: number; roomId: number; courseId: number };
let lin: { west: number; east: number; personId: number };
let wang: number;

beforeEach(async () => {
  seq = 100;
  core = await openTestCore();
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  const town = core.ok('regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  const org = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
  const { courseCategories } = core.ok('bases.lists', {});
  const setUp = (name: string, code: string) => {
    const { base } = core.ok('bases.create', {
      name,
      organizationId: org.id,
      regionId: town.id,
      grade: 'ordinary',
      accreditationStatus: 'accredited',
      accreditedUntil: '2028-12-31',
    });
    const room = core.ok('rooms.create', { baseId: base.id, name: '一号教室', seats: 30 });
    const course = core.ok('courses.create', { baseId: base.id, code, title: `${name}课程`, categoryId: courseCategories[5]!.id, creditHours: 3 });
    return { baseId: base.id, roomId: room.id, courseId: course.id };
  };
  west = setUp('西区基地', 'W-1');
  east = setUp('东区基地', 'E-1');
  const linPerson = person('林导师');
  lin = {
    personId: linPerson.id,
    west: core.ok('mentors.add', { baseId: west.baseId, personId: linPerson.id, joinedOn: '2025-01-01', validUntil: '2027-12-31' }).id,
    east: core.ok('mentors.add', { baseId: east.baseId, personId: linPerson.id, joinedOn: '2025-01-01' }).id,
  };
  wang = core.ok('mentors.add', { baseId: west.baseId, personId: person('王导师').id, joinedOn: '2025-01-01' }).id;
});
afterEach(() => core.close());

const session = (at: typeof west, startsAt: string, endsAt: string, extra: Partial<SessionInput> = {}): SessionInput => ({
  courseId: at.courseId,
  roomId: at.roomId,
  startsAt,
  endsAt,
  capacity: 20,
  leadMentorIds: [at === west ? lin.west : lin.east],
  ...extra,
});

function refused(name: Parameters<TestCore['fail']>[0], input: unknown, actor?: Actor) {
  const before = snapshotCounts(core);
  const error = core.fail(name, input, actor);
  expect(snapshotCounts(core)).toEqual(before);
  return error;
}

describe('scheduling conflicts (checked in core on date-times)', () => {
  it('a mentor shared by two bases cannot teach overlapping sessions; the refusal names the other session, its base and time', () => {
    core.ok('sessions.create', session(west, '2026-12-01T09:00', '2026-12-01T12:00'));
    const error = refused('sessions.create', session(east, '2026-12-01T11:00', '2026-12-01T14:00'));
    expect(error).toMatchObject({ code: 'CONFLICT', field: 'leadMentorIds' });
    expect(error.message).toBe('导师「林导师」在该时段已有班期「W-1 西区基地课程」（西区基地，2026-12-01 09:00–12:00）');
  });

  it('touching intervals are not conflicts; the same day at other hours is fine', () => {
    core.ok('sessions.create', session(west, '2026-12-01T09:00', '2026-12-01T10:00'));
    core.ok('sessions.create', session(west, '2026-12-01T10:00', '2026-12-01T12:00'));
    core.ok('sessions.create', session(east, '2026-12-01T08:00', '2026-12-01T09:00'));
    expect(core.ok('sessions.list', {}).total).toBe(3);
  });

  it('sessions crossing midnight conflict with what overlaps them on the next day', () => {
    core.ok('sessions.create', session(west, '2026-12-01T22:00', '2026-12-02T02:00'));
    expect(refused('sessions.create', session(west, '2026-12-02T01:00', '2026-12-02T03:00', { leadMentorIds: [wang] }))).toMatchObject({
      field: 'roomId',
      message: '教室「一号教室」在该时段已被班期「W-1 西区基地课程」（西区基地，2026-12-01 22:00–2026-12-02 02:00）占用',
    });
    core.ok('sessions.create', session(west, '2026-12-02T02:00', '2026-12-02T04:00', { leadMentorIds: [wang] }));
  });

  it('a room booked twice is refused; a cancelled session frees its room and mentors', () => {
    const first = core.ok('sessions.create', session(west, '2026-12-03T09:00', '2026-12-03T12:00'));
    expect(refused('sessions.create', session(west, '2026-12-03T11:59', '2026-12-03T13:00', { leadMentorIds: [wang] }))).toMatchObject({
      code: 'CONFLICT',
      field: 'roomId',
    });
    core.ok('sessions.cancel', { id: first.session.id, reason: '讲师临时出差' });
    core.ok('sessions.create', session(west, '2026-12-03T09:00', '2026-12-03T12:00'));
  });

  it('capacity cannot exceed the room; end must follow start', () => {
    expect(refused('sessions.create', session(west, '2026-12-04T09:00', '2026-12-04T12:00', { capacity: 31 }))).toMatchObject({
      field: 'capacity',
      message: '人数上限 31 超过教室「一号教室」的座位数 30',
    });
    expect(refused('sessions.create', session(west, '2026-12-04T12:00', '2026-12-04T09:00'))).toMatchObject({
      field: 'endsAt',
      message: '结束时间应晚于开始时间',
    });
    expect(refused('sessions.create', session(west, '2026-12-04 9:00', '2026-12-04 25:00'))).toMatchObject({
      field: 'endsAt',
      message: expect.stringContaining('不是有效的日期时间'),
    });
    // Typed with a space and a one-digit hour is fine.
    expect(core.ok('sessions.create', session(west, '2026-12-04 9:00', '2026-12-04 12:00')).session.startsAt).toBe('2026-12-04T09:00');
  });

  it('mentors come from the base pool and their membership must cover the date', () => {
    expect(refused('sessions.create', session(east, '2026-12-05T09:00', '2026-12-05T12:00', { leadMentorIds: [wang] }))).toMatchObject({
      field: 'leadMentorIds',
      message: '「王导师」不在本基地的导师库中',
    });
    expect(refused('sessions.create', session(west, '2028-01-05T09:00', '2028-01-05T12:00'))).toMatchObject({
      field: 'leadMentorIds',
      message: '「林导师」的导师资格 2027-12-31 到期，不能安排在此之后的班期',
    });
    expect(refused('sessions.create', session(west, '2024-06-01T09:00', '2024-06-01T12:00'))).toMatchObject({
      message: expect.stringContaining('2025-01-01 才加入本基地导师库'),
    });
    core.ok('mentors.update', { id: wang, joinedOn: '2025-01-01', status: 'inactive' });
    expect(
      refused('sessions.create', session(west, '2026-12-05T09:00', '2026-12-05T12:00', { leadMentorIds: [lin.west], assistantMentorIds: [wang] })),
    ).toMatchObject({ field: 'assistantMentorIds' });
  });

  it('a trainee cannot hold places in two overlapping sessions, also when a session is moved', () => {
    const eastMentor = (name: string) => core.ok('mentors.add', { baseId: east.baseId, personId: person(name).id, joinedOn: '2025-01-01' }).id;
    const a = core.ok('sessions.create', session(west, '2026-12-06T09:00', '2026-12-06T12:00')).session;
    const b = core.ok('sessions.create', session(east, '2026-12-06T14:00', '2026-12-06T17:00', { leadMentorIds: [eastMentor('钱导师')] })).session;
    const c = core.ok(
      'sessions.create',
      session(east, '2026-12-06T11:00', '2026-12-06T13:00', { roomId: null, leadMentorIds: [eastMentor('赵导师')] }),
    ).session;
    const trainee = person('张学员');
    core.ok('enrolments.enrol', { sessionId: a.id, personId: trainee.id });
    core.ok('enrolments.enrol', { sessionId: b.id, personId: trainee.id });
    expect(refused('enrolments.enrol', { sessionId: c.id, personId: trainee.id })).toMatchObject({
      code: 'CONFLICT',
      message: '「张学员」在该时段已报名班期「W-1 西区基地课程」（西区基地，2026-12-06 09:00–12:00）',
    });
    // Moving b onto a's morning would put 张学员 in both.
    expect(refused('sessions.reschedule', { id: b.id, startsAt: '2026-12-06T10:00', endsAt: '2026-12-06T11:30' })).toMatchObject({
      message: expect.stringContaining('学员「张学员」在新时段已报名班期「W-1'),
    });
    // Moving it to touch a is fine.
    expect(core.ok('sessions.reschedule', { id: b.id, startsAt: '2026-12-06T12:00', endsAt: '2026-12-06T14:00' }).session.startsAt).toBe('2026-12-06T12:00');
    // Withdrawn places free the time: c (11–13) overlapped a, and now overlaps b too.
    core.ok('enrolments.withdraw', { id: core.ok('sessions.get', { id: a.id }).enrolments[0]!.id });
    expect(refused('enrolments.enrol', { sessionId: c.id, personId: trainee.id })).toMatchObject({
      message: expect.stringContaining('「E-1 东区基地课程」（东区基地，2026-12-06 12:00–14:00）'),
    });
    core.ok('enrolments.withdraw', { id: core.ok('sessions.get', { id: b.id }).enrolments[0]!.id });
    expect(core.ok('enrolments.enrol', { sessionId: c.id, personId: trainee.id }).status).toBe('enrolled');
  });
});

describe("a person's time is held by mentor assignments and enrolments alike", () => {
  it('a mentor cannot enrol as a trainee in an overlapping session elsewhere, nor be planned to teach while enrolled; moves are checked both ways', () => {
    const eastMentor = (name: string, personId = person(name).id) => core.ok('mentors.add', { baseId: east.baseId, personId, joinedOn: '2025-01-01' }).id;
    const taught = core.ok('sessions.create', session(west, '2026-12-10T09:00', '2026-12-10T12:00')).session; // 林导师 teaches
    const elsewhere = core.ok('sessions.create', session(east, '2026-12-10T10:00', '2026-12-10T11:00', { leadMentorIds: [eastMentor('钱导师')] })).session;
    expect(refused('enrolments.enrol', { sessionId: elsewhere.id, personId: lin.personId })).toMatchObject({
      code: 'CONFLICT',
      field: 'personId',
      message: '「林导师」在该时段担任班期「W-1 西区基地课程」（西区基地，2026-12-10 09:00–12:00）的导师',
    });
    expect(core.ok('sessions.get', { id: elsewhere.id }).session.id).toBe(elsewhere.id);
    // The other way round: 张学员 is enrolled at the west base, then asked to teach at the east base at the same time.
    const zhang = person('张学员');
    const zhangMentor = eastMentor('', zhang.id);
    core.ok('enrolments.enrol', { sessionId: taught.id, personId: zhang.id });
    expect(refused('sessions.create', session(east, '2026-12-10T11:00', '2026-12-10T13:00', { roomId: null, leadMentorIds: [zhangMentor] }))).toMatchObject({
      code: 'CONFLICT',
      field: 'leadMentorIds',
      message: '导师「张学员」在该时段已报名班期「W-1 西区基地课程」（西区基地，2026-12-10 09:00–12:00）',
    });
    // Moves: a session 张学员 teaches cannot move onto the one they attend, nor one they attend onto one they teach.
    const later = core.ok('sessions.create', session(east, '2026-12-10T14:00', '2026-12-10T16:00', { roomId: null, leadMentorIds: [zhangMentor] })).session;
    expect(refused('sessions.reschedule', { id: later.id, startsAt: '2026-12-10T11:30', endsAt: '2026-12-10T12:30' })).toMatchObject({
      message: '导师「张学员」在该时段已报名班期「W-1 西区基地课程」（西区基地，2026-12-10 09:00–12:00）',
    });
    expect(refused('sessions.reschedule', { id: taught.id, startsAt: '2026-12-10T13:00', endsAt: '2026-12-10T15:00' })).toMatchObject({
      message: '学员「张学员」在新时段担任班期「E-1 东区基地课程」（东区基地，2026-12-10 14:00–16:00）的导师',
    });
  });
});

describe('the waitlist holds no time', () => {
  it('someone only waitlisted is not blocked elsewhere; completing attendance makes the waitlist 未获名额, holding nothing', () => {
    const eastMentor = (name: string) => core.ok('mentors.add', { baseId: east.baseId, personId: person(name).id, joinedOn: '2025-01-01' }).id;
    const full = core.ok('sessions.create', session(west, '2026-11-24T09:00', '2026-11-24T12:00', { capacity: 1 })).session;
    const [a, b] = [person('甲'), person('乙')];
    core.ok('enrolments.enrol', { sessionId: full.id, personId: a.id });
    expect(core.ok('enrolments.enrol', { sessionId: full.id, personId: b.id }).status).toBe('waitlisted');
    const other = core.ok('sessions.create', session(east, '2026-11-24T10:00', '2026-11-24T11:00', { leadMentorIds: [eastMentor('钱导师')] })).session;
    expect(core.ok('enrolments.enrol', { sessionId: other.id, personId: b.id }).status).toBe('enrolled');
    // 甲 withdraws: 乙 is busy elsewhere at that time now, so the seat is not given to 乙 (who stays in the queue).
    const enrolmentOf = (s: number, name: string) => core.ok('sessions.get', { id: s }).enrolments.find((e) => e.name === name)!;
    expect(core.ok('enrolments.withdraw', { id: enrolmentOf(full.id, '甲').id }).promoted).toEqual([]);
    // The free seat is not held for 乙: 甲, signing up again, takes it (乙 still waits, first in the queue).
    expect(core.ok('enrolments.enrol', { sessionId: full.id, personId: a.id })).toMatchObject({ status: 'enrolled' });
    expect(enrolmentOf(full.id, '乙')).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const marks = core
      .ok('sessions.get', { id: full.id })
      .enrolments.filter((e) => e.status === 'enrolled')
      .map((e) => ({ enrolmentId: e.id, attendance: 'full' as const }));
    core.ok('attendance.complete', { sessionId: full.id, marks });
    expect(enrolmentOf(full.id, '乙')).toMatchObject({ status: 'not_admitted', waitlistPosition: null, creditedHours: 0 });
    expect(core.ok('sessions.get', { id: full.id }).session).toMatchObject({ status: 'completed', waitlistedCount: 0 });
  });
});

describe('enrolment and the waitlist', () => {
  it('beyond capacity people queue in order; a withdrawal or a larger capacity promotes the first in line', () => {
    const s = core.ok('sessions.create', session(west, '2026-12-07T09:00', '2026-12-07T12:00', { capacity: 2 })).session;
    const [a, b, c, d] = ['甲', '乙', '丙', '丁'].map((n) => person(n));
    const outcomes = [a, b, c, d].map((p) => core.ok('enrolments.enrol', { sessionId: s.id, personId: p!.id }));
    expect(outcomes.map((o) => [o.name, o.status, o.waitlistPosition])).toEqual([
      ['甲', 'enrolled', null],
      ['乙', 'enrolled', null],
      ['丙', 'waitlisted', 1],
      ['丁', 'waitlisted', 2],
    ]);
    expect(refused('enrolments.enrol', { sessionId: s.id, personId: c!.id })).toMatchObject({ message: '「丙」已在候补名单第 1 位' });
    expect(core.ok('enrolments.withdraw', { id: outcomes[0]!.enrolmentId }).promoted.map((p) => p.name)).toEqual(['丙']);
    // 甲 signs up again: to the end of the queue.
    expect(core.ok('enrolments.enrol', { sessionId: s.id, personId: a!.id })).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    const detail = core.ok('sessions.update', {
      id: s.id,
      roomId: west.roomId,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      capacity: 3,
      leadMentorIds: [lin.west],
    });
    expect(detail.promoted.map((p) => p.name)).toEqual(['丁']);
    expect(detail.session).toMatchObject({ enrolledCount: 3, waitlistedCount: 1 });
    expect(
      refused('sessions.update', { id: s.id, roomId: west.roomId, startsAt: s.startsAt, endsAt: s.endsAt, capacity: 2, leadMentorIds: [lin.west] }),
    ).toMatchObject({ field: 'capacity', message: '已有 3 人报名，人数上限不能小于 3' });
  });

  it('a closed or cancelled session takes no enrolments; cancelling lists who must be told', () => {
    const s = core.ok('sessions.create', session(west, '2026-12-08T09:00', '2026-12-08T12:00', { capacity: 1 })).session;
    const [a, b] = [person('甲'), person('乙')];
    core.ok('enrolments.enrol', { sessionId: s.id, personId: a.id });
    core.ok('enrolments.enrol', { sessionId: s.id, personId: b.id });
    const cancelled = core.ok('sessions.cancel', { id: s.id, reason: '场地维修' });
    expect(cancelled.session).toMatchObject({ status: 'cancelled', cancelReason: '场地维修' });
    expect(cancelled.toNotify.map((e) => [e.name, e.status])).toEqual([
      ['甲', 'enrolled'],
      ['乙', 'waitlisted'],
    ]);
    expect(refused('enrolments.enrol', { sessionId: s.id, personId: person('丙').id })).toMatchObject({ message: '该班期已取消，不能报名' });
    expect(refused('sessions.cancel', { id: s.id, reason: '' })).toMatchObject({ field: 'reason' });
  });

  it('bulk enrolment previews unknown, invalid, duplicate and conflicting rows, then enrols the rest', async () => {
    const s = core.ok('sessions.create', session(west, '2026-12-09T09:00', '2026-12-09T12:00', { capacity: 2 })).session;
    const busy = core.ok(
      'sessions.create',
      session(east, '2026-12-09T10:00', '2026-12-09T11:00', {
        roomId: null,
        leadMentorIds: [core.ok('mentors.add', { baseId: east.baseId, personId: person('赵导师').id, joinedOn: '2025-01-01' }).id],
      }),
    ).session;
    const [a, b, c] = [person('甲'), person('乙'), person('丙')];
    const idOf = (p: { id: number }) => core.ok('people.get', { id: p.id }).person.idNumber;
    core.ok('enrolments.enrol', { sessionId: busy.id, personId: c.id });
    const text = [idOf(a), `${idOf(b)}, ${idOf(a)}`, makeIdNumber('442000', '19700101', '999'), '12345', idOf(c)].join('\n');
    const job = await finishJob(core, core.ok('enrolments.rosterPreview', { sessionId: s.id, text }).jobId);
    const rows = (job.result as { rows: { row: number; name: string | null; problem: string | null }[] }).rows;
    expect(rows.map((r) => [r.row, r.name, r.problem])).toEqual([
      [1, '甲', null],
      [2, '乙', null],
      [2, '甲', 'duplicate'],
      [3, null, 'unknown'],
      [4, null, 'invalid'],
      [5, '丙', 'conflict'],
    ]);
    const result = core.ok('enrolments.bulk', { sessionId: s.id, personIds: [a.id, b.id] });
    expect(result).toEqual({ enrolled: 2, waitlisted: 0 });
    // The commit is all or nothing: 丙's conflict refuses the whole batch.
    expect(refused('enrolments.bulk', { sessionId: s.id, personIds: [person('丁').id, c.id] })).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('「丙」'),
    });
  });

  it('an .xlsx roster is read by its 身份证号 column (aliases too, below a title too), rows numbered as in the sheet; a sheet without it is refused', async () => {
    const s = core.ok('sessions.create', session(west, '2026-12-10T09:00', '2026-12-10T12:00')).session;
    const [a, b] = [person('甲'), person('乙')];
    const idOf = (p: { id: number }) => core.ok('people.get', { id: p.id }).person.idNumber;
    const sheet = async (header: string, rows: unknown[][]) =>
      (
        await writeWorkbook(
          '名单',
          [
            { header: '姓名', kind: 'text' },
            { header, kind: 'code' },
          ],
          (async function* () {
            yield rows;
          })(),
        )
      ).toString('base64');
    const fileBase64 = await sheet('证件号码', [
      ['甲', idOf(a)],
      ['乙', idOf(b)],
      ['甲', idOf(a)],
      ['某人', '4420001'],
    ]);
    const job = await finishJob(core, core.ok('enrolments.rosterPreview', { sessionId: s.id, fileBase64 }).jobId);
    expect((job.result as { rows: { row: number; name: string | null; problem: string | null }[] }).rows.map((r) => [r.row, r.name, r.problem])).toEqual([
      [2, '甲', null],
      [3, '乙', null],
      [4, '甲', 'duplicate'],
      [5, null, 'invalid'],
    ]);
    const wrong = await finishJob(core, core.ok('enrolments.rosterPreview', { sessionId: s.id, fileBase64: await sheet('编号', [['甲', idOf(a)]]) }).jobId);
    expect(wrong).toMatchObject({ state: 'failed', error: expect.stringContaining('“身份证号”列') });

    // A roster kept by hand with a title above its header row.
    const titledBook = new ExcelJS.Workbook();
    const titledSheet = titledBook.addWorksheet('名单');
    titledSheet.addRows([['12月10日个案工作坊报名表'], [], ['姓名', '身份证号'], ['乙', idOf(b)]]);
    const titled = Buffer.from(await titledBook.xlsx.writeBuffer()).toString('base64');
    const fromTitled = await finishJob(core, core.ok('enrolments.rosterPreview', { sessionId: s.id, fileBase64: titled }).jobId);
    expect((fromTitled.result as { rows: { row: number; name: string | null }[] }).rows.map((r) => [r.row, r.name])).toEqual([[4, '乙']]);
  });
});

describe('attendance and the training-hour ledger', () => {
  it('completing attendance credits hours by category with the session as source; corrections keep their history', () => {
    const s = core.ok('sessions.create', session(west, '2026-11-20T09:00', '2026-11-20T12:00')).session;
    const people = ['全勤', '部分', '缺席', '请假'].map((n) => person(n));
    const ids = people.map((p) => core.ok('enrolments.enrol', { sessionId: s.id, personId: p.id }).enrolmentId);
    expect(
      refused('attendance.complete', { sessionId: s.id, marks: ids.slice(0, 3).map((enrolmentId) => ({ enrolmentId, attendance: 'full' })) }),
    ).toMatchObject({ message: '请为「请假」选择出勤情况' });
    const marks = [
      { enrolmentId: ids[0]!, attendance: 'full' as const },
      { enrolmentId: ids[1]!, attendance: 'partial' as const, hours: 4 },
      { enrolmentId: ids[2]!, attendance: 'absent' as const },
      { enrolmentId: ids[3]!, attendance: 'excused' as const },
    ];
    expect(refused('attendance.complete', { sessionId: s.id, marks })).toMatchObject({
      field: 'marks.1.hours',
      message: '「部分」的出勤学时 4 超过课程学时 3',
    });
    marks[1]!.hours = 1.5;
    const done = core.ok('attendance.complete', { sessionId: s.id, marks });
    expect(done).toMatchObject({ trainees: 4, creditedHours: 4.5, session: { status: 'completed' } });
    expect(core.ok('sessions.get', { id: s.id }).enrolments.map((e) => [e.name, e.status, e.creditedHours])).toEqual(
      expect.arrayContaining([
        ['全勤', 'completed', 3],
        ['部分', 'completed', 1.5],
        ['缺席', 'no_show', 0],
        ['请假', 'excused', 0],
      ]),
    );
    const record = core.ok('training.ofPerson', { personId: people[1]!.id });
    expect(record.rows).toEqual([
      expect.objectContaining({ hours: 1.5, earnedOn: '2026-11-20', kind: 'session', categoryName: '督导实务培训', courseCode: 'W-1', baseName: '西区基地' }),
    ]);

    // Correction: 部分 actually stayed the whole morning; 全勤 left early.
    expect(core.ok('attendance.correct', { enrolmentId: ids[1]!, attendance: 'full', reason: '签到表漏记' }).delta).toBe(1.5);
    core.ok('attendance.correct', { enrolmentId: ids[0]!, attendance: 'partial', hours: 2, reason: '提前离场' });
    const corrected = core.ok('training.ofPerson', { personId: people[1]!.id });
    expect(corrected.totalHours).toBe(3);
    expect(corrected.rows.map((r) => [r.kind, r.hours])).toEqual([
      ['correction', 1.5],
      ['session', 1.5],
    ]);
    expect(corrected.rows[0]!.note).toBe('更正：1.5 → 3 学时。签到表漏记');
    expect(core.ok('training.ofPerson', { personId: people[0]!.id }).totalHours).toBe(2);
    expect(refused('attendance.correct', { enrolmentId: ids[2]!, attendance: 'full', reason: '' })).toMatchObject({ field: 'reason' });
    expect(refused('attendance.complete', { sessionId: s.id, marks })).toMatchObject({ message: expect.stringContaining('已完成考勤') });
    expect(refused('sessions.reschedule', { id: s.id, startsAt: '2026-11-21T09:00', endsAt: '2026-11-21T12:00' })).toMatchObject({
      message: expect.stringContaining('已完成考勤'),
    });
  });

  it('attendance waits until the session has begun', () => {
    const s = core.ok('sessions.create', session(west, '2026-12-20T09:00', '2026-12-20T12:00')).session;
    expect(refused('attendance.complete', { sessionId: s.id, marks: [] })).toMatchObject({ message: '班期 2026-12-20 09:00 才开始，尚不能登记考勤' });
  });

  it('on the day itself attendance waits for the start time (core clock, China time), and the detail says so', () => {
    // The test clock stands at 2026-11-24 16:00 in China (08:00 UTC).
    const evening = core.ok('sessions.create', session(west, '2026-11-24T18:00', '2026-11-24T20:00')).session;
    expect(refused('attendance.complete', { sessionId: evening.id, marks: [] })).toMatchObject({ message: '班期 2026-11-24 18:00 才开始，尚不能登记考勤' });
    expect(core.ok('sessions.get', { id: evening.id }).can.recordAttendance).toEqual({
      allowed: false,
      reason: '班期 2026-11-24 18:00 才开始，尚不能登记考勤',
    });
    const afternoon = core.ok('sessions.create', session(west, '2026-11-24T14:00', '2026-11-24T15:30')).session;
    expect(core.ok('sessions.get', { id: afternoon.id }).can).toMatchObject({
      recordAttendance: { allowed: true, reason: null },
      enrol: { allowed: true, reason: null },
    });
    // 考勤待办 follows the same rule: the afternoon session is due, the evening one not yet.
    expect(core.ok('sessions.list', { attendanceDue: true, pageSize: 100 }).rows.map((r) => r.startsAt)).toEqual(['2026-11-24T14:00']);
    expect(core.ok('attendance.complete', { sessionId: afternoon.id, marks: [] }).session.status).toBe('completed');
    expect(core.ok('sessions.get', { id: afternoon.id }).can).toMatchObject({
      recordAttendance: { allowed: false },
      enrol: { allowed: false, reason: '该班期已完成考勤，不能再报名' },
    });
  });
});

describe('scope and views', () => {
  it("a coordinator sees only their bases' sessions; a mentor's page lists what they taught everywhere", () => {
    core.ok('sessions.create', session(west, '2026-12-10T09:00', '2026-12-10T12:00'));
    const theirs = core.ok('sessions.create', session(east, '2026-12-11T09:00', '2026-12-11T12:00')).session;
    const coordinator: Actor = { id: 7, name: '协调员', role: 'coordinator', baseIds: [west.baseId] };
    expect(core.ok('sessions.list', {}, coordinator).rows.map((r) => r.baseName)).toEqual(['西区基地']);
    expect(core.ok('sessions.calendar', { from: '2026-12-01T00:00', to: '2027-01-01T00:00' }, coordinator).rows).toHaveLength(1);
    expect(refused('sessions.get', { id: theirs.id }, coordinator)).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused('sessions.cancel', { id: theirs.id, reason: '试试' }, coordinator)).toMatchObject({ code: 'FORBIDDEN' });
    expect(core.ok('sessions.taughtBy', { personId: lin.personId }).map((t) => t.baseName)).toEqual(['东区基地', '西区基地']);
    expect(core.ok('sessions.taughtBy', { personId: lin.personId }, coordinator).map((t) => t.baseName)).toEqual(['西区基地']);
    expect(core.ok('sessions.list', { attendanceDue: true }).total).toBe(0);
  });
});

describe('exports', () => {
  const download = async (jobId: string, actor?: Actor) => {
    const job = await finishJob(core, jobId, actor);
    expect(job.state).toBe('done');
    return readFirstSheet(downloadedFile(core, job.id, actor).data);
  };

  it('a session’s roster and the session list go to .xlsx as shown, masked for roles that may not see 身份证号', async () => {
    const s = core.ok('sessions.create', session(west, '2026-12-01T09:00', '2026-12-01T12:00', { capacity: 1 })).session;
    const [a, b] = [person('甲'), person('乙')];
    core.ok('enrolments.enrol', { sessionId: s.id, personId: a.id });
    core.ok('enrolments.enrol', { sessionId: s.id, personId: b.id });
    const roster = await download(core.ok('enrolments.export', { sessionId: s.id }).jobId);
    expect(roster.headers).toEqual([
      '班期时间',
      '课程编号',
      '课程名称',
      '基地',
      '姓名',
      '身份证号',
      '手机号码',
      '所在机构',
      '报名状态',
      '候补序号',
      '出勤情况',
      '出勤学时',
      '计入学时',
    ]);
    const idOf = (p: { id: number }) => core.ok('people.get', { id: p.id }).person.idNumber;
    expect(roster.rows.map((r) => [r.values[0], r.values[4], r.values[5], r.values[8], r.values[9] ?? null])).toEqual([
      ['2026-12-01 09:00–12:00', '甲', idOf(a), '已报名', null],
      ['2026-12-01 09:00–12:00', '乙', idOf(b), '候补', 1],
    ]);
    const auditor: Actor = { id: 9, name: '审计员', role: 'auditor' };
    const audited = await download(core.ok('enrolments.export', { sessionId: s.id }, auditor).jobId, auditor);
    expect(String(audited.rows[0]!.values[5])).not.toBe(idOf(a));
    expect(core.fail('enrolments.export', { sessionId: s.id }, { id: 3, name: '协调员', role: 'coordinator', baseIds: [west.baseId] })).toMatchObject({
      code: 'FORBIDDEN',
    });

    core.ok('sessions.create', session(east, '2026-12-02T09:00', '2026-12-02T12:00'));
    const list = await download(core.ok('sessions.export', { baseId: west.baseId }).jobId);
    expect(list.rows.map((r) => [r.values[1], r.values[5], r.values[9], r.values[10]])).toEqual([['W-1', '西区基地', 1, 1]]);
    const period = await download(core.ok('enrolments.export', { from: '2026-12-01', to: '2026-12-31' }).jobId);
    expect(period.rows).toHaveLength(2);
  });
});
