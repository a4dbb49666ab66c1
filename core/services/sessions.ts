import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { invalid, notFound } from '../errors.ts';
import { byId } from '../schemas/common.ts';
import { sessionCalendar, sessionCancel, sessionExport, sessionFields, sessionList, sessionReschedule, sessionUpdate } from '../schemas/sessions.ts';
import { exportSessions } from '../excel/training-exports.ts';
import * as sessions from '../../db/repos/sessions.ts';
import { enrolmentsOfSession, seatsTaken } from '../../db/repos/enrolments.ts';
import { getCourse } from '../../db/repos/courses.ts';
import { listedBaseIds, scopeById, visibleBaseIds } from './base-access.ts';
import { baseOfCourse, baseOfSession } from '../../db/repos/base-of.ts';
import { checkSessionPlan } from '../training/scheduling.ts';
import { localDateTime } from '../dates.ts';
import { enrolmentRefusal, fillFromWaitlist } from '../training/enrolment.ts';
import { attendanceRefusal } from '../training/attendance.ts';
import { enrolmentWithdrawable } from '../../domain/index.ts';
import { sessionsOutputs } from '../outputs/sessions.ts';
import { expectVersion } from '../versions.ts';

/** The session, if it exists (the caller's access to its base is the operation's declared scope). */
export function requireSession(ctx: Context, id: number, field = 'id'): sessions.SessionRow {
  const session = sessions.getSession(ctx.db, id);
  if (!session) throw notFound('该班期', field);
  return session;
}

const sessionScope = scopeById(baseOfSession);

/** Completed and cancelled sessions are history: they are not rescheduled or edited. */
function changeRefusal(session: sessions.SessionRow): string | null {
  if (session.status === 'completed') return '该班期已完成考勤，不能再修改；如需更正出勤，请在考勤中更正';
  if (session.status === 'cancelled') return '该班期已取消，不能再修改';
  return null;
}

function assertChangeable(session: sessions.SessionRow): void {
  const refusal = changeRefusal(session);
  if (refusal) throw invalid(refusal, 'id');
}

/** What the rules allow now, with the reason when they do not: the renderer shows this, it never re-derives it. */
export interface Allowed {
  allowed: boolean;
  reason: string | null;
}
const allowedUnless = (reason: string | null): Allowed => ({ allowed: reason === null, reason });

/** A withdrawal: a seat or a waitlist place, while the session is neither over nor cancelled. */
export const withdrawalRefusal = (session: sessions.SessionRow) => (changeRefusal(session) ? '该班期已结束或已取消，不能再取消报名' : null);

/** A session as sessions.get shows it (a stale attendance sheet is answered with it too). */
export function sessionDetail(ctx: Context, id: number) {
  const session = requireSession(ctx, id);
  const sessionRefusesWithdrawal = withdrawalRefusal(session) !== null;
  const enrolments = enrolmentsOfSession(ctx.db, id).map((e) => ({
    ...e,
    /** A seat or a waitlist place: told when the session is cancelled. */
    holdsPlace: enrolmentWithdrawable(e),
    canWithdraw: !sessionRefusesWithdrawal && enrolmentWithdrawable(e),
  }));
  const can = {
    change: allowedUnless(changeRefusal(session)),
    enrol: allowedUnless(enrolmentRefusal(session)),
    recordAttendance: allowedUnless(attendanceRefusal(ctx, session)),
  };
  return { session, enrolments, can };
}

const read = 'bases.read' as const;
const write = 'bases.write' as const;

/** A month view across every base shows about 1,000 sessions at province scale; more is a range too wide to draw. */
const CALENDAR_LIMIT = 3000;

export const sessionOperations = [
  defineOperation({
    name: 'sessions.list',
    output: sessionsOutputs['sessions.list'],
    title: '查询班期',
    kind: 'query',
    permission: read,
    input: sessionList,
    scope: { base: ({ baseId }) => baseId, visibleBases: true },
    handler: ({ baseId, attendanceDue, ...query }, ctx) => {
      const baseIds = listedBaseIds(ctx, baseId);
      return sessions.listSessions(ctx.db, {
        ...query,
        baseIds,
        attendanceDueAt: attendanceDue ? localDateTime(ctx.clock.now(), ctx.clock.timeZone()) : undefined,
      });
    },
  }),
  defineOperation({
    name: 'sessions.export',
    output: sessionsOutputs['sessions.export'],
    title: '导出班期',
    kind: 'query',
    permission: 'export',
    input: sessionExport,
    scope: { base: ({ baseId }) => baseId, visibleBases: true },
    handler: ({ baseId, attendanceDue, ...query }, ctx) => {
      const baseIds = listedBaseIds(ctx, baseId);
      return {
        jobId: ctx.jobs.start('导出班期', (job) =>
          exportSessions(
            ctx,
            { ...query, page: 0, pageSize: 0, baseIds, attendanceDueAt: attendanceDue ? localDateTime(ctx.clock.now(), ctx.clock.timeZone()) : undefined },
            job,
          ),
        ),
      };
    },
  }),
  defineOperation({
    name: 'sessions.calendar',
    output: sessionsOutputs['sessions.calendar'],
    title: '查看班期日历',
    kind: 'query',
    permission: read,
    input: sessionCalendar,
    scope: { base: ({ baseId }) => baseId, visibleBases: true },
    handler: ({ baseId, from, to }, ctx) => {
      const baseIds = listedBaseIds(ctx, baseId);
      const rows = sessions.sessionsBetween(ctx.db, { baseIds, from, to }, CALENDAR_LIMIT + 1);
      return { rows: rows.slice(0, CALENDAR_LIMIT), truncated: rows.length > CALENDAR_LIMIT };
    },
  }),
  defineOperation({
    name: 'sessions.get',
    output: sessionsOutputs['sessions.get'],
    title: '查看班期',
    kind: 'query',
    permission: read,
    input: byId,
    scope: sessionScope,
    handler: ({ id }, ctx) => sessionDetail(ctx, id),
  }),
  defineOperation({
    name: 'sessions.create',
    output: sessionsOutputs['sessions.create'],
    title: '新建班期',
    kind: 'command',
    permission: write,
    input: sessionFields,
    // The course's base; the room and mentors must belong to it (checkSessionPlan says which does not).
    scope: { base: ({ courseId }, db) => baseOfCourse(db, courseId) },
    handler: ({ courseId, leadMentorIds, assistantMentorIds, ...f }, ctx) => {
      const course = getCourse(ctx.db, courseId);
      if (!course) throw notFound('所选课程', 'courseId');
      if (course.status !== 'active') throw invalid(`课程「${course.title}」已停用，不能再开班`, 'courseId');
      const mentors = checkSessionPlan(ctx, { ...f, baseId: course.baseId, leadMentorIds, assistantMentorIds }, null);
      const id = sessions.insertSession(ctx.db, { ...f, courseId, baseId: course.baseId }, ctx.clock.now());
      sessions.setSessionMentors(ctx.db, id, mentors);
      return sessionDetail(ctx, id);
    },
  }),
  defineOperation({
    name: 'sessions.update',
    output: sessionsOutputs['sessions.update'],
    title: '修改班期',
    kind: 'command',
    permission: write,
    input: sessionUpdate,
    scope: sessionScope,
    handler: ({ id, version, leadMentorIds, assistantMentorIds, ...f }, ctx) => {
      const session = requireSession(ctx, id);
      expectVersion(ctx, { table: 'training_session', id, version, current: () => sessionDetail(ctx, id), currentSchema: sessionsOutputs['sessions.get'] });
      assertChangeable(session);
      const taken = seatsTaken(ctx.db, id);
      if (f.capacity < taken) throw invalid(`已有 ${taken} 人报名，人数上限不能小于 ${taken}`, 'capacity');
      const mentors = checkSessionPlan(ctx, { ...f, baseId: session.baseId, leadMentorIds, assistantMentorIds }, id);
      sessions.updateSession(ctx.db, id, f, ctx.clock.now());
      sessions.setSessionMentors(ctx.db, id, mentors);
      const promoted = fillFromWaitlist(ctx, id);
      return { ...sessionDetail(ctx, id), promoted };
    },
  }),
  defineOperation({
    name: 'sessions.reschedule',
    output: sessionsOutputs['sessions.reschedule'],
    title: '调整班期时间',
    kind: 'command',
    permission: write,
    input: sessionReschedule,
    scope: sessionScope,
    handler: ({ id, version, startsAt, endsAt }, ctx) => {
      const session = requireSession(ctx, id);
      expectVersion(ctx, { table: 'training_session', id, version, current: () => sessionDetail(ctx, id) });
      assertChangeable(session);
      // The same checks as a full save: the room, the mentors' pools and times, the trainees.
      checkSessionPlan(
        ctx,
        {
          ...session,
          startsAt,
          endsAt,
          leadMentorIds: session.mentors.filter((m) => m.role === 'lead').map((m) => m.mentorId),
          assistantMentorIds: session.mentors.filter((m) => m.role === 'assistant').map((m) => m.mentorId),
        },
        id,
      );
      const { roomId, capacity, unified, status, note } = session;
      sessions.updateSession(ctx.db, id, { roomId, capacity, unified, status, note, startsAt, endsAt }, ctx.clock.now());
      return sessionDetail(ctx, id);
    },
  }),
  defineOperation({
    name: 'sessions.cancel',
    output: sessionsOutputs['sessions.cancel'],
    title: '取消班期',
    kind: 'command',
    permission: write,
    input: sessionCancel,
    scope: sessionScope,
    handler: ({ id, version, reason }, ctx) => {
      const session = requireSession(ctx, id);
      expectVersion(ctx, { table: 'training_session', id, version, current: () => sessionDetail(ctx, id), currentSchema: sessionsOutputs['sessions.get'] });
      assertChangeable(session);
      sessions.setSessionStatus(ctx.db, id, 'cancelled', ctx.clock.now(), reason);
      // Everyone holding a place is returned, so the coordinator can notify them.
      const toNotify = enrolmentsOfSession(ctx.db, id).filter(enrolmentWithdrawable);
      return { ...sessionDetail(ctx, id), toNotify };
    },
  }),
  defineOperation({
    name: 'sessions.taughtBy',
    output: sessionsOutputs['sessions.taughtBy'],
    title: '查看导师授课记录',
    kind: 'query',
    permission: read,
    input: z.object({ personId: z.number().int().positive() }),
    scope: 'visibleBases',
    handler: ({ personId }, ctx) => sessions.sessionsTaughtBy(ctx.db, personId, visibleBaseIds(ctx)),
  }),
] as const;
