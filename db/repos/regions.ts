import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { containsPattern, orderAndPage, Where, type ListParams } from '../paging.ts';
import type { RegionLevel } from '../../domain/index.ts';

export type { RegionLevel };

export interface RegionRow {
  id: number;
  code: string;
  name: string;
  level: RegionLevel;
  parentId: number | null;
  parentName: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface RegionFields {
  code: string;
  name: string;
  level: RegionLevel;
  parentId: number | null;
}

const SELECT = `
  SELECT r.id, r.code, r.name, r.level, r.parent_id AS parentId, p.name AS parentName,
         r.created_at AS createdAt, r.updated_at AS updatedAt, r.version
  FROM region r LEFT JOIN region p ON p.id = r.parent_id`;

const SORT = { code: 'r.code', name: 'r.name', level: 'r.level', parentName: 'p.name' };

export function listRegions(db: Db, params: ListParams & { search?: string | undefined; parentId?: number | undefined }) {
  const where = new Where();
  if (params.search) where.add(`(r.name LIKE ? ESCAPE '\\' OR r.code LIKE ? ESCAPE '\\')`, containsPattern(params.search), containsPattern(params.search));
  if (params.parentId) where.add('r.parent_id = ?', params.parentId);
  const rows = prepared(db, `${SELECT} ${where} ${orderAndPage(db, params, SORT, 'r.code', 'r.id')}`).all(...where.params) as RegionRow[];
  const { total } = prepared(db, `SELECT count(*) AS total FROM region r ${where}`).get(...where.params) as { total: number };
  return { rows, total };
}

export function allRegions(db: Db): RegionRow[] {
  return prepared(db, `${SELECT} ORDER BY r.code`).all() as RegionRow[];
}

export function getRegion(db: Db, id: number): RegionRow | undefined {
  return prepared(db, `${SELECT} WHERE r.id = ?`).get(id) as RegionRow | undefined;
}

export function findRegionByCode(db: Db, code: string): RegionRow | undefined {
  return prepared(db, `${SELECT} WHERE r.code = ?`).get(code) as RegionRow | undefined;
}

/** True when `ancestorId` is `id` itself or above it in the tree (guards against cycles). */
export function isSameOrAncestor(db: Db, ancestorId: number, id: number): boolean {
  const row = prepared(
    db,
    `WITH RECURSIVE up(id, parent_id) AS (
         SELECT id, parent_id FROM region WHERE id = ?
         UNION ALL SELECT r.id, r.parent_id FROM region r JOIN up ON r.id = up.parent_id)
       SELECT 1 AS hit FROM up WHERE id = ?`,
  ).get(id, ancestorId);
  return row !== undefined;
}

export function insertRegion(db: Db, f: RegionFields, now: string): number {
  const info = prepared(db, 'INSERT INTO region (code, name, level, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    f.code,
    f.name,
    f.level,
    f.parentId,
    now,
    now,
  );
  return Number(info.lastInsertRowid);
}

export function updateRegion(db: Db, id: number, f: RegionFields, now: string): void {
  prepared(db, 'UPDATE region SET version = version + 1, code = ?, name = ?, level = ?, parent_id = ?, updated_at = ? WHERE id = ?').run(
    f.code,
    f.name,
    f.level,
    f.parentId,
    now,
    id,
  );
}
