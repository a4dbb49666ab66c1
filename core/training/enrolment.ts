/**
 * Enrolment with a waitlist. Seats go to whoever signs up while there is room; everyone after
 * that queues in order. When a seat frees up (a withdrawal, a larger capacity) the first in
 * the queue gets it at once, and the caller reports who did.
 */
import type { Context } from '../contract.ts';
import { conflict, invalid } from '../errors.ts';
import * as enrolments from '../../db/repos/enrolments.ts';
import { getSession, timeHeldBy, type CollidingSession, type SessionRow } from '../../db/repos/sessions.ts';
import { getPerson } from '../../db/repos/people.ts';
import { ENROLMENT_CLOSED_BECAUSE, sessionOpenForEnrolment } from '../../domain/index.ts';
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

/** Enrols one person, or queues them when the session is full. The session must be open (checked by the caller). */
export function enrolPerson(ctx: Context, session: SessionRow, personId: number): EnrolOutcome {
  const person = getPerson(ctx.db, personId);
  if (!person) throw invalid('该人员不存在或已被删除', 'personId');
  const existing = enrolments.findEnrolment(ctx.db, session.id, personId);
  if (existing && existing.status !== 'withdrawn') {
    throw conflict(`「${person.name}」已${existing.status === 'waitlisted' ? `在候补名单第 ${existing.waitlistPosition} 位` : '报名该班期'}`, 'personId');
  }
  const clash = timeHeldBy(ctx.db, [personId], { startsAt: session.startsAt, endsAt: session.endsAt, excludeId: session.id });
  if (clash) throw conflict(`「${person.name}」${heldTimeText(clash)}`, 'personId');
  if (session.mentors.some((m) => m.personId === personId)) throw conflict(`「${person.name}」是该班期的导师，不能同时报名为学员`, 'personId');

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
