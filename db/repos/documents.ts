/**
 * What printed documents read (a session's sign-in sheet, a person's counted ledger rows with
 * their course or provider, a supervisor's appointment and latest re-review) and the record of
 * issued documents (issued_document, migration 0031) with their revocation.
 */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { containsExpression, orderAndPage, Where, type ListParams } from '../paging.ts';
import { organizationNameAsOfSql } from './service-history.ts';

export type DocumentKind = 'hours_certificate' | 'appointment_letter';

export interface SignInSession {
  id: number;
  courseTitle: string;
  courseCode: string;
  categoryName: string;
  creditHours: number;
  baseId: number;
  baseName: string;
  baseAddress: string | null;
  roomName: string | null;
  startsAt: string;
  endsAt: string;
}

export function signInSession(db: Db, sessionId: number): SignInSession | undefined {
  return prepared(
    db,
    `SELECT s.id, c.title AS courseTitle, c.code AS courseCode, cc.name AS categoryName, c.credit_hours AS creditHours,
            b.id AS baseId, b.name AS baseName, b.address AS baseAddress, r.name AS roomName, s.starts_at AS startsAt, s.ends_at AS endsAt
       FROM training_session s JOIN course c ON c.id = s.course_id JOIN course_category cc ON cc.id = c.category_id
       JOIN training_base b ON b.id = s.base_id LEFT JOIN room r ON r.id = s.room_id
      WHERE s.id = ?`,
  ).get(sessionId) as SignInSession | undefined;
}

export function sessionMentorNames(db: Db, sessionId: number): { name: string; role: 'lead' | 'assistant' }[] {
  return prepared(
    db,
    `SELECT p.name, m.role FROM session_mentor m JOIN person p ON p.id = m.person_id WHERE m.session_id = ? ORDER BY m.role DESC, p.name_pinyin`,
  ).all(sessionId) as { name: string; role: 'lead' | 'assistant' }[];
}

/**
 * Who is on the sheet: everyone holding a place (enrolled, or already marked), by pinyin, each with
 * their organization on the session's day (服务履历: a sheet printed again later shows it as it was).
 */
export function sessionTrainees(db: Db, sessionId: number): { name: string; idNumber: string; organizationName: string | null }[] {
  return prepared(
    db,
    `SELECT p.name, p.id_number AS idNumber, ${organizationNameAsOfSql('p.id', 'substr(s.starts_at, 1, 10)', 'p.organization_id')} AS organizationName
       FROM enrolment e JOIN person p ON p.id = e.person_id JOIN training_session s ON s.id = e.session_id
      WHERE e.session_id = ? AND e.status IN ('enrolled', 'completed', 'no_show', 'excused')
      ORDER BY p.name_pinyin, p.id`,
  ).all(sessionId) as { name: string; idNumber: string; organizationName: string | null }[];
}

export interface PersonHeader {
  id: number;
  name: string;
  idNumber: string;
  organizationName: string | null;
}

export function personHeader(db: Db, personId: number): PersonHeader | undefined {
  return prepared(
    db,
    `SELECT p.id, p.name, p.id_number AS idNumber, o.name AS organizationName FROM person p LEFT JOIN organization o ON o.id = p.organization_id WHERE p.id = ?`,
  ).get(personId) as PersonHeader | undefined;
}

/** What a ledger row was: the course (and base) of a session, or the provider of external training. */
export function ledgerSources(db: Db, personId: number): Map<number, { source: string; note: string | null }> {
  const rows = prepared(
    db,
    `SELECT t.id, coalesce(c.title || '（' || b.name || '）', t.provider, '') AS source, t.note
       FROM training_record t LEFT JOIN training_session s ON s.id = t.session_id LEFT JOIN course c ON c.id = s.course_id
       LEFT JOIN training_base b ON b.id = s.base_id
      WHERE t.person_id = ?`,
  ).all(personId) as { id: number; source: string; note: string | null }[];
  return new Map(rows.map((r) => [r.id, { source: r.source, note: r.note }]));
}

export interface AppointmentFacts {
  supervisorId: number;
  personId: number;
  name: string;
  idNumber: string;
  levelName: string;
  regionName: string;
  appointedOn: string;
  validUntil: string;
  status: string;
  /** The latest event's kind and date (聘书 follow the appointment as it stands after it). */
  lastEventKind: string | null;
  lastEventOn: string | null;
}

export function appointmentFacts(db: Db, supervisorId: number): AppointmentFacts | undefined {
  return prepared(
    db,
    `SELECT s.id AS supervisorId, p.id AS personId, p.name, p.id_number AS idNumber, l.name AS levelName, r.name AS regionName,
            s.appointed_on AS appointedOn, s.valid_until AS validUntil, s.status,
            e.kind AS lastEventKind, e.effective_on AS lastEventOn
       FROM supervisor s JOIN person p ON p.id = s.person_id JOIN supervisor_level l ON l.id = s.level_id JOIN region r ON r.id = s.region_id
       LEFT JOIN supervisor_event e ON e.id = (SELECT max(id) FROM supervisor_event WHERE supervisor_id = s.id)
      WHERE s.id = ?`,
  ).get(supervisorId) as AppointmentFacts | undefined;
}

export interface ReviewOutcomeFacts {
  reviewId: number;
  cycleId: number;
  year: number;
  decision: 'pass' | 'conditional' | 'fail';
  decisionReason: string | null;
  conditionDeadline: string | null;
  decidedAt: string;
}

/** The supervisor's latest decided re-review (of a cycle, if given). */
export function latestReviewOutcome(db: Db, supervisorId: number, cycleId?: number): ReviewOutcomeFacts | undefined {
  return prepared(
    db,
    `SELECT v.id AS reviewId, c.id AS cycleId, c.year, v.decision, v.decision_reason AS decisionReason,
            v.condition_deadline AS conditionDeadline, v.decided_at AS decidedAt
       FROM recert_review v JOIN recert_cycle c ON c.id = v.cycle_id
      WHERE v.supervisor_id = ? AND v.decision IS NOT NULL AND (CAST(? AS INTEGER) IS NULL OR c.id = ?)
      ORDER BY c.year DESC LIMIT 1`,
  ).get(supervisorId, cycleId ?? null, cycleId ?? null) as ReviewOutcomeFacts | undefined;
}

/** Supervisors with a decided review in a cycle, by pinyin. */
export function decidedSupervisorsOfCycle(db: Db, cycleId: number): number[] {
  return prepared(
    db,
    `SELECT v.supervisor_id FROM recert_review v JOIN supervisor s ON s.id = v.supervisor_id JOIN person p ON p.id = s.person_id
      WHERE v.cycle_id = ? AND v.decision IS NOT NULL ORDER BY p.name_pinyin, p.id`,
  )
    .pluck()
    .all(cycleId) as number[];
}

export interface IssuedDocumentRow {
  id: number;
  serial: string;
  kind: DocumentKind;
  personId: number;
  personName: string;
  statementSha256: string;
  issuedAt: string;
  issuedBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
  version: number;
}

const ISSUED_SELECT = `SELECT d.id, d.serial, d.kind, d.person_id AS personId, p.name AS personName, d.statement_sha256 AS statementSha256,
  d.issued_at AS issuedAt, d.issued_by AS issuedBy, d.revoked_at AS revokedAt, d.revoked_by AS revokedBy, d.revoke_reason AS revokeReason, d.version
  FROM issued_document d JOIN person p ON p.id = d.person_id`;

/** The next serial of a kind in a year: `XS2026-000001` (学时证明), `PS2026-000001` (聘书). */
export function nextSerial(db: Db, prefix: string, year: number): string {
  const stem = `${prefix}${year}-`;
  const last = prepared(db, `SELECT serial FROM issued_document WHERE serial LIKE ? ORDER BY serial DESC LIMIT 1`).pluck().get(`${stem}%`) as
    string | undefined;
  const n = last ? Number(last.slice(stem.length)) + 1 : 1;
  return `${stem}${String(n).padStart(6, '0')}`;
}

export function insertIssuedDocument(
  db: Db,
  row: { serial: string; kind: DocumentKind; personId: number; statementSha256: string; issuedAt: string; issuedBy: string },
): number {
  return Number(
    prepared(db, 'INSERT INTO issued_document (serial, kind, person_id, statement_sha256, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?)').run(
      row.serial,
      row.kind,
      row.personId,
      row.statementSha256,
      row.issuedAt,
      row.issuedBy,
    ).lastInsertRowid,
  );
}

export function issuedDocumentBySerial(db: Db, serial: string): IssuedDocumentRow | undefined {
  return prepared(db, `${ISSUED_SELECT} WHERE d.serial = ?`).get(serial) as IssuedDocumentRow | undefined;
}

export function revokeIssuedDocument(db: Db, id: number, reason: string, now: string, by: string): void {
  prepared(db, 'UPDATE issued_document SET revoked_at = ?, revoked_by = ?, revoke_reason = ?, version = version + 1 WHERE id = ?').run(now, by, reason, id);
}

export interface IssuedFilter {
  search?: string | undefined;
  kind?: DocumentKind | undefined;
  revoked?: boolean | undefined;
}

function issuedWhere(db: Db, f: IssuedFilter): Where {
  const where = new Where();
  if (f.search) where.add(`(${containsExpression(db, 'd.serial')} OR ${containsExpression(db, 'p.name')})`, f.search, f.search);
  if (f.kind) where.add('d.kind = ?', f.kind);
  if (f.revoked !== undefined) where.add(f.revoked ? 'd.revoked_at IS NOT NULL' : 'd.revoked_at IS NULL');
  return where;
}

export function listIssuedDocuments(db: Db, params: ListParams & IssuedFilter): { rows: IssuedDocumentRow[]; total: number } {
  const where = issuedWhere(db, params);
  const order = orderAndPage(
    db,
    params,
    { serial: 'd.serial', issuedAt: 'd.issued_at', personName: 'p.name_pinyin', revokedAt: 'd.revoked_at' },
    'd.id DESC',
    'd.id',
  );
  const rows = prepared(db, `${ISSUED_SELECT} ${where.toString()} ${order}`).all(...where.params) as IssuedDocumentRow[];
  const total = prepared(db, `SELECT count(*) FROM issued_document d JOIN person p ON p.id = d.person_id ${where.toString()}`)
    .pluck()
    .get(...where.params) as number;
  return { rows, total };
}

/** The revocation list: every revoked document's serial and statement hash, oldest first. */
export function revokedDocuments(db: Db): { serial: string; statementSha256: string; revokedAt: string }[] {
  return prepared(
    db,
    'SELECT serial, statement_sha256 AS statementSha256, revoked_at AS revokedAt FROM issued_document WHERE revoked_at IS NOT NULL ORDER BY revoked_at, serial',
  ).all() as { serial: string; statementSha256: string; revokedAt: string }[];
}
