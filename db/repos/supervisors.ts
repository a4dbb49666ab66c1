import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { insertRows, ROWS_PER_INSERT } from '../multi-row-insert.ts';
import { orderAndPage, rowsByIds, Where, type ListParams } from '../paging.ts';
import { addPersonSearch } from './people.ts';

import type { SupervisorStatus } from '../../domain/index.ts';

export interface LevelConditions {
  /** Lowest 职业水平证书 level required, or null for none. */
  minCertificateLevel: 'worker' | 'assistant' | 'social_worker' | 'senior' | null;
  minPracticeYears: number;
  /** Years as an active supervisor at the level directly below. */
  minYearsAtLower: number;
}

export interface SupervisorLevelRow extends LevelConditions {
  id: number;
  name: string;
  rank: number;
  version: number;
}

const LEVEL_SELECT = `SELECT id, name, rank, min_certificate_level AS minCertificateLevel, min_practice_years AS minPracticeYears,
  min_years_at_lower AS minYearsAtLower, version FROM supervisor_level`;

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
  version: number;
}

export interface SupervisorEventRow {
  id: number;
  regionId: number | null;
  regionName: string | null;
  overrideReason: string | null;
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
  /** The 年度再审核 whose closing wrote this event, if one did. */
  cycleId: number | null;
  cycleYear: number | null;
}

export function supervisorLevels(db: Db): SupervisorLevelRow[] {
  return prepared(db, `${LEVEL_SELECT} ORDER BY rank`).all() as SupervisorLevelRow[];
}

export function getSupervisorLevel(db: Db, id: number): SupervisorLevelRow | undefined {
  return prepared(db, `${LEVEL_SELECT} WHERE id = ?`).get(id) as SupervisorLevelRow | undefined;
}

export function findLevelByName(db: Db, name: string): SupervisorLevelRow | undefined {
  return prepared(db, `${LEVEL_SELECT} WHERE name = ?`).get(name) as SupervisorLevelRow | undefined;
}

export function insertLevel(db: Db, f: { name: string } & LevelConditions, now: string): number {
  const rank = (prepared(db, 'SELECT coalesce(max(rank), 0) + 1 AS r FROM supervisor_level').get() as { r: number }).r;
  return Number(
    prepared(
      db,
      `INSERT INTO supervisor_level (name, rank, min_certificate_level, min_practice_years, min_years_at_lower, created_at, updated_at)
      VALUES (@name, @rank, @minCertificateLevel, @minPracticeYears, @minYearsAtLower, @now, @now)`,
    ).run({ ...f, rank, now }).lastInsertRowid,
  );
}

export function updateLevel(db: Db, id: number, f: { name: string } & LevelConditions, now: string): void {
  prepared(
    db,
    `UPDATE supervisor_level SET version = version + 1, name = @name, min_certificate_level = @minCertificateLevel, min_practice_years = @minPracticeYears,
    min_years_at_lower = @minYearsAtLower, updated_at = @now WHERE id = @id`,
  ).run({ ...f, id, now });
}

/** Exchanges two levels' places on the ladder (rank is unique, so through a free value). */
export function swapLevelRanks(db: Db, a: SupervisorLevelRow, b: SupervisorLevelRow, now: string): void {
  const set = prepared(db, 'UPDATE supervisor_level SET version = version + 1, rank = ?, updated_at = ? WHERE id = ?');
  set.run(-a.id, now, a.id);
  set.run(a.rank, now, b.id);
  set.run(b.rank, now, a.id);
}

const SELECT = `
  SELECT s.id, s.person_id AS personId, s.level_id AS levelId, s.region_id AS regionId,
         s.appointed_on AS appointedOn, s.valid_until AS validUntil, s.status,
         p.name AS personName, p.id_number AS idNumber, p.phone, o.name AS organizationName,
         l.name AS levelName, l.rank AS levelRank, r.name AS regionName,
         s.created_at AS createdAt, s.updated_at AS updatedAt, s.version
  FROM supervisor s
  JOIN person p ON p.id = s.person_id
  JOIN supervisor_level l ON l.id = s.level_id
  JOIN region r ON r.id = s.region_id
  LEFT JOIN organization o ON o.id = p.organization_id`;

const SORT = {
  personName: 'p.name_pinyin', // pinyin order (db/search-keys.ts)
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
  /** Appointments whose 有效期至 falls in this range (inclusive dates). */
  validUntilFrom?: string | undefined;
  validUntilThrough?: string | undefined;
}

export function listSupervisors(db: Db, params: ListParams & SupervisorFilter) {
  const where = new Where();
  if (params.search) addPersonSearch(db, where, params.search);
  if (params.levelId) where.add('s.level_id = ?', params.levelId);
  if (params.regionId) where.add('s.region_id = ?', params.regionId);
  if (params.status) where.add('s.status = ?', params.status);
  if (params.validUntilFrom) where.add('s.valid_until >= ?', params.validUntilFrom);
  if (params.validUntilThrough) where.add('s.valid_until <= ?', params.validUntilThrough);
  // The page's ids first, joining only what the filter and sort read (sorting 8,000 narrow rows), then the details of those 100.
  const sortColumn = SORT[params.sortField as keyof typeof SORT] ?? '';
  const joins = [
    params.search || sortColumn.startsWith('p.') ? 'JOIN person p ON p.id = s.person_id' : '',
    sortColumn.startsWith('l.') ? 'JOIN supervisor_level l ON l.id = s.level_id' : '',
    sortColumn.startsWith('r.') ? 'JOIN region r ON r.id = s.region_id' : '',
  ].join(' ');
  const ids = prepared(db, `SELECT s.id FROM supervisor s ${joins} ${where} ${orderAndPage(db, params, SORT, 's.id DESC', 's.id')}`)
    .pluck()
    .all(...where.params) as number[];
  const rows = rowsByIds<SupervisorRow>(db, SELECT, 's.id', ids);
  // The person only when the search needs it: joined, SQLite (without statistics) walks all 100,000 people to count 8,000 supervisors.
  const { total } = prepared(db, `SELECT count(*) AS total FROM supervisor s ${params.search ? 'JOIN person p ON p.id = s.person_id' : ''} ${where}`).get(
    ...where.params,
  ) as { total: number };
  return { rows, total };
}

export function getSupervisor(db: Db, id: number): SupervisorRow | undefined {
  return prepared(db, `${SELECT} WHERE s.id = ?`).get(id) as SupervisorRow | undefined;
}

export function findSupervisorByPerson(db: Db, personId: number): SupervisorRow | undefined {
  return prepared(db, `${SELECT} WHERE s.person_id = ?`).get(personId) as SupervisorRow | undefined;
}

export function insertSupervisor(db: Db, f: SupervisorFields, now: string): number {
  const info = prepared(
    db,
    `INSERT INTO supervisor (person_id, level_id, region_id, appointed_on, valid_until, status, created_at, updated_at)
       VALUES (@personId, @levelId, @regionId, @appointedOn, @validUntil, @status, @now, @now)`,
  ).run({ ...f, now });
  return Number(info.lastInsertRowid);
}

/** An appointment's new state, as a change writes it on the supervisor row. */
export interface SupervisorState {
  levelId: number;
  regionId: number;
  validUntil: string;
  status: SupervisorStatus;
}

/**
 * Writes appointments' new states, several hundred to a statement (a closing re-review changes
 * every supervisor: one statement each was a round trip each on PostgreSQL); the caller records
 * the events that explain them. VALUES names its columns column1… on both engines; the casts
 * give PostgreSQL the types its parameters would otherwise lack.
 */
export function updateSupervisorStates(db: Db, states: readonly (SupervisorState & { id: number })[], now: string): void {
  const tuple = '(CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS TEXT))';
  for (let start = 0; start < states.length; start += ROWS_PER_INSERT) {
    const chunk = states.slice(start, start + ROWS_PER_INSERT);
    prepared(
      db,
      `UPDATE supervisor SET version = version + 1, level_id = v.column2, region_id = v.column3, valid_until = v.column4, status = v.column5, updated_at = ?
       FROM (VALUES ${Array(chunk.length).fill(tuple).join(', ')}) AS v WHERE supervisor.id = v.column1`,
    ).run(now, ...chunk.flatMap((s) => [s.id, s.levelId, s.regionId, s.validUntil, s.status]));
  }
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
  /** The state after the event: every event records the whole appointment as it then stood. */
  regionId?: number | null;
  /** Why the appointment went ahead although entry conditions were not met. */
  overrideReason?: string | null;
  /** The re-certification cycle whose decision this event applies. */
  cycleId?: number | null;
}

export function insertSupervisorEvent(db: Db, f: SupervisorEventFields, now: string): number {
  const info = prepared(
    db,
    `INSERT INTO supervisor_event ${EVENT_COLUMNS}
       VALUES (@supervisorId, @kind, @effectiveOn, @levelId, @status, @validUntil, @regionId, @reason, @overrideReason, @cycleId, @actorName, @now)`,
  ).run({ regionId: null, overrideReason: null, cycleId: null, ...f, now });
  return Number(info.lastInsertRowid);
}

const EVENT_COLUMNS =
  '(supervisor_id, kind, effective_on, level_id, status, valid_until, region_id, reason, override_reason, cycle_id, actor_name, recorded_at)';

/** Events in their order, several hundred to a statement (db/multi-row-insert.ts). */
export function insertSupervisorEvents(db: Db, events: readonly SupervisorEventFields[], now: string): void {
  insertRows(
    db,
    `INSERT INTO supervisor_event ${EVENT_COLUMNS}`,
    events.map((f) => [
      f.supervisorId,
      f.kind,
      f.effectiveOn,
      f.levelId,
      f.status,
      f.validUntil,
      f.regionId ?? null,
      f.reason,
      f.overrideReason ?? null,
      f.cycleId ?? null,
      f.actorName,
      now,
    ]),
  );
}

/** Supervisors by id, in the order asked (an id without a supervisor is left out). */
export function supervisorsByIds(db: Db, ids: number[]): SupervisorRow[] {
  return rowsByIds<SupervisorRow>(db, SELECT, 's.id', ids).filter(Boolean);
}

export function supervisorEvents(db: Db, supervisorId: number): SupervisorEventRow[] {
  return prepared(
    db,
    `SELECT e.id, e.supervisor_id AS supervisorId, e.kind, e.effective_on AS effectiveOn, e.level_id AS levelId,
              l.name AS levelName, e.status, e.valid_until AS validUntil, e.reason, e.actor_name AS actorName,
              e.recorded_at AS recordedAt, e.region_id AS regionId, r.name AS regionName, e.override_reason AS overrideReason,
              e.cycle_id AS cycleId, (SELECT y.year FROM recert_cycle y WHERE y.id = e.cycle_id) AS cycleYear
       FROM supervisor_event e LEFT JOIN supervisor_level l ON l.id = e.level_id LEFT JOIN region r ON r.id = e.region_id
       WHERE e.supervisor_id = ? ORDER BY e.effective_on DESC, e.id DESC`,
  ).all(supervisorId) as SupervisorEventRow[];
}
