import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { personNameOrder } from '../search-keys.ts';
import { containsPattern, orderAndPage, rowsByIds, Where, type ListParams } from '../paging.ts';
import { byEngine, inJsonArray, indexedBy, jsonArrayOf, jsonObjectOf } from '../engine/dialect.ts';
import {
  EnrolmentStatus,
  enrolmentHoldsTimeSql,
  mentorAssignmentHoldsTimeSql,
  overlapsSql,
  SEAT_TAKING,
  sessionAwaitsAttendanceSql,
  sessionHoldsTimeSql,
  sessionOpenForEnrolmentSql,
  type SessionStatus,
} from '../../domain/index.ts';

export type MentorRole = 'lead' | 'assistant';

export interface SessionFields {
  courseId: number;
  baseId: number;
  roomId: number | null;
  startsAt: string;
  endsAt: string;
  capacity: number;
  unified: boolean;
  status: SessionStatus;
  note: string | null;
}

export interface SessionMentor {
  mentorId: number;
  personId: number;
  name: string;
  role: MentorRole;
}

export interface SessionRow extends SessionFields {
  id: number;
  courseCode: string;
  courseTitle: string;
  categoryId: number;
  categoryName: string;
  creditHours: number;
  baseName: string;
  roomName: string | null;
  roomSeats: number | null;
  cancelReason: string | null;
  enrolledCount: number;
  waitlistedCount: number;
  mentors: SessionMentor[];
  version: number;
}

/** Another session that a save would collide with, for the message that names it. */
export interface CollidingSession {
  id: number;
  courseCode: string;
  courseTitle: string;
  baseName: string;
  startsAt: string;
  endsAt: string;
  /** For mentor and trainee collisions: whose time it is. */
  personId?: number;
  personName?: string;
  /** How that person's time is held: teaching the other session, enrolled in it, or a supervision they give (id, courseTitle: the record's, its topic). */
  heldAs?: 'mentor' | 'trainee' | 'supervision';
}

/** Sessions that still take up time: a cancelled one frees its room, mentors and trainees (domain/rules/time-holding.ts). */
const LIVE = sessionHoldsTimeSql('s');
/** Touching intervals do not overlap: one ending at 10:00 and the next starting at 10:00 is fine. */
const OVERLAPS = overlapsSql('s', '@startsAt', '@endsAt');

const SELECT = byEngine(
  (on) => `
  SELECT s.id, s.course_id AS courseId, s.base_id AS baseId, s.room_id AS roomId, s.starts_at AS startsAt, s.ends_at AS endsAt, s.capacity,
         s.unified, s.status, s.note, s.cancel_reason AS cancelReason, s.version,
         c.code AS courseCode, c.title AS courseTitle, c.category_id AS categoryId, k.name AS categoryName, c.credit_hours AS creditHours,
         b.name AS baseName, r.name AS roomName, r.seats AS roomSeats,
         (SELECT count(*) FROM enrolment e WHERE e.session_id = s.id AND e.status IN (${EnrolmentStatus.sqlList(SEAT_TAKING)})) AS enrolledCount,
         (SELECT count(*) FROM enrolment e WHERE e.session_id = s.id AND e.status = 'waitlisted') AS waitlistedCount,
         (SELECT ${jsonArrayOf(on, jsonObjectOf(on, "'mentorId', m.mentorId, 'personId', m.personId, 'name', m.name, 'role', m.role"))}
            FROM (SELECT sm.mentor_id AS mentorId, sm.person_id AS personId, p.name, sm.role FROM session_mentor sm JOIN person p ON p.id = sm.person_id
                  WHERE sm.session_id = s.id ORDER BY sm.role <> 'lead', ${personNameOrder('p')}) m) AS mentorsJson
  FROM training_session s
  JOIN course c ON c.id = s.course_id
  JOIN course_category k ON k.id = c.category_id
  JOIN training_base b ON b.id = s.base_id
  LEFT JOIN room r ON r.id = s.room_id`,
);

type Raw = Omit<SessionRow, 'mentors' | 'unified'> & { mentorsJson: string; unified: 0 | 1 };
const shape = ({ mentorsJson, unified, ...rest }: Raw): SessionRow => ({
  ...rest,
  unified: unified === 1,
  // Leads first, each group in pinyin order (ordered in SQL).
  mentors: JSON.parse(mentorsJson) as SessionMentor[],
});

export function getSession(db: Db, id: number): SessionRow | undefined {
  const row = prepared(db, `${SELECT[db.engine]} WHERE s.id = ?`).get(id) as Raw | undefined;
  return row && shape(row);
}

/** Several sessions by id in one query (a plan checks seats in hundreds of them); the ids that match, in their order. */
export function sessionsByIds(db: Db, ids: number[]): SessionRow[] {
  return rowsByIds<Raw>(db, SELECT[db.engine], 's.id', ids)
    .filter((r) => r !== undefined)
    .map(shape);
}

export interface SessionQuery {
  baseIds?: number[] | null;
  from?: string | undefined;
  to?: string | undefined;
  statuses?: SessionStatus[] | undefined;
  search?: string | undefined;
  /** Sessions that have started by this local date-time (`YYYY-MM-DDTHH:mm`, China time) and whose attendance is not complete (考勤待办). */
  attendanceDueAt?: string | undefined;
  /** Sessions taking enrolments (domain/rules/enrolment.ts) with fewer seats taken than their capacity. */
  openSeats?: boolean | undefined;
}

function sessionWhere(q: SessionQuery): Where {
  const where = new Where();
  if (q.baseIds) where.add(`s.base_id IN (${q.baseIds.map(() => '?').join(', ') || 'NULL'})`, ...q.baseIds);
  if (q.from) where.add('s.ends_at > ?', q.from);
  if (q.to) where.add('s.starts_at < ?', q.to);
  if (q.statuses?.length) where.add(`s.status IN (${q.statuses.map(() => '?').join(', ')})`, ...q.statuses);
  if (q.attendanceDueAt) where.add(sessionAwaitsAttendanceSql('s', '?'), q.attendanceDueAt);
  if (q.openSeats) {
    where.add(
      `${sessionOpenForEnrolmentSql('s')} AND (SELECT count(*) FROM enrolment e WHERE e.session_id = s.id AND e.status IN (${EnrolmentStatus.sqlList(SEAT_TAKING)})) < s.capacity`,
    );
  }
  // Matching courses and bases first (thousands of rows, not the sessions' tens of thousands) lets the count use the indexes.
  if (q.search) {
    where.add(
      `(s.course_id IN (SELECT id FROM course WHERE title LIKE ? ESCAPE '\\' OR code LIKE ? ESCAPE '\\') OR s.base_id IN (SELECT id FROM training_base WHERE name LIKE ? ESCAPE '\\'))`,
      ...Array(3).fill(containsPattern(q.search)),
    );
  }
  return where;
}

const SORT = { startsAt: 's.starts_at', courseTitle: 'c.title', baseName: 'b.name', status: 's.status' };

export function listSessions(db: Db, params: ListParams & SessionQuery) {
  const where = sessionWhere(params);
  // The filters never need the course or base rows (search goes through their ids); sorting by their names does.
  const joins =
    params.sortField === 'courseTitle' || params.sortField === 'baseName' ? 'JOIN course c ON c.id = s.course_id JOIN training_base b ON b.id = s.base_id' : '';
  // The page's ids first, then their details: the counts and mentors are computed for 100 rows, not for every match before sorting.
  const ids = prepared(db, `SELECT s.id FROM training_session s ${joins} ${where} ${orderAndPage(db, params, SORT, 's.starts_at DESC, s.id', 's.id')}`)
    .pluck()
    .all(...where.params) as number[];
  const rows = rowsByIds<Raw>(db, SELECT[db.engine], 's.id', ids).map(shape);
  const { total } = prepared(db, `SELECT count(*) AS total FROM training_session s ${where}`).get(...where.params) as { total: number };
  return { rows, total };
}

/** Every session in a calendar range (a week or a month), capped so that a huge range cannot flood the screen. */
export function sessionsBetween(db: Db, q: SessionQuery, limit: number): SessionRow[] {
  const where = sessionWhere(q);
  return (prepared(db, `${SELECT[db.engine]} ${where} ORDER BY s.starts_at, s.id LIMIT ${Math.trunc(limit)}`).all(...where.params) as Raw[]).map(shape);
}

export function insertSession(db: Db, f: SessionFields, now: string): number {
  return Number(
    prepared(
      db,
      `INSERT INTO training_session (course_id, base_id, room_id, starts_at, ends_at, capacity, unified, status, note, created_at, updated_at)
       VALUES (@courseId, @baseId, @roomId, @startsAt, @endsAt, @capacity, @unified, @status, @note, @now, @now)`,
    ).run({ ...f, unified: f.unified ? 1 : 0, now }).lastInsertRowid,
  );
}

export function updateSession(db: Db, id: number, f: Omit<SessionFields, 'courseId' | 'baseId'>, now: string): void {
  prepared(
    db,
    `UPDATE training_session SET version = version + 1, room_id = @roomId, starts_at = @startsAt, ends_at = @endsAt, capacity = @capacity, unified = @unified,
       status = @status, note = @note, updated_at = @now WHERE id = @id`,
  ).run({ ...f, unified: f.unified ? 1 : 0, now, id });
}

export function setSessionStatus(db: Db, id: number, status: SessionStatus, now: string, cancelReason: string | null = null): void {
  prepared(db, 'UPDATE training_session SET version = version + 1, status = ?, cancel_reason = coalesce(?, cancel_reason), updated_at = ? WHERE id = ?').run(
    status,
    cancelReason,
    now,
    id,
  );
}

export function setSessionMentors(db: Db, sessionId: number, mentors: { mentorId: number; personId: number; role: MentorRole }[]): void {
  prepared(db, 'DELETE FROM session_mentor WHERE session_id = ?').run(sessionId);
  const insert = prepared(db, 'INSERT INTO session_mentor (session_id, mentor_id, person_id, role) VALUES (?, ?, ?, ?)');
  for (const m of mentors) insert.run(sessionId, m.mentorId, m.personId, m.role);
}

const COLLIDING = `SELECT s.id, c.code AS courseCode, c.title AS courseTitle, b.name AS baseName, s.starts_at AS startsAt, s.ends_at AS endsAt
  FROM training_session s JOIN course c ON c.id = s.course_id JOIN training_base b ON b.id = s.base_id`;

interface Interval {
  startsAt: string;
  endsAt: string;
  /** The session being saved, which never collides with itself. */
  excludeId: number | null;
  /** The supervision record being saved (timeHeldBy), which never collides with itself either. */
  excludeRecordId?: number | null;
}

/** A live session in the same room whose time overlaps. */
export function roomCollision(db: Db, roomId: number, t: Interval): CollidingSession | undefined {
  return prepared(
    db,
    `${COLLIDING} WHERE s.room_id = @roomId AND ${LIVE} AND ${OVERLAPS} AND s.id IS DISTINCT FROM @excludeId ORDER BY s.starts_at LIMIT 1`,
  ).get({
    roomId,
    ...t,
  }) as CollidingSession | undefined;
}

/**
 * Everything at a time overlapping the interval that holds one of these people's time: a live
 * session they teach or hold a seat in, or a supervision record they give as a supervisor
 * (domain/rules/time-holding.ts), by start. The one query of a person's time, both ways: sessions,
 * enrolments and mentor assignments ask it (timeHeldBy), and so does a supervision record being
 * saved; a plan asks it once for all its seats over their whole span (core/training/enrolment.ts).
 * Each branch starts from the person's own index (session_mentor_person, enrolment_person, named;
 * supervisor's unique person_id then supervision_record_supervisor) and reaches the row by its key
 * (CROSS JOIN fixes that order), so statistics never make it walk sessions by date or a whole table
 * (both seen with ANALYZE on generated data).
 */
export function timeHeldDuring(db: Db, personIds: number[], t: Interval): (CollidingSession & Required<Pick<CollidingSession, 'personId' | 'heldAs'>>)[] {
  if (!personIds.length) return [];
  return prepared(
    db,
    `SELECT x.id, x.personId, (SELECT name FROM person WHERE id = x.personId) AS personName, x.heldAs,
            coalesce((SELECT code FROM course WHERE id = x.courseId), '') AS courseCode,
            coalesce(x.topic, (SELECT title FROM course WHERE id = x.courseId)) AS courseTitle,
            coalesce((SELECT name FROM training_base WHERE id = x.baseId), '') AS baseName, x.startsAt, x.endsAt
     FROM (
       SELECT s.id, sm.person_id AS personId, 'mentor' AS heldAs, s.starts_at AS startsAt, s.ends_at AS endsAt, s.course_id AS courseId, s.base_id AS baseId, NULL AS topic
       FROM session_mentor sm${indexedBy(db, 'session_mentor_person')} CROSS JOIN training_session s
       WHERE ${inJsonArray(db, 'sm.person_id', 'integer', '@personIds')} AND s.id = sm.session_id AND ${mentorAssignmentHoldsTimeSql('s')} AND ${OVERLAPS} AND s.id IS DISTINCT FROM @excludeId
       UNION ALL
       SELECT s.id, e.person_id, 'trainee', s.starts_at, s.ends_at, s.course_id, s.base_id, NULL
       FROM enrolment e${indexedBy(db, 'enrolment_person')} CROSS JOIN training_session s
       WHERE ${inJsonArray(db, 'e.person_id', 'integer', '@personIds')} AND s.id = e.session_id AND ${enrolmentHoldsTimeSql('e', 's')} AND ${OVERLAPS} AND s.id IS DISTINCT FROM @excludeId
       UNION ALL
       SELECT r.id, sv.person_id, 'supervision', r.starts_at, r.ends_at, NULL, NULL, r.topic
       FROM supervisor sv CROSS JOIN supervision_record r
       WHERE ${inJsonArray(db, 'sv.person_id', 'integer', '@personIds')} AND r.supervisor_id = sv.id AND ${overlapsSql('r', '@startsAt', '@endsAt')} AND r.id IS DISTINCT FROM @excludeRecordId
     ) x
     ORDER BY x.startsAt, x.heldAs, x.id`,
  ).all({ personIds: JSON.stringify(personIds), ...t, excludeId: t.excludeId ?? null, excludeRecordId: t.excludeRecordId ?? null }) as (CollidingSession &
    Required<Pick<CollidingSession, 'personId' | 'heldAs'>>)[];
}

/** What holds one of these people's time at an overlapping time (timeHeldDuring): the first by start. */
export function timeHeldBy(db: Db, personIds: number[], t: Interval): CollidingSession | undefined {
  return timeHeldDuring(db, personIds, t)[0];
}

/** For a session being moved: one of its trainees whose time another session holds at the new time (teaching or enrolled there). */
export function traineeCollisionOfSession(db: Db, sessionId: number, t: Omit<Interval, 'excludeId'>): CollidingSession | undefined {
  const trainees = prepared(
    db,
    `SELECT e.person_id FROM enrolment e JOIN training_session s ON s.id = e.session_id WHERE e.session_id = ? AND ${enrolmentHoldsTimeSql('e', 's')}`,
  )
    .pluck()
    .all(sessionId) as number[];
  return timeHeldBy(db, trainees, { ...t, excludeId: sessionId });
}

export interface TaughtSession {
  id: number;
  baseId: number;
  baseName: string;
  courseCode: string;
  courseTitle: string;
  startsAt: string;
  endsAt: string;
  status: SessionStatus;
  role: MentorRole;
  creditHours: number;
}

/** Every session a person taught or will teach, at every base (a mentor's page). */
export function sessionsTaughtBy(db: Db, personId: number, baseIds: number[] | null): TaughtSession[] {
  return prepared(
    db,
    `SELECT s.id, s.base_id AS baseId, b.name AS baseName, c.code AS courseCode, c.title AS courseTitle, s.starts_at AS startsAt, s.ends_at AS endsAt,
              s.status, sm.role, c.credit_hours AS creditHours
       FROM session_mentor sm JOIN training_session s ON s.id = sm.session_id JOIN course c ON c.id = s.course_id JOIN training_base b ON b.id = s.base_id
       WHERE sm.person_id = ? AND (CAST(? AS INTEGER) IS NULL OR ${inJsonArray(db, 's.base_id', 'integer')}) ORDER BY s.starts_at DESC`,
  ).all(personId, baseIds && 1, JSON.stringify(baseIds ?? [])) as TaughtSession[];
}
