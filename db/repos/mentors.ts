import { personNameOrder } from '../search-keys.ts';
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import type { MentorStatus } from '../../domain/index.ts';
import { byEngine, jsonArrayOf, joinedText } from '../engine/dialect.ts';

export interface MentorFields {
  baseId: number;
  personId: number;
  joinedOn: string;
  validUntil: string | null;
  status: MentorStatus;
}

export interface MentorRow extends MentorFields {
  id: number;
  personName: string;
  idNumber: string;
  phone: string | null;
  baseName: string;
  specialtyIds: number[];
  specialties: string[];
  version: number;
}

const SELECT = byEngine(
  (on) => `
  SELECT m.id, m.base_id AS baseId, b.name AS baseName, m.person_id AS personId, p.name AS personName, p.id_number AS idNumber, p.phone,
         m.joined_on AS joinedOn, m.valid_until AS validUntil, m.status, m.version,
         (SELECT ${jsonArrayOf(on, 's.service_field_id')} FROM mentor_specialty s WHERE s.mentor_id = m.id) AS specialtyIdsJson,
         (SELECT ${joinedText(on, 'f.name', '、')} FROM mentor_specialty s JOIN service_field f ON f.id = s.service_field_id WHERE s.mentor_id = m.id) AS specialtiesText
  FROM mentor m JOIN person p ON p.id = m.person_id JOIN training_base b ON b.id = m.base_id`,
);

type Raw = Omit<MentorRow, 'specialtyIds' | 'specialties'> & { specialtyIdsJson: string; specialtiesText: string | null };
const shape = ({ specialtyIdsJson, specialtiesText, ...rest }: Raw): MentorRow => ({
  ...rest,
  specialtyIds: (JSON.parse(specialtyIdsJson) as number[]).filter((x) => x !== null),
  specialties: specialtiesText ? specialtiesText.split('、') : [],
});

export function mentorsOfBase(db: Db, baseId: number): MentorRow[] {
  return (prepared(db, `${SELECT[db.engine]} WHERE m.base_id = ? ORDER BY m.status, ${personNameOrder('p')}`).all(baseId) as Raw[]).map(shape);
}

export function mentorshipsOfPerson(db: Db, personId: number): MentorRow[] {
  return (prepared(db, `${SELECT[db.engine]} WHERE m.person_id = ? ORDER BY b.name`).all(personId) as Raw[]).map(shape);
}

export function getMentor(db: Db, id: number): MentorRow | undefined {
  const row = prepared(db, `${SELECT[db.engine]} WHERE m.id = ?`).get(id) as Raw | undefined;
  return row && shape(row);
}

export function findMentor(db: Db, baseId: number, personId: number): { id: number } | undefined {
  return prepared(db, 'SELECT id FROM mentor WHERE base_id = ? AND person_id = ?').get(baseId, personId) as { id: number } | undefined;
}

export function insertMentor(db: Db, f: MentorFields, now: string): number {
  return Number(
    prepared(
      db,
      'INSERT INTO mentor (base_id, person_id, joined_on, valid_until, status, created_at, updated_at) VALUES (@baseId, @personId, @joinedOn, @validUntil, @status, @now, @now)',
    ).run({ ...f, now }).lastInsertRowid,
  );
}

export function updateMentor(db: Db, id: number, f: Pick<MentorFields, 'joinedOn' | 'validUntil' | 'status'>, now: string): void {
  prepared(
    db,
    'UPDATE mentor SET version = version + 1, joined_on = @joinedOn, valid_until = @validUntil, status = @status, updated_at = @now WHERE id = @id',
  ).run({ ...f, now, id });
}

export function setSpecialties(db: Db, mentorId: number, fieldIds: number[]): void {
  prepared(db, 'DELETE FROM mentor_specialty WHERE mentor_id = ?').run(mentorId);
  for (const id of fieldIds) prepared(db, 'INSERT INTO mentor_specialty (mentor_id, service_field_id) VALUES (?, ?)').run(mentorId, id);
}
