/**
 * What attendance is worth: 全勤 credits the course's hours, 部分出勤 the hours entered (never more
 * than the course's), 缺席 and 请假 nothing; and the enrolment status each mark leads to. Used by
 * core's attendance operations and by the data generator alike.
 */
import { SessionStatus, type Attendance, type EnrolmentStatus } from '../vocabulary.ts';

export interface Mark {
  attendance: Attendance;
  hours?: number | null | undefined;
}

export type AttendanceOutcome = { status: EnrolmentStatus; hours: number } | { problem: 'hours_missing' | 'hours_exceed' };

export const STATUS_AFTER_ATTENDANCE: Readonly<Record<Attendance, EnrolmentStatus>> = {
  full: 'completed',
  partial: 'completed',
  absent: 'no_show',
  excused: 'excused',
};

export function attendanceOutcome(mark: Mark, courseHours: number): AttendanceOutcome {
  const status = STATUS_AFTER_ATTENDANCE[mark.attendance];
  if (mark.attendance === 'full') return { status, hours: courseHours };
  if (mark.attendance !== 'partial') return { status, hours: 0 };
  if (mark.hours === null || mark.hours === undefined) return { problem: 'hours_missing' };
  if (mark.hours > courseHours) return { problem: 'hours_exceed' };
  return { status, hours: mark.hours };
}

/**
 * Attendance can be recorded once the session has started, compared as date-times in the
 * association's time zone (`localNow` is `YYYY-MM-DDTHH:mm…` there, like `startsAt`).
 */
export const attendanceStarted = (session: { startsAt: string }, localNow: string): boolean => session.startsAt <= localNow;

/** Sessions whose attendance is still to be taken once they have started (考勤待办): neither completed nor cancelled. */
export const AWAITING_ATTENDANCE: readonly SessionStatus[] = ['planned', 'open', 'closed'];

export const sessionAwaitsAttendance = (session: { status: SessionStatus; startsAt: string }, localNow: string): boolean =>
  AWAITING_ATTENDANCE.includes(session.status) && attendanceStarted(session, localNow);
/** The same as SQL over training_session `s`; `localNow` is a SQL expression (a parameter). The IN list and the range serve the index of migration 0010. */
export const sessionAwaitsAttendanceSql = (s: string, localNow: string): string =>
  `${s}.status IN (${SessionStatus.sqlList(AWAITING_ATTENDANCE)}) AND ${s}.starts_at <= ${localNow}`;
