import { insertSession, setSessionMentors, setSessionStatus } from '../../../db/repos/sessions.ts';
import { insertEnrolmentRecord } from '../../../db/repos/enrolments.ts';
import { attendanceOutcome, type Attendance, type EnrolmentStatus } from '../../../domain/index.ts';
import { insertRecord } from '../../../db/repos/training-records.ts';
import { addDays } from '../../dates.ts';
import { remember, type SeedContext, type SeedStep } from '../context.ts';

/**
 * Five years of sessions at every base, without a conflict: time is cut into half-day units
 * (09:00–12:00, 14:00–17:00); a base never holds two sessions in one unit, and nobody (mentor
 * or trainee) is in two sessions of one unit anywhere. Past sessions are completed with
 * attendance and credited hours; last week's wait for attendance; the coming ones are open,
 * a few full with a waitlist.
 */
const HISTORY_DAYS = 5 * 365;
const FUTURE_DAYS = 60;
const UNITS_PER_DAY = 2;
const HALF = [
  ['09:00', '12:00'],
  ['14:00', '17:00'],
] as const;

/** Units a course's session takes: 3 h a half day, 6 h a whole day, 12 h two whole days. */
const unitsFor = (hours: number) => (hours <= 3 ? 1 : hours <= 6 ? 2 : 4);

export const sessionsStep: SeedStep = {
  name: '班期与学时',
  run(ctx) {
    if (!ctx.bases.length || !ctx.people.length) return;
    const first = addDays(ctx.today, -HISTORY_DAYS);
    const days = HISTORY_DAYS + FUTURE_DAYS;
    const firstWeekday = new Date(`${first}T00:00:00Z`).getUTCDay();
    /** personId × unit, for everyone's time: mentors and trainees alike. */
    const busy = new Set<number>();
    const key = (personId: number, unit: number) => personId * 8192 + unit;
    const perBase = Math.ceil(ctx.spec.sessions / ctx.bases.length);
    const lastWeek = addDays(ctx.today, -7);
    let made = 0;
    let enrolled = 0;
    for (const base of ctx.bases) {
      const taken = new Set<number>(); // the base's own units
      for (let n = 0; n < perBase && made < ctx.spec.sessions; n++) {
        const course = ctx.rng.pick(base.courses);
        if (!course) break;
        const span = unitsFor(course.creditHours);
        const units = pickUnits(ctx, taken, days, span, firstWeekday);
        if (!units) continue;
        const lead = freeMentor(ctx, base.mentors, units, busy, key);
        if (!lead) continue;
        const assistant = ctx.rng.chance(0.3)
          ? freeMentor(
              ctx,
              base.mentors.filter((m) => m.personId !== lead.personId),
              units,
              busy,
              key,
            )
          : null;
        const room = ctx.rng.pick(base.rooms);
        const day = Math.floor(units[0]! / UNITS_PER_DAY);
        const date = addDays(first, day);
        const lastDate = addDays(first, Math.floor(units[units.length - 1]! / UNITS_PER_DAY));
        const startsAt = `${date}T${HALF[units[0]! % UNITS_PER_DAY]![0]}`;
        const endsAt = `${lastDate}T${span === 1 ? HALF[units[0]! % UNITS_PER_DAY]![1] : '17:00'}`;
        const capacity = Math.min(room.seats, course.defaultCapacity);
        const past = lastDate < lastWeek;
        const due = !past && date <= ctx.today;
        const cancelled = past && ctx.rng.chance(0.03);
        // 统一培训: the association's own sessions, a few a year at model bases, mostly attended by supervisors.
        const unified = base.demonstration && ctx.rng.chance(0.1);
        const id = insertSession(
          ctx.db,
          {
            courseId: course.id,
            baseId: base.id,
            roomId: room.id,
            startsAt,
            endsAt,
            capacity,
            unified,
            status: past ? 'completed' : due ? 'closed' : ctx.rng.chance(0.8) ? 'open' : 'planned',
            note: null,
          },
          ctx.now,
        );
        remember(ctx, 'training_session', id);
        const mentors = [
          { mentorId: lead.id, personId: lead.personId, role: 'lead' as const },
          ...(assistant ? [{ mentorId: assistant.id, personId: assistant.personId, role: 'assistant' as const }] : []),
        ];
        setSessionMentors(ctx.db, id, mentors);
        for (const m of mentors) for (const u of units) busy.add(key(m.personId, u));
        if (cancelled) setSessionStatus(ctx.db, id, 'cancelled', ctx.now, '导师临时有事，改期另行通知');

        // Trainees: a share of the seats (a few future sessions full, with people waiting).
        const waitlist = !past && !due && ctx.rng.chance(0.1) ? ctx.rng.int(1, 4) : 0;
        // Aim at what is still missing per remaining session: small rooms' shortfall is made up by larger ones.
        const perSession = (ctx.spec.enrolments - enrolled) / Math.max(1, ctx.spec.sessions - made);
        const wanted = Math.min(capacity, Math.max(1, Math.round(perSession * (0.6 + ctx.rng.next() * 0.8))));
        const seats = waitlist ? capacity : wanted;
        const mentorIds = new Set(mentors.map((m) => m.personId));
        const queuedAt = `${addDays(date, -ctx.rng.int(7, 30))}T02:00:00.000Z`;
        for (let q = 1, tries = 0; q <= seats + waitlist && tries < (seats + waitlist) * 4; tries++) {
          const person = unified && ctx.supervisorPeople.length && ctx.rng.chance(0.8) ? ctx.rng.pick(ctx.supervisorPeople) : ctx.rng.pick(ctx.people);
          if (mentorIds.has(person.id) || units.some((u) => busy.has(key(person.id, u)))) continue;
          for (const u of units) busy.add(key(person.id, u));
          const onWaitlist = q > seats;
          const mark = past && !cancelled && !onWaitlist ? attendanceMark(ctx, course.creditHours) : null;
          const status: EnrolmentStatus = onWaitlist ? 'waitlisted' : mark ? mark.status : 'enrolled';
          const enrolmentId = insertEnrolmentRecord(
            ctx.db,
            { sessionId: id, personId: person.id, status, attendance: mark?.attendance ?? null, attendedHours: mark?.hours ?? null, queueNo: q, queuedAt },
            ctx.now,
          );
          remember(ctx, 'enrolment', enrolmentId);
          enrolled++;
          if (mark && mark.hours > 0) {
            remember(
              ctx,
              'training_record',
              insertRecord(
                ctx.db,
                {
                  personId: person.id,
                  categoryId: course.categoryId,
                  hours: mark.hours,
                  earnedOn: date,
                  kind: 'session',
                  sessionId: id,
                  enrolmentId,
                  note: null,
                },
                ctx.now,
              ),
            );
          }
          q++;
        }
        made++;
        if (made % 1000 === 0) ctx.progress(this.name, made, ctx.spec.sessions);
      }
    }
    ctx.progress(this.name, made, made);
  },
};

/** Consecutive free units of the base for a session of `span` units (whole days start in the morning); not on Sundays. */
function pickUnits(ctx: SeedContext, taken: Set<number>, days: number, span: number, firstWeekday: number): number[] | null {
  for (let attempt = 0; attempt < 40; attempt++) {
    // One in eight lands in the last fortnight or the coming two months: the calendar and 考勤待办 have something now.
    const day = ctx.rng.chance(0.125) ? ctx.rng.int(HISTORY_DAYS - 14, days - 1) : ctx.rng.int(0, days - 1);
    const half = span === 1 ? ctx.rng.int(0, 1) : 0;
    const start = day * UNITS_PER_DAY + half;
    const units = Array.from({ length: span }, (_, i) => start + i);
    const lastDay = Math.floor(units[units.length - 1]! / UNITS_PER_DAY);
    if ((firstWeekday + day) % 7 === 0 || (firstWeekday + lastDay) % 7 === 0) continue; // no sessions on Sundays
    if (units.every((u) => !taken.has(u))) {
      for (const u of units) taken.add(u);
      return units;
    }
  }
  return null;
}

function freeMentor(ctx: SeedContext, mentors: { id: number; personId: number }[], units: number[], busy: Set<number>, key: (p: number, u: number) => number) {
  for (let attempt = 0; attempt < 8 && mentors.length; attempt++) {
    const mentor = ctx.rng.pick(mentors);
    if (units.every((u) => !busy.has(key(mentor.personId, u)))) return mentor;
  }
  return null;
}

/** 全勤 mostly; some 部分出勤 (half the hours), 缺席 and 请假; status and hours as attendance gives them (domain/rules/attendance.ts, as core's attendance does). */
function attendanceMark(ctx: SeedContext, creditHours: number): { attendance: Attendance; status: EnrolmentStatus; hours: number } {
  const roll = ctx.rng.next();
  const attendance: Attendance = roll < 0.88 ? 'full' : roll < 0.93 ? 'partial' : roll < 0.98 ? 'absent' : 'excused';
  const outcome = attendanceOutcome({ attendance, hours: Math.max(0.5, Math.floor(creditHours) / 2) }, creditHours);
  if ('problem' in outcome) throw new Error(`generated attendance refused: ${outcome.problem}`);
  return { attendance, ...outcome };
}
