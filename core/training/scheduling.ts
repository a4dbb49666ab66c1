/**
 * The scheduling rules, checked in core whenever a session is saved or moved: the room and
 * the mentors belong to the base, the mentors' pool membership covers the session's dates,
 * capacity fits the room, and no room, mentor or trainee is in two overlapping sessions.
 * Times are compared as date-times; touching intervals are not conflicts.
 */
import type { Context } from '../contract.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { formatTimeRange, hoursBetween } from '../dates.ts';
import { getRoom } from '../../db/repos/bases.ts';
import { getMentor } from '../../db/repos/mentors.ts';
import { roomCollision, timeHeldBy, traineeCollisionOfSession, type CollidingSession, type MentorRole } from '../../db/repos/sessions.ts';

/** Longer than this is almost certainly a typo in a date (a residential course lasts days, not weeks). */
const MAX_SESSION_HOURS = 14 * 24;

/** 「KC01 课程」（基地，2026-12-01 09:00–12:00）: how a message names another session. */
export function describeSession(s: Pick<CollidingSession, 'courseCode' | 'courseTitle' | 'baseName' | 'startsAt' | 'endsAt'>): string {
  return `「${s.courseCode} ${s.courseTitle}」（${s.baseName}，${formatTimeRange(s.startsAt, s.endsAt)}）`;
}

/**
 * How something else holds a person's time at a given time, for a refusal (domain/rules/time-holding.ts):
 * 「担任班期…的导师」, 「已报名班期…」 or 「有督导记录「…」（2026-12-01 09:00–11:00）」.
 */
export function heldTimeText(clash: CollidingSession): string {
  if (clash.heldAs === 'supervision') return `有督导记录「${clash.courseTitle}」（${formatTimeRange(clash.startsAt, clash.endsAt)}）`;
  return clash.heldAs === 'mentor' ? `担任班期${describeSession(clash)}的导师` : `已报名班期${describeSession(clash)}`;
}

export interface SessionPlan {
  baseId: number;
  roomId: number | null;
  startsAt: string;
  endsAt: string;
  capacity: number;
  leadMentorIds: number[];
  assistantMentorIds: number[];
}

export interface PlannedMentor {
  mentorId: number;
  personId: number;
  role: MentorRole;
}

export function checkTiming(t: { startsAt: string; endsAt: string }): void {
  if (t.endsAt <= t.startsAt) throw invalid('结束时间应晚于开始时间', 'endsAt');
  if (hoursBetween(t.startsAt, t.endsAt) > MAX_SESSION_HOURS) throw invalid('一个班期不能超过 14 天，请核对日期', 'endsAt');
}

/** The mentors of a plan, each checked against the base's pool on the session's dates. */
function plannedMentors(ctx: Context, plan: SessionPlan): PlannedMentor[] {
  const startDate = plan.startsAt.slice(0, 10);
  const endDate = plan.endsAt.slice(0, 10);
  const seen = new Set<number>();
  const result: PlannedMentor[] = [];
  const roles: [MentorRole, number[], string][] = [
    ['lead', plan.leadMentorIds, 'leadMentorIds'],
    ['assistant', plan.assistantMentorIds, 'assistantMentorIds'],
  ];
  for (const [role, ids, field] of roles) {
    for (const mentorId of ids) {
      const mentor = getMentor(ctx.db, mentorId);
      if (!mentor) throw notFound('所选导师', field);
      if (mentor.baseId !== plan.baseId) throw invalid(`「${mentor.personName}」不在本基地的导师库中`, field);
      if (mentor.status !== 'active') throw invalid(`「${mentor.personName}」在本基地导师库中的状态为停用，不能安排授课`, field);
      if (mentor.joinedOn > startDate) throw invalid(`「${mentor.personName}」${mentor.joinedOn} 才加入本基地导师库，早于该日期的班期不能安排`, field);
      if (mentor.validUntil !== null && mentor.validUntil < endDate)
        throw invalid(`「${mentor.personName}」的导师资格 ${mentor.validUntil} 到期，不能安排在此之后的班期`, field);
      if (seen.has(mentor.personId)) throw invalid(`「${mentor.personName}」被重复选择（同一人只能担任一个角色）`, field);
      seen.add(mentor.personId);
      result.push({ mentorId, personId: mentor.personId, role });
    }
  }
  return result;
}

/** Checks a new or changed session; returns its mentors for saving. `sessionId` is the session being changed, if any. */
export function checkSessionPlan(ctx: Context, plan: SessionPlan, sessionId: number | null): PlannedMentor[] {
  checkTiming(plan);
  const interval = { startsAt: plan.startsAt, endsAt: plan.endsAt, excludeId: sessionId };
  if (plan.roomId !== null) {
    const room = getRoom(ctx.db, plan.roomId);
    if (!room || room.baseId !== plan.baseId) throw notFound('所选教室', 'roomId');
    if (plan.capacity > room.seats) throw invalid(`人数上限 ${plan.capacity} 超过教室「${room.name}」的座位数 ${room.seats}`, 'capacity');
    const taken = roomCollision(ctx.db, plan.roomId, interval);
    if (taken) throw conflict(`教室「${room.name}」在该时段已被班期${describeSession(taken)}占用`, 'roomId');
  }
  const mentors = plannedMentors(ctx, plan);
  // A mentor's time is held by what they teach and by what they attend as a trainee alike.
  const busy = timeHeldBy(
    ctx.db,
    mentors.map((m) => m.personId),
    interval,
  );
  if (busy) {
    const field = mentors.find((m) => m.personId === busy.personId)?.role === 'assistant' ? 'assistantMentorIds' : 'leadMentorIds';
    const how = busy.heldAs === 'mentor' ? `已有班期${describeSession(busy)}` : heldTimeText(busy);
    throw conflict(`导师「${busy.personName}」在该时段${how}`, field);
  }
  if (sessionId !== null) checkTraineesFree(ctx, sessionId, plan);
  return mentors;
}

/** Moving a session must not put one of its trainees into two sessions at once. */
export function checkTraineesFree(ctx: Context, sessionId: number, t: { startsAt: string; endsAt: string }): void {
  const clash = traineeCollisionOfSession(ctx.db, sessionId, t);
  if (!clash) return;
  throw conflict(`学员「${clash.personName}」在新时段${heldTimeText(clash)}`, 'startsAt');
}
