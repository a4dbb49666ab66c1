/**
 * What attendance is worth in training hours: 全勤 credits the course's hours, 部分出勤 the
 * hours entered (never more than the course's), 缺席 and 请假 nothing.
 */
import { invalid } from '../errors.ts';
import type { Attendance, EnrolmentStatus } from '../../db/repos/enrolments.ts';

export interface Mark {
  attendance: Attendance;
  hours: number | null;
}

export interface Credit {
  status: EnrolmentStatus;
  hours: number;
}

const STATUS_OF: Record<Attendance, EnrolmentStatus> = { full: 'completed', partial: 'completed', absent: 'no_show', excused: 'excused' };

/** `who` names the trainee in messages; `field` is where a form shows the error. */
export function creditFor(mark: Mark, courseHours: number, who: string, field: string): Credit {
  const status = STATUS_OF[mark.attendance];
  if (mark.attendance === 'full') return { status, hours: courseHours };
  if (mark.attendance !== 'partial') return { status, hours: 0 };
  if (mark.hours === null) throw invalid(`请填写「${who}」的出勤学时`, field);
  if (mark.hours > courseHours) throw invalid(`「${who}」的出勤学时 ${mark.hours} 超过课程学时 ${courseHours}`, field);
  if (mark.hours === courseHours) return { status, hours: courseHours };
  return { status, hours: mark.hours };
}
