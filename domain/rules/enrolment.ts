/**
 * When a session takes enrolments, and what becomes of its waitlist once attendance is done.
 * As in time-holding.ts, each rule is a predicate and a SQL fragment from the same list.
 */
import { EnrolmentStatus, SessionStatus } from '../vocabulary.ts';

export const OPEN_FOR_ENROLMENT: readonly SessionStatus[] = ['planned', 'open'];

export const sessionOpenForEnrolment = (session: { status: SessionStatus }): boolean => OPEN_FOR_ENROLMENT.includes(session.status);
export const sessionOpenForEnrolmentSql = (s = 's'): string => `${s}.status IN (${SessionStatus.sqlList(OPEN_FOR_ENROLMENT)})`;

/** Why a session takes no enrolments, by its status (Chinese, for the refusal and the renderer). */
export const ENROLMENT_CLOSED_BECAUSE: Readonly<Partial<Record<SessionStatus, string>>> = {
  closed: '该班期已截止报名',
  completed: '该班期已完成考勤，不能再报名',
  cancelled: '该班期已取消，不能报名',
};

/** Who is still waiting when attendance is completed never got a place: a final status that holds nothing. */
export const WAITLIST_AFTER_ATTENDANCE: EnrolmentStatus = 'not_admitted';

/** Enrolments that may still be withdrawn: a seat or a waitlist place. */
export const WITHDRAWABLE: readonly EnrolmentStatus[] = ['enrolled', 'waitlisted'];
export const enrolmentWithdrawable = (enrolment: { status: EnrolmentStatus }): boolean => WITHDRAWABLE.includes(enrolment.status);
