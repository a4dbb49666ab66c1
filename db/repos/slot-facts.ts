/**
 * What the scheduling assistant (core/training/slots.ts) reads once for a whole range, so that it
 * can try thousands of start times in memory: the rooms' and the people's time held by live
 * sessions (the same SQL rules as the save's checks, db/repos/sessions.ts), the mentors' load per
 * month, and the course's own sessions (to spread them).
 */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { indexedBy, inJsonArray } from '../engine/dialect.ts';
import { mentorAssignmentHoldsTimeSql, overlapsSql, sessionHoldsTimeSql } from '../../domain/index.ts';
import type { CollidingSession } from './sessions.ts';

interface Range {
  startsAt: string;
  endsAt: string;
}

const OVERLAPS = overlapsSql('s', '@startsAt', '@endsAt');
const NAMED = `(SELECT code FROM course WHERE id = x.courseId) AS courseCode, (SELECT title FROM course WHERE id = x.courseId) AS courseTitle,
  (SELECT name FROM training_base WHERE id = x.baseId) AS baseName`;

/** Live sessions in these rooms overlapping the range. */
export function roomSessionsBetween(db: Db, roomIds: number[], range: Range): (CollidingSession & { roomId: number })[] {
  if (!roomIds.length) return [];
  return prepared(
    db,
    `SELECT x.id, x.roomId, x.startsAt, x.endsAt, ${NAMED} FROM (
       SELECT s.id, s.room_id AS roomId, s.starts_at AS startsAt, s.ends_at AS endsAt, s.course_id AS courseId, s.base_id AS baseId
       FROM training_session s WHERE ${inJsonArray(db, 's.room_id', 'integer', '@roomIds')} AND ${sessionHoldsTimeSql('s')} AND ${OVERLAPS}) x
     ORDER BY x.startsAt`,
  ).all({ roomIds: JSON.stringify(roomIds), ...range }) as (CollidingSession & { roomId: number })[];
}

/** How many live sessions each of these people teaches per month (`YYYY-MM`) in the range. */
export function mentorLoadBetween(db: Db, personIds: number[], range: Range): { personId: number; month: string; sessions: number }[] {
  if (!personIds.length) return [];
  return (
    prepared(
      db,
      `SELECT sm.person_id AS personId, substr(s.starts_at, 1, 7) AS month, count(*) AS sessions
       FROM session_mentor sm${indexedBy(db, 'session_mentor_person')} CROSS JOIN training_session s
       WHERE ${inJsonArray(db, 'sm.person_id', 'integer', '@personIds')} AND s.id = sm.session_id AND ${mentorAssignmentHoldsTimeSql('s')} AND ${OVERLAPS}
       GROUP BY sm.person_id, substr(s.starts_at, 1, 7)`,
    ).all({ personIds: JSON.stringify(personIds), ...range }) as { personId: number; month: string; sessions: number | bigint }[]
  ).map((r) => ({ ...r, sessions: Number(r.sessions) }));
}

/** The start of every live session of a course overlapping the range. */
export function courseSessionStarts(db: Db, courseId: number, range: Range): string[] {
  return prepared(
    db,
    `SELECT s.starts_at FROM training_session s WHERE s.course_id = @courseId AND ${sessionHoldsTimeSql('s')} AND ${OVERLAPS} ORDER BY s.starts_at`,
  )
    .pluck()
    .all({ courseId, ...range }) as string[];
}
