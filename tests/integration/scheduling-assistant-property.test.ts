/**
 * Property: the scheduling assistant never proposes a slot the session save would refuse, and a
 * mentor's 不可用时间 is always respected. Checked on random worlds (sessions in the base's rooms,
 * a shared mentor teaching or enrolled at another base, one-off and weekly unavailability) with
 * the in-memory pass alone (findSlots without its confirming step): it must agree with the save's
 * own check (evaluateSessionPlan) on every slot it proposes. And a series' check agrees with its save,
 * which saves every occurrence or none.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import type { Context } from '../../core/contract.ts';
import { LOCAL_ADMIN } from '../../core/permissions.ts';
import { evaluateSessionPlan } from '../../core/training/scheduling.ts';
import { findSlots } from '../../core/training/slots.ts';
import { addDays } from '../../core/dates.ts';
import { unavailabilityOfPerson } from '../../db/repos/mentor-unavailability.ts';
import { overlaps, unavailableIntervals } from '../../domain/index.ts';
import { makeIdNumber, openTestCore, TODAY, type TestCore } from '../support/core.ts';

let core: TestCore;
let ctx: Context;
let world: {
  baseId: number;
  rooms: number[];
  courseId: number;
  mentors: { id: number; personId: number }[];
  otherCourse: number;
  otherRoom: number;
  otherMentor: number;
};

beforeAll(async () => {
  core = await openTestCore();
  ctx = { db: core.db, actor: LOCAL_ADMIN, clock: fixedClock(TODAY), dataFile: '', jobs: undefined as never };
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  const org = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
  const { courseCategories } = core.ok('bases.lists', {});
  const base = (name: string) =>
    core.ok('bases.create', {
      name,
      organizationId: org.id,
      regionId: city.id,
      grade: 'ordinary',
      accreditationStatus: 'accredited',
      accreditedUntil: '2030-12-31',
    }).base.id;
  const baseId = base('西区基地');
  const otherBase = base('东区基地');
  const people = ['林导师', '王导师', '陈导师'].map(
    (name, i) => core.ok('people.create', { idNumber: makeIdNumber('442000', '19800101', String(200 + i)), name }).id,
  );
  world = {
    baseId,
    rooms: [core.ok('rooms.create', { baseId, name: '一号教室', seats: 30 }).id, core.ok('rooms.create', { baseId, name: '二号教室', seats: 15 }).id],
    courseId: core.ok('courses.create', { baseId, code: 'W-1', title: '督导技巧', categoryId: courseCategories[5]!.id, creditHours: 3, defaultCapacity: 12 })
      .id,
    // 陈导师's pool membership ends early in the range of some runs.
    mentors: people.map((personId, i) => ({
      id: core.ok('mentors.add', { baseId, personId, joinedOn: '2025-01-01', validUntil: i === 2 ? '2027-06-30' : null }).id,
      personId,
    })),
    otherCourse: core.ok('courses.create', { baseId: otherBase, code: 'E-1', title: '东区课程', categoryId: courseCategories[5]!.id, creditHours: 3 }).id,
    otherRoom: core.ok('rooms.create', { baseId: otherBase, name: '东区教室', seats: 40 }).id,
    otherMentor: core.ok('mentors.add', { baseId: otherBase, personId: people[0]!, joinedOn: '2025-01-01' }).id,
  };
});
afterAll(() => core.close());

const at = (day: string, minutes: number) => `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const busy = fc.record({
  day: fc.integer({ min: 0, max: 13 }),
  start: fc.integer({ min: 16, max: 38 }).map((h) => h * 30),
  length: fc.integer({ min: 2, max: 8 }).map((h) => h * 30),
  room: fc.integer({ min: 0, max: 1 }),
  mentor: fc.integer({ min: 0, max: 2 }),
  /** Where it happens: a session here, the shared mentor teaching or enrolled elsewhere, or 不可用时间 (one-off or weekly). */
  what: fc.constantFrom('session', 'elsewhere', 'enrolled', 'once', 'weekly'),
});

let run = 0;

describe('scheduling assistant: never a slot the save refuses; a series check agrees with its save', () => {
  it('on random worlds, every slot the in-memory pass proposes passes the save’s check and avoids the mentor’s unavailability', () => {
    fc.assert(
      fc.property(
        fc.array(busy, { maxLength: 25 }),
        fc.integer({ min: 2, max: 8 }).map((h) => h * 30),
        fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
        (items, durationMinutes, named) => {
          // Every run in weeks of its own, from 2027-06-07 on (a Monday), so runs do not see each other.
          const first = addDays('2027-06-07', 21 * run++);
          for (const b of items) {
            const day = addDays(first, b.day);
            const t = { startsAt: at(day, b.start), endsAt: at(day, b.start + b.length) };
            const mentor = world.mentors[b.mentor]!;
            if (b.what === 'session')
              core.call('sessions.create', { courseId: world.courseId, roomId: world.rooms[b.room]!, capacity: 10, leadMentorIds: [mentor.id], ...t });
            else if (b.what === 'elsewhere')
              core.call('sessions.create', { courseId: world.otherCourse, roomId: world.otherRoom, capacity: 10, leadMentorIds: [world.otherMentor], ...t });
            else if (b.what === 'enrolled') {
              const other = core.call('sessions.create', { courseId: world.otherCourse, roomId: null, capacity: 10, leadMentorIds: [world.otherMentor], ...t });
              if (other.ok)
                core.call('enrolments.enrol', { sessionId: (other.result as { session: { id: number } }).session.id, personId: world.mentors[1]!.personId });
            } else if (b.what === 'once') core.ok('unavailability.add', { mentorId: mentor.id, kind: 'once', ...t });
            else
              core.ok('unavailability.add', {
                mentorId: mentor.id,
                kind: 'weekly',
                weekday: (b.day % 7) + 1,
                startTime: t.startsAt.slice(11),
                endTime: t.endsAt.slice(11),
                validFrom: first,
                validUntil: addDays(first, 13),
              });
          }
          const mentorId = named === undefined ? undefined : world.mentors[named]!.id;
          const q = { courseId: world.courseId, from: first, to: addDays(first, 13), durationMinutes, mentorId, limit: 50 };
          const { slots, capacity } = findSlots(ctx, q, false);
          for (const s of slots) {
            const plan = {
              baseId: world.baseId,
              roomId: s.roomId,
              startsAt: s.startsAt,
              endsAt: s.endsAt,
              capacity,
              leadMentorIds: [s.mentorId],
              assistantMentorIds: [],
            };
            expect(
              evaluateSessionPlan(ctx, plan, null).problems.map((p) => p.message),
              `${s.startsAt} ${s.roomName} ${s.mentorName}`,
            ).toEqual([]);
            const personId = world.mentors.find((m) => m.id === s.mentorId)!.personId;
            for (const u of unavailabilityOfPerson(core.db, personId)) expect(unavailableIntervals(u, s).some((i) => overlaps(i, s))).toBe(false);
            if (mentorId !== undefined) expect(s.mentorId).toBe(mentorId);
          }
          // The operation proposes the same slots (its confirming step drops none).
          expect(core.ok('sessions.findSlots', q).slots).toEqual(slots);
          // A weekly series from the first day: the check passes exactly when the save does (all or nothing).
          const series = {
            courseId: world.courseId,
            roomId: world.rooms[0]!,
            capacity: 10,
            leadMentorIds: [world.mentors[named ?? 0]!.id],
            occurrences: [0, 7].map((d) => ({ startsAt: at(addDays(first, d), 14 * 60), endsAt: at(addDays(first, d), 14 * 60 + durationMinutes) })),
          };
          const checked = core.ok('sessions.checkSeries', series);
          const before = core.db.prepare('SELECT count(*) FROM training_session').pluck().get();
          const saved = core.call('sessions.createSeries', series);
          expect(saved.ok, JSON.stringify(checked.occurrences.map((o) => o.problems))).toBe(checked.ok);
          if (!saved.ok) expect(core.db.prepare('SELECT count(*) FROM training_session').pluck().get()).toBe(before);
        },
      ),
      { numRuns: 25, seed: 2026 },
    );
  }, 120_000);
});
