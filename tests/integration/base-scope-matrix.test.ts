/**
 * Base scope is declared by each operation and enforced by dispatch. This walks every
 * base-scoped operation × role × own base / other base with valid input on a real SQLite file with
 * two bases: permitted roles succeed, a coordinator of base A is refused on base B with the scope
 * message and nothing changes; roles without the permission are refused for that, not for scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, type OperationName } from '../../core/api.ts';
import { roleAllows, type Actor } from '../../core/permissions.ts';
import { BASE_SCOPE_REFUSAL } from '../../core/services/base-access.ts';
import { finishJob, makeIdNumber, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';

let core: TestCore;
let orgId: number;
let regionId: number;
let categoryId: number;
let items: number;

type Side = 'A' | 'B';
interface BaseFixture {
  baseId: number;
  name: string;
  roomId: number;
  courseId: number;
  mentorId: number;
}
const at = {} as Record<Side, BaseFixture>;

let people = 0;
const person = () => {
  const n = people++;
  return core.ok('people.create', { idNumber: makeIdNumber('442000', `${1960 + Math.floor(n / 800)}0101`, String(100 + (n % 800))), name: `学员${n}` });
};
/** A slot of its own for every session, so no room or mentor is ever double-booked. */
let slots = 0;
const slot = () => {
  const day = new Date(Date.UTC(2027, 0, 1) + slots++ * 86_400_000).toISOString().slice(0, 10);
  return { startsAt: `${day}T09:00`, endsAt: `${day}T12:00` };
};
let years = 2030;
let names = 0;
const unique = (prefix: string) => `${prefix}${names++}`;

const sessionFields = (side: Side, time = slot()) => ({
  courseId: at[side].courseId,
  roomId: at[side].roomId,
  capacity: 50,
  leadMentorIds: [at[side].mentorId],
  ...time,
});
const newSession = (side: Side, time = slot()) => core.ok('sessions.create', sessionFields(side, time)).session.id;
const enrolled = (side: Side, time = slot()) => {
  const sessionId = newSession(side, time);
  core.ok('enrolments.enrol', { sessionId, personId: person().id });
  return { sessionId, enrolmentId: core.ok('sessions.get', { id: sessionId }).enrolments[0]!.id };
};
/** A session that started before today (2026-11-24), one trainee enrolled. */
const pastSlot = () => {
  const day = new Date(Date.UTC(2026, 9, 1) + slots++ * 3_600_000 * 4).toISOString();
  return { startsAt: day.slice(0, 16), endsAt: new Date(Date.parse(day) + 3_600_000 * 3).toISOString().slice(0, 16) };
};
const submitted = (side: Side) => {
  const year = years++;
  core.ok('evaluations.saveSelf', { baseId: at[side].baseId, year, scores: Array(items).fill(1), evidence: Array(items).fill(null), submit: true });
  return year;
};
const reviewed = (side: Side) => {
  const year = submitted(side);
  return core.ok('evaluations.review', { baseId: at[side].baseId, year, scores: Array(items).fill(1), evidence: Array(items).fill('现场查看'), complete: true })
    .id;
};

/** One supervisor for the supervision records (issue 22), appointed when first needed. */
let supervisor: number | undefined;
const supervisorId = () =>
  (supervisor ??= core.ok('supervisors.appoint', {
    personId: person().id,
    levelId: core.ok('supervisors.levels', {})[0]!.id,
    regionId,
    appointedOn: '2025-01-01',
    validUntil: '2030-12-31',
    overrideReason: '测试',
  }).id);
const recordFields = (side: Side) => ({ supervisorId: supervisorId(), ...slot(), form: 'individual' as const, topic: '个案督导', baseId: at[side].baseId });
const newRecord = (side: Side) => core.ok('supervision.createRecord', recordFields(side)).id;

/** Valid input for each base-scoped operation on one side's base; whatever it needs is set up (as admin) first. */
const cases: Partial<Record<OperationName, (side: Side) => unknown>> = {
  'bases.get': (s) => ({ id: at[s].baseId }),
  'bases.update': (s) => ({ id: at[s].baseId, name: at[s].name, organizationId: orgId, regionId }),
  'rooms.create': (s) => ({ baseId: at[s].baseId, name: unique('教室'), seats: 20 }),
  'rooms.update': (s) => ({ id: at[s].roomId, name: unique('教室'), seats: 60 }),
  'mentors.add': (s) => ({ baseId: at[s].baseId, personId: person().id, joinedOn: '2025-01-01' }),
  'mentors.update': (s) => ({ id: at[s].mentorId, joinedOn: '2025-01-01', validUntil: null }),
  'courses.create': (s) => ({ baseId: at[s].baseId, code: unique('C-'), title: '课程', categoryId, creditHours: 3 }),
  'courses.update': (s) => ({ id: at[s].courseId, code: `${s}-1`, title: unique('课程'), categoryId, creditHours: 3 }),
  'sessions.list': (s) => ({ baseId: at[s].baseId }),
  'sessions.export': (s) => ({ baseId: at[s].baseId }),
  'sessions.calendar': (s) => ({ baseId: at[s].baseId, from: '2027-01-01T00:00', to: '2027-02-01T00:00' }),
  'sessions.get': (s) => ({ id: newSession(s) }),
  'documents.signInSheet': (s) => ({ sessionId: newSession(s) }),
  'sessions.create': (s) => sessionFields(s),
  'sessions.update': (s) => {
    const { courseId: _course, ...fields } = sessionFields(s);
    return { id: newSession(s), ...fields, capacity: 40 };
  },
  'sessions.reschedule': (s) => ({ id: newSession(s), ...slot() }),
  'sessions.cancel': (s) => ({ id: newSession(s), reason: '讲师出差' }),
  'enrolments.enrol': (s) => ({ sessionId: newSession(s), personId: person().id }),
  'enrolments.withdraw': (s) => ({ id: enrolled(s).enrolmentId }),
  'enrolments.rosterPreview': (s) => ({ sessionId: newSession(s), text: core.ok('people.get', { id: person().id }).person.idNumber }),
  'enrolments.bulk': (s) => ({ sessionId: newSession(s), personIds: [person().id, person().id] }),
  'enrolments.export': (s) => ({ sessionId: enrolled(s).sessionId }),
  'attendance.complete': (s) => {
    const { sessionId, enrolmentId } = enrolled(s, pastSlot());
    return { sessionId, marks: [{ enrolmentId, attendance: 'full' }] };
  },
  'attendance.correct': (s) => {
    const { sessionId, enrolmentId } = enrolled(s, pastSlot());
    core.ok('attendance.complete', { sessionId, marks: [{ enrolmentId, attendance: 'full' }] });
    return { enrolmentId, attendance: 'partial', hours: 1, reason: '迟到' };
  },
  'evaluations.get': (s) => ({ baseId: at[s].baseId, year: 2026 }),
  'evaluations.saveSelf': (s) => ({ baseId: at[s].baseId, year: years++, scores: Array(items).fill(null), evidence: Array(items).fill(null) }),
  'evaluations.review': (s) => ({ baseId: at[s].baseId, year: submitted(s), scores: Array(items).fill(2), evidence: Array(items).fill(null) }),
  'evaluations.apply': (s) => ({ evaluationId: reviewed(s), action: 'flag_accreditation', reason: '复核认定' }),
  'supervision.records': (s) => ({ baseId: at[s].baseId }),
  'supervision.exportRecords': (s) => ({ baseId: at[s].baseId }),
  'supervision.record': (s) => ({ id: newRecord(s) }),
  'supervision.createRecord': (s) => recordFields(s),
  'supervision.updateRecord': (s) => ({ id: newRecord(s), ...recordFields(s), topic: '改过的主题' }),
  'supervision.deleteRecord': (s) => ({ id: newRecord(s) }),
};

const ROLES: Record<string, (a: BaseFixture) => Actor> = {
  admin: () => ({ id: 901, name: '管理员', role: 'admin' }),
  staff: () => ({ id: 902, name: '工作人员', role: 'staff' }),
  'coordinator of A': (a) => ({ id: 903, name: '协调员', role: 'coordinator', baseIds: [a.baseId] }),
  auditor: () => ({ id: 904, name: '审计', role: 'auditor' }),
};

beforeAll(async () => {
  core = await openTestCore();
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  regionId = core.ok('regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id }).id;
  orgId = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' }).id;
  categoryId = core.ok('bases.lists', {}).courseCategories[0]!.id;
  for (const side of ['A', 'B'] as const) {
    const name = `${side}基地`;
    const baseId = core.ok('bases.create', {
      name,
      organizationId: orgId,
      regionId,
      grade: 'ordinary',
      accreditationStatus: 'accredited',
      accreditedUntil: '2028-12-31',
    }).base.id;
    const roomId = core.ok('rooms.create', { baseId, name: '一号教室', seats: 60 }).id;
    const courseId = core.ok('courses.create', { baseId, code: `${side}-1`, title: `${name}课程`, categoryId, creditHours: 3 }).id;
    const mentorId = core.ok('mentors.add', { baseId, personId: person().id, joinedOn: '2025-01-01' }).id;
    at[side] = { baseId, name, roomId, courseId, mentorId };
  }
  items = core.ok('evaluations.get', { baseId: at.A.baseId, year: 2026 }).template.items.length;
});
afterAll(() => core.close());

const declaredScoped = operations.filter((op) => typeof op.scope === 'object');

describe('base scope: every base-scoped operation × role × own / other base', () => {
  it('has valid input for every operation that declares a base scope', () => {
    expect(Object.keys(cases).sort()).toEqual(declaredScoped.map((op) => op.name).sort());
  });

  for (const op of declaredScoped) {
    it(op.name, async () => {
      for (const [roleName, actorOf] of Object.entries(ROLES)) {
        const actor = actorOf(at.A);
        for (const side of ['A', 'B'] as const) {
          const input = cases[op.name as OperationName]!(side);
          const before = snapshotCounts(core);
          const res = core.call(op.name, input, actor);
          const where = `${op.name} as ${roleName} on base ${side}`;
          if (!roleAllows(actor.role, op.permission)) {
            expect(res.ok, where).toBe(false);
            if (!res.ok) expect(res.error, where).toMatchObject({ code: 'FORBIDDEN', message: `当前账号无权执行“${op.title}”` });
          } else if (actor.role === 'coordinator' && side === 'B') {
            expect(res.ok ? 'succeeded' : res.error, where).toEqual({ code: 'FORBIDDEN', message: BASE_SCOPE_REFUSAL });
            expect(snapshotCounts(core), where).toEqual(before);
          } else {
            expect(res.ok ? 'ok' : res.error, where).toBe('ok');
            const jobId = res.ok ? (res.result as { jobId?: string } | undefined)?.jobId : undefined;
            if (jobId) expect((await finishJob(core, jobId, actor)).state, where).toBe('done');
          }
        }
      }
    });
  }
});

/** The base ids a list result shows: every `baseId` in it (bases.list: each row's `id`). */
function basesShown(name: string, result: unknown): number[] {
  if (name === 'bases.list') return (result as { rows: { id: number }[] }).rows.map((r) => r.id);
  const found: number[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'baseId' && typeof v === 'number') found.push(v);
        else walk(v);
      }
    }
  };
  walk(result);
  return [...new Set(found)].sort();
}

describe('base scope: lists show a coordinator only their own bases', () => {
  it('every list without a base named shows base A alone to its coordinator, both bases to the others', () => {
    // One person mentors and teaches at both bases; both bases have a reviewed evaluation the same year.
    const shared = person().id;
    const mentorAt = (side: Side) => core.ok('mentors.add', { baseId: at[side].baseId, personId: shared, joinedOn: '2025-01-01' }).id;
    const [mentorA, mentorB] = [mentorAt('A'), mentorAt('B')];
    newSession('A');
    core.ok('sessions.create', { ...sessionFields('A'), leadMentorIds: [mentorA] });
    core.ok('sessions.create', { ...sessionFields('B'), leadMentorIds: [mentorB] });
    const year = 2099;
    for (const side of ['A', 'B'] as const) {
      core.ok('evaluations.saveSelf', { baseId: at[side].baseId, year, scores: Array(items).fill(1), evidence: Array(items).fill(null), submit: true });
      core.ok('evaluations.review', { baseId: at[side].baseId, year, scores: Array(items).fill(1), evidence: Array(items).fill(null), complete: true });
    }
    newRecord('A');
    newRecord('B');
    const lists: Partial<Record<OperationName, unknown>> = {
      'bases.list': {},
      'supervision.records': {},
      'mentors.ofPerson': { personId: shared },
      'sessions.taughtBy': { personId: shared },
      'sessions.list': {},
      'sessions.calendar': { from: '2027-01-01T00:00', to: '2028-01-01T00:00' },
      'evaluations.ranking': { year },
    };
    // The exports (bases, sessions, enrolments, ranking) are the same lists as files; a coordinator may not export.
    const exports = ['bases.export', 'sessions.export', 'enrolments.export', 'evaluations.export', 'home.exportChart', 'supervision.exportRecords'];
    // 工作台: counts and charts; a coordinator's name their own bases only (a staff member's overview names none).
    const home = ['home.overview', 'home.charts'] as const;
    const listing = operations.filter((op) => op.scope === 'visibleBases' || (typeof op.scope === 'object' && op.scope.visibleBases)).map((op) => op.name);
    expect([...Object.keys(lists), ...home, ...exports].sort()).toEqual(listing.sort());
    expect(basesShown('home.overview', core.ok('home.overview', {}, ROLES['coordinator of A']!(at.A)))).toEqual([at.A.baseId]);
    expect(basesShown('home.charts', core.ok('home.charts', {}, ROLES['coordinator of A']!(at.A))).every((id) => id === at.A.baseId)).toBe(true);
    for (const op of exports) expect(roleAllows('coordinator', operations.find((o) => o.name === op)!.permission), op).toBe(false);

    const both = [at.A.baseId, at.B.baseId].sort();
    for (const [name, input] of Object.entries(lists)) {
      expect(basesShown(name, core.ok(name as OperationName, input as never, ROLES['coordinator of A']!(at.A))), name).toEqual([at.A.baseId]);
      expect(basesShown(name, core.ok(name as OperationName, input as never, ROLES.staff!(at.A))), name).toEqual(both);
    }
  });
});
