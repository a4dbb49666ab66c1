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

/**
 * A mentor's 不可用时间 (migration 0032) holds their time like a session does: one-off, from one
 * wall-clock date-time to another; or weekly, on a weekday (1 = Monday … 7 = Sunday) from one time
 * of day to another, on the dates from `validFrom` to `validUntil` (inclusive, either open).
 */
export type Unavailability =
  | { kind: 'once'; startsAt: string; endsAt: string }
  | { kind: 'weekly'; weekday: number; startTime: string; endTime: string; validFrom: string | null; validUntil: string | null };

const DAY_MS = 86_400_000;

/** The weekday of an ISO date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date.slice(0, 10)}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The intervals an entry blocks on the days `t` spans (a weekly entry: one per matching day within its dates). */
export function unavailableIntervals(u: Unavailability, t: Interval): Interval[] {
  if (u.kind === 'once') return [{ startsAt: u.startsAt, endsAt: u.endsAt }];
  const result: Interval[] = [];
  const last = Date.parse(`${t.endsAt.slice(0, 10)}T00:00:00Z`);
  for (let day = Date.parse(`${t.startsAt.slice(0, 10)}T00:00:00Z`); day <= last; day += DAY_MS) {
    const date = new Date(day).toISOString().slice(0, 10);
    if (isoWeekday(date) !== u.weekday) continue;
    if ((u.validFrom !== null && date < u.validFrom) || (u.validUntil !== null && date > u.validUntil)) continue;
    result.push({ startsAt: `${date}T${u.startTime}`, endsAt: `${date}T${u.endTime}` });
  }
  return result;
}

/** Whether an entry keeps its mentor from a session at `t` (touching is fine, as between sessions). */
export const unavailableDuring = (u: Unavailability, t: Interval): boolean => unavailableIntervals(u, t).some((i) => overlaps(i, t));

/**
 * The entries that may touch `t`, by the SQL of their columns (`u`): one-off ones overlapping it,
 * weekly ones valid on one of its days (`fromDate`, `toDate`: t's first and last date). The
 * weekday and times are then decided by `unavailableDuring`, the one rule both checks use.
 */
export const unavailabilityMayTouchSql = (u: string, startsAt: string, endsAt: string, fromDate: string, toDate: string): string =>
  `((${u}.kind = 'once' AND ${overlapsSql(u, startsAt, endsAt)}) OR (${u}.kind = 'weekly' AND (${u}.valid_from IS NULL OR ${u}.valid_from <= ${toDate}) AND (${u}.valid_until IS NULL OR ${u}.valid_until >= ${fromDate})))`;
