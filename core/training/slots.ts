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
import { courseSessionStarts, mentorLoadBetween, roomSessionsBetween } from '../../db/repos/slot-facts.ts';
import { timeHeldDuring } from '../../db/repos/sessions.ts';
import { overlaps, unavailableIntervals, type Interval } from '../../domain/index.ts';
import { describeSession, evaluateSessionPlan, heldTimeText } from './scheduling.ts';
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
  /** The base the user chose, when given: the course must be one of its courses. */
  baseId?: number | undefined;
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

/** Busy stretches by room or person and day (`id|YYYY-MM-DD`): a candidate looks only at its own day's. */
type BusyByDay = Map<string, Busy[]>;

function push(map: BusyByDay, id: number, busy: Busy, range: { from: string; to: string }) {
  const last = busy.endsAt.slice(0, 10) > range.to ? range.to : busy.endsAt.slice(0, 10);
  for (let day = busy.startsAt.slice(0, 10) < range.from ? range.from : busy.startsAt.slice(0, 10); day <= last; day = addDays(day, 1)) {
    const key = `${id}|${day}`;
    const list = map.get(key);
    if (list) list.push(busy);
    else map.set(key, [busy]);
  }
}

/** The mentor's pool membership covers the day (as plannedMentors in scheduling.ts checks it). */
const inPoolOn = (m: MentorRow, date: string) => m.status === 'active' && m.joinedOn <= date && (m.validUntil === null || m.validUntil >= date);

/** `confirm: false` skips the save's own check of the proposals: tests use it to show the in-memory pass alone agrees with the save. */
export function findSlots(ctx: Context, q: SlotQuery, confirm = true): { slots: Slot[]; capacity: number; note: string | null } {
  const course = getCourse(ctx.db, q.courseId);
  if (!course) throw notFound('所选课程', 'courseId');
  if (q.baseId !== undefined && q.baseId !== course.baseId) throw invalid(`课程「${course.title}」不是所选基地的课程`, 'courseId');
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
  const days = { from: q.from, to: q.to };
  const roomBusy: BusyByDay = new Map();
  for (const s of roomSessionsBetween(
    ctx.db,
    rooms.map((r) => r.id),
    range,
  ))
    push(
      roomBusy,
      s.roomId,
      { ...s, says: `教室「${rooms.find((r) => r.id === s.roomId)!.name}」${formatTimeRange(s.startsAt, s.endsAt)} 已被班期${describeSession(s)}占用` },
      days,
    );
  const personBusy: BusyByDay = new Map();
  // The one query of a person's time (what the session save asks): sessions taught or attended, and supervision given.
  for (const s of timeHeldDuring(ctx.db, personIds, { ...range, excludeId: null })) {
    const what = s.heldAs === 'supervision' ? heldTimeText(s) : `${s.heldAs === 'trainee' ? '已报名' : '已有'}班期${describeSession(s)}`;
    push(personBusy, s.personId, { ...s, says: `导师「${s.personName}」${what}` }, days);
  }
  for (const u of unavailabilityOfPeople(ctx.db, personIds, range)) {
    const says = `导师「${u.personName}」不可用（${describeUnavailability(u)}）`;
    for (const i of unavailableIntervals(u, range)) push(personBusy, u.personId, { ...i, says }, days);
  }
  const load = new Map<string, number>();
  const months = { startsAt: `${q.from.slice(0, 8)}01T00:00`, endsAt: `${addDays(`${q.to.slice(0, 8)}28`, 4).slice(0, 8)}01T00:00` };
  for (const r of mentorLoadBetween(ctx.db, personIds, months)) load.set(`${r.personId}|${r.month}`, r.sessions);
  const courseDays = courseSessionStarts(ctx.db, course.id, { startsAt: `${addDays(q.from, -7)}T00:00`, endsAt: `${addDays(q.to, 8)}T00:00` }).map((s) =>
    dayNumber(s.slice(0, 10)),
  );

  const free = (list: Busy[] | undefined, t: Interval) => !list?.some((b) => overlaps(b, t));
  const loadOf = (m: MentorRow, day: string) => load.get(`${m.personId}|${day.slice(0, 7)}`) ?? 0;
  interface Candidate extends Interval {
    room: RoomRow;
    mentor: MentorRow;
    nearest: number | null;
    score: number;
  }
  const candidates: Candidate[] = [];
  for (let day = q.from; day <= q.to; day = addDays(day, 1)) {
    const dn = dayNumber(day);
    const nearest = courseDays.length ? Math.min(...courseDays.map((d) => Math.abs(d - dn))) : null;
    const roomsFree = rooms.map((r) => roomBusy.get(`${r.id}|${day}`));
    const pool = mentors.filter((m) => inPoolOn(m, day)).map((m) => ({ m, busy: personBusy.get(`${m.personId}|${day}`), load: loadOf(m, day) }));
    for (let start = FIRST_START; start + q.durationMinutes <= LAST_END; start += STEP) {
      const t = { startsAt: `${day}T${hhmm(start)}`, endsAt: `${day}T${hhmm(start + q.durationMinutes)}` };
      const r = roomsFree.findIndex((busy) => free(busy, t));
      if (r < 0) continue;
      let best: (typeof pool)[number] | undefined;
      for (const p of pool) if (free(p.busy, t) && (!best || p.load < best.load)) best = p;
      if (!best) continue;
      const room = rooms[r]!;
      const inHours = timeOf(t.startsAt) >= WORK_START && timeOf(t.endsAt) <= WORK_END;
      const score = (inHours ? 100 : 0) - 5 * best.load + (nearest === null ? 28 : 4 * Math.min(nearest, 7)) - (room.seats - capacity) / 1000;
      candidates.push({ ...t, room, mentor: best.m, nearest, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score || (a.startsAt < b.startsAt ? -1 : 1));

  /** Why a slot ranks where it does, and what choosing it avoids: worded only for the slots proposed. */
  const explain = (c: Candidate): Slot => {
    const day = c.startsAt.slice(0, 10);
    const inHours = timeOf(c.startsAt) >= WORK_START && timeOf(c.endsAt) <= WORK_END;
    const fit = [
      inHours ? `在工作时间（${WORK_START}–${WORK_END}）内` : `超出工作时间（${WORK_START}–${WORK_END}）`,
      `导师「${c.mentor.personName}」${day.slice(0, 4)} 年 ${Number(day.slice(5, 7))} 月已有 ${loadOf(c.mentor, day)} 个班期`,
      c.nearest === null ? '本课程前后一周内没有其他班期' : c.nearest === 0 ? '本课程当天已有班期' : `与本课程最近的班期相隔 ${c.nearest} 天`,
    ];
    const avoids = [
      ...rooms.filter((r) => r !== c.room).flatMap((r) => (roomBusy.get(`${r.id}|${day}`) ?? []).filter((b) => overlaps(b, c))),
      ...mentors.filter((m) => m !== c.mentor).flatMap((m) => (personBusy.get(`${m.personId}|${day}`) ?? []).filter((b) => overlaps(b, c))),
      ...(roomBusy.get(`${c.room.id}|${day}`) ?? []),
      ...(personBusy.get(`${c.mentor.personId}|${day}`) ?? []),
    ].map((b) => b.says);
    return {
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      roomId: c.room.id,
      roomName: c.room.name,
      roomSeats: c.room.seats,
      mentorId: c.mentor.id,
      mentorName: c.mentor.personName,
      fit,
      avoids: [...new Set(avoids)].slice(0, 6),
      score: c.score,
    };
  };

  // The best, at most PER_DAY a day and not overlapping each other, each confirmed by the save's own check.
  const slots: Slot[] = [];
  const perDay = new Map<string, Interval[]>();
  for (const c of candidates) {
    if (slots.length >= q.limit) break;
    const day = c.startsAt.slice(0, 10);
    const taken = perDay.get(day) ?? [];
    if (taken.length >= PER_DAY || taken.some((s) => overlaps(s, c))) continue;
    const plan = {
      baseId: course.baseId,
      roomId: c.room.id,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      capacity,
      leadMentorIds: [c.mentor.id],
      assistantMentorIds: [],
    };
    if (confirm && evaluateSessionPlan(ctx, plan, null).problems.length) continue;
    slots.push(explain(c));
    perDay.set(day, [...taken, c]);
  }
  return { slots, capacity, note: slots.length ? null : '所选范围内没有空闲时段：可放宽日期范围、缩短时长或不指定导师' };
}
