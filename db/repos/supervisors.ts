import type Database from 'better-sqlite3';
import { prepared } from '../statements.ts';
import { orderAndPage, Where, type ListParams } from '../paging.ts';
import { addPersonSearch } from './people.ts';

export type SupervisorStatus = 'active' | 'suspended' | 'expired' | 'revoked';

export interface SupervisorLevelRow {
  id: number;
  name: string;
  rank: number;
}

export interface SupervisorFields {
  personId: number;
  levelId: number;
  regionId: number;
  appointedOn: string;
  validUntil: string;
  status: SupervisorStatus;
}

export interface SupervisorRow extends SupervisorFields {
  id: number;
  personName: string;
  idNumber: string;
  phone: string | null;
  organizationName: string | null;
  levelName: string;
  levelRank: number;
  regionName: string;
  createdAt: string;
  updatedAt: string;
}

export interface SupervisorEventRow {
  id: number;
  supervisorId: number;
  kind: string;
  effectiveOn: string;
  levelId: number | null;
  levelName: string | null;
  status: SupervisorStatus | null;
  validUntil: string | null;
  reason: string | null;
  actorName: string;
  recordedAt: string;
}

export function supervisorLevels(db: Database.Database): SupervisorLevelRow[] {
  return prepared(db, 'SELECT id, name, rank FROM supervisor_level ORDER BY rank').all() as SupervisorLevelRow[];
}

export function getSupervisorLevel(db: Database.Database, id: number): SupervisorLevelRow | undefined {
  return prepared(db, 'SELECT id, name, rank FROM supervisor_level WHERE id = ?').get(id) as SupervisorLevelRow | undefined;
}

const SELECT = `
  SELECT s.id, s.person_id AS personId, s.level_id AS levelId, s.region_id AS regionId,
         s.appointed_on AS appointedOn, s.valid_until AS validUntil, s.status,
         p.name AS personName, p.id_number AS idNumber, p.phone, o.name AS organizationName,
         l.name AS levelName, l.rank AS levelRank, r.name AS regionName,
         s.created_at AS createdAt, s.updated_at AS updatedAt
  FROM supervisor s
  JOIN person p ON p.id = s.person_id
  JOIN supervisor_level l ON l.id = s.level_id
  JOIN region r ON r.id = s.region_id
  LEFT JOIN organization o ON o.id = p.organization_id`;

const SORT = {
  personName: 'p.name',
  idNumber: 'p.id_number',
  levelName: 'l.rank',
  regionName: 'r.name',
  appointedOn: 's.appointed_on',
  validUntil: 's.valid_until',
  status: 's.status',
};

export interface SupervisorFilter {
  search?: string | undefined;
  levelId?: number | undefined;
  regionId?: number | undefined;
  status?: SupervisorStatus | undefined;
}

export function listSupervisors(db: Database.Database, params: ListParams & SupervisorFilter) {
  const where = new Where();
  if (params.search) addPersonSearch(where, params.search);
  if (params.levelId) where.add('s.level_id = ?', params.levelId);
  if (params.regionId) where.add('s.region_id = ?', params.regionId);
  if (params.status) where.add('s.status = ?', params.status);
  const rows = prepared(db, `${SELECT} ${where} ${orderAndPage(params, SORT, 's.id DESC')}`).all(...where.params) as SupervisorRow[];
  const { total } = prepared(db, `SELECT count(*) AS total FROM supervisor s JOIN person p ON p.id = s.person_id ${where}`)
    .get(...where.params) as { total: number };
  return { rows, total };
}

export function getSupervisor(db: Database.Database, id: number): SupervisorRow | undefined {
  return prepared(db, `${SELECT} WHERE s.id = ?`).get(id) as SupervisorRow | undefined;
}

export function findSupervisorByPerson(db: Database.Database, personId: number): SupervisorRow | undefined {
  return prepared(db, `${SELECT} WHERE s.person_id = ?`).get(personId) as SupervisorRow | undefined;
}

export function insertSupervisor(db: Database.Database, f: SupervisorFields, now: string): number {
  const info = prepared(db, 
      `INSERT INTO supervisor (person_id, level_id, region_id, appointed_on, valid_until, status, created_at, updated_at)
       VALUES (@personId, @levelId, @regionId, @appointedOn, @validUntil, @status, @now, @now)`,
    )
    .run({ ...f, now });
  return Number(info.lastInsertRowid);
}

export interface SupervisorEventFields {
  supervisorId: number;
  kind: string;
  effectiveOn: string;
  levelId: number | null;
  status: SupervisorStatus | null;
  validUntil: string | null;
  reason: string | null;
  actorName: string;
}

export function insertSupervisorEvent(db: Database.Database, f: SupervisorEventFields, now: string): number {
  const info = prepared(db, 
      `INSERT INTO supervisor_event (supervisor_id, kind, effective_on, level_id, status, valid_until, reason, actor_name, recorded_at)
       VALUES (@supervisorId, @kind, @effectiveOn, @levelId, @status, @validUntil, @reason, @actorName, @now)`,
    )
    .run({ ...f, now });
  return Number(info.lastInsertRowid);
}

export function supervisorEvents(db: Database.Database, supervisorId: number): SupervisorEventRow[] {
  return prepared(db, 
      `SELECT e.id, e.supervisor_id AS supervisorId, e.kind, e.effective_on AS effectiveOn, e.level_id AS levelId,
              l.name AS levelName, e.status, e.valid_until AS validUntil, e.reason, e.actor_name AS actorName,
              e.recorded_at AS recordedAt
       FROM supervisor_event e LEFT JOIN supervisor_level l ON l.id = e.level_id
       WHERE e.supervisor_id = ? ORDER BY e.effective_on DESC, e.id DESC`,
    )
    .all(supervisorId) as SupervisorEventRow[];
}
