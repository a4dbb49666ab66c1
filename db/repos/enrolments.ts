import { personNameOrder } from '../search-keys.ts';
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { Where } from '../paging.ts';
import { EnrolmentStatus, SEAT_TAKING, WAITLIST_AFTER_ATTENDANCE, type Attendance } from '../../domain/index.ts';
import { inJsonArray } from '../engine/dialect.ts';
import { organizationNameAsOfSql } from './service-history.ts';

export interface EnrolmentRow {
  id: number;
  sessionId: number;
  personId: number;
  name: string;
  idNumber: string;
  phone: string | null;
  organizationName: string | null;
  status: EnrolmentStatus;
  attendance: Attendance | null;
  attendedHours: number | null;
  /** Hours in the ledger from this enrolment, corrections included. */
  creditedHours: number;
  /** 1-based place on the waitlist; null for everyone else. */
  waitlistPosition: number | null;
  queuedAt: string;
  withdrawnAt: string | null;
  version: number;
}

/** Hours in the ledger from an enrolment, corrections included; its place on the waitlist. */
const CREDITED_HOURS = 'coalesce((SELECT sum(t.hours) FROM training_record t WHERE t.enrolment_id = e.id), 0) AS creditedHours';
const WAITLIST_POSITION = `CASE WHEN e.status = 'waitlisted' THEN
           (SELECT count(*) FROM enrolment w WHERE w.session_id = e.session_id AND w.status = 'waitlisted' AND w.queue_no <= e.queue_no)
         END AS waitlistPosition`;

/**
 * The trainee's organization on the session's day (服务履历, db/repos/service-history.ts): a roster
 * or export of an earlier session shows where they were then, not where they are now.
 */
const ORGANIZATION_THEN = organizationNameAsOfSql('p.id', 'substr(s.starts_at, 1, 10)', 'p.organization_id');

const SELECT = `
  SELECT e.id, e.session_id AS sessionId, e.person_id AS personId, p.name, p.id_number AS idNumber, p.phone, ${ORGANIZATION_THEN} AS organizationName,
         e.status, e.attendance, e.attended_hours AS attendedHours, e.queued_at AS queuedAt, e.withdrawn_at AS withdrawnAt, e.version,
         ${CREDITED_HOURS}, ${WAITLIST_POSITION}
  FROM enrolment e JOIN person p ON p.id = e.person_id JOIN training_session s ON s.id = e.session_id`;

/** The next number in a session's queue. */
const NEXT_IN_QUEUE = '(SELECT coalesce(max(queue_no), 0) + 1 FROM enrolment WHERE session_id = ?)';

/** Waitlist order: who queued first. */
const QUEUE_ORDER = 'e.queue_no';

/** A session's roster: those with a place by name in pinyin order, then the waitlist in queue order, then who withdrew; the export in the same order. */
const ROSTER_ORDER = `CASE e.status WHEN 'waitlisted' THEN 1 WHEN 'not_admitted' THEN 1 WHEN 'withdrawn' THEN 2 ELSE 0 END,
  CASE WHEN e.status IN ('waitlisted', 'not_admitted') THEN e.queue_no END, ${personNameOrder('p')}, e.id`;

export function enrolmentsOfSession(db: Db, sessionId: number): EnrolmentRow[] {
  return prepared(db, `${SELECT} WHERE e.session_id = ? ORDER BY ${ROSTER_ORDER}`).all(sessionId) as EnrolmentRow[];
}

export function getEnrolment(db: Db, id: number): EnrolmentRow | undefined {
  return prepared(db, `${SELECT} WHERE e.id = ?`).get(id) as EnrolmentRow | undefined;
}

export function findEnrolment(db: Db, sessionId: number, personId: number): EnrolmentRow | undefined {
  return prepared(db, `${SELECT} WHERE e.session_id = ? AND e.person_id = ?`).get(sessionId, personId) as EnrolmentRow | undefined;
}

/** The enrolments of these people in these sessions, in one query (a plan's proposed seats); the caller picks its pairs. */
export function enrolmentsAmong(db: Db, sessionIds: readonly number[], personIds: readonly number[]): EnrolmentRow[] {
  if (!sessionIds.length || !personIds.length) return [];
  return prepared(
    db,
    `${SELECT} WHERE ${inJsonArray(db, 'e.session_id', 'integer', '@sessionIds')} AND ${inJsonArray(db, 'e.person_id', 'integer', '@personIds')}`,
  ).all({
    sessionIds: JSON.stringify(sessionIds),
    personIds: JSON.stringify(personIds),
  }) as EnrolmentRow[];
}

/** Seats taken: everyone enrolled (or, after attendance, attended or excused). */
export function seatsTaken(db: Db, sessionId: number): number {
  return prepared(db, `SELECT count(*) FROM enrolment WHERE session_id = ? AND status IN (${EnrolmentStatus.sqlList(SEAT_TAKING)})`)
    .pluck()
    .get(sessionId) as number;
}

/** Attendance is done: whoever still waits never got a place (a final status that holds nothing); returns how many. */
export function closeWaitlist(db: Db, sessionId: number, now: string): number {
  return prepared(db, "UPDATE enrolment SET version = version + 1, status = ?, updated_at = ? WHERE session_id = ? AND status = 'waitlisted'").run(
    WAITLIST_AFTER_ATTENDANCE,
    now,
    sessionId,
  ).changes;
}

/** Everyone on the waitlist, in queue order. */
export function waitlistInOrder(db: Db, sessionId: number): { id: number; personId: number }[] {
  return prepared(db, `SELECT e.id, e.person_id AS personId FROM enrolment e WHERE e.session_id = ? AND e.status = 'waitlisted' ORDER BY ${QUEUE_ORDER}`).all(
    sessionId,
  ) as { id: number; personId: number }[];
}

export function insertEnrolment(db: Db, f: { sessionId: number; personId: number; status: 'enrolled' | 'waitlisted' }, now: string): number {
  return Number(
    prepared(
      db,
      `INSERT INTO enrolment (session_id, person_id, status, queue_no, queued_at, created_at, updated_at)
       VALUES (@sessionId, @personId, @status, ${NEXT_IN_QUEUE.replace('?', '@sessionId')}, @now, @now, @now)`,
    ).run({ ...f, now }).lastInsertRowid,
  );
}

/** A withdrawn person signs up again: back in the queue, at its end. */
export function requeueEnrolment(db: Db, id: number, status: 'enrolled' | 'waitlisted', now: string): void {
  prepared(
    db,
    `UPDATE enrolment SET version = version + 1, status = @status, queue_no = ${NEXT_IN_QUEUE.replace('?', '(SELECT session_id FROM enrolment WHERE id = @id)')}, queued_at = @now,
       withdrawn_at = NULL, attendance = NULL, attended_hours = NULL, updated_at = @now WHERE id = @id`,
  ).run({ status, now, id });
}

export function setEnrolmentStatus(db: Db, id: number, status: EnrolmentStatus, now: string): void {
  prepared(
    db,
    `UPDATE enrolment SET version = version + 1, status = ?, withdrawn_at = CASE WHEN ? = 'withdrawn' THEN ? ELSE withdrawn_at END, updated_at = ? WHERE id = ?`,
  ).run(status, status, now, now, id);
}

export function setAttendance(db: Db, id: number, f: { status: EnrolmentStatus; attendance: Attendance; attendedHours: number }, now: string): void {
  prepared(
    db,
    'UPDATE enrolment SET version = version + 1, status = @status, attendance = @attendance, attended_hours = @attendedHours, updated_at = @now WHERE id = @id',
  ).run({
    ...f,
    now,
    id,
  });
}

/** An enrolment with its whole state at once, for the data generator's bulk path (queue number given). */
export function insertEnrolmentRecord(
  db: Db,
  f: {
    sessionId: number;
    personId: number;
    status: EnrolmentStatus;
    attendance: Attendance | null;
    attendedHours: number | null;
    queueNo: number;
    queuedAt: string;
  },
  now: string,
): number {
  return Number(
    prepared(
      db,
      `INSERT INTO enrolment (session_id, person_id, status, attendance, attended_hours, queue_no, queued_at, created_at, updated_at)
       VALUES (@sessionId, @personId, @status, @attendance, @attendedHours, @queueNo, @queuedAt, @now, @now)`,
    ).run({ ...f, now }).lastInsertRowid,
  );
}

export interface EnrolmentExportFilter {
  /** null: every base (staff); a list: a coordinator's bases. */
  baseIds: number[] | null;
  sessionId?: number | undefined;
  /** Inclusive dates of the sessions' start. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface EnrolmentExportRow {
  startsAt: string;
  endsAt: string;
  courseCode: string;
  courseTitle: string;
  baseName: string;
  name: string;
  idNumber: string;
  phone: string | null;
  organizationName: string | null;
  status: EnrolmentStatus;
  waitlistPosition: number | null;
  attendance: Attendance | null;
  attendedHours: number | null;
  creditedHours: number;
}

function exportWhere(db: Db, f: EnrolmentExportFilter): Where {
  const where = new Where();
  if (f.baseIds) where.add(inJsonArray(db, 's.base_id', 'integer'), JSON.stringify(f.baseIds));
  if (f.sessionId !== undefined) where.add('e.session_id = ?', f.sessionId);
  if (f.from) where.add('s.starts_at >= ?', f.from);
  if (f.to) where.add('s.starts_at < ?', `${f.to}T24`);
  return where;
}

export function countEnrolmentsForExport(db: Db, f: EnrolmentExportFilter): number {
  const where = exportWhere(db, f);
  return db
    .prepare(`SELECT count(*) FROM enrolment e JOIN training_session s ON s.id = e.session_id ${where}`)
    .pluck()
    .get(...where.params) as number;
}

/** Every matching enrolment, session by session in time order, one at a time (an export may hold a million). */
export function* iterateEnrolmentsForExport(db: Db, f: EnrolmentExportFilter): Generator<EnrolmentExportRow> {
  const where = exportWhere(db, f);
  yield* db
    .prepare(
      `SELECT s.starts_at AS startsAt, s.ends_at AS endsAt, c.code AS courseCode, c.title AS courseTitle, b.name AS baseName,
              p.name, p.id_number AS idNumber, p.phone, ${ORGANIZATION_THEN} AS organizationName, e.status, e.attendance, e.attended_hours AS attendedHours,
              ${WAITLIST_POSITION}, ${CREDITED_HOURS}
       FROM enrolment e JOIN training_session s ON s.id = e.session_id JOIN course c ON c.id = s.course_id JOIN training_base b ON b.id = s.base_id
       JOIN person p ON p.id = e.person_id
       ${where} ORDER BY s.starts_at, s.id, ${ROSTER_ORDER}`,
    )
    .iterate(...where.params) as Iterable<EnrolmentExportRow>;
}
