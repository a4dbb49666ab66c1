/**
 * 服务履历 (migration 0034): a person's organization and post (岗位等级) over time, one row per
 * change, appended by core (core/people/service-history.ts) and never edited.
 *
 * "As of a date" reads the latest event on or before it; before a person's first event, that first
 * event (what the registry knew when their history began: an 'initial' row stands for the time
 * before history was kept); a person with no event at all (rows loaded by the example data or the
 * generator), their current organization. One SQL expression (organizationAsOfSql) serves the
 * single lookup and the sums over many records (镇区覆盖), so both read a date alike.
 */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import type { PostEventSource } from '../../domain/index.ts';

export type { PostEventSource };

export interface PostEvent {
  id: number;
  personId: number;
  organizationId: number | null;
  organizationName: string | null;
  post: string | null;
  effectiveOn: string;
  source: PostEventSource;
  recordedAt: string;
  actorName: string;
}

export interface NewPostEvent {
  personId: number;
  organizationId: number | null;
  post: string | null;
  effectiveOn: string;
  source: PostEventSource;
  recordedAt: string;
  actorName: string;
}

export function insertPostEvent(db: Db, e: NewPostEvent): void {
  prepared(
    db,
    `INSERT INTO person_post_event (person_id, organization_id, post, effective_on, source, recorded_at, actor_name)
     VALUES (@personId, @organizationId, @post, @effectiveOn, @source, @recordedAt, @actorName)`,
  ).run(e);
}

/**
 * One event per person of an id range who has an organization or a post (the registry import's
 * new people, inserted in one statement): their values as stored, in one statement too.
 */
export function insertPostEventsOfPeople(
  db: Db,
  range: { firstId: number; lastId: number },
  e: Pick<NewPostEvent, 'effectiveOn' | 'source' | 'recordedAt' | 'actorName'>,
): void {
  prepared(
    db,
    `INSERT INTO person_post_event (person_id, organization_id, post, effective_on, source, recorded_at, actor_name)
     SELECT id, organization_id, job_grade, @effectiveOn, @source, @recordedAt, @actorName FROM person
     WHERE id BETWEEN @firstId AND @lastId AND (organization_id IS NOT NULL OR job_grade IS NOT NULL) ORDER BY id`,
  ).run({ ...e, ...range });
}

export function hasPostEvents(db: Db, personId: number): boolean {
  return prepared(db, 'SELECT 1 FROM person_post_event WHERE person_id = ? LIMIT 1').get(personId) !== undefined;
}

/** The date of a person's latest event (undefined: none yet). */
export function lastPostEventDate(db: Db, personId: number): string | undefined {
  return (prepared(db, 'SELECT max(effective_on) FROM person_post_event WHERE person_id = ?').pluck().get(personId) as string | undefined | null) ?? undefined;
}

/** A person's events, oldest first (the order they apply in). */
export function postEventsOfPerson(db: Db, personId: number): PostEvent[] {
  return prepared(
    db,
    `SELECT e.id, e.person_id AS "personId", e.organization_id AS "organizationId",
            (SELECT name FROM organization WHERE id = e.organization_id) AS "organizationName",
            e.post, e.effective_on AS "effectiveOn", e.source, e.recorded_at AS "recordedAt", e.actor_name AS "actorName"
     FROM person_post_event e WHERE e.person_id = ? ORDER BY e.effective_on, e.id`,
  ).all(personId) as PostEvent[];
}

/**
 * The SQL expression of the organization of the person `person` (an expression naming person.id)
 * as of `date` (an expression of an ISO date), by the rule above; `personOrganization` is the
 * person's current organization column, for people without events.
 *
 * `unchangedSince` (a sum over a year's records): people without an event on or after that date
 * (nearly everyone) are where their latest event put them, which is their current organization
 * (every change writes the person and its event together), so only the few who changed since are
 * looked up row by row; the set of those is read once (province: ~3 s → under a second for a year).
 * Without it (rows of many dates: a roster, an enrolment export), the same holds row by row: a
 * person with no event after `date` is where their latest event put them, found by one probe of
 * the (person_id, effective_on) index before the lookups.
 */
export function organizationAsOfSql(person: string, date: string, personOrganization: string, options: { unchangedSince?: string } = {}): string {
  const events = `FROM person_post_event pe WHERE pe.person_id = ${person}`;
  const unchanged = options.unchangedSince
    ? `WHEN ${person} NOT IN (SELECT ch.person_id FROM person_post_event ch WHERE ch.effective_on >= ${options.unchangedSince}) THEN ${personOrganization}`
    : `WHEN NOT EXISTS (SELECT 1 ${events} AND pe.effective_on > ${date}) THEN ${personOrganization}`;
  return `CASE ${unchanged}
    WHEN EXISTS (SELECT 1 ${events} AND pe.effective_on <= ${date})
      THEN (SELECT pe.organization_id ${events} AND pe.effective_on <= ${date} ORDER BY pe.effective_on DESC, pe.id DESC LIMIT 1)
    WHEN EXISTS (SELECT 1 ${events})
      THEN (SELECT pe.organization_id ${events} ORDER BY pe.effective_on, pe.id LIMIT 1)
    ELSE ${personOrganization} END`;
}

/** The organization of a person as of a date (see organizationAsOfSql); null when they had none or are unknown. */
export function organizationOfPersonAsOf(db: Db, personId: number, date: string): number | null {
  const row = prepared(db, `SELECT ${organizationAsOfSql('p.id', '@date', 'p.organization_id')} AS "organizationId" FROM person p WHERE p.id = @personId`).get({
    date,
    personId,
  }) as { organizationId: number | null } | undefined;
  return row?.organizationId ?? null;
}

/** The SQL expression of the name of that organization (null: none), for lists and exports that show it. */
export function organizationNameAsOfSql(person: string, date: string, personOrganization: string): string {
  return `(SELECT org_asof.name FROM organization org_asof WHERE org_asof.id = ${organizationAsOfSql(person, date, personOrganization)})`;
}
