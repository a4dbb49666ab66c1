/**
 * 督导关系 (issue 22, migration 0033): a supervisor's 督导对象, a person or an
 * organization/project, with its form and dates. Versioned like the other records (0027).
 */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { Where } from '../paging.ts';
import type { SupervisionForm } from '../../domain/index.ts';
import { organizationNameAsOfSql } from './service-history.ts';

export interface RelationshipRow {
  id: number;
  supervisorId: number;
  supervisorPersonId: number;
  supervisorName: string;
  levelId: number;
  levelName: string;
  personId: number | null;
  organizationId: number | null;
  /** The 督导对象's name: the person's or the organization's. */
  subjectName: string;
  /** For a person: their organization's name, if any; for an ended relationship, where they were on its last day (服务履历). */
  subjectOrganizationName: string | null;
  form: SupervisionForm;
  startsOn: string;
  endsOn: string | null;
  agreementRef: string | null;
  note: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface RelationshipFields {
  supervisorId: number;
  personId: number | null;
  organizationId: number | null;
  form: SupervisionForm;
  startsOn: string;
  endsOn: string | null;
  agreementRef: string | null;
  note: string | null;
}

const SELECT = `
  SELECT r.id, r.supervisor_id AS "supervisorId", sv.person_id AS "supervisorPersonId", sp.name AS "supervisorName",
         sv.level_id AS "levelId", l.name AS "levelName", r.person_id AS "personId", r.organization_id AS "organizationId",
         coalesce(p.name, o.name) AS "subjectName",
         CASE WHEN r.ends_on IS NULL THEN po.name ELSE ${organizationNameAsOfSql('p.id', 'r.ends_on', 'p.organization_id')} END AS "subjectOrganizationName",
         r.form, r.starts_on AS "startsOn", r.ends_on AS "endsOn", r.agreement_ref AS "agreementRef", r.note, r.version,
         r.created_at AS "createdAt", r.updated_at AS "updatedAt"
  FROM supervision_relationship r
  JOIN supervisor sv ON sv.id = r.supervisor_id
  JOIN person sp ON sp.id = sv.person_id
  JOIN supervisor_level l ON l.id = sv.level_id
  LEFT JOIN person p ON p.id = r.person_id
  LEFT JOIN organization po ON po.id = p.organization_id
  LEFT JOIN organization o ON o.id = r.organization_id`;

export interface RelationshipQuery {
  supervisorId?: number | undefined;
  personId?: number | undefined;
  organizationId?: number | undefined;
}

/** Relationships, current ones (no end, or a later one) first, then by start, newest first. */
export function listRelationships(db: Db, q: RelationshipQuery): RelationshipRow[] {
  const where = new Where();
  if (q.supervisorId !== undefined) where.add('r.supervisor_id = ?', q.supervisorId);
  if (q.personId !== undefined) where.add('r.person_id = ?', q.personId);
  if (q.organizationId !== undefined) where.add('r.organization_id = ?', q.organizationId);
  return prepared(db, `${SELECT} ${where} ORDER BY r.ends_on IS NOT NULL, r.ends_on DESC, r.starts_on DESC, r.id DESC`).all(
    ...where.params,
  ) as RelationshipRow[];
}

export function getRelationship(db: Db, id: number): RelationshipRow | undefined {
  return prepared(db, `${SELECT} WHERE r.id = ?`).get(id) as RelationshipRow | undefined;
}

export function relationshipsByIds(db: Db, ids: readonly number[]): RelationshipRow[] {
  if (!ids.length) return [];
  return ids.map((id) => getRelationship(db, id)).filter((r): r is RelationshipRow => r !== undefined);
}

/**
 * The supervisor's relationships whose period meets [startsOn, endsOn] (endsOn null: open), other
 * than `excludeId`: the load a new or extended relationship adds to.
 */
export function overlappingLoad(db: Db, supervisorId: number, startsOn: string, endsOn: string | null, excludeId: number | null): number {
  return prepared(
    db,
    `SELECT count(*) AS n FROM supervision_relationship
      WHERE supervisor_id = @supervisorId AND (ends_on IS NULL OR ends_on >= @startsOn)
        AND (CAST(@endsOn AS TEXT) IS NULL OR starts_on <= @endsOn) AND id IS DISTINCT FROM @excludeId`,
  )
    .pluck()
    .get({ supervisorId, startsOn, endsOn, excludeId }) as number;
}

/** The same supervisor and 督导对象 in a relationship whose period meets this one's. */
export function sameSubjectOverlapping(
  db: Db,
  f: Pick<RelationshipFields, 'supervisorId' | 'personId' | 'organizationId' | 'startsOn' | 'endsOn'>,
  excludeId: number | null,
): { id: number; startsOn: string; endsOn: string | null } | undefined {
  return prepared(
    db,
    `SELECT id, starts_on AS "startsOn", ends_on AS "endsOn" FROM supervision_relationship
      WHERE supervisor_id = @supervisorId AND person_id IS NOT DISTINCT FROM @personId AND organization_id IS NOT DISTINCT FROM @organizationId
        AND (ends_on IS NULL OR ends_on >= @startsOn) AND (CAST(@endsOn AS TEXT) IS NULL OR starts_on <= @endsOn)
        AND id IS DISTINCT FROM @excludeId LIMIT 1`,
  ).get({ ...f, excludeId }) as { id: number; startsOn: string; endsOn: string | null } | undefined;
}

const COLUMNS =
  'supervisor_id = @supervisorId, person_id = @personId, organization_id = @organizationId, form = @form, starts_on = @startsOn, ends_on = @endsOn, agreement_ref = @agreementRef, note = @note';

export function insertRelationship(db: Db, f: RelationshipFields, now: string): number {
  const info = prepared(
    db,
    `INSERT INTO supervision_relationship (supervisor_id, person_id, organization_id, form, starts_on, ends_on, agreement_ref, note, created_at, updated_at)
       VALUES (@supervisorId, @personId, @organizationId, @form, @startsOn, @endsOn, @agreementRef, @note, @now, @now)`,
  ).run({ ...f, now });
  return Number(info.lastInsertRowid);
}

export function updateRelationship(db: Db, id: number, f: RelationshipFields, now: string): void {
  prepared(db, `UPDATE supervision_relationship SET version = version + 1, ${COLUMNS}, updated_at = @now WHERE id = @id`).run({ ...f, now, id });
}

/** Records that name the relationship as a subject (a relationship in use cannot lose its dates under them). */
export function recordsOutsidePeriod(db: Db, id: number, startsOn: string, endsOn: string | null): { id: number; startsAt: string } | undefined {
  return prepared(
    db,
    `SELECT r.id, r.starts_at AS "startsAt" FROM supervision_record_subject s JOIN supervision_record r ON r.id = s.record_id
      WHERE s.relationship_id = @id AND (substr(r.starts_at, 1, 10) < @startsOn OR (CAST(@endsOn AS TEXT) IS NOT NULL AND substr(r.starts_at, 1, 10) > @endsOn))
      ORDER BY r.starts_at LIMIT 1`,
  ).get({ id, startsOn, endsOn }) as { id: number; startsAt: string } | undefined;
}
