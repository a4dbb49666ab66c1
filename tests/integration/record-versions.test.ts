import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeIdNumber, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';
import type { Actor } from '../../core/permissions.ts';
import { openCycle } from '../support/recert.ts';

/** Two members of staff working on the same records, each with their own name in the audit log. */
const ZHANG: Actor = { id: 11, name: '张三', role: 'staff' };
const LI: Actor = { id: 12, name: '李四', role: 'staff' };

let core: TestCore;
beforeEach(async () => {
  core = await openTestCore();
});
afterEach(() => core.close());

/** Both read the person at version 1; 张三 saves first. */
function personBothRead() {
  const person = core.ok('people.create', { idNumber: makeIdNumber(), name: '陈晓明', phone: '13800001111' }, ZHANG);
  expect(person.version).toBe(1);
  return person;
}

describe('no silent overwrite: a stale version is refused, naming who changed the record and when', () => {
  it('a fresh version passes and the version goes up by one on every save', () => {
    const person = personBothRead();
    const saved = core.ok('people.update', { ...fields(person), id: person.id, version: 1, phone: '13800002222' }, ZHANG);
    expect(saved.version).toBe(2);
    expect(core.ok('people.get', { id: person.id }).person.version).toBe(2);
    expect(core.ok('people.update', { ...fields(saved), id: person.id, version: 2, major: '社会工作' }, LI).version).toBe(3);
  });

  it('a stale update is refused with the other user named and the time in China time; nothing is written', () => {
    const person = personBothRead();
    core.ok('people.update', { ...fields(person), id: person.id, version: 1, phone: '13800002222' }, ZHANG);
    const before = snapshotCounts(core);
    const error = core.fail('people.update', { ...fields(person), id: person.id, version: 1, name: '陈晓敏' }, LI) as ReturnType<TestCore['fail']> & {
      conflict?: { by: string; at: string; version: number; current: { name: string; phone: string; version: number } };
    };
    // fixedClock: 2026-11-24T08:00Z is 16:00 in Asia/Shanghai.
    expect(error).toMatchObject({ code: 'CONFLICT', message: '该记录已被 张三 于 2026-11-24 16:00 修改，请查看对方的修改后再保存' });
    expect(error.conflict).toMatchObject({
      by: '张三',
      at: '2026-11-24T08:00:00.000Z',
      version: 2,
      current: { name: '陈晓明', phone: '13800002222', version: 2 },
    });
    expect(snapshotCounts(core)).toEqual(before);
    expect(core.ok('people.get', { id: person.id }).person).toMatchObject({ name: '陈晓明', phone: '13800002222', version: 2 });
    // Saving again with the version the refusal named goes through.
    expect(core.ok('people.update', { ...fields(person), id: person.id, version: error.conflict!.version, name: '陈晓敏' }, LI).version).toBe(3);
  });

  it('a status change with a stale version is refused too (a supervisor suspended meanwhile)', () => {
    const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    const person = personBothRead();
    const [level] = core.ok('supervisors.levels', {});
    const s = core.ok('supervisors.appoint', {
      personId: person.id,
      levelId: level!.id,
      regionId: city.id,
      appointedOn: '2026-01-01',
      validUntil: '2026-12-31',
      overrideReason: '测试',
    })!;
    core.ok('supervisors.changeStatus', { id: s.id, version: s.version, status: 'suspended', effectiveOn: '2026-11-01', reason: '暂停' }, ZHANG);
    expect(
      core.fail('supervisors.changeValidity', { id: s.id, version: s.version, validUntil: '2027-12-31', effectiveOn: '2026-11-01', reason: '延期' }, LI),
    ).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('已被 张三 于 2026-11-24 16:00 修改'),
    });
  });
});

describe('a delete with a stale version is refused', () => {
  it('a draft re-review cycle opened meanwhile by someone else is not deleted, and says by whom', async () => {
    const { id } = core.ok('recert.create', { year: 2026 }, ZHANG);
    const [draft] = core.ok('recert.cycles', {});
    expect(draft).toMatchObject({ id, version: 1 });
    await openCycle(core, id, 1, LI);
    const before = snapshotCounts(core);
    expect(core.fail('recert.deleteDraft', { id, version: 1 }, ZHANG)).toMatchObject({
      code: 'CONFLICT',
      message: '2026年度认证已被 李四 于 2026-11-24 16:00 修改，请查看对方的修改后再删除',
    });
    expect(snapshotCounts(core)).toEqual(before);
    expect(core.ok('recert.cycles', {})[0]).toMatchObject({ status: 'open', version: 2 });
  });
});

/** A person row as the update input takes it (what the form sends). */
function fields(p: { idNumber: string; name: string; phone: string | null; email: string | null; major: string | null; jobGrade: string | null }) {
  return { idNumber: p.idNumber, name: p.name, phone: p.phone, email: p.email, major: p.major, jobGrade: p.jobGrade };
}

describe('bulk operations check every version they were shown; a stale one writes nothing', () => {
  /** A base with a session that began this morning (today 2026-11-24, 16:00 in China), two seats, three people: 丙 waits. */
  function sessionWithTrainees() {
    const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    const org = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
    const { courseCategories } = core.ok('bases.lists', {});
    const { base } = core.ok('bases.create', {
      name: '西区基地',
      organizationId: org.id,
      regionId: city.id,
      grade: 'ordinary',
      accreditationStatus: 'accredited',
      accreditedUntil: '2028-12-31',
    });
    const room = core.ok('rooms.create', { baseId: base.id, name: '一号教室', seats: 30 });
    const course = core.ok('courses.create', { baseId: base.id, code: 'W-1', title: '督导实务', categoryId: courseCategories[0]!.id, creditHours: 3 });
    const people = ['甲', '乙', '丙', '林导师'].map((name, i) =>
      core.ok('people.create', { idNumber: makeIdNumber('442000', '19850101', String(201 + 2 * i)), name }),
    );
    const mentor = core.ok('mentors.add', { baseId: base.id, personId: people[3]!.id, joinedOn: '2025-01-01' });
    const { session } = core.ok('sessions.create', {
      courseId: course.id,
      roomId: room.id,
      startsAt: '2026-11-24T09:00',
      endsAt: '2026-11-24T12:00',
      capacity: 2,
      leadMentorIds: [mentor.id],
    });
    for (const p of people.slice(0, 3)) core.ok('enrolments.enrol', { sessionId: session.id, personId: p.id });
    return { baseId: base.id, sessionId: session.id };
  }
  /** A session's plan as its form sends it back, with the version it read. */
  const plan = (
    s: ReturnType<TestCore['ok']> & {
      id: number;
      version: number;
      startsAt: string;
      endsAt: string;
      roomId: number | null;
      capacity: number;
      mentors: { mentorId: number }[];
    },
  ) => ({
    id: s.id,
    version: s.version,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    roomId: s.roomId,
    capacity: s.capacity,
    leadMentorIds: s.mentors.map((m) => m.mentorId),
  });
  /** The attendance sheet as the screen builds it from the session detail it shows. */
  const sheet = (sessionId: number) => {
    const detail = core.ok('sessions.get', { id: sessionId });
    return {
      sessionId,
      sessionVersion: detail.session.version,
      marks: detail.enrolments.filter((e) => e.status === 'enrolled').map((e) => ({ enrolmentId: e.id, version: e.version, attendance: 'full' as const })),
    };
  };

  it('attendance: an enrolment withdrawn meanwhile refuses the whole sheet, naming who withdrew it; the fresh sheet then goes through', () => {
    const { sessionId } = sessionWithTrainees();
    const shown = sheet(sessionId);
    const yi = core.ok('sessions.get', { id: sessionId }).enrolments.find((e) => e.name === '乙')!;
    core.ok('enrolments.withdraw', { id: yi.id, version: yi.version }, LI); // 丙 moves up
    const before = { counts: snapshotCounts(core), enrolments: core.ok('sessions.get', { id: sessionId }).enrolments };
    expect(core.fail('attendance.complete', shown, ZHANG)).toMatchObject({
      code: 'CONFLICT',
      message: '「乙」的报名已被 李四 于 2026-11-24 16:00 修改，请查看对方的修改后再保存',
    });
    expect(snapshotCounts(core)).toEqual(before.counts);
    expect(core.ok('sessions.get', { id: sessionId })).toMatchObject({ session: { status: 'open' }, enrolments: before.enrolments });
    const done = core.ok('attendance.complete', sheet(sessionId), ZHANG);
    expect(done).toMatchObject({ trainees: 2, creditedHours: 6, session: { status: 'completed' } });
    expect(done.session.version).toBe(shown.sessionVersion + 1);
  });

  it('attendance: a session changed meanwhile refuses the sheet, naming who changed it', () => {
    const { sessionId } = sessionWithTrainees();
    const shown = sheet(sessionId);
    const { session } = core.ok('sessions.get', { id: sessionId });
    core.ok('sessions.update', { ...plan(session), note: '改在二号楼' }, LI);
    const before = snapshotCounts(core);
    expect(core.fail('attendance.complete', shown, ZHANG)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^该班期已被 李四 于 2026-11-24 16:00 修改/),
    });
    expect(snapshotCounts(core)).toEqual(before);
  });

  it("a coordinator's refusal brings the session as it is now, masked as the detail is masked for them", () => {
    const { baseId, sessionId } = sessionWithTrainees();
    const coordinator: Actor = { id: 14, name: '协调员', role: 'coordinator', baseIds: [baseId] };
    const { session } = core.ok('sessions.get', { id: sessionId });
    const input = plan(session);
    core.ok('sessions.update', { ...input, note: '改在二号楼' }, ZHANG);
    const refusal = core.call('sessions.update', { ...input, note: '改在三号楼' }, coordinator);
    expect(refusal).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', conflict: { by: '张三', version: session.version + 1, current: { session: { note: '改在二号楼' } } } },
    });
    const current = (refusal as { error: { conflict: { current: { enrolments: { idNumber: string }[] } } } }).error.conflict.current;
    expect(current.enrolments.map((e) => e.idNumber)).toEqual(current.enrolments.map(() => expect.stringMatching(/^\d{4}\*{10}\d{3}[\dX]$/)));
  });

  it('bulk confirm in a re-review: a review decided meanwhile refuses the whole confirmation; none is confirmed', async () => {
    const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    const level = core.ok('supervisors.levels', {}).find((l) => l.name === '中级督导')!;
    // No organization recorded: the review detail says so (null) rather than failing its declared output.
    for (const [i, name] of ['甲', '乙'].entries()) {
      const p = core.ok('people.create', {
        idNumber: makeIdNumber('442000', '19800101', String(301 + 2 * i)),
        name,
        regionId: city.id,
        practiceStart: '2010-01-01',
      });
      core.ok('certificates.create', { personId: p.id, level: 'social_worker', number: `C${i}`, issuedOn: '2024-03-01', registrationValidUntil: '2027-02-28' });
      core.ok('supervisors.appoint', {
        personId: p.id,
        levelId: level.id,
        regionId: city.id,
        appointedOn: '2024-01-01',
        validUntil: '2026-12-31',
        overrideReason: '测试',
      });
    }
    const { id: cycleId } = core.ok('recert.create', { year: 2026 });
    await openCycle(core, cycleId, 1);
    const shown = core.ok('recert.reviews', { cycleId }).rows;
    expect(shown).toHaveLength(2);
    const [first, second] = shown as [(typeof shown)[number], (typeof shown)[number]];
    core.ok('recert.decide', { id: second.id, version: second.version, decision: 'fail', reason: '未参加统一培训' }, LI);
    const before = snapshotCounts(core);
    const input = { cycleId, reviewIds: [first.id, second.id], versions: [first.version, second.version], reason: '复核确认' };
    expect(core.fail('recert.confirm', input, ZHANG)).toMatchObject({
      code: 'CONFLICT',
      message: `「${second.personName}」的审核记录已被 李四 于 2026-11-24 16:00 修改，请查看对方的修改后再确认`,
    });
    expect(snapshotCounts(core)).toEqual(before);
    expect(core.ok('recert.review', { id: first.id })).toMatchObject({ decision: null, version: first.version, organizationName: null });
    // Shown afresh, the undecided one is confirmed and its version goes up.
    const fresh = core.ok('recert.review', { id: first.id });
    expect(core.ok('recert.confirm', { cycleId, reviewIds: [first.id], versions: [fresh.version], reason: '复核确认' }, ZHANG)).toEqual({ confirmed: 1 });
    expect(core.ok('recert.review', { id: first.id }).version).toBe(fresh.version + 1);
  });
});

describe('verifying external training', () => {
  it('a record verified meanwhile by someone else is refused with their name, not verified twice', () => {
    const person = personBothRead();
    const categoryId = core.ok('bases.lists', {}).courseCategories[0]!.id;
    const record = core.ok('training.addExternal', {
      personId: person.id,
      categoryId,
      hours: 6,
      earnedOn: '2026-06-01',
      provider: '省社工师联合会',
      note: '结业证书',
    });
    expect(core.ok('training.verifyExternal', { id: record.id, version: record.version }, LI)).toMatchObject({
      verifiedBy: '李四',
      version: record.version + 1,
    });
    expect(core.fail('training.verifyExternal', { id: record.id, version: record.version }, ZHANG)).toMatchObject({
      code: 'CONFLICT',
      message: '该记录已被 李四 于 2026-11-24 16:00 修改，请查看对方的修改后再核实',
    });
  });
});

describe('every form and status change checks the version it read', () => {
  /** Administrators, so that every operation below is theirs to call. */
  const A: Actor = { id: 21, name: '张三', role: 'admin' };
  const B: Actor = { id: 22, name: '李四', role: 'admin' };

  /** One of everything a form edits, each as its detail shows it (with its version). */
  function records() {
    const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    const org = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
    const person = core.ok('people.create', { idNumber: makeIdNumber('442000', '19850101', '401'), name: '林导师' });
    const trainee = core.ok('people.create', { idNumber: makeIdNumber('442000', '19850101', '403'), name: '甲' });
    const certificate = core.ok('certificates.create', { personId: person.id, level: 'social_worker', number: 'ZS-1', issuedOn: '2024-03-01' });
    const { courseCategories } = core.ok('bases.lists', {});
    const { base } = core.ok('bases.create', {
      name: '西区基地',
      organizationId: org.id,
      regionId: city.id,
      grade: 'ordinary',
      accreditationStatus: 'accredited',
      accreditedUntil: '2028-12-31',
    });
    const room = core.ok('rooms.create', { baseId: base.id, name: '一号教室', seats: 30 });
    const course = core.ok('courses.create', { baseId: base.id, code: 'W-1', title: '督导实务', categoryId: courseCategories[0]!.id, creditHours: 3 });
    const mentor = core.ok('mentors.add', { baseId: base.id, personId: person.id, joinedOn: '2025-01-01' });
    const { session } = core.ok('sessions.create', {
      courseId: course.id,
      roomId: room.id,
      startsAt: '2026-12-01T09:00',
      endsAt: '2026-12-01T12:00',
      capacity: 5,
      leadMentorIds: [mentor.id],
    });
    core.ok('enrolments.enrol', { sessionId: session.id, personId: trainee.id });
    const enrolled = core.ok('sessions.get', { id: session.id }).enrolments.find((e) => e.personId === trainee.id)!;
    const user = core.ok('users.create', { username: 'wangwu', displayName: '王五', role: 'staff', password: 'Lake-Stone-26', baseIds: [] });
    const level = core.ok('supervisors.levels', {})[0]!;
    return { city, org, certificate, base, room, course, mentor, session, enrolled, user, level };
  }

  /** Each operation with the input its form sends, built from what was read. */
  const cases: [string, (r: ReturnType<typeof records>) => Record<string, unknown>][] = [
    ['organizations.update', ({ org }) => ({ id: org.id, version: org.version, name: '中山市社会工作协会', kind: 'mass_organization' })],
    ['regions.update', ({ city }) => ({ id: city.id, version: city.version, code: '442000', name: '中山', level: 'city' })],
    ['certificates.update', ({ certificate: c }) => ({ id: c.id, version: c.version, level: c.level, number: 'ZS-2', issuedOn: c.issuedOn })],
    ['bases.update', ({ base: b }) => ({ id: b.id, version: b.version, name: '西区实训基地', organizationId: b.organizationId, regionId: b.regionId })],
    ['rooms.update', ({ room }) => ({ id: room.id, version: room.version, name: '二号教室', seats: 20 })],
    ['courses.update', ({ course: c }) => ({ id: c.id, version: c.version, code: c.code, title: '督导实务（二）', categoryId: c.categoryId, creditHours: 4 })],
    ['mentors.update', ({ mentor: m }) => ({ id: m.id, version: m.version, joinedOn: '2025-02-01', status: 'active', specialtyIds: [] })],
    [
      'sessions.update',
      ({ session: s }) => ({
        id: s.id,
        version: s.version,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        roomId: s.roomId,
        capacity: 6,
        leadMentorIds: s.mentors.map((m) => m.mentorId),
      }),
    ],
    ['sessions.reschedule', ({ session: s }) => ({ id: s.id, version: s.version, startsAt: '2026-12-02T09:00', endsAt: '2026-12-02T12:00' })],
    ['sessions.cancel', ({ session: s }) => ({ id: s.id, version: s.version, reason: '场地维修' })],
    ['enrolments.withdraw', ({ enrolled: e }) => ({ id: e.id, version: e.version })],
    ['users.update', ({ user: u }) => ({ id: u.id, version: u.version, displayName: '王小五', role: 'staff', baseIds: [] })],
    ['users.setActive', ({ user: u }) => ({ id: u.id, version: u.version, active: false })],
    [
      'levels.update',
      ({ level: l }) => ({ id: l.id, version: l.version, name: l.name, minCertificateLevel: l.minCertificateLevel, minPracticeYears: 1, minYearsAtLower: 0 }),
    ],
  ];

  it.each(cases)('%s: the first save goes through; the second, on the same version, is refused naming the first', (name, input) => {
    const read = input(records());
    core.ok(name as never, read as never, A);
    const before = snapshotCounts(core);
    expect(core.fail(name as never, read, B)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/已被 张三 于 2026-11-24 16:00 修改，请查看对方的修改后再/),
    });
    expect(snapshotCounts(core)).toEqual(before);
  });
});
