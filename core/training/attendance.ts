/**
 * What attendance is worth in training hours (domain/rules/attendance.ts), with core's refusals
 * that name the trainee, and whether attendance can be recorded now.
 */
import type { Context } from '../contract.ts';
import { invalid } from '../errors.ts';
import { localDateTime } from '../dates.ts';
import { attendanceOutcome, attendanceStarted, type EnrolmentStatus, type Mark } from '../../domain/index.ts';
import type { SessionRow } from '../../db/repos/sessions.ts';

export type { Mark };

export interface Credit {
  status: EnrolmentStatus;
  hours: number;
}

/** `who` names the trainee in messages; `field` is where a form shows the error. */
export function creditFor(mark: Mark, courseHours: number, who: string, field: string): Credit {
  const outcome = attendanceOutcome(mark, courseHours);
  if ('problem' in outcome) {
    if (outcome.problem === 'hours_missing') throw invalid(`请填写「${who}」的出勤学时`, field);
    throw invalid(`「${who}」的出勤学时 ${mark.hours} 超过课程学时 ${courseHours}`, field);
  }
  return outcome;
}

/** Why attendance cannot be completed now, or null when it can: the session has started (core's clock, in the configured time zone) and is not done or cancelled. */
export function attendanceRefusal(ctx: Context, session: SessionRow): string | null {
  if (session.status === 'completed') return '该班期已完成考勤；如需更正，请逐人更正';
  if (session.status === 'cancelled') return '该班期已取消，不能登记考勤';
  if (!attendanceStarted(session, localDateTime(ctx.clock.now(), ctx.clock.timeZone())))
    return `班期 ${session.startsAt.replace('T', ' ').slice(0, 16)} 才开始，尚不能登记考勤`;
  return null;
}
