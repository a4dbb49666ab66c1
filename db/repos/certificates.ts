import type Database from 'better-sqlite3';
import { prepared } from '../statements.ts';

export type CertificateLevel = 'worker' | 'assistant' | 'social_worker' | 'senior';

export interface CertificateFields {
  personId: number;
  level: CertificateLevel;
  number: string;
  issuedOn: string;
  registrationValidUntil: string | null;
}

export interface CertificateRow extends CertificateFields {
  id: number;
  createdAt: string;
  updatedAt: string;
}

const SELECT = `
  SELECT id, person_id AS personId, level, number, issued_on AS issuedOn,
         registration_valid_until AS registrationValidUntil, created_at AS createdAt, updated_at AS updatedAt
  FROM certificate`;

export function certificatesOfPerson(db: Database.Database, personId: number): CertificateRow[] {
  return prepared(db, `${SELECT} WHERE person_id = ? ORDER BY issued_on DESC, id DESC`).all(personId) as CertificateRow[];
}

export function getCertificate(db: Database.Database, id: number): CertificateRow | undefined {
  return prepared(db, `${SELECT} WHERE id = ?`).get(id) as CertificateRow | undefined;
}

export function findCertificateByNumber(db: Database.Database, number: string): CertificateRow | undefined {
  return prepared(db, `${SELECT} WHERE number = ?`).get(number) as CertificateRow | undefined;
}

export function insertCertificate(db: Database.Database, f: CertificateFields, now: string): number {
  const info = prepared(db, 
      `INSERT INTO certificate (person_id, level, number, issued_on, registration_valid_until, created_at, updated_at)
       VALUES (@personId, @level, @number, @issuedOn, @registrationValidUntil, @now, @now)`,
    )
    .run({ ...f, now });
  return Number(info.lastInsertRowid);
}

export function updateCertificate(db: Database.Database, id: number, f: Omit<CertificateFields, 'personId'>, now: string): void {
  prepared(db, 
    `UPDATE certificate SET level = @level, number = @number, issued_on = @issuedOn,
       registration_valid_until = @registrationValidUntil, updated_at = @now WHERE id = @id`,
  ).run({ ...f, now, id });
}
