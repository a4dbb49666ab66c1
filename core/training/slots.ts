/**
 * The scheduling assistant (查找空闲时段): for a course, a date range and a duration (and optionally
 * one mentor), the times at which a room of the course's base with enough seats and a mentor of
 * its pool (or the named one) are free, best first.
 *
 * How: what holds the rooms' and the mentors' time over the whole range is read once (live
 * sessions, as mentor or trainee, and 不可用时间), and every start time on the half hour is tried in
 * memory with the very predicates the save uses (`overlaps`, `unavailableIntervals` of
 * domain/rules/time-holding.ts; the pool dates as checkSessionPlan has them). The best candidates
 * are then put through the save's own check (`evaluateSessionPlan`), so a slot the save would
 * refuse is never proposed, whatever the in-memory pass missed.
 *
 * Fit, highest first: inside working hours (09:00–17:30, wall-clock in the configured zone, as
 * stored); a mentor with fewer sessions that month; away from the course's other sessions (days to
 * the nearest, up to a week); the room whose seats fit the capacity most closely; then earlier.
 */
import type { Context } from '../contract.ts';
import { invalid, notFound } from '../errors.ts';
import { addDays, dayNumber, formatTimeRange } from '../dates.ts';
import { getCourse } from '../../db/repos/courses.ts';
import { roomsOfBase, type RoomRow } from '../../db/repos/bases.ts';
import { mentorsOfBase, getMentor, type MentorRow } from '../../db/repos/mentors.ts';
import { unavailabilityOfPeople } from '../../db/repos/mentor-unavailability.ts';
import { courseSessionStarts, mentorLoadBetween, roomSessionsBetween, timeHeldBetween } from '../../db/repos/slot-facts.ts';
import { overlaps, unavailableIntervals, type Interval } from '../../domain/index.ts';
import { describeSession, evaluateSessionPlan } from './scheduling.ts';
import { describeUnavailability } from './unavailability.ts';

export const WORK_START = '09:00';
export const WORK_END = '17:30';
/** Start times tried: every half hour from 08:00; a slot ends by 21:00 on its day. */
const FIRST_START = 8 * 60;
const LAST_END = 21 * 60;
const STEP = 30;
/** At most this many proposals a day, not overlapping each other: the list shows choices across the range. */
const PER_DAY = 2;
const MAX_DAYS = 62;

export interface SlotQuery {
  courseId: number;
  from: string;
  to: string;
  durationMinutes: number;
  mentorId?: number | undefined;
  capacity?: number | undefined;
  limit: number;
}

export interface Slot {
  startsAt: string;
  endsAt: string;
  roomId: number;
  roomName: string;
  roomSeats: number;
  mentorId: number;
  mentorName: string;
  /** Why it ranks where it does, in words (工作时间内, 导师本月已有 2 个班期, 与本课程最近的班期相隔 5 天). */
  fit: string[];
  /** The conflicts choosing it avoids: rooms and mentors busy at that time, and the day's other bookings of the chosen room and mentor. */
  avoids: string[];
  score: number;
}

/** A busy stretch of one room or person, with how the assistant names it. */
interface Busy extends Interval {
  says: string;
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const timeOf = (dateTime: string) => dateTime.slice(11, 16);

function push<K>(map: Map<K, Busy[]>, key: K, busy: Busy) {
  const list = map.get(key);
  if (list) list.push(busy);
  else map.set(key, [busy]);
}

/** The mentor's pool membership covers the day (as plannedMentors in scheduling.ts checks it). */
const inPoolOn = (m: MentorRow, date: string) => m.status === 'active' && m.joinedOn <= date && (m.validUntil === null || m.validUntil >= date);

/** `confirm: false` skips the save's own check of the proposals: tests use it to show the in-memory pass alone agrees with the save. */
export function findSlots(ctx: Context, q: SlotQuery, confirm = true): { slots: Slot[]; capacity: number; note: string | null } {
  const course = getCourse(ctx.db, q.courseId);
  if (!course) throw notFound('所选课程', 'courseId');
  if (course.status !== 'active') throw invalid(`课程「${course.title}」已停用，不能再开班`, 'courseId');
  if (q.to < q.from) throw invalid('结束日期应不早于开始日期', 'to');
  if (dayNumber(q.to) - dayNumber(q.from) + 1 > MAX_DAYS) throw invalid(`查找范围不超过 ${MAX_DAYS} 天`, 'to');
  const capacity = q.capacity ?? course.defaultCapacity ?? 1;

  const rooms = roomsOfBase(ctx.db, course.baseId)
    .filter((r) => r.seats >= capacity)
    .sort((a, b) => a.seats - b.seats);
  if (!rooms.length) return { slots: [], capacity, note: `本基地没有座位数不少于 ${capacity} 的教室` };
  let mentors: MentorRow[];
  if (q.mentorId !== undefined) {
    const named = getMentor(ctx.db, q.mentorId);
    if (!named || named.baseId !== course.baseId) throw invalid('所选导师不在本基地的导师库中', 'mentorId');
    mentors = [named];
  } else mentors = mentorsOfBase(ctx.db, course.baseId).filter((m) => m.status === 'active');
  if (!mentors.length) return { slots: [], capacity, note: '本基地导师库中没有在库导师' };

  const range = { startsAt: `${q.from}T00:00`, endsAt: `${addDays(q.to, 1)}T00:00` };
  const personIds = mentors.map((m) => m.personId);
  const roomBusy = new Map<number, Busy[]>();
  for (const s of roomSessionsBetween(
    ctx.db,
    rooms.map((r) => r.id),
    range,
  ))
    push(roomBusy, s.roomId, {
      ...s,
      says: `教室「${rooms.find((r) => r.id === s.roomId)!.name}」${formatTimeRange(s.startsAt, s.endsAt)} 已被班期${describeSession(s)}占用`,
    });
  const personBusy = new Map<number, Busy[]>();
  for (const s of timeHeldBetween(ctx.db, personIds, range)) {
    push(personBusy, s.personId, { ...s, says: `导师「${s.personName}」${s.heldAs === 'trainee' ? '已报名' : '已有'}班期${describeSession(s)}` });
  }
  for (const u of unavailabilityOfPeople(ctx.db, personIds, range)) {
    for (const i of unavailableIntervals(u, range))
      push(personBusy, u.personId, { ...i, says: `导师「${u.personName}」不可用（${describeUnavailability(u)}）` });
  }
  const load = new Map<string, number>();
  const months = { startsAt: `${q.from.slice(0, 8)}01T00:00`, endsAt: `${addDays(`${q.to.slice(0, 8)}28`, 4).slice(0, 8)}01T00:00` };
  for (const r of mentorLoadBetween(ctx.db, personIds, months)) load.set(`${r.personId}|${r.month}`, r.sessions);
  const courseDays = courseSessionStarts(ctx.db, course.id, { startsAt: `${addDays(q.from, -7)}T00:00`, endsAt: `${addDays(q.to, 8)}T00:00` }).map((s) =>
    dayNumber(s.slice(0, 10)),
  );

  const free = (list: Busy[] | undefined, t: Interval) => !list?.some((b) => overlaps(b, t));
  const candidates: (Slot & { room: RoomRow; mentor: MentorRow })[] = [];
  for (let day = q.from; day <= q.to; day = addDays(day, 1)) {
    const dn = dayNumber(day);
    const nearest = courseDays.length ? Math.min(...courseDays.map((d) => Math.abs(d - dn))) : null;
    for (let start = FIRST_START; start + q.durationMinutes <= LAST_END; start += STEP) {
      const t = { startsAt: `${day}T${hhmm(start)}`, endsAt: `${day}T${hhmm(start + q.durationMinutes)}` };
      const room = rooms.find((r) => free(roomBusy.get(r.id), t));
      if (!room) continue;
      const open = mentors.filter((m) => inPoolOn(m, day) && free(personBusy.get(m.personId), t));
      if (!open.length) continue;
      const loadOf = (m: MentorRow) => load.get(`${m.personId}|${day.slice(0, 7)}`) ?? 0;
      const mentor = open.reduce((best, m) => (loadOf(m) < loadOf(best) ? m : best));
      const fit: string[] = [];
      let score = 0;
      const inHours = timeOf(t.startsAt) >= WORK_START && timeOf(t.endsAt) <= WORK_END;
      if (inHours) score += 100;
      fit.push(inHours ? `在工作时间（${WORK_START}–${WORK_END}）内` : `超出工作时间（${WORK_START}–${WORK_END}）`);
      score -= 5 * loadOf(mentor);
      fit.push(`导师「${mentor.personName}」${day.slice(0, 4)} 年 ${Number(day.slice(5, 7))} 月已有 ${loadOf(mentor)} 个班期`);
      if (nearest === null) {
        score += 28;
        fit.push('本课程前后一周内没有其他班期');
      } else {
        score += 4 * Math.min(nearest, 7);
        fit.push(nearest === 0 ? '本课程当天已有班期' : `与本课程最近的班期相隔 ${nearest} 天`);
      }
      score -= (room.seats - capacity) / 1000;
      const avoids = [
        ...rooms.filter((r) => r !== room).flatMap((r) => (roomBusy.get(r.id) ?? []).filter((b) => overlaps(b, t))),
        ...mentors.filter((m) => m !== mentor).flatMap((m) => (personBusy.get(m.personId) ?? []).filter((b) => overlaps(b, t))),
        ...(roomBusy.get(room.id) ?? []).filter((b) => b.startsAt.slice(0, 10) === day || b.endsAt.slice(0, 10) === day),
        ...(personBusy.get(mentor.personId) ?? []).filter((b) => b.startsAt.slice(0, 10) <= day && b.endsAt.slice(0, 10) >= day),
      ].map((b) => b.says);
      candidates.push({
        ...t,
        roomId: room.id,
        roomName: room.name,
        roomSeats: room.seats,
        mentorId: mentor.id,
        mentorName: mentor.personName,
        fit,
        avoids: [...new Set(avoids)].slice(0, 6),
        score,
        room,
        mentor,
      });
    }
  }
  candidates.sort((a, b) => b.score - a.score || (a.startsAt < b.startsAt ? -1 : 1));

  // The best, at most PER_DAY a day and not overlapping each other, each confirmed by the save's own check.
  const slots: Slot[] = [];
  const perDay = new Map<string, Slot[]>();
  for (const c of candidates) {
    if (slots.length >= q.limit) break;
    const day = c.startsAt.slice(0, 10);
    const taken = perDay.get(day) ?? [];
    if (taken.length >= PER_DAY || taken.some((s) => overlaps(s, c))) continue;
    const plan = {
      baseId: course.baseId,
      roomId: c.roomId,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      capacity,
      leadMentorIds: [c.mentorId],
      assistantMentorIds: [],
    };
    if (confirm && evaluateSessionPlan(ctx, plan, null).problems.length) continue;
    const { room: _room, mentor: _mentor, ...slot } = c;
    slots.push(slot);
    perDay.set(day, [...taken, slot]);
  }
  return { slots, capacity, note: slots.length ? null : '所选范围内没有空闲时段：可放宽日期范围、缩短时长或不指定导师' };
}
