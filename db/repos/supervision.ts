/**
 * Supervision facts (issue 22): what each supervisor gave in a calendar year, from
 * supervision_record (migration 0028). The re-review's minimums (core/recert), the audit
 * workbook's 督导工作 sheet and 镇区覆盖 read them here. Records keep training_session's
 * wall-clock `YYYY-MM-DDTHH:mm`, so a year is a range of starts_at (the starts_at index serves it).
 */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';

export interface SupervisionFacts {
  supervisorId: number;
  /** Supervision records that started in the year. */
  sessions: number;
  /** Their minutes (supervision_record.minutes, written by core with domain's supervisionMinutes). */
  minutes: number;
  /** Distinct 督导对象 present: people and organizations/projects, each counted once. */
  subjects: number;
  /** Organizations reached: subject organizations plus the organizations of subject people. */
  organizationsReached: number;
}

const yearRange = (year: number) => ({ from: `${year}-01-01`, to: `${year + 1}-01-01` });

/** Per supervisor with at least one record in `year` (others have none: every figure 0). */
export function supervisionFactsByYear(db: Db, year: number): SupervisionFacts[] {
  const range = yearRange(year);
  const totals = prepared(
    db,
    `SELECT supervisor_id AS "supervisorId", count(*) AS sessions, sum(minutes) AS minutes
       FROM supervision_record WHERE starts_at >= @from AND starts_at < @to GROUP BY supervisor_id`,
  ).all(range) as { supervisorId: number; sessions: number | string; minutes: number | string }[];
  const reach = prepared(
    db,
    `SELECT r.supervisor_id AS "supervisorId", count(DISTINCT rel.person_id) AS people, count(DISTINCT rel.organization_id) AS organizations,
            count(DISTINCT coalesce(rel.organization_id, p.organization_id)) AS reached
       FROM supervision_record r
       JOIN supervision_record_subject s ON s.record_id = r.id
       JOIN supervision_relationship rel ON rel.id = s.relationship_id
       LEFT JOIN person p ON p.id = rel.person_id
      WHERE r.starts_at >= @from AND r.starts_at < @to
      GROUP BY r.supervisor_id`,
  ).all(range) as { supervisorId: number; people: number | string; organizations: number | string; reached: number | string }[];
  const bySupervisor = new Map(reach.map((r) => [Number(r.supervisorId), r]));
  return totals.map((t) => {
    const r = bySupervisor.get(Number(t.supervisorId));
    return {
      supervisorId: Number(t.supervisorId),
      sessions: Number(t.sessions),
      minutes: Number(t.minutes),
      subjects: r ? Number(r.people) + Number(r.organizations) : 0,
      organizationsReached: r ? Number(r.reached) : 0,
    };
  });
}
