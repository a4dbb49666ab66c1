/**
 * What supervision a year held (issue 22, migration 0033) per town and in total, for 镇区覆盖 and the
 * audit workbook's 概览 (per supervisor: supervisionFactsByYear, db/repos/supervision.ts). A record
 * belongs to the year its start falls in (starts_at is training_session's wall-clock
 * `YYYY-MM-DDTHH:mm`, so a year is a range of text). A subject person's organization is read as of
 * the record's date from their 服务履历 (db/repos/service-history.ts), so someone who changed
 * organizations counts where they were then. The organization's town is its current
 * organization.region_id: organizations keep no history of their town (a move is rare and is an
 * edit of the organization), so a record counts for the town its organization is in now.
 */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { organizationAsOfSql } from './service-history.ts';

export interface TownSupervision {
  regionId: number;
  /** Records that reached an organization of the town (each counted once however many of its organizations it reached). */
  sessions: number;
  minutes: number;
  /** The town's organizations reached. */
  organizations: number;
}

const yearRange = (year: number) => ({ from: `${year}-01-01`, to: `${year + 1}-01-01` });

/** The organization each subject of the year's records stands for: its own, or its person's as of the record's date. */
const REACHED = `
  SELECT r.id AS record_id, r.supervisor_id, r.minutes, rel.person_id, rel.organization_id AS subject_organization_id,
         CASE WHEN rel.organization_id IS NOT NULL THEN rel.organization_id
              ELSE ${organizationAsOfSql('p.id', 'substr(r.starts_at, 1, 10)', 'p.organization_id', { unchangedSince: '@from' })} END AS organization_id
    FROM supervision_record r
    JOIN supervision_record_subject s ON s.record_id = r.id
    JOIN supervision_relationship rel ON rel.id = s.relationship_id
    LEFT JOIN person p ON p.id = rel.person_id
   WHERE r.starts_at >= @from AND r.starts_at < @to`;

/**
 * Per town (organization.region_id) whose organizations received supervision in `year`: the records
 * whose subjects are organizations of the town, or people whose organization was of the town on the
 * record's date. A record reaching two towns counts, whole, for each.
 */
export function townSupervisionByYear(db: Db, year: number): TownSupervision[] {
  const rows = prepared(
    db,
    `WITH reached AS (
       SELECT DISTINCT x.record_id, x.minutes, o.region_id, o.id AS organization_id
         FROM (${REACHED}) x JOIN organization o ON o.id = x.organization_id
        WHERE o.region_id IS NOT NULL
     ),
     records AS (SELECT DISTINCT region_id, record_id, minutes FROM reached)
     SELECT t.region_id AS "regionId", t.sessions, t.minutes, o.organizations
       FROM (SELECT region_id, count(*) AS sessions, sum(minutes) AS minutes FROM records GROUP BY region_id) t
       JOIN (SELECT region_id, count(DISTINCT organization_id) AS organizations FROM reached GROUP BY region_id) o ON o.region_id = t.region_id`,
  ).all(yearRange(year)) as { regionId: number; sessions: number | string; minutes: number | string; organizations: number | string }[];
  return rows.map((r) => ({ regionId: Number(r.regionId), sessions: Number(r.sessions), minutes: Number(r.minutes), organizations: Number(r.organizations) }));
}

export interface YearSupervisionTotals {
  sessions: number;
  minutes: number;
  /** Supervisors who gave at least one. */
  supervisors: number;
  /** Distinct 督导对象 over everyone's records (a person supervised by two supervisors counts once). */
  subjects: number;
  /** Distinct organizations reached over everyone's records. */
  organizations: number;
}

/** The year's totals over all supervisors, each subject and organization counted once (概览). */
export function supervisionTotalsByYear(db: Db, year: number): YearSupervisionTotals {
  const range = yearRange(year);
  const totals = prepared(
    db,
    `SELECT count(*) AS sessions, coalesce(sum(minutes), 0) AS minutes, count(DISTINCT supervisor_id) AS supervisors
       FROM supervision_record WHERE starts_at >= @from AND starts_at < @to`,
  ).get(range) as { sessions: number | string; minutes: number | string; supervisors: number | string };
  const reach = prepared(
    db,
    `SELECT count(DISTINCT person_id) AS people, count(DISTINCT subject_organization_id) AS subjectOrganizations, count(DISTINCT organization_id) AS reached
       FROM (${REACHED}) x`,
  ).get(range) as { people: number | string; subjectOrganizations: number | string; reached: number | string };
  return {
    sessions: Number(totals.sessions),
    minutes: Number(totals.minutes),
    supervisors: Number(totals.supervisors),
    subjects: Number(reach.people) + Number(reach.subjectOrganizations),
    organizations: Number(reach.reached),
  };
}
