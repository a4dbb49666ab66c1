/** What the 镇区覆盖 forecast reads: the register, the supervisors' certificates, their dated changes and the open cycle's outcomes. */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import type { SupervisorStatus } from '../../domain/index.ts';

export interface ForecastSupervisorRow {
  id: number;
  personId: number;
  name: string;
  levelId: number;
  regionId: number;
  status: SupervisorStatus;
  validUntil: string;
}

/** Supervisors on the register now, and those with a change dated after `today` (a planned event may bring them back). */
export function forecastSupervisors(db: Db, today: string): ForecastSupervisorRow[] {
  return prepared(
    db,
    `SELECT s.id, s.person_id AS personId, p.name, s.level_id AS levelId, s.region_id AS regionId, s.status, s.valid_until AS validUntil
     FROM supervisor s JOIN person p ON p.id = s.person_id
     WHERE s.status = 'active' OR s.id IN (SELECT supervisor_id FROM supervisor_event WHERE effective_on > ?)`,
  ).all(today) as ForecastSupervisorRow[];
}

export interface ForecastCertificateRow {
  personId: number;
  level: 'worker' | 'assistant' | 'social_worker' | 'senior';
  issuedOn: string;
  validUntil: string | null;
}

/** The certificates of every supervisor's person (or of the given people). */
export function supervisorCertificates(db: Db, personIds?: readonly number[]): ForecastCertificateRow[] {
  const select = `SELECT c.person_id AS personId, c.level, c.issued_on AS issuedOn, c.registration_valid_until AS validUntil FROM certificate c`;
  if (personIds) {
    if (personIds.length === 0) return [];
    return prepared(db, `${select} WHERE c.person_id IN (${personIds.map((id) => Math.trunc(id)).join(', ')})`).all() as ForecastCertificateRow[];
  }
  return prepared(db, `${select} WHERE c.person_id IN (SELECT person_id FROM supervisor)`).all() as ForecastCertificateRow[];
}

export interface ForecastEventRow {
  supervisorId: number;
  kind: string;
  effectiveOn: string;
  levelId: number | null;
  regionId: number | null;
  status: SupervisorStatus | null;
  validUntil: string | null;
}

/** Every event of the supervisors that have one dated after `today`, in the order they take effect. */
export function eventsOfPlannedChanges(db: Db, today: string): ForecastEventRow[] {
  return prepared(
    db,
    `SELECT e.supervisor_id AS supervisorId, e.kind, e.effective_on AS effectiveOn, e.level_id AS levelId, e.region_id AS regionId, e.status, e.valid_until AS validUntil
     FROM supervisor_event e
     WHERE e.supervisor_id IN (SELECT supervisor_id FROM supervisor_event WHERE effective_on > ?)
     ORDER BY e.supervisor_id, e.effective_on, e.id`,
  ).all(today) as ForecastEventRow[];
}

/** Each review of a cycle with its outcome as it stands: the decision once made, else the proposal. */
export function cycleOutcomes(db: Db, cycleId: number): { supervisorId: number; outcome: 'pass' | 'conditional' | 'fail' }[] {
  return prepared(db, 'SELECT supervisor_id AS supervisorId, coalesce(decision, proposal) AS outcome FROM recert_review WHERE cycle_id = ?').all(cycleId) as {
    supervisorId: number;
    outcome: 'pass' | 'conditional' | 'fail';
  }[];
}
