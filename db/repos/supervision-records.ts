/**
 * 督导记录 (issue 22, migration 0033): each supervision given, its time (wall-clock
 * `YYYY-MM-DDTHH:mm` like training_session), minutes (written by core), form, topic, and the
 * 督导对象 present (supervision_record_subject, from the supervisor's relationships), a person
 * among them with their organization on the record's date (服务履历).
 */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { containsPattern, orderAndPage, Where, type ListParams } from '../paging.ts';
import { byEngine, inJsonArray, jsonArrayOf, jsonObjectOf } from '../engine/dialect.ts';
import type { SupervisionForm } from '../../domain/index.ts';
import { organizationNameAsOfSql } from './service-history.ts';

export interface RecordSubject {
  relationshipId: number;
  name: string;
  personId: number | null;
  organizationId: number | null;
  /** A person's organization on the record's date (服务履历); null for an organization/project or a person without one. */
  organizationName: string | null;
}

export interface RecordFields {
  supervisorId: number;
  startsAt: string;
  endsAt: string;
  minutes: number;
  form: SupervisionForm;
  topic: string;
  summary: string | null;
  followUp: string | null;
  baseId: number | null;
}

export interface RecordRow extends RecordFields {
  id: number;
  supervisorName: string;
  supervisorPersonId: number;
  levelName: string;
  baseName: string | null;
  importId: number | null;
  subjects: RecordSubject[];
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

const SELECT = byEngine(
  (on) => `
  SELECT r.id, r.supervisor_id AS "supervisorId", sp.name AS "supervisorName", sv.person_id AS "supervisorPersonId", l.name AS "levelName",
         r.starts_at AS "startsAt", r.ends_at AS "endsAt", r.minutes, r.form, r.topic, r.summary, r.follow_up AS "followUp",
         r.base_id AS "baseId", b.name AS "baseName", r.import_id AS "importId", r.version,
         r.created_at AS "createdAt", r.updated_at AS "updatedAt", r.created_by AS "createdBy",
         (SELECT ${jsonArrayOf(on, jsonObjectOf(on, "'relationshipId', x.relationshipId, 'name', x.name, 'personId', x.personId, 'organizationId', x.organizationId, 'organizationName', x.organizationName"))}
            FROM (SELECT rel.id AS relationshipId, coalesce(p.name, o.name) AS name, rel.person_id AS personId, rel.organization_id AS organizationId,
                         CASE WHEN rel.person_id IS NOT NULL THEN ${organizationNameAsOfSql('p.id', 'substr(r.starts_at, 1, 10)', 'p.organization_id')} END AS organizationName
                    FROM supervision_record_subject s JOIN supervision_relationship rel ON rel.id = s.relationship_id
                    LEFT JOIN person p ON p.id = rel.person_id LEFT JOIN organization o ON o.id = rel.organization_id
                   WHERE s.record_id = r.id ORDER BY rel.id) x) AS "subjectsJson"
  FROM supervision_record r
  JOIN supervisor sv ON sv.id = r.supervisor_id
  JOIN person sp ON sp.id = sv.person_id
  JOIN supervisor_level l ON l.id = sv.level_id
  LEFT JOIN training_base b ON b.id = r.base_id`,
);

type Raw = Omit<RecordRow, 'subjects'> & { subjectsJson: string | null };
const shape = ({ subjectsJson, ...rest }: Raw): RecordRow => ({
  ...rest,
  subjects: subjectsJson ? (JSON.parse(subjectsJson) as RecordSubject[]) : [],
});

export interface RecordQuery extends ListParams {
  supervisorId?: number | undefined;
  /** Local dates, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  form?: SupervisionForm | undefined;
  search?: string | undefined;
  /** A coordinator's bases (null: every record). */
  baseIds?: number[] | null;
}

const SORT: Record<string, string> = {
  startsAt: 'r.starts_at',
  supervisorName: 'sp.name',
  minutes: 'r.minutes',
  form: 'r.form',
  topic: 'r.topic',
};

function recordWhere(db: Db, q: Omit<RecordQuery, keyof ListParams>): Where {
  const where = new Where();
  if (q.supervisorId !== undefined) where.add('r.supervisor_id = ?', q.supervisorId);
  if (q.from) where.add('r.starts_at >= ?', q.from);
  if (q.to) where.add('r.starts_at < ?', `${q.to}T99`);
  if (q.form) where.add('r.form = ?', q.form);
  if (q.search) {
    const pattern = containsPattern(q.search);
    where.add(`(r.topic LIKE ? ESCAPE '\\' OR sp.name LIKE ? ESCAPE '\\' OR r.summary LIKE ? ESCAPE '\\')`, pattern, pattern, pattern);
  }
  if (q.baseIds) where.add(inJsonArray(db, 'r.base_id', 'integer'), JSON.stringify(q.baseIds));
  return where;
}

export function listRecords(db: Db, q: RecordQuery): { rows: RecordRow[]; total: number } {
  const where = recordWhere(db, q);
  const rows = (prepared(db, `${SELECT[db.engine]} ${where} ${orderAndPage(db, q, SORT, 'r.starts_at DESC', 'r.id')}`).all(...where.params) as Raw[]).map(
    shape,
  );
  const total = prepared(
    db,
    `SELECT count(*) AS total FROM supervision_record r JOIN supervisor sv ON sv.id = r.supervisor_id JOIN person sp ON sp.id = sv.person_id ${where}`,
  )
    .pluck()
    .get(...where.params) as number;
  return { rows, total };
}

/** Every record a query matches, for the export (no paging). */
export function allRecords(db: Db, q: Omit<RecordQuery, keyof ListParams>): RecordRow[] {
  const where = recordWhere(db, q);
  return (prepared(db, `${SELECT[db.engine]} ${where} ORDER BY r.starts_at, r.id`).all(...where.params) as Raw[]).map(shape);
}

export function getRecord(db: Db, id: number): RecordRow | undefined {
  const row = prepared(db, `${SELECT[db.engine]} WHERE r.id = ?`).get(id) as Raw | undefined;
  return row && shape(row);
}

export function baseOfRecord(db: Db, id: number): number | null | undefined {
  return prepared(db, 'SELECT base_id FROM supervision_record WHERE id = ?').pluck().get(id) as number | null | undefined;
}

export function insertRecord(db: Db, f: RecordFields & { importId: number | null }, subjectIds: readonly number[], now: string, by: string): number {
  const info = prepared(
    db,
    `INSERT INTO supervision_record (supervisor_id, starts_at, ends_at, minutes, form, topic, summary, follow_up, base_id, import_id, created_at, updated_at, created_by)
       VALUES (@supervisorId, @startsAt, @endsAt, @minutes, @form, @topic, @summary, @followUp, @baseId, @importId, @now, @now, @by)`,
  ).run({ ...f, now, by });
  const id = Number(info.lastInsertRowid);
  setSubjects(db, id, subjectIds);
  return id;
}

export function updateRecord(db: Db, id: number, f: RecordFields, subjectIds: readonly number[], now: string): void {
  prepared(
    db,
    `UPDATE supervision_record SET version = version + 1, supervisor_id = @supervisorId, starts_at = @startsAt, ends_at = @endsAt, minutes = @minutes,
       form = @form, topic = @topic, summary = @summary, follow_up = @followUp, base_id = @baseId, updated_at = @now WHERE id = @id`,
  ).run({ ...f, now, id });
  setSubjects(db, id, subjectIds);
}

/** Replaces a record's subjects with these (only the rows that change are written, so the log shows the change). */
function setSubjects(db: Db, recordId: number, subjectIds: readonly number[]): void {
  const current = prepared(db, 'SELECT relationship_id FROM supervision_record_subject WHERE record_id = ?').pluck().all(recordId) as number[];
  for (const id of current)
    if (!subjectIds.includes(id)) prepared(db, 'DELETE FROM supervision_record_subject WHERE record_id = ? AND relationship_id = ?').run(recordId, id);
  for (const id of subjectIds)
    if (!current.includes(id)) prepared(db, 'INSERT INTO supervision_record_subject (record_id, relationship_id) VALUES (?, ?)').run(recordId, id);
}

export function deleteRecord(db: Db, id: number): void {
  prepared(db, 'DELETE FROM supervision_record_subject WHERE record_id = ?').run(id);
  prepared(db, 'DELETE FROM supervision_record WHERE id = ?').run(id);
}

/** A supervision import (supervision_record.import_id) has no table of its own: the next id after those used. */
export function nextImportId(db: Db): number {
  return ((prepared(db, 'SELECT max(import_id) FROM supervision_record').pluck().get() as number | null) ?? 0) + 1;
}

/** Supervisors whose person has one of these names, with their 身份证号 (the import matches by name, then by number). */
export function supervisorsNamed(db: Db, names: readonly string[]): { id: number; personId: number; name: string; idNumber: string }[] {
  if (!names.length) return [];
  return prepared(
    db,
    `SELECT sv.id, sv.person_id AS "personId", p.name, p.id_number AS "idNumber" FROM person p JOIN supervisor sv ON sv.person_id = p.id
      WHERE ${inJsonArray(db, 'p.name', 'text')}`,
  ).all(JSON.stringify(names)) as { id: number; personId: number; name: string; idNumber: string }[];
}

/** The supervisor's record with exactly these times (an import of the same row again). */
export function sameRecord(db: Db, supervisorId: number, startsAt: string, endsAt: string): { id: number; importId: number | null } | undefined {
  return prepared(db, 'SELECT id, import_id AS "importId" FROM supervision_record WHERE supervisor_id = ? AND starts_at = ? AND ends_at = ? LIMIT 1').get(
    supervisorId,
    startsAt,
    endsAt,
  ) as { id: number; importId: number | null } | undefined;
}
