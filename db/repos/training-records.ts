import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { orderAndPage, type ListParams } from '../paging.ts';

export type RecordKind = 'session' | 'correction' | 'external';

export interface RecordFields {
  personId: number;
  categoryId: number;
  hours: number;
  earnedOn: string;
  kind: RecordKind;
  sessionId: number | null;
  enrolmentId: number | null;
  note: string | null;
  /** External training: who gave it. */
  provider?: string | null;
  /** Imported historical hours: the import (file) they came from, verified at import. */
  importId?: number | null;
  verifiedAt?: string | null;
  verifiedBy?: string | null;
}

export interface TrainingRecordRow extends RecordFields {
  id: number;
  categoryName: string;
  courseCode: string | null;
  courseTitle: string | null;
  baseName: string | null;
  sessionStartsAt: string | null;
  recordedAt: string;
  provider: string | null;
  /** External training checked by staff: when and by whom. */
  verifiedAt: string | null;
  verifiedBy: string | null;
  /** Imported historical hours: the import and its file. */
  importId: number | null;
  importFileName: string | null;
  importFileSha256: string | null;
  version: number;
}

export function insertRecord(db: Db, f: RecordFields, now: string): number {
  return Number(
    prepared(
      db,
      `INSERT INTO training_record (person_id, category_id, hours, earned_on, kind, session_id, enrolment_id, note, provider, import_id, verified_at, verified_by, recorded_at)
       VALUES (@personId, @categoryId, @hours, @earnedOn, @kind, @sessionId, @enrolmentId, @note, @provider, @importId, @verifiedAt, @verifiedBy, @now)`,
    ).run({ ...f, provider: f.provider ?? null, importId: f.importId ?? null, verifiedAt: f.verifiedAt ?? null, verifiedBy: f.verifiedBy ?? null, now })
      .lastInsertRowid,
  );
}

const SORT = { earnedOn: 't.earned_on', hours: 't.hours', categoryName: 'k.name' };

const SELECT = `SELECT t.id, t.person_id AS personId, t.category_id AS categoryId, k.name AS categoryName, t.hours, t.earned_on AS earnedOn, t.kind,
            t.session_id AS sessionId, t.enrolment_id AS enrolmentId, t.note, t.recorded_at AS recordedAt, t.provider,
            t.verified_at AS verifiedAt, t.verified_by AS verifiedBy, t.version,
            t.import_id AS importId, i.file_name AS importFileName, i.file_sha256 AS importFileSha256,
            c.code AS courseCode, c.title AS courseTitle, b.name AS baseName, s.starts_at AS sessionStartsAt
     FROM training_record t JOIN course_category k ON k.id = t.category_id
     LEFT JOIN training_session s ON s.id = t.session_id LEFT JOIN course c ON c.id = s.course_id LEFT JOIN training_base b ON b.id = s.base_id
     LEFT JOIN training_import i ON i.id = t.import_id`;

export function recordsOfPerson(db: Db, personId: number, params: ListParams) {
  const rows = prepared(db, `${SELECT} WHERE t.person_id = ? ${orderAndPage(db, params, SORT, 't.earned_on DESC, t.id DESC', 't.id')}`).all(
    personId,
  ) as TrainingRecordRow[];
  const total = prepared(db, 'SELECT count(*) FROM training_record WHERE person_id = ?').pluck().get(personId) as number;
  return { rows, total };
}

export function getRecord(db: Db, id: number): TrainingRecordRow | undefined {
  return prepared(db, `${SELECT} WHERE t.id = ?`).get(id) as TrainingRecordRow | undefined;
}

export function verifyRecord(db: Db, id: number, by: string, at: string): void {
  prepared(db, 'UPDATE training_record SET version = version + 1, verified_at = ?, verified_by = ? WHERE id = ?').run(at, by, id);
}

export function totalsOfPerson(db: Db, personId: number): { categoryName: string; hours: number }[] {
  return prepared(
    db,
    `SELECT k.name AS categoryName, sum(t.hours) AS hours FROM training_record t JOIN course_category k ON k.id = t.category_id
     WHERE t.person_id = ? GROUP BY k.id HAVING sum(t.hours) <> 0 ORDER BY k.rank`,
  ).all(personId) as { categoryName: string; hours: number }[];
}

export function creditedHours(db: Db, enrolmentId: number): number {
  return prepared(db, 'SELECT coalesce(sum(hours), 0) FROM training_record WHERE enrolment_id = ?').pluck().get(enrolmentId) as number;
}
