import { personNameOrder } from '../search-keys.ts';
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { containsPattern, orderAndPage, Where, type ListParams } from '../paging.ts';
import type { AccreditationStatus, BaseGrade } from '../../domain/index.ts';

export type { AccreditationStatus, BaseGrade };

export interface BaseFields {
  name: string;
  organizationId: number;
  regionId: number;
  address: string | null;
  capacity: number | null;
  facilities: string | null;
  grade: BaseGrade;
  accreditationStatus: AccreditationStatus;
  accreditedUntil: string | null;
}

export interface BaseRow extends BaseFields {
  id: number;
  organizationName: string;
  regionName: string;
  rooms: number;
  mentors: number;
  courses: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

const SELECT = `
  SELECT b.id, b.name, b.organization_id AS organizationId, o.name AS organizationName, b.region_id AS regionId, r.name AS regionName,
         b.address, b.capacity, b.facilities, b.grade, b.accreditation_status AS accreditationStatus, b.accredited_until AS accreditedUntil,
         (SELECT count(*) FROM room x WHERE x.base_id = b.id) AS rooms,
         (SELECT count(*) FROM mentor m WHERE m.base_id = b.id AND m.status = 'active') AS mentors,
         (SELECT count(*) FROM course c WHERE c.base_id = b.id AND c.status = 'active') AS courses,
         b.created_at AS createdAt, b.updated_at AS updatedAt, b.version
  FROM training_base b JOIN organization o ON o.id = b.organization_id JOIN region r ON r.id = b.region_id`;

const SORT = { name: 'b.name', regionName: 'r.name', grade: 'b.grade', accreditedUntil: 'b.accredited_until' };

export function listBases(db: Db, params: ListParams & { search?: string | undefined; onlyIds?: number[] | null; accreditedThrough?: string | undefined }) {
  const where = new Where();
  if (params.search) where.add(`(b.name LIKE ? ESCAPE '\\' OR o.name LIKE ? ESCAPE '\\')`, containsPattern(params.search), containsPattern(params.search));
  if (params.onlyIds) where.add(`b.id IN (${params.onlyIds.map(() => '?').join(', ') || 'NULL'})`, ...params.onlyIds);
  if (params.accreditedThrough) where.add("b.accredited_until <= ? AND b.accreditation_status IN ('accredited', 'provisional')", params.accreditedThrough);
  const rows = prepared(db, `${SELECT} ${where} ${orderAndPage(db, params, SORT, 'b.name', 'b.id')}`).all(...where.params) as BaseRow[];
  const { total } = prepared(db, `SELECT count(*) AS total FROM training_base b JOIN organization o ON o.id = b.organization_id ${where}`).get(
    ...where.params,
  ) as { total: number };
  return { rows, total };
}

export function getBase(db: Db, id: number): BaseRow | undefined {
  return prepared(db, `${SELECT} WHERE b.id = ?`).get(id) as BaseRow | undefined;
}

export function findBaseByName(db: Db, name: string): { id: number } | undefined {
  return prepared(db, 'SELECT id FROM training_base WHERE name = ?').get(name) as { id: number } | undefined;
}

export function insertBase(db: Db, f: BaseFields, now: string): number {
  return Number(
    prepared(
      db,
      `INSERT INTO training_base (name, organization_id, region_id, address, capacity, facilities, grade, accreditation_status, accredited_until, created_at, updated_at)
      VALUES (@name, @organizationId, @regionId, @address, @capacity, @facilities, @grade, @accreditationStatus, @accreditedUntil, @now, @now)`,
    ).run({ ...f, now }).lastInsertRowid,
  );
}

export function updateBase(db: Db, id: number, f: BaseFields, now: string): void {
  prepared(
    db,
    `UPDATE training_base SET version = version + 1, name = @name, organization_id = @organizationId, region_id = @regionId, address = @address, capacity = @capacity,
    facilities = @facilities, grade = @grade, accreditation_status = @accreditationStatus, accredited_until = @accreditedUntil, updated_at = @now WHERE id = @id`,
  ).run({ ...f, now, id });
}

export function baseCoordinators(db: Db, baseId: number): { personId: number; name: string }[] {
  return prepared(
    db,
    `SELECT p.id AS personId, p.name FROM base_coordinator c JOIN person p ON p.id = c.person_id WHERE c.base_id = ? ORDER BY ${personNameOrder('p')}`,
  ).all(baseId) as { personId: number; name: string }[];
}

export function setBaseCoordinators(db: Db, baseId: number, personIds: number[]): void {
  prepared(db, 'DELETE FROM base_coordinator WHERE base_id = ?').run(baseId);
  for (const personId of personIds) prepared(db, 'INSERT INTO base_coordinator (base_id, person_id) VALUES (?, ?)').run(baseId, personId);
}

// Rooms
export interface RoomRow {
  id: number;
  baseId: number;
  name: string;
  seats: number;
  version: number;
}

export function roomsOfBase(db: Db, baseId: number): RoomRow[] {
  return prepared(db, 'SELECT id, base_id AS baseId, name, seats, version FROM room WHERE base_id = ? ORDER BY name').all(baseId) as RoomRow[];
}

export function getRoom(db: Db, id: number): RoomRow | undefined {
  return prepared(db, 'SELECT id, base_id AS baseId, name, seats, version FROM room WHERE id = ?').get(id) as RoomRow | undefined;
}

export function findRoom(db: Db, baseId: number, name: string): RoomRow | undefined {
  return prepared(db, 'SELECT id, base_id AS baseId, name, seats, version FROM room WHERE base_id = ? AND name = ?').get(baseId, name) as RoomRow | undefined;
}

export function insertRoom(db: Db, f: { baseId: number; name: string; seats: number }, now: string): number {
  return Number(
    prepared(db, 'INSERT INTO room (base_id, name, seats, created_at, updated_at) VALUES (@baseId, @name, @seats, @now, @now)').run({ ...f, now })
      .lastInsertRowid,
  );
}

export function updateRoom(db: Db, id: number, f: { name: string; seats: number }, now: string): void {
  prepared(db, 'UPDATE room SET version = version + 1, name = @name, seats = @seats, updated_at = @now WHERE id = @id').run({ ...f, now, id });
}

// Configurable lists
export function serviceFields(db: Db): { id: number; name: string }[] {
  return prepared(db, 'SELECT id, name FROM service_field ORDER BY rank').all() as { id: number; name: string }[];
}

export function courseCategories(db: Db): { id: number; name: string }[] {
  return prepared(db, 'SELECT id, name FROM course_category ORDER BY rank').all() as { id: number; name: string }[];
}
