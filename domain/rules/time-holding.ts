/**
 * Whose time a session holds: a person's time is held by their mentor assignments and their
 * enrolments alike, so nobody is in two overlapping sessions in either role. A cancelled
 * session holds nobody's time. Of the enrolments, a seat held (enrolled) or used (completed)
 * holds time; a waitlist place does not (it may never turn into a seat, and whoever is waiting
 * is free to go elsewhere meanwhile), nor do withdrawn, no-show, excused or not-admitted ones.
 * A supervisor's supervision records (issue 22) hold their person's time too, every one of them
 * (a record has no cancelled state: it is deleted instead): a supervision may not overlap another
 * of the same supervisor, nor a live session the person teaches or holds a seat in, and no such
 * session may be put over a supervision (db/repos/sessions.ts timeHeldBy, the one check both ways).
 * Each rule is exported as a predicate and as the SQL fragment built from the same lists.
 */
import { EnrolmentStatus, SessionStatus } from '../vocabulary.ts';

/** Sessions that free everyone's time: cancelled ones. */
const FREEING_SESSION_STATUSES: readonly SessionStatus[] = ['cancelled'];
/** Sessions whose time is taken: all others. */
export const LIVE_SESSION_STATUSES: readonly SessionStatus[] = SessionStatus.values.filter((s) => !FREEING_SESSION_STATUSES.includes(s));
/** Enrolments that hold their holder's time. */
export const TIME_HOLDING_ENROLMENT_STATUSES: readonly EnrolmentStatus[] = ['enrolled', 'completed'];

export const sessionHoldsTime = (session: { status: SessionStatus }): boolean => LIVE_SESSION_STATUSES.includes(session.status);
/**
 * Written as the exclusion it is (NOT IN, which no index serves): the conflict checks must reach
 * sessions through the person's index, not walk the session-status index over years of sessions.
 */
export const sessionHoldsTimeSql = (s = 's'): string => `${s}.status NOT IN (${SessionStatus.sqlList(FREEING_SESSION_STATUSES)})`;

export const enrolmentHoldsTime = (enrolment: { status: EnrolmentStatus }, session: { status: SessionStatus }): boolean =>
  TIME_HOLDING_ENROLMENT_STATUSES.includes(enrolment.status) && sessionHoldsTime(session);
export const enrolmentHoldsTimeSql = (e = 'e', s = 's'): string =>
  `${e}.status IN (${EnrolmentStatus.sqlList(TIME_HOLDING_ENROLMENT_STATUSES)}) AND ${sessionHoldsTimeSql(s)}`;

/** Every mentor of a live session is held by it, lead or assistant. */
export const mentorAssignmentHoldsTime = (session: { status: SessionStatus }): boolean => sessionHoldsTime(session);
export const mentorAssignmentHoldsTimeSql = (s = 's'): string => sessionHoldsTimeSql(s);

export interface Interval {
  startsAt: string;
  endsAt: string;
}

/** Touching intervals do not overlap: one ending at 10:00 and the next starting at 10:00 is fine. */
export const overlaps = (a: Interval, b: Interval): boolean => a.startsAt < b.endsAt && a.endsAt > b.startsAt;
/** `s` overlaps the interval given by two SQL expressions (parameters, columns). */
export const overlapsSql = (s: string, startsAt: string, endsAt: string): string => `${s}.starts_at < ${endsAt} AND ${s}.ends_at > ${startsAt}`;
