/**
 * Enrolment with a waitlist. Seats go to whoever signs up while there is room; everyone after
 * that queues in order. When a seat frees up (a withdrawal, a larger capacity) the first in
 * the queue gets it at once, and the caller reports who did.
 */
import type { Context } from '../contract.ts';
import { conflict, invalid, type AppError } from '../errors.ts';
import * as enrolments from '../../db/repos/enrolments.ts';
import { getSession, timeHeldBy, timeHeldDuring, type CollidingSession, type SessionRow } from '../../db/repos/sessions.ts';
import { getPerson, personNames } from '../../db/repos/people.ts';
import { ENROLMENT_CLOSED_BECAUSE, overlaps, sessionOpenForEnrolment } from '../../domain/index.ts';
import { heldTimeText as describeHeldTime } from './scheduling.ts';

/** Why the session takes no enrolments now, or null when it does (the detail's can.enrol says the same). */
export function enrolmentRefusal(session: SessionRow): string | null {
  return sessionOpenForEnrolment(session) ? null : (ENROLMENT_CLOSED_BECAUSE[session.status] ?? '该班期不接受报名');
}

export function assertOpenForEnrolment(session: SessionRow): void {
  const refusal = enrolmentRefusal(session);
  if (refusal) throw invalid(refusal, 'sessionId');
}

/** 「在该时段已报名班期…」, 「在该时段担任班期…的导师」 or 「在该时段有督导记录…」: how something else holds someone's time. */
export function heldTimeText(clash: CollidingSession): string {
  return `在该时段${describeHeldTime(clash)}`;
}

export interface EnrolOutcome {
  enrolmentId: number;
  personId: number;
  name: string;
  status: 'enrolled' | 'waitlisted';
  /** Place on the waitlist, for those who did not get a seat. */
  waitlistPosition: number | null;
}

/** A seat asked for: this person in this session. */
export interface SeatAsked {
  session: SessionRow;
  personId: number;
}

/**
 * Why each person cannot be enrolled in the session asked for (an unknown person, already enrolled
 * or waiting, their time held elsewhere, a mentor of the session), or null, in the order asked: the
 * one check enrolPerson runs before it writes (enrolmentCheck, one seat), and that a plan
 * (core/compliance/plan-build.ts) runs on every seat it proposes. Three queries however many seats
 * (names, existing enrolments, the time held over the seats' whole span): one round trip each on
 * PostgreSQL, where a query per seat took over a minute for a city's thousands of seats.
 */
export function enrolmentChecks(ctx: Pick<Context, 'db'>, seats: readonly SeatAsked[]): (AppError | null)[] {
  if (!seats.length) return [];
  const personIds = [...new Set(seats.map((s) => s.personId))];
  const sessionIds = [...new Set(seats.map((s) => s.session.id))];
  const names = personNames(ctx.db, personIds);
  const existing = new Map(enrolments.enrolmentsAmong(ctx.db, sessionIds, personIds).map((e) => [`${e.sessionId}:${e.personId}`, e]));
  const span = {
    startsAt: seats.reduce((min, s) => (s.session.startsAt < min ? s.session.startsAt : min), seats[0]!.session.startsAt),
    endsAt: seats.reduce((max, s) => (s.session.endsAt > max ? s.session.endsAt : max), seats[0]!.session.endsAt),
  };
  // Everything holding their time over the span, by start; each seat takes the first that overlaps its own session and is not that session.
  const held = new Map<number, CollidingSession[]>();
  for (const h of timeHeldDuring(ctx.db, personIds, { ...span, excludeId: null })) held.set(h.personId, [...(held.get(h.personId) ?? []), h]);
  return seats.map(({ session, personId }) => {
    const name = names.get(personId);
    if (name === undefined) return invalid('该人员不存在或已被删除', 'personId');
    const enrolment = existing.get(`${session.id}:${personId}`);
    if (enrolment && enrolment.status !== 'withdrawn') {
      return conflict(`「${name}」已${enrolment.status === 'waitlisted' ? `在候补名单第 ${enrolment.waitlistPosition} 位` : '报名该班期'}`, 'personId');
    }
    const clash = held.get(personId)?.find((h) => overlaps(h, session) && !(h.heldAs !== 'supervision' && h.id === session.id));
    if (clash) return conflict(`「${name}」${heldTimeText(clash)}`, 'personId');
    if (session.mentors.some((m) => m.personId === personId)) return conflict(`「${name}」是该班期的导师，不能同时报名为学员`, 'personId');
    return null;
  });
}

/** Why this person cannot be enrolled in the session, or null (enrolmentChecks, for one seat). */
export function enrolmentCheck(ctx: Context, session: SessionRow, personId: number): AppError | null {
  return enrolmentChecks(ctx, [{ session, personId }])[0]!;
}

/** Enrols one person, or queues them when the session is full. The session must be open (checked by the caller). */
export function enrolPerson(ctx: Context, session: SessionRow, personId: number): EnrolOutcome {
  const refusal = enrolmentCheck(ctx, session, personId);
  if (refusal) throw refusal;
  const person = getPerson(ctx.db, personId)!;
  const existing = enrolments.findEnrolment(ctx.db, session.id, personId);

  // A free seat goes to the queue first, except to those waiting whose time is now held elsewhere (see fillFromWaitlist).
  const hasSeat =
    enrolments.seatsTaken(ctx.db, session.id) < session.capacity &&
    !enrolments.waitlistInOrder(ctx.db, session.id).some((w) => isFreeFor(ctx, session, w.personId));
  const status = hasSeat ? 'enrolled' : 'waitlisted';
  const now = ctx.clock.now();
  let enrolmentId: number;
  if (existing) {
    enrolments.requeueEnrolment(ctx.db, existing.id, status, now);
    enrolmentId = existing.id;
  } else {
    enrolmentId = enrolments.insertEnrolment(ctx.db, { sessionId: session.id, personId, status }, now);
  }
  const saved = enrolments.getEnrolment(ctx.db, enrolmentId)!;
  return { enrolmentId, personId, name: person.name, status, waitlistPosition: saved.waitlistPosition };
}

/** No other live session holds the person's time at this session's time. */
function isFreeFor(ctx: Context, session: Pick<SessionRow, 'id' | 'startsAt' | 'endsAt'>, personId: number): boolean {
  return timeHeldBy(ctx.db, [personId], { startsAt: session.startsAt, endsAt: session.endsAt, excludeId: session.id }) === undefined;
}

/**
 * Gives free seats to the waitlist in its order; returns who moved up. A waitlist place holds no
 * time, so someone waiting may meanwhile have taken another session at the same time (or teach
 * one): they are passed over and keep their place in the queue.
 */
export function fillFromWaitlist(ctx: Context, sessionId: number): { enrolmentId: number; name: string }[] {
  const session = getSession(ctx.db, sessionId)!;
  const promoted: { enrolmentId: number; name: string }[] = [];
  let free = session.capacity - enrolments.seatsTaken(ctx.db, sessionId);
  if (free <= 0) return promoted;
  for (const next of enrolments.waitlistInOrder(ctx.db, sessionId)) {
    if (free <= 0) break;
    if (!isFreeFor(ctx, session, next.personId)) continue;
    enrolments.setEnrolmentStatus(ctx.db, next.id, 'enrolled', ctx.clock.now());
    promoted.push({ enrolmentId: next.id, name: getPerson(ctx.db, next.personId)!.name });
    free--;
  }
  return promoted;
}
