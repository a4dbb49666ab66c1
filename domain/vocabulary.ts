/**
 * The words the rules speak, each defined once (see enum.ts). db's column types, core's schemas
 * and rules, the Excel labels and the renderer's i18n all take them from here.
 */
import { defineEnum, type ValueOf } from './enum.ts';

export const SessionStatus = defineEnum([
  { value: 'planned', zh: '筹备中', en: 'Planned' },
  { value: 'open', zh: '报名中', en: 'Open' },
  { value: 'closed', zh: '报名截止', en: 'Closed' },
  { value: 'completed', zh: '已结课', en: 'Completed' },
  { value: 'cancelled', zh: '已取消', en: 'Cancelled' },
]);
export type SessionStatus = ValueOf<typeof SessionStatus>;

export const EnrolmentStatus = defineEnum([
  { value: 'enrolled', zh: '已报名', en: 'Enrolled' },
  { value: 'waitlisted', zh: '候补', en: 'Waitlisted' },
  { value: 'withdrawn', zh: '已退出', en: 'Withdrawn' },
  { value: 'completed', zh: '已结业', en: 'Completed' },
  { value: 'no_show', zh: '缺席', en: 'No-show' },
  { value: 'excused', zh: '请假', en: 'Excused' },
  /** Still on the waitlist when attendance was completed: the session is over, the place never came (migration 0024). */
  { value: 'not_admitted', zh: '未获名额', en: 'Not admitted' },
]);
export type EnrolmentStatus = ValueOf<typeof EnrolmentStatus>;

/** Enrolments that take a seat: the enrolled, and after attendance everyone who had a seat. */
export const SEAT_TAKING: readonly EnrolmentStatus[] = ['enrolled', 'completed', 'no_show', 'excused'];

export const Attendance = defineEnum([
  { value: 'full', zh: '全勤', en: 'Present' },
  { value: 'partial', zh: '部分出勤', en: 'Partly present' },
  { value: 'absent', zh: '缺席', en: 'Absent' },
  { value: 'excused', zh: '请假', en: 'Excused' },
]);
export type Attendance = ValueOf<typeof Attendance>;

export const TrainingRecordKind = defineEnum([
  { value: 'session', zh: '班期', en: 'Session' },
  { value: 'correction', zh: '考勤更正', en: 'Correction' },
  { value: 'external', zh: '外部培训', en: 'External' },
]);
export type TrainingRecordKind = ValueOf<typeof TrainingRecordKind>;

export const SupervisorStatus = defineEnum([
  { value: 'active', zh: '在册', en: 'Active' },
  { value: 'suspended', zh: '暂停', en: 'Suspended' },
  { value: 'expired', zh: '过期', en: 'Expired' },
  { value: 'revoked', zh: '注销', en: 'Revoked' },
]);
export type SupervisorStatus = ValueOf<typeof SupervisorStatus>;
