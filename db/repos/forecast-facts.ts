/**
 * Bulk reads of the compliance forecast (core/compliance/forecast.ts): everyone's counted hours in
 * spans of their own (each person is projected to their own day), the seats they already hold in
 * sessions still to come, the unified trainings they attended in a year, and, for a plan, the
 * sessions still open with seats free and the time the people at risk already have taken.
 */
import type { Db } from '../engine/types.ts';
import { sqliteConnection } from '../engine/sqlite.ts';
import { prepared } from '../statements.ts';
import { indexedBy, inJsonArray, joinedText } from '../engine/dialect.ts';
import {
  EnrolmentStatus,
  enrolmentHoldsTimeSql,
  hoursCountSql,
  mentorAssignmentHoldsTimeSql,
  SEAT_TAKING,
  sessionOpenForEnrolmentSql,
  type CountingRule,
} from '../../domain/index.ts';

/** One person's spans: their registration period, their rolling window and their year, each ending on their day (null: not summed). */
export type PersonSpans = [
  personId: number,
  periodStart: string | null,
  periodEnd: string | null,
  windowStart: string,
  windowEnd: string,
  yearStart: string | null,
  yearEnd: string | null,
];

/** A person's counted hours: [personId, in the period, in the window, in the year] (null: none, or not summed). */
export type ProjectedSums = [personId: number, period: number | null, window: number | null, year: number | null];

const spanTables = new WeakSet<Db>();
const pendingSpans = new WeakMap<Db, Iterable<PersonSpans>>();

/**
 * A correlated range read of the person's rows per span: the index (person_id, earned_on, …) answers
 * each without the table, reading only the rows in the span. One pass over the people: this replaced
 * a read of the periods plus a grouped scan of the whole ledger for the windows and years (at
 * province scale 1.18 million rows, each judged twice by CASE), which cost about a third more.
 */
const SPAN_SUMS = (counted: string, index: string) =>
  [
    ['ps', 'pe'],
    ['ws', 'we'],
    ['ys', 'ye'],
  ]
    .map(
      ([start, end]) =>
        `CASE WHEN c.${start} IS NULL THEN NULL ELSE (SELECT sum(t.hours) FROM training_record t${index}
           WHERE t.person_id = c.person_id AND t.earned_on BETWEEN c.${start} AND c.${end} AND ${counted}) END`,
    )
    .join(', ');

/**
 * Counted hours of each person in their own period, window and year, as 学时达标 sums them (the same
 * counting rule, db/repos/training-facts.ts), keyed by person. The spans reach SQLite through a
 * table-valued function of this connection, PostgreSQL as one JSON parameter.
 */
export function projectedSpanSums(db: Db, rule: CountingRule, spans: Iterable<PersonSpans>): Map<number, ProjectedSums> {
  const counted = hoursCountSql(rule, 't');
  let rows: ProjectedSums[];
  if (db.engine === 'postgres') {
    const json = JSON.stringify(Array.from(spans, ([person_id, ps, pe, ws, we, ys, ye]) => ({ person_id, ps, pe, ws, we, ys, ye })));
    rows = prepared(
      db,
      `SELECT c.person_id, ${SPAN_SUMS(counted, '')}
       FROM json_to_recordset(CAST(? AS json)) AS c(person_id bigint, ps text, pe text, ws text, we text, ys text, ye text)`,
    )
      .raw()
      .all(json) as ProjectedSums[];
  } else {
    if (!spanTables.has(db)) {
      sqliteConnection(db).table('forecast_spans', {
        columns: ['person_id', 'ps', 'pe', 'ws', 'we', 'ys', 'ye'],
        *rows() {
          yield* pendingSpans.get(db) ?? [];
        },
      });
      spanTables.add(db);
    }
    pendingSpans.set(db, spans);
    try {
      rows = prepared(db, `SELECT c.person_id, ${SPAN_SUMS(counted, indexedBy(db, 'training_record_ledger'))} FROM forecast_spans c`)
        .raw()
        .all() as ProjectedSums[];
    } finally {
      pendingSpans.delete(db);
    }
  }
  const sums = new Map<number, ProjectedSums>();
  for (const row of rows) if (row[1] !== null || row[2] !== null || row[3] !== null) sums.set(Number(row[0]), row);
  return sums;
}

/** A seat someone holds in a session still to come. */
export interface BookedSeat {
  personId: number;
  sessionId: number;
  /** The day its hours will be earned on (the session's start date, as attendance credits it). */
  day: string;
  hours: number;
  categoryId: number;
  unified: boolean;
}

/** A seat as a row: [personId, sessionId, day, hours, categoryId, unified (1 or 0)]. */
export type BookedSeatRow = [personId: number, sessionId: number, day: string, hours: number, categoryId: number, unified: number];

/**
 * Seats held (enrolled) in live sessions starting on `fromDay` or later, up to `untilDay` (inclusive); of the given people or
 * everyone; in time order (everyone's forecast links each person's rows by position: no object per seat, 175,000 at province scale).
 */
export function bookedSeatRows(db: Db, fromDay: string, untilDay: string, personIds?: readonly number[]): BookedSeatRow[] {
  const some = personIds ? ` AND ${inJsonArray(db, 'e.person_id', 'integer', '@personIds')}` : '';
  return prepared(
    db,
    `SELECT e.person_id, s.id, substr(s.starts_at, 1, 10), c.credit_hours, c.category_id, s.unified
     FROM training_session s JOIN enrolment e ON e.session_id = s.id JOIN course c ON c.id = s.course_id
     WHERE s.starts_at >= @from AND s.starts_at < @until AND e.status = 'enrolled' AND ${enrolmentHoldsTimeSql('e', 's')}${some}
     ORDER BY s.starts_at, s.id`,
  )
    .raw()
    .all({ from: fromDay, until: `${untilDay}T99`, ...(personIds ? { personIds: JSON.stringify(personIds) } : {}) }) as BookedSeatRow[];
}

/** The same seats as objects (a person's projection lists them). */
export function bookedSeats(db: Db, fromDay: string, untilDay: string, personIds?: readonly number[]): BookedSeat[] {
  return bookedSeatRows(db, fromDay, untilDay, personIds).map(([personId, sessionId, day, hours, categoryId, unified]) => ({
    personId,
    sessionId,
    day,
    hours,
    categoryId,
    unified: unified === 1,
  }));
}

/**
 * How many unified-training sessions each person attended (hours credited) between two days, as the
 * re-review counts them (core/compliance/review.ts): from the year's unified sessions, through their
 * enrolments, to the ledger rows credited for them.
 */
export function unifiedAttended(db: Db, from: string, to: string): Map<number, number> {
  const rows = prepared(
    db,
    `SELECT x.person_id, count(*) FROM (
       SELECT t.person_id FROM training_session s CROSS JOIN enrolment e CROSS JOIN training_record t
       WHERE s.starts_at >= @from AND s.starts_at < @until AND s.unified = 1 AND e.session_id = s.id AND t.enrolment_id = e.id AND t.earned_on BETWEEN @from AND @to
       GROUP BY t.person_id, t.session_id HAVING sum(t.hours) > 0) x
     GROUP BY x.person_id`,
  )
    .raw()
    .all({ from, to, until: `${to}T99` }) as [number, number][];
  return new Map(rows);
}

/** A session a plan may propose: open for enrolment, with seats free, in a counted category, within the days given. */
export interface OpenSeatSession {
  id: number;
  startsAt: string;
  endsAt: string;
  hours: number;
  categoryId: number;
  baseId: number;
  baseName: string;
  baseRegionId: number;
  courseTitle: string;
  capacity: number;
  seatsTaken: number;
  /** Who teaches it: never proposed a seat in it. */
  mentorIds: number[];
}

export function sessionsWithSeats(db: Db, rule: CountingRule, fromDay: string, untilDay: string): OpenSeatSession[] {
  const rows = prepared(
    db,
    `SELECT s.id, s.starts_at AS startsAt, s.ends_at AS endsAt, c.credit_hours AS hours, c.category_id AS categoryId, s.base_id AS baseId,
            b.name AS baseName, b.region_id AS baseRegionId, c.title AS courseTitle, s.capacity,
            (SELECT count(*) FROM enrolment e WHERE e.session_id = s.id AND e.status IN (${EnrolmentStatus.sqlList(SEAT_TAKING)})) AS seatsTaken,
            (SELECT ${joinedText(db, 'CAST(sm.person_id AS TEXT)', ',')} FROM session_mentor sm WHERE sm.session_id = s.id) AS mentors
     FROM training_session s JOIN course c ON c.id = s.course_id JOIN training_base b ON b.id = s.base_id
     WHERE s.starts_at >= ? AND s.starts_at < ? AND ${sessionOpenForEnrolmentSql('s')} AND c.category_id IN (${rule.categoryIds.map((id) => Math.trunc(Number(id))).join(', ') || 'NULL'})
     ORDER BY s.starts_at, s.id`,
  ).all(fromDay, `${untilDay}T99`) as (Omit<OpenSeatSession, 'mentorIds'> & { mentors: string | null })[];
  return rows.filter((r) => r.seatsTaken < r.capacity).map(({ mentors, ...r }) => ({ ...r, mentorIds: mentors ? mentors.split(',').map(Number) : [] }));
}

/** A span of time someone's session (taught or attended) holds, from `fromDay` on. */
export interface HeldTime {
  personId: number;
  sessionId: number;
  startsAt: string;
  endsAt: string;
}

/** The time the given people already have taken from `fromDay` on, teaching or attending (domain/rules/time-holding.ts). */
export function heldTimes(db: Db, personIds: readonly number[], fromDay: string): HeldTime[] {
  if (!personIds.length) return [];
  return prepared(
    db,
    `SELECT sm.person_id AS personId, s.id AS sessionId, s.starts_at AS startsAt, s.ends_at AS endsAt
     FROM session_mentor sm CROSS JOIN training_session s
     WHERE ${inJsonArray(db, 'sm.person_id', 'integer', '@ids')} AND s.id = sm.session_id AND ${mentorAssignmentHoldsTimeSql('s')} AND s.ends_at > @from
     UNION ALL
     SELECT e.person_id, s.id, s.starts_at, s.ends_at
     FROM enrolment e CROSS JOIN training_session s
     WHERE ${inJsonArray(db, 'e.person_id', 'integer', '@ids')} AND s.id = e.session_id AND ${enrolmentHoldsTimeSql('e', 's')} AND s.ends_at > @from`,
  ).all({ ids: JSON.stringify(personIds), from: fromDay }) as HeldTime[];
}

/** The people already enrolled or waiting in these sessions (a plan proposes nobody twice). */
export function enrolledOrWaiting(db: Db, sessionIds: readonly number[]): Set<string> {
  if (!sessionIds.length) return new Set();
  const rows = prepared(
    db,
    `SELECT e.session_id, e.person_id FROM enrolment e WHERE ${inJsonArray(db, 'e.session_id', 'integer')} AND e.status IN ('enrolled', 'waitlisted')`,
  )
    .raw()
    .all(JSON.stringify(sessionIds)) as [number, number][];
  return new Set(rows.map(([s, p]) => `${s}:${p}`));
}
