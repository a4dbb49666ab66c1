/** 基地评估: templates, evaluations, the events they led to, and the facts a reviewer scores beside. */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { currentVersion, getVersion, insertVersion, versionHistory, type VersionRow } from './versioned.ts';
import type { EvaluationGrade, EvaluationStatus } from '../../domain/index.ts';

export type TemplateRow = VersionRow;

export const currentTemplate = (db: Db): TemplateRow => currentVersion(db, 'evaluation_template');
export const getTemplate = (db: Db, id: number): TemplateRow | undefined => getVersion(db, 'evaluation_template', id);
export const templateHistory = (db: Db) => versionHistory(db, 'evaluation_template');
export const insertTemplate = (db: Db, body: string, note: string | null, now: string, by: string): number =>
  insertVersion(db, 'evaluation_template', body, note, now, by);

export type { EvaluationStatus };

export interface EvaluationRow {
  id: number;
  baseId: number;
  baseName: string;
  year: number;
  templateId: number;
  templateVersion: number;
  status: EvaluationStatus;
  selfScores: string;
  reviewerScores: string;
  evidence: string;
  selfTotal: number | null;
  reviewerTotal: number | null;
  grade: EvaluationGrade | null;
  submittedAt: string | null;
  submittedBy: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
  version: number;
}

const EVALUATION_SELECT = `SELECT e.id, e.base_id AS baseId, b.name AS baseName, e.year, e.template_id AS templateId, t.version AS templateVersion, e.status,
    e.self_scores AS selfScores, e.reviewer_scores AS reviewerScores, e.evidence, e.self_total AS selfTotal, e.reviewer_total AS reviewerTotal,
    e.grade, e.submitted_at AS submittedAt, e.submitted_by AS submittedBy, e.reviewed_at AS reviewedAt, e.reviewed_by AS reviewedBy, e.version
  FROM base_evaluation e JOIN training_base b ON b.id = e.base_id JOIN evaluation_template t ON t.id = e.template_id`;

export function findEvaluation(db: Db, baseId: number, year: number): EvaluationRow | undefined {
  return prepared(db, `${EVALUATION_SELECT} WHERE e.base_id = ? AND e.year = ?`).get(baseId, year) as EvaluationRow | undefined;
}

export function getEvaluation(db: Db, id: number): EvaluationRow | undefined {
  return prepared(db, `${EVALUATION_SELECT} WHERE e.id = ?`).get(id) as EvaluationRow | undefined;
}

export function evaluationsOfBase(db: Db, baseId: number): EvaluationRow[] {
  return prepared(db, `${EVALUATION_SELECT} WHERE e.base_id = ? ORDER BY e.year DESC`).all(baseId) as EvaluationRow[];
}

export function insertEvaluation(db: Db, f: { baseId: number; year: number; templateId: number; empty: string }, now: string): number {
  return Number(
    prepared(
      db,
      `INSERT INTO base_evaluation (base_id, year, template_id, status, self_scores, reviewer_scores, evidence, created_at, updated_at)
       VALUES (@baseId, @year, @templateId, 'draft', @empty, @empty, @empty, @now, @now)`,
    ).run({ ...f, now }).lastInsertRowid,
  );
}

export function saveSelfAssessment(db: Db, id: number, f: { scores: string; evidence: string; total: number | null }, now: string): void {
  prepared(db, 'UPDATE base_evaluation SET version = version + 1, self_scores = ?, evidence = ?, self_total = ?, updated_at = ? WHERE id = ?').run(
    f.scores,
    f.evidence,
    f.total,
    now,
    id,
  );
}

export function markSubmitted(db: Db, id: number, by: string, now: string): void {
  prepared(db, "UPDATE base_evaluation SET version = version + 1, status = 'submitted', submitted_at = ?, submitted_by = ?, updated_at = ? WHERE id = ?").run(
    now,
    by,
    now,
    id,
  );
}

export function saveReview(
  db: Db,
  id: number,
  f: { scores: string; evidence: string; total: number | null; grade: string | null; reviewed: boolean; by: string },
  now: string,
): void {
  prepared(
    db,
    `UPDATE base_evaluation SET version = version + 1, reviewer_scores = @scores, evidence = @evidence, reviewer_total = @total, grade = @grade,
       status = CASE WHEN @reviewed THEN 'reviewed' ELSE status END,
       reviewed_at = CASE WHEN @reviewed THEN @now ELSE reviewed_at END, reviewed_by = CASE WHEN @reviewed THEN @by ELSE reviewed_by END,
       updated_at = @now WHERE id = @id`,
  ).run({ ...f, reviewed: f.reviewed ? 1 : 0, now, id });
}

export interface RankingRow {
  baseId: number;
  baseName: string;
  regionName: string;
  baseGrade: 'demonstration' | 'ordinary';
  accreditationStatus: string;
  evaluationId: number | null;
  status: EvaluationStatus | null;
  selfTotal: number | null;
  reviewerTotal: number | null;
  grade: EvaluationGrade | null;
  /** The accreditation was flagged for review as a result of this evaluation. */
  flagged: boolean;
  /** 1, 2, … among the reviewed; null for the others. */
  rank: number | null;
}

/** Every base (of those given, or all) with its evaluation of the year, best reviewed first. */
export function ranking(db: Db, year: number, baseIds: number[] | null): RankingRow[] {
  const scope = baseIds ? `WHERE b.id IN (${baseIds.map((id) => Math.trunc(id)).join(', ') || 'NULL'})` : '';
  const rows = prepared(
    db,
    `SELECT b.id AS baseId, b.name AS baseName, r.name AS regionName, b.grade AS baseGrade, b.accreditation_status AS accreditationStatus,
            e.id AS evaluationId, e.status, e.self_total AS selfTotal, e.reviewer_total AS reviewerTotal, e.grade,
            EXISTS (SELECT 1 FROM base_event v WHERE v.evaluation_id = e.id AND v.kind = 'accreditation_flagged') AS flagged
     FROM training_base b JOIN region r ON r.id = b.region_id LEFT JOIN base_evaluation e ON e.base_id = b.id AND e.year = ?
     ${scope}
     ORDER BY e.reviewer_total IS NULL, e.reviewer_total DESC, e.self_total DESC, b.name`,
  ).all(year) as (Omit<RankingRow, 'flagged' | 'rank'> & { flagged: number })[];
  let rank = 0;
  return rows.map((r) => ({ ...r, flagged: r.flagged === 1, rank: r.status === 'reviewed' ? ++rank : null }));
}

/** The ranking, only the bases whose evaluation of the year is at `status` ('none': not started), or all; ranks are the whole year's. */
export function rankingOf(db: Db, year: number, baseIds: number[] | null, status?: string): RankingRow[] {
  const rows = ranking(db, year, baseIds);
  return status ? rows.filter((r) => (r.status ?? 'none') === status) : rows;
}

export interface BaseEventRow {
  id: number;
  kind: 'grade_set' | 'accreditation_flagged';
  evaluationId: number | null;
  year: number | null;
  detail: string;
  reason: string;
  actorName: string;
  recordedAt: string;
}

export function insertBaseEvent(db: Db, f: Omit<BaseEventRow, 'id' | 'year' | 'recordedAt'> & { baseId: number }, now: string): void {
  prepared(
    db,
    'INSERT INTO base_event (base_id, kind, evaluation_id, detail, reason, actor_name, recorded_at) VALUES (@baseId, @kind, @evaluationId, @detail, @reason, @actorName, @now)',
  ).run({
    ...f,
    now,
  });
}

export function baseEvents(db: Db, baseId: number): BaseEventRow[] {
  return prepared(
    db,
    `SELECT v.id, v.kind, v.evaluation_id AS evaluationId, e.year, v.detail, v.reason, v.actor_name AS actorName, v.recorded_at AS recordedAt
     FROM base_event v LEFT JOIN base_evaluation e ON e.id = v.evaluation_id WHERE v.base_id = ? ORDER BY v.id DESC`,
  ).all(baseId) as BaseEventRow[];
}

export function setBaseGrade(db: Db, baseId: number, grade: 'demonstration' | 'ordinary', now: string): void {
  prepared(db, 'UPDATE training_base SET version = version + 1, grade = ?, updated_at = ? WHERE id = ?').run(grade, now, baseId);
}

export interface BaseYearFacts {
  sessionsHeld: number;
  hoursDelivered: number;
  trainees: number;
  traineeHours: number;
  mentorsInPool: number;
  /** Attended (full or partial) among those whose attendance was taken, or null when none was. */
  attendanceRate: number | null;
  courses: number;
}

/** What the system knows of a base's year, shown beside the evaluation form. */
export function baseYearFacts(db: Db, baseId: number, year: number): BaseYearFacts {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const sessions = prepared(
    db,
    `SELECT count(*) AS n, coalesce(sum(c.credit_hours), 0) AS hours FROM training_session s JOIN course c ON c.id = s.course_id
     WHERE s.base_id = ? AND s.status = 'completed' AND s.starts_at >= ? AND s.starts_at < ?`,
  ).get(baseId, from, to) as { n: number; hours: number };
  const trainees = prepared(
    db,
    `SELECT count(DISTINCT t.person_id) AS n, coalesce(sum(t.hours), 0) AS hours FROM training_record t JOIN training_session s ON s.id = t.session_id
     WHERE s.base_id = ? AND s.starts_at >= ? AND s.starts_at < ?`,
  ).get(baseId, from, to) as { n: number; hours: number };
  const attendance = prepared(
    db,
    `SELECT count(*) AS taken, sum(CASE WHEN e.attendance IN ('full', 'partial') THEN 1 ELSE 0 END) AS attended FROM enrolment e JOIN training_session s ON s.id = e.session_id
     WHERE s.base_id = ? AND s.starts_at >= ? AND s.starts_at < ? AND e.attendance IS NOT NULL`,
  ).get(baseId, from, to) as { taken: number; attended: number | null };
  const mentors = prepared(db, "SELECT count(*) FROM mentor WHERE base_id = ? AND status = 'active'").pluck().get(baseId) as number;
  const courses = prepared(db, "SELECT count(*) FROM course WHERE base_id = ? AND status = 'active'").pluck().get(baseId) as number;
  return {
    sessionsHeld: sessions.n,
    hoursDelivered: sessions.hours,
    trainees: trainees.n,
    traineeHours: trainees.hours,
    mentorsInPool: mentors,
    attendanceRate: attendance.taken ? Math.round(((attendance.attended ?? 0) / attendance.taken) * 1000) / 10 : null,
    courses,
  };
}
