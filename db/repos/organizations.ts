import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { containsPattern, orderAndPage, Where, type ListParams } from '../paging.ts';
import type { OrganizationKind } from '../../domain/index.ts';

export type { OrganizationKind };

export interface OrganizationFields {
  name: string;
  kind: OrganizationKind;
  creditCode: string | null;
  regionId: number | null;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
}

export interface OrganizationRow extends OrganizationFields {
  id: number;
  regionName: string | null;
  peopleCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

const SELECT = `
  SELECT o.id, o.name, o.kind, o.credit_code AS creditCode, o.region_id AS regionId, r.name AS regionName,
         o.address, o.contact_name AS contactName, o.contact_phone AS contactPhone,
         (SELECT count(*) FROM person p WHERE p.organization_id = o.id) AS peopleCount,
         o.created_at AS createdAt, o.updated_at AS updatedAt, o.version
  FROM organization o LEFT JOIN region r ON r.id = o.region_id`;

const SORT = { name: 'o.name', kind: 'o.kind', regionName: 'r.name', createdAt: 'o.created_at' };

export function listOrganizations(db: Db, params: ListParams & { search?: string | undefined; regionId?: number | undefined; kind?: string | undefined }) {
  const where = new Where();
  if (params.search) where.add(`o.name LIKE ? ESCAPE '\\'`, containsPattern(params.search));
  if (params.regionId) where.add('o.region_id = ?', params.regionId);
  if (params.kind) where.add('o.kind = ?', params.kind);
  const rows = prepared(db, `${SELECT} ${where} ${orderAndPage(db, params, SORT, 'o.name', 'o.id')}`).all(...where.params) as OrganizationRow[];
  const { total } = prepared(db, `SELECT count(*) AS total FROM organization o ${where}`).get(...where.params) as { total: number };
  return { rows, total };
}

export function organizationOptions(db: Db): { id: number; name: string }[] {
  return prepared(db, 'SELECT id, name FROM organization ORDER BY name').all() as { id: number; name: string }[];
}

export function getOrganization(db: Db, id: number): OrganizationRow | undefined {
  return prepared(db, `${SELECT} WHERE o.id = ?`).get(id) as OrganizationRow | undefined;
}

export function findOrganizationByName(db: Db, name: string): { id: number } | undefined {
  return prepared(db, 'SELECT id FROM organization WHERE name = ?').get(name) as { id: number } | undefined;
}

export function findOrganizationByCreditCode(db: Db, code: string): { id: number; name: string } | undefined {
  return prepared(db, 'SELECT id, name FROM organization WHERE credit_code = ?').get(code) as { id: number; name: string } | undefined;
}

const COLUMNS =
  'name = @name, kind = @kind, credit_code = @creditCode, region_id = @regionId, address = @address, contact_name = @contactName, contact_phone = @contactPhone';

export function insertOrganization(db: Db, f: OrganizationFields, now: string): number {
  const info = prepared(
    db,
    `INSERT INTO organization (name, kind, credit_code, region_id, address, contact_name, contact_phone, created_at, updated_at)
       VALUES (@name, @kind, @creditCode, @regionId, @address, @contactName, @contactPhone, @now, @now)`,
  ).run({ ...f, now });
  return Number(info.lastInsertRowid);
}

export function updateOrganization(db: Db, id: number, f: OrganizationFields, now: string): void {
  prepared(db, `UPDATE organization SET version = version + 1, ${COLUMNS}, updated_at = @now WHERE id = @id`).run({ ...f, now, id });
}
