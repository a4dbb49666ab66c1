import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { invalid } from '../errors.ts';
import { listQuery } from '../schemas/common.ts';
import { attendanceComplete, attendanceCorrect } from '../schemas/sessions.ts';
import * as enrolments from '../../db/repos/enrolments.ts';
import * as records from '../../db/repos/training-records.ts';
import { getSession, setSessionStatus, type SessionRow } from '../../db/repos/sessions.ts';
import { attendanceRefusal, creditFor } from '../training/attendance.ts';
import { requireSession, sessionDetail } from './sessions.ts';
import { baseOfEnrolment, baseOfSession } from '../../db/repos/base-of.ts';
import { requirePerson } from './references.ts';
import { refreshOpenReviews } from '../recert/reviews.ts';
import { currentRuleContext } from '../compliance/rule-context.ts';
import { personCompliance } from './compliance.ts';
import { attendanceOutputs } from '../outputs/attendance.ts';
import { enrolmentRow, sessionsOutputs } from '../outputs/sessions.ts';
import { expectVersion, expectVersions } from '../versions.ts';

/** Hours count toward the period of the day the session began. */
const earnedOn = (session: SessionRow) => session.startsAt.slice(0, 10);

function ledgerEntry(
  session: SessionRow,
  enrolment: enrolments.EnrolmentRow,
  hours: number,
  kind: 'session' | 'correction',
  note: string | null,
): records.RecordFields {
  return {
    personId: enrolment.personId,
    categoryId: session.categoryId,
    hours,
    earnedOn: earnedOn(session),
    kind,
    sessionId: session.id,
    enrolmentId: enrolment.id,
    note,
  };
}

export const attendanceOperations = [
  defineOperation({
    name: 'attendance.complete',
    output: attendanceOutputs['attendance.complete'],
    title: '完成考勤',
    kind: 'command',
    permission: 'bases.write',
    input: attendanceComplete,
    scope: { base: ({ sessionId }, db) => baseOfSession(db, sessionId) },
    handler: ({ sessionId, sessionVersion, marks }, ctx) => {
      const session = requireSession(ctx, sessionId, 'sessionId');
      // What the screen showed, checked before anything is written: the session and every enrolment marked.
      const current = () => sessionDetail(ctx, sessionId);
      const currentSchema = sessionsOutputs['sessions.get'];
      expectVersion(ctx, { table: 'training_session', id: sessionId, version: sessionVersion, current, currentSchema, what: '该班期' });
      const names = new Map(enrolments.enrolmentsOfSession(ctx.db, sessionId).map((e) => [e.id, e.name]));
      expectVersions(
        ctx,
        'enrolment',
        marks.map((m) => ({ id: m.enrolmentId, version: m.version, current, currentSchema, what: `「${names.get(m.enrolmentId) ?? m.enrolmentId}」的报名` })),
      );
      const refusal = attendanceRefusal(ctx, session);
      if (refusal) throw invalid(refusal, 'sessionId');
      const enrolled = enrolments.enrolmentsOfSession(ctx.db, sessionId).filter((e) => e.status === 'enrolled');
      const byId = new Map(marks.map((m, i) => [m.enrolmentId, { ...m, index: i }]));
      if (marks.some((m) => !enrolled.some((e) => e.id === m.enrolmentId))) throw invalid('考勤名单中有不属于该班期已报名学员的记录，请刷新后重试', 'marks');
      const missing = enrolled.find((e) => !byId.has(e.id));
      if (missing) throw invalid(`请为「${missing.name}」选择出勤情况`, 'marks');
      const now = ctx.clock.now();
      let credited = 0;
      for (const enrolment of enrolled) {
        const mark = byId.get(enrolment.id)!;
        const credit = creditFor(mark, session.creditHours, enrolment.name, `marks.${mark.index}.hours`);
        enrolments.setAttendance(ctx.db, enrolment.id, { status: credit.status, attendance: mark.attendance, attendedHours: credit.hours }, now);
        if (credit.hours > 0) {
          records.insertRecord(ctx.db, ledgerEntry(session, enrolment, credit.hours, 'session', null), now);
          credited += credit.hours;
        }
      }
      // Whoever still waits never got a place: a final status, holding nothing.
      enrolments.closeWaitlist(ctx.db, sessionId, now);
      setSessionStatus(ctx.db, sessionId, 'completed', now);
      refreshOpenReviews(
        ctx,
        enrolled.map((e) => e.personId),
      );
      return { session: getSession(ctx.db, sessionId)!, trainees: enrolled.length, creditedHours: credited };
    },
  }),
  defineOperation({
    name: 'attendance.correct',
    output: attendanceOutputs['attendance.correct'],
    title: '更正考勤',
    kind: 'command',
    permission: 'bases.write',
    input: attendanceCorrect,
    scope: { base: ({ enrolmentId }, db) => baseOfEnrolment(db, enrolmentId) },
    handler: ({ enrolmentId, version, attendance, hours, reason }, ctx) => {
      const enrolment = enrolments.getEnrolment(ctx.db, enrolmentId);
      if (!enrolment) throw invalid('该报名记录不存在', 'enrolmentId');
      expectVersion(ctx, {
        table: 'enrolment',
        id: enrolmentId,
        version,
        current: () => enrolment,
        currentSchema: enrolmentRow,
        what: `「${enrolment.name}」的考勤`,
      });
      const session = requireSession(ctx, enrolment.sessionId, 'enrolmentId');
      if (session.status !== 'completed' || enrolment.attendance === null) throw invalid('该班期尚未完成考勤，请在考勤中直接登记', 'enrolmentId');
      const credit = creditFor({ attendance, hours }, session.creditHours, enrolment.name, 'hours');
      const before = records.creditedHours(ctx.db, enrolmentId);
      const delta = credit.hours - before;
      const now = ctx.clock.now();
      enrolments.setAttendance(ctx.db, enrolmentId, { status: credit.status, attendance, attendedHours: credit.hours }, now);
      // The ledger keeps the first credit and adds the difference, with the reason, so the history stays.
      if (delta !== 0)
        records.insertRecord(ctx.db, ledgerEntry(session, enrolment, delta, 'correction', `更正：${before} → ${credit.hours} 学时。${reason}`), now);
      refreshOpenReviews(ctx, [enrolment.personId]);
      return { enrolment: enrolments.getEnrolment(ctx.db, enrolmentId)!, delta };
    },
  }),
  defineOperation({
    name: 'training.ofPerson',
    output: attendanceOutputs['training.ofPerson'],
    title: '查看培训学时记录',
    kind: 'query',
    permission: 'registry.read',
    input: listQuery(['earnedOn', 'hours', 'categoryName']).extend({ personId: z.number().int().positive() }),
    handler: ({ personId, ...params }, ctx: Context) => {
      requirePerson(ctx, personId);
      const page = records.recordsOfPerson(ctx.db, personId, params);
      const totals = records.totalsOfPerson(ctx.db, personId);
      // Each row says where its hours count (period, window) or why they do not.
      const attributions = new Map(personCompliance(ctx.db, currentRuleContext(ctx.db), personId, ctx.clock.today()).attributions.map((a) => [a.recordId, a]));
      const rows = page.rows.map((r) => ({ ...r, counted: attributions.get(r.id)?.counted ?? false, countsToward: attributions.get(r.id)?.text ?? '' }));
      // Every row of the person, not only this page: the total says how much of it counts.
      const countedHours = [...attributions.values()].reduce((sum, a) => sum + (a.counted ? a.hours : 0), 0);
      return { rows, total: page.total, totals, totalHours: totals.reduce((sum, t) => sum + t.hours, 0), countedHours };
    },
  }),
] as const;
