/** The figures and lists of the annual audit workbook (年度审计报表), read from one snapshot. */
import { personNameOrder } from '../search-keys.ts';
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { BULK_ROWS } from '../audit.ts';
import type { AuditAction, Sex } from '../../domain/index.ts';
import { indexedBy, jsonField, monthOfShiftedInstant } from '../engine/dialect.ts';

const CERT_RANK = "CASE c2.level WHEN 'senior' THEN 4 WHEN 'social_worker' THEN 3 WHEN 'assistant' THEN 2 ELSE 1 END";

export interface RosterRow {
  personName: string;
  idNumber: string;
  sex: Sex;
  levelName: string;
  regionName: string;
  organizationName: string | null;
  certificateLevel: string | null;
  certificateNumber: string | null;
  registrationValidUntil: string | null;
  appointedOn: string;
  validUntil: string;
  status: 'active' | 'suspended' | 'expired' | 'revoked';
}

/** Every supervisor with their highest certificate, by region and level. */
export function supervisorRoster(db: Db): RosterRow[] {
  return prepared(
    db,
    `SELECT p.name AS personName, p.id_number AS idNumber, p.sex, l.name AS levelName, r.name AS regionName, o.name AS organizationName,
            c.level AS certificateLevel, c.number AS certificateNumber, c.registration_valid_until AS registrationValidUntil,
            s.appointed_on AS appointedOn, s.valid_until AS validUntil, s.status
     FROM supervisor s JOIN person p ON p.id = s.person_id JOIN supervisor_level l ON l.id = s.level_id JOIN region r ON r.id = s.region_id
     LEFT JOIN organization o ON o.id = p.organization_id
     LEFT JOIN certificate c ON c.id = (SELECT c2.id FROM certificate c2 WHERE c2.person_id = s.person_id ORDER BY ${CERT_RANK} DESC, c2.issued_on DESC LIMIT 1)
     ORDER BY r.code, l.rank DESC, ${personNameOrder('p')}`,
  ).all() as RosterRow[];
}

export interface SupervisorWorkRow {
  supervisorId: number;
  personName: string;
  levelName: string;
  regionName: string;
}

/** Every supervisor, in the roster's order (服务镇区, level from the top, name): the rows of the 督导工作 sheet. */
export function supervisorsInRosterOrder(db: Db): SupervisorWorkRow[] {
  return prepared(
    db,
    `SELECT s.id AS "supervisorId", p.name AS "personName", l.name AS "levelName", r.name AS "regionName"
     FROM supervisor s JOIN person p ON p.id = s.person_id JOIN supervisor_level l ON l.id = s.level_id JOIN region r ON r.id = s.region_id
     ORDER BY r.code, l.rank DESC, ${personNameOrder('p')}`,
  ).all() as SupervisorWorkRow[];
}

/** Counted-or-not hours per person and category earned in the year (corrections included). */
export function hoursByCategoryInYear(db: Db, year: number): Map<number, Map<number, number>> {
  const rows = prepared(
    db,
    `SELECT person_id, category_id, sum(hours) FROM training_record${indexedBy(db, 'training_record_ledger')}
     WHERE earned_on BETWEEN ? AND ? GROUP BY person_id, category_id`,
  )
    .raw()
    .iterate(`${year}-01-01`, `${year}-12-31`) as Iterable<[number, number, number]>;
  const map = new Map<number, Map<number, number>>();
  for (const [personId, categoryId, hours] of rows) {
    let of = map.get(personId);
    if (!of) map.set(personId, (of = new Map()));
    of.set(categoryId, hours);
  }
  return map;
}

export interface CourseYearRow {
  baseName: string;
  regionName: string;
  baseGrade: 'demonstration' | 'ordinary';
  accreditationStatus: string;
  accreditedUntil: string | null;
  courseCode: string | null;
  courseTitle: string | null;
  categoryName: string | null;
  creditHours: number | null;
  courseStatus: string | null;
  sessionsHeld: number;
  sessionHours: number;
  trainees: number;
  creditedHours: number;
}

/** Every base and its courses, with the sessions held in the year, their hours, trainees and hours credited. */
export function coursesOfYear(db: Db, year: number): CourseYearRow[] {
  return prepared(
    db,
    `WITH held AS (
       SELECT s.course_id, count(*) AS sessions FROM training_session s
       WHERE s.status = 'completed' AND s.starts_at >= @from AND s.starts_at < @to GROUP BY s.course_id
     ), taught AS (
       SELECT s.course_id, count(DISTINCT e.id) AS trainees, coalesce(sum(t.hours), 0) AS hours
       FROM training_session s JOIN enrolment e ON e.session_id = s.id JOIN training_record t ON t.enrolment_id = e.id
       WHERE s.starts_at >= @from AND s.starts_at < @to GROUP BY s.course_id
     )
     SELECT b.name AS baseName, r.name AS regionName, b.grade AS baseGrade, b.accreditation_status AS accreditationStatus, b.accredited_until AS accreditedUntil,
            c.code AS courseCode, c.title AS courseTitle, k.name AS categoryName, c.credit_hours AS creditHours, c.status AS courseStatus,
            coalesce(h.sessions, 0) AS sessionsHeld, coalesce(h.sessions, 0) * coalesce(c.credit_hours, 0) AS sessionHours,
            coalesce(t.trainees, 0) AS trainees, coalesce(t.hours, 0) AS creditedHours
     FROM training_base b JOIN region r ON r.id = b.region_id LEFT JOIN course c ON c.base_id = b.id LEFT JOIN course_category k ON k.id = c.category_id
     LEFT JOIN held h ON h.course_id = c.id LEFT JOIN taught t ON t.course_id = c.id
     ORDER BY b.name, c.code`,
  ).all({ from: `${year}-01-01`, to: `${year + 1}-01-01` }) as CourseYearRow[];
}

/** A year as instants of the audit log (ISO UTC, `to` excluded) and the configured zone's offset in minutes, which core works out. */
export interface InstantRange {
  from: string;
  to: string;
  offsetMinutes: number;
}

export interface AuditSummaryRow {
  month: string;
  operation: string;
  tableName: string;
  action: AuditAction;
  entries: number;
}

/**
 * The year's audit log in summary: records changed by month, operation, table and action. A bulk
 * entry (example data, a workbook import: see beginBulkInsertAudit) counts the rows it stands for.
 */
export function auditSummary(db: Db, range: InstantRange): AuditSummaryRow[] {
  return prepared(
    db,
    `SELECT ${monthOfShiftedInstant(db, 'at')} AS month, operation, table_name AS tableName, action,
            sum(CASE WHEN row_id IS NULL THEN coalesce(${jsonField(db, 'after_json', BULK_ROWS, 'integer')}, 1) ELSE 1 END) AS entries
     FROM audit_log WHERE at >= ? AND at < ? GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  ).all(range.offsetMinutes, range.from, range.to) as AuditSummaryRow[];
}

export interface YearFigures {
  people: number;
  certified: Record<string, number>;
  supervisors: Record<string, number>;
  sessionsHeld: number;
  enrolments: number;
  creditedHours: number;
  externalHours: number;
  bases: number;
  demonstrationBases: number;
  auditEntries: number;
}

export function yearFigures(db: Db, year: number, log: InstantRange): YearFigures {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const one = (sql: string, ...params: unknown[]) =>
    (prepared(db, sql)
      .pluck()
      .get(...params) as number | null) ?? 0;
  const grouped = (sql: string) => Object.fromEntries(prepared(db, sql).raw().all() as [string, number][]);
  return {
    people: one('SELECT count(*) FROM person'),
    certified: grouped(`SELECT level, count(DISTINCT person_id) FROM certificate GROUP BY level`),
    supervisors: grouped(
      `SELECT l.name, count(*) FROM supervisor s JOIN supervisor_level l ON l.id = s.level_id WHERE s.status = 'active' GROUP BY l.id ORDER BY l.rank`,
    ),
    sessionsHeld: one("SELECT count(*) FROM training_session WHERE status = 'completed' AND starts_at >= ? AND starts_at < ?", from, to),
    enrolments: one(
      "SELECT count(*) FROM enrolment e JOIN training_session s ON s.id = e.session_id WHERE s.starts_at >= ? AND s.starts_at < ? AND e.attendance IN ('full', 'partial')",
      from,
      to,
    ),
    creditedHours: one(
      `SELECT sum(hours) FROM training_record${indexedBy(db, 'training_record_ledger')} WHERE earned_on BETWEEN ? AND ? AND kind <> 'external'`,
      `${year}-01-01`,
      `${year}-12-31`,
    ),
    externalHours: one(
      `SELECT sum(hours) FROM training_record${indexedBy(db, 'training_record_ledger')} WHERE earned_on BETWEEN ? AND ? AND kind = 'external'`,
      `${year}-01-01`,
      `${year}-12-31`,
    ),
    bases: one('SELECT count(*) FROM training_base'),
    demonstrationBases: one("SELECT count(*) FROM training_base WHERE grade = 'demonstration'"),
    auditEntries: one('SELECT count(*) FROM audit_log WHERE at >= ? AND at < ?', log.from, log.to),
  };
}
