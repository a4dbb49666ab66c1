/** The 工作台's figures that no list reads: the year's ledger and the charts' series, one aggregate query each. */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { EnrolmentStatus, SEAT_TAKING } from '../../domain/index.ts';

/** Ledger rows credited: attendance and its corrections, and external training once verified (or imported, which counts as verified). */
const CREDITED = `(t.kind <> 'external' OR t.verified_at IS NOT NULL OR t.import_id IS NOT NULL)`;

/** Hours credited per month (1–12) of each of these years. (PostgreSQL rounds to a place only a NUMERIC: the cast, which SQLite accepts too.) */
export function hoursByMonth(db: Db, years: number[]): { year: number; month: number; hours: number }[] {
  return prepared(
    db,
    `SELECT CAST(substr(t.earned_on, 1, 4) AS INTEGER) AS year, CAST(substr(t.earned_on, 6, 2) AS INTEGER) AS month, round(CAST(sum(t.hours) AS NUMERIC), 1) AS hours
     FROM training_record t
     WHERE t.earned_on >= ? AND t.earned_on < ? AND ${CREDITED}
     GROUP BY 1, 2`,
  ).all(`${Math.min(...years)}-01-01`, `${Math.max(...years) + 1}-01-01`) as { year: number; month: number; hours: number }[];
}

/** Per base: sessions starting in the range (not cancelled) and seats taken in them, the most sessions first. */
export function sessionsByBase(
  db: Db,
  range: { from: string; to: string },
  baseIds: number[] | null,
  limit: number,
): { baseId: number; baseName: string; sessions: number; trainees: number }[] {
  const scope = baseIds ? `AND s.base_id IN (${baseIds.map((id) => Math.trunc(id)).join(', ') || 'NULL'})` : '';
  return prepared(
    db,
    `SELECT b.id AS baseId, b.name AS baseName, count(*) AS sessions,
            coalesce(sum((SELECT count(*) FROM enrolment e WHERE e.session_id = s.id AND e.status IN (${EnrolmentStatus.sqlList(SEAT_TAKING)}))), 0) AS trainees
     FROM training_session s JOIN training_base b ON b.id = s.base_id
     WHERE s.starts_at >= ? AND s.starts_at < ? AND s.status <> 'cancelled' ${scope}
     GROUP BY b.id ORDER BY sessions DESC, trainees DESC, b.name LIMIT ${Math.trunc(limit)}`,
  ).all(range.from, range.to) as { baseId: number; baseName: string; sessions: number; trainees: number }[];
}

/**
 * Supervisors in office on a day, by level: each supervisor's state is the last event effective by then
 * (every event records the appointment's level, status and 有效期至 after it).
 */
export function supervisorsByLevelOn(db: Db, day: string): { levelId: number; count: number }[] {
  return prepared(
    db,
    `SELECT level_id AS levelId, count(*) AS count FROM (
       SELECT e.level_id, e.status, e.valid_until,
              row_number() OVER (PARTITION BY e.supervisor_id ORDER BY e.effective_on DESC, e.id DESC) AS n
       FROM supervisor_event e WHERE e.effective_on <= ?
     ) AS latest WHERE n = 1 AND status = 'active' AND valid_until >= ? GROUP BY level_id`,
  ).all(day, day) as { levelId: number; count: number }[];
}

/** Each re-review cycle past its draft: its outcomes as decided, or as proposed while undecided (like the cycle's own tally). */
export function recertOutcomesByYear(db: Db): { year: number; outcome: string; count: number }[] {
  return prepared(
    db,
    `SELECT c.year, coalesce(r.decision, r.proposal) AS outcome, count(*) AS count
     FROM recert_cycle c JOIN recert_review r ON r.cycle_id = c.id
     WHERE c.status <> 'draft' GROUP BY c.year, 2 ORDER BY c.year`,
  ).all() as { year: number; outcome: string; count: number }[];
}

/** Credited rows per person in a year (the people a year's figures count, and how many rows keep each counted). */
export function creditedRowsPerPerson(db: Db, year: number): [number, number][] {
  return prepared(db, `SELECT t.person_id, count(*) FROM training_record t WHERE t.earned_on >= ? AND t.earned_on < ? AND ${CREDITED} GROUP BY t.person_id`)
    .raw()
    .all(`${year}-01-01`, `${year + 1}-01-01`) as [number, number][];
}

/** The ledger's size, roughly (its highest row id: no count over a million rows). */
export function ledgerSize(db: Db): number {
  return prepared(db, 'SELECT coalesce(max(id), 0) FROM training_record').pluck().get() as number;
}

/** How many sessions there are, roughly (their highest id). */
export function sessionsSize(db: Db): number {
  return prepared(db, 'SELECT coalesce(max(id), 0) FROM training_session').pluck().get() as number;
}

/** How many log entries follow `mark`, and the tables they touched. */
export function changesSince(db: Db, mark: number): { entries: number; tables: Set<string> } {
  const rows = prepared(db, 'SELECT table_name AS tableName, count(*) AS n FROM audit_log WHERE id > ? GROUP BY table_name').all(mark) as {
    tableName: string;
    n: number;
  }[];
  return { entries: rows.reduce((s, r) => s + r.n, 0), tables: new Set(rows.map((r) => r.tableName)) };
}

/** The ledger rows' images before and after each change since `mark` (a bulk load's single entry has no row image). */
export function ledgerChangesSince(db: Db, mark: number): { before: string | null; after: string | null }[] {
  return prepared(db, `SELECT before_json AS before, after_json AS after FROM audit_log WHERE id > ? AND table_name = 'training_record' ORDER BY id`).all(
    mark,
  ) as {
    before: string | null;
    after: string | null;
  }[];
}
