import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../core/api.ts';
import { roleAllows, type Actor } from '../../core/permissions.ts';
import { STAFF_ONLY_BASE_FIELDS } from '../../core/schemas/bases.ts';
import { AccreditationStatus, BaseGrade } from '../../domain/index.ts';
import { makeIdNumber, openTestCore, type TestCore } from '../support/core.ts';

/**
 * A coordinator cannot promote their own base. Grade (示范基地), accreditation
 * status and dates, and who coordinates the base (whose accounts then reach it) are decided by the
 * association's staff; every base-scoped operation a
 * coordinator may call is walked, with every field it takes and the staff-only fields (and an
 * evaluation's review) slipped in besides, and what staff decide never changes.
 */
let core: TestCore;
let coordinator: Actor;
let baseId: number;
let orgId: number;
let regionId: number;
const STAFF = { grade: 'demonstration', accreditationStatus: 'accredited', accreditedUntil: '2099-12-31', coordinatorIds: [1] } as const;
/** What a coordinator might slip into an evaluation: a review's fields. */
const REVIEW = { reviewerScores: [10], reviewerTotal: 100, complete: true, status: 'reviewed', grade: 'excellent' };

/** Everything only staff decide, as stored. */
const decided = () => ({
  bases: core.db.prepare('SELECT id, grade, accreditation_status, accredited_until FROM training_base ORDER BY id').all(),
  coordinators: core.db.prepare('SELECT base_id, person_id FROM base_coordinator ORDER BY base_id, person_id').all(),
  // A coordinator opens and submits the year's evaluation; any trace of a review is staff's.
  // (The scores' JSON array is read here, not in SQL: the same on both engines.)
  reviews: (
    core.db
      .prepare(
        `SELECT id, reviewer_scores AS scores,
                CASE WHEN status = 'reviewed' OR grade IS NOT NULL OR reviewer_total IS NOT NULL OR reviewed_at IS NOT NULL THEN 1 ELSE 0 END AS reviewed
         FROM base_evaluation ORDER BY id`,
      )
      .all() as { id: number; scores: string; reviewed: number }[]
  )
    .filter((r) => r.reviewed === 1 || (JSON.parse(r.scores) as unknown[]).some((v) => v !== null))
    .map(({ id }) => ({ id })),
  events: core.db.prepare('SELECT count(*) FROM base_event').pluck().get(),
});

beforeAll(async () => {
  core = await openTestCore();
  regionId = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' }).id;
  orgId = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' }).id;
  baseId = core.ok('bases.create', {
    name: '西区基地',
    organizationId: orgId,
    regionId,
    grade: 'ordinary',
    accreditationStatus: 'provisional',
    accreditedUntil: '2027-06-30',
  }).base.id;
  core.ok('bases.create', {
    name: '东区基地',
    organizationId: orgId,
    regionId,
    grade: 'ordinary',
    accreditationStatus: 'provisional',
    accreditedUntil: '2027-06-30',
  });
  coordinator = { id: 77, name: '协调员甲', role: 'coordinator', baseIds: [baseId] };
});

const person = (() => {
  let seq = 100;
  return (name: string) => core.ok('people.create', { idNumber: makeIdNumber('442000', '19850101', String(seq++)), name }).id;
})();

describe('what staff decide about a base', () => {
  it('a coordinator’s update may not carry grade, accreditation or the coordinators: refused, naming the field; without them it saves and keeps them', () => {
    const staff: Actor = { id: 5, name: '工作人员', role: 'staff' };
    const own = { id: baseId, name: '西区基地', organizationId: orgId, regionId, address: '新地址', capacity: 80 };
    const colleague = person('协调员乙');
    expect(core.ok('bases.update', { ...own, coordinatorIds: [colleague] }, staff).coordinators).toEqual([{ personId: colleague, name: '协调员乙' }]);
    const before = decided();
    for (const [field, label] of Object.entries(STAFF_ONLY_BASE_FIELDS)) {
      const detail = core.ok('bases.get', { id: baseId });
      const current =
        field === 'coordinatorIds'
          ? detail.coordinators.map((c) => c.personId)
          : detail.base[field as Exclude<keyof typeof STAFF_ONLY_BASE_FIELDS, 'coordinatorIds'>];
      for (const value of [STAFF[field as keyof typeof STAFF], current, ...(field === 'coordinatorIds' ? [[]] : [])]) {
        const decidedBy = field === 'coordinatorIds' ? '指定' : '认定';
        expect(core.fail('bases.update', { ...own, [field]: value }, coordinator), `${field}=${JSON.stringify(value)}`).toMatchObject({
          code: 'FORBIDDEN',
          field,
          message: `「${label}」由协会工作人员${decidedBy}，基地协调员不能修改`,
        });
      }
    }
    const saved = core.ok('bases.update', own, coordinator);
    expect(saved.base).toMatchObject({ address: '新地址', capacity: 80, grade: 'ordinary', accreditationStatus: 'provisional', accreditedUntil: '2027-06-30' });
    expect(saved.coordinators).toEqual([{ personId: colleague, name: '协调员乙' }]);
    expect(decided()).toEqual(before);
    // Staff still decide, and may leave them out too.
    expect(
      core.ok(
        'bases.update',
        { ...own, accreditedUntil: '2028-12-31', grade: 'ordinary', accreditationStatus: 'accredited' },
        { id: 5, name: '工作人员', role: 'staff' },
      ).base,
    ).toMatchObject({ accreditationStatus: 'accredited', accreditedUntil: '2028-12-31' });
    expect(core.ok('bases.update', { ...own, capacity: 90 }).base).toMatchObject({
      capacity: 90,
      accreditationStatus: 'accredited',
      accreditedUntil: '2028-12-31',
    });
  });

  it('every base-scoped operation a coordinator may call, with staff-only fields slipped in, leaves them unchanged', async () => {
    const { courseCategories } = core.ok('bases.lists', {});
    const [a, b, c, mentorPerson] = [person('学员甲'), person('学员乙'), person('学员丙'), person('林导师')];
    const as = <T>(name: string, input: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      const result = core.call(name, { ...input, ...STAFF, ...extra }, coordinator);
      if (!result.ok && result.error.code !== 'FORBIDDEN') throw new Error(`${name}: ${JSON.stringify(result.error)}`);
      walked.add(name);
      return result.ok ? (result.result as T) : null;
    };
    const walked = new Set<string>();
    const before = decided();
    // The staff-only fields ride along on every call below; bases.update alone refuses them (above), so it is walked without.
    expect(as('bases.update', { id: baseId, name: '西区基地', organizationId: orgId, regionId })).toBeNull();
    walked.add('bases.update');
    expect(core.fail('bases.update', { id: baseId, name: '西区基地', organizationId: orgId, regionId, coordinatorIds: [a] }, coordinator)).toMatchObject({
      code: 'FORBIDDEN',
      field: 'coordinatorIds',
    });

    const room = as<{ id: number }>('rooms.create', { baseId, name: '一号教室', seats: 30 })!;
    as('rooms.update', { id: room.id, name: '一号教室', seats: 40 });
    const course = as<{ id: number }>('courses.create', { baseId, code: 'W-1', title: '个案督导', categoryId: courseCategories[0]!.id, creditHours: 3 })!;
    as('courses.update', { id: course.id, code: 'W-1', title: '个案督导实务', categoryId: courseCategories[0]!.id, creditHours: 3 });
    const mentor = as<{ id: number }>('mentors.add', { baseId, personId: mentorPerson, joinedOn: '2025-01-01' })!;
    as('mentors.update', { id: mentor.id, joinedOn: '2025-01-01', validUntil: '2028-12-31', status: 'active' });
    const timing = { courseId: course.id, roomId: room.id, capacity: 20, leadMentorIds: [mentor.id] };
    const past = as<{ session: { id: number } }>('sessions.create', { ...timing, startsAt: '2026-11-20T09:00', endsAt: '2026-11-20T12:00' })!.session;
    const next = as<{ session: { id: number } }>('sessions.create', { ...timing, startsAt: '2026-12-10T09:00', endsAt: '2026-12-10T12:00' })!.session;
    as('sessions.update', { id: next.id, ...timing, startsAt: '2026-12-10T09:00', endsAt: '2026-12-10T11:00' });
    as('sessions.reschedule', { id: next.id, startsAt: '2026-12-11T09:00', endsAt: '2026-12-11T11:00' });
    as('enrolments.enrol', { sessionId: past.id, personId: a });
    as('enrolments.bulk', { sessionId: past.id, personIds: [b] });
    as('enrolments.enrol', { sessionId: next.id, personId: c });
    as('enrolments.rosterPreview', { sessionId: next.id, text: makeIdNumber('442000', '19850101', '100') });
    const nextEnrolment = core.ok('sessions.get', { id: next.id }, coordinator).enrolments[0]!;
    as('enrolments.withdraw', { id: nextEnrolment.id });
    const pastEnrolments = core.ok('sessions.get', { id: past.id }, coordinator).enrolments;
    as('attendance.complete', { sessionId: past.id, marks: pastEnrolments.map((e) => ({ enrolmentId: e.id, attendance: 'full' })) });
    as('attendance.correct', { enrolmentId: pastEnrolments[0]!.id, attendance: 'partial', hours: 2, reason: '迟到一小时' });
    as('sessions.cancel', { id: next.id, reason: '讲师出差' });
    const items = core.ok('evaluations.get', { baseId, year: 2026 }, coordinator).template.items.length;
    as('evaluations.saveSelf', { baseId, year: 2026, scores: Array(items).fill(1), evidence: Array(items).fill(null), submit: true }, REVIEW);
    // 督导工作记录 (issue 22): a coordinator records supervision for their base.
    const supervisorId = core.ok('supervisors.appoint', {
      personId: person('陈督导'),
      levelId: core.ok('supervisors.levels', {})[0]!.id,
      regionId,
      appointedOn: '2025-01-01',
      validUntil: '2028-12-31',
      overrideReason: '测试',
    }).id;
    const supervision = { supervisorId, startsAt: '2026-11-21T09:00', endsAt: '2026-11-21T10:00', form: 'individual', topic: '个案督导', baseId };
    const record = as<{ id: number }>('supervision.createRecord', supervision)!;
    as('supervision.updateRecord', { ...supervision, id: record.id, topic: '小组督导' });
    as('supervision.deleteRecord', { id: record.id });
    // A weekly series, a mentor's 不可用时间 typed and imported, and a 补学计划's enrolments (issue 24).
    as('sessions.createSeries', {
      ...timing,
      occurrences: [
        { startsAt: '2027-01-05T09:00', endsAt: '2027-01-05T12:00' },
        { startsAt: '2027-01-12T09:00', endsAt: '2027-01-12T12:00' },
      ],
    });
    const away = as<{ row: { id: number } }>('unavailability.add', {
      mentorId: mentor.id,
      kind: 'once',
      startsAt: '2040-01-01 09:00',
      endsAt: '2040-01-01 12:00',
    })!;
    as('unavailability.remove', { id: away.row.id });
    const sheet = new ExcelJS.Workbook();
    sheet.addWorksheet('不可用时间').addRows([
      ['身份证号', '星期', '开始', '结束'],
      [core.ok('people.get', { id: mentorPerson }).person.idNumber, '周二', '19:00', '21:00'],
    ]);
    const unavailability = { baseId, fileName: '不可用时间.xlsx', base64: Buffer.from(await sheet.xlsx.writeBuffer()).toString('base64') };
    as('unavailability.importPreview', unavailability);
    as('unavailability.importCommit', unavailability);
    const planned = as<{ session: { id: number } }>('sessions.create', { ...timing, startsAt: '2027-02-10T09:00', endsAt: '2027-02-10T12:00' })!.session;
    as('compliance.planEnrol', { seats: [{ sessionId: planned.id, personId: person('学员丁') }] });

    expect(decided()).toEqual(before);
    // The walk covers every change a coordinator may make (a new one must be added here).
    const reachable = operations
      .filter((op) => op.kind !== 'query' && op.permission !== 'public' && op.permission !== 'self' && roleAllows('coordinator', op.permission))
      .map((op) => op.name);
    expect(reachable.filter((name) => !walked.has(name))).toEqual([]);
  });

  it('no input a coordinator can send to bases.update changes grade, accreditation or the coordinators (fuzzed)', () => {
    const before = decided();
    const nasty = fc.oneof(fc.constantFrom<unknown>(null, '', undefined, 0, -1, [], {}), fc.string({ maxLength: 12 }), fc.integer());
    const input = fc.record(
      {
        grade: fc.oneof(fc.constantFrom<unknown>(...BaseGrade.values), nasty),
        accreditationStatus: fc.oneof(fc.constantFrom<unknown>(...AccreditationStatus.values), nasty),
        accreditedUntil: fc.oneof(fc.constantFrom<unknown>('2099-12-31', '2027-06-30', null), nasty),
        address: nasty,
        capacity: fc.oneof(fc.integer({ min: 1, max: 500 }), nasty),
        facilities: nasty,
        coordinatorIds: fc.oneof(fc.constant([]), fc.constant([1]), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }), nasty),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(input, (extra) => {
        core.call('bases.update', { id: baseId, name: '西区基地', organizationId: orgId, regionId, ...extra }, coordinator);
        const now = decided();
        return JSON.stringify([now.bases, now.coordinators]) === JSON.stringify([before.bases, before.coordinators]);
      }),
      { numRuns: 300 },
    );
  });
});
