import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { orderAndPage, Where, type ListParams } from '../paging.ts';
import type { CertificateLevel } from '../../domain/index.ts';

export type { CertificateLevel };

export interface CertificateFields {
  personId: number;
  level: CertificateLevel;
  number: string;
  issuedOn: string;
  registrationValidUntil: string;
  /** Entered by a user, or computed from the issue date by the registration rule. */
  registrationSource: 'entered' | 'computed';
}

export interface CertificateRow extends CertificateFields {
  id: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

const SELECT = `
  SELECT id, person_id AS personId, level, number, issued_on AS issuedOn,
         registration_valid_until AS registrationValidUntil, registration_source AS registrationSource,
         created_at AS createdAt, updated_at AS updatedAt, version
  FROM certificate`;

export function certificatesOfPerson(db: Db, personId: number): CertificateRow[] {
  return prepared(db, `${SELECT} WHERE person_id = ? ORDER BY issued_on DESC, id DESC`).all(personId) as CertificateRow[];
}

export function getCertificate(db: Db, id: number): CertificateRow | undefined {
  return prepared(db, `${SELECT} WHERE id = ?`).get(id) as CertificateRow | undefined;
}

export function findCertificateByNumber(db: Db, number: string): CertificateRow | undefined {
  return prepared(db, `${SELECT} WHERE number = ?`).get(number) as CertificateRow | undefined;
}

export function insertCertificate(db: Db, f: CertificateFields, now: string): number {
  const info = prepared(
    db,
    `INSERT INTO certificate (person_id, level, number, issued_on, registration_valid_until, registration_source, created_at, updated_at)
       VALUES (@personId, @level, @number, @issuedOn, @registrationValidUntil, @registrationSource, @now, @now)`,
  ).run({ ...f, now });
  return Number(info.lastInsertRowid);
}

export function updateCertificate(db: Db, id: number, f: Omit<CertificateFields, 'personId'>, now: string): void {
  prepared(
    db,
    `UPDATE certificate SET version = version + 1, level = @level, number = @number, issued_on = @issuedOn,
       registration_valid_until = @registrationValidUntil, registration_source = @registrationSource, updated_at = @now WHERE id = @id`,
  ).run({ ...f, now, id });
}

export interface ExpiringRow {
  id: number;
  personId: number;
  personName: string;
  idNumber: string;
  phone: string | null;
  organizationName: string | null;
  regionName: string | null;
  level: CertificateLevel;
  number: string;
  issuedOn: string;
  registrationValidUntil: string;
  registrationSource: 'entered' | 'computed';
}

const LEVEL_RANK = (alias: string) => `CASE ${alias}.level WHEN 'senior' THEN 4 WHEN 'social_worker' THEN 3 WHEN 'assistant' THEN 2 ELSE 1 END`;

/**
 * Each person's highest certificate whose registration ends within [from, through]: the
 * caller turns "window open" or "expired" into that date range.
 */
export function listRegistrationsEnding(
  db: Db,
  params: ListParams & { from: string | null; through: string; regionId?: number | undefined; organizationId?: number | undefined },
) {
  const where = new Where();
  where.add('c.registration_valid_until <= ?', params.through);
  if (params.from) where.add('c.registration_valid_until >= ?', params.from);
  where.add(`NOT EXISTS (SELECT 1 FROM certificate h WHERE h.person_id = c.person_id AND ${LEVEL_RANK('h')} > ${LEVEL_RANK('c')})`);
  if (params.regionId) where.add('p.region_id = ?', params.regionId);
  if (params.organizationId) where.add('p.organization_id = ?', params.organizationId);
  const byPerson = params.regionId || params.organizationId ? 'JOIN person p ON p.id = c.person_id' : '';
  const from = `FROM certificate c JOIN person p ON p.id = c.person_id LEFT JOIN organization o ON o.id = p.organization_id LEFT JOIN region r ON r.id = p.region_id ${where}`;
  const sort = {
    registrationValidUntil: 'c.registration_valid_until',
    personName: 'p.name_pinyin', // pinyin order (db/search-keys.ts)
    level: LEVEL_RANK('c'),
    regionName: 'r.name',
    organizationName: 'o.name',
  };
  const rows = prepared(
    db,
    `SELECT c.id, c.person_id AS personId, p.name AS personName, p.id_number AS idNumber, p.phone, o.name AS organizationName, r.name AS regionName,
            c.level, c.number, c.issued_on AS issuedOn, c.registration_valid_until AS registrationValidUntil, c.registration_source AS registrationSource
     ${from} ${orderAndPage(db, params, sort, 'c.registration_valid_until, c.id', 'c.id')}`,
  ).all(...where.params) as ExpiringRow[];
  // The count joins only what the filters need: every certificate has its person (a foreign key).
  const { total } = prepared(db, `SELECT count(*) AS total FROM certificate c ${byPerson} ${where}`).get(...where.params) as { total: number };
  return { rows, total };
}
