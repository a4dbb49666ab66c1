import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';

export interface TownRow {
  id: number;
  code: string;
  name: string;
  parentName: string | null;
}

export function towns(db: Db): TownRow[] {
  return prepared(
    db,
    `SELECT r.id, r.code, r.name, p.name AS parentName FROM region r LEFT JOIN region p ON p.id = r.parent_id WHERE r.level = 'town' ORDER BY r.code`,
  ).all() as TownRow[];
}

/** Active supervisors per region and level. */
export function activeCounts(db: Db): { regionId: number; levelId: number; n: number }[] {
  return prepared(
    db,
    "SELECT region_id AS regionId, level_id AS levelId, count(*) AS n FROM supervisor WHERE status = 'active' GROUP BY region_id, level_id",
  ).all() as {
    regionId: number;
    levelId: number;
    n: number;
  }[];
}

export function quotaOverrides(db: Db): { regionId: number; levelId: number; quota: number }[] {
  return prepared(db, 'SELECT region_id AS regionId, level_id AS levelId, quota FROM region_quota').all() as {
    regionId: number;
    levelId: number;
    quota: number;
  }[];
}

export function setQuotaOverride(db: Db, regionId: number, levelId: number, quota: number | null, now: string): void {
  if (quota === null) prepared(db, 'DELETE FROM region_quota WHERE region_id = ? AND level_id = ?').run(regionId, levelId);
  else
    prepared(
      db,
      'INSERT INTO region_quota (region_id, level_id, quota, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (region_id, level_id) DO UPDATE SET quota = excluded.quota, updated_at = excluded.updated_at',
    ).run(regionId, levelId, quota, now);
}

export interface CandidateRow {
  personId: number;
  name: string;
  idNumber: string;
  phone: string | null;
  organizationName: string | null;
  practiceStart: string | null;
  supervisorId: number | null;
  supervisorLevelId: number | null;
}

/**
 * People of a region who could fill a gap: those not on the register (or whose appointment was
 * revoked), and active supervisors one level below (for promotion). Only people with a certificate.
 */
export function candidatePool(db: Db, regionId: number, lowerLevelId: number | null): CandidateRow[] {
  return prepared(
    db,
    `SELECT p.id AS personId, p.name, p.id_number AS idNumber, p.phone, o.name AS organizationName, p.practice_start AS practiceStart,
            s.id AS supervisorId, s.level_id AS supervisorLevelId
     FROM person p
     LEFT JOIN supervisor s ON s.person_id = p.id
     LEFT JOIN organization o ON o.id = p.organization_id
     WHERE p.region_id = ? AND EXISTS (SELECT 1 FROM certificate c WHERE c.person_id = p.id)
       AND (s.id IS NULL OR s.status = 'revoked' OR (s.status = 'active' AND s.level_id = ?))
     ORDER BY p.practice_start, p.id
     LIMIT 500`,
  ).all(regionId, lowerLevelId ?? -1) as CandidateRow[];
}
