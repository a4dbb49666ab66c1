import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { inJsonArray } from '../engine/dialect.ts';
import { unavailabilityMayTouchSql, type Unavailability } from '../../domain/index.ts';

/** A mentor's 不可用时间 (migration 0032), as stored: one-off or weekly (domain/rules/time-holding.ts). */
export type UnavailabilityFields = Unavailability & { reason: string | null };

export type UnavailabilityRow = UnavailabilityFields & {
  id: number;
  mentorId: number;
  personId: number;
  personName: string;
  baseName: string;
  source: 'manual' | 'import';
  version: number;
};

interface Raw {
  id: number;
  mentorId: number;
  personId: number;
  personName: string;
  baseName: string;
  kind: 'once' | 'weekly';
  startsAt: string | null;
  endsAt: string | null;
  weekday: number | null;
  startTime: string | null;
  endTime: string | null;
  validFrom: string | null;
  validUntil: string | null;
  reason: string | null;
  source: 'manual' | 'import';
  version: number;
}

const SELECT = `SELECT u.id, u.mentor_id AS mentorId, u.person_id AS personId, p.name AS personName, b.name AS baseName, u.kind,
    u.starts_at AS startsAt, u.ends_at AS endsAt, u.weekday, u.start_time AS startTime, u.end_time AS endTime,
    u.valid_from AS validFrom, u.valid_until AS validUntil, u.reason, u.source, u.version
  FROM mentor_unavailability u JOIN person p ON p.id = u.person_id JOIN mentor m ON m.id = u.mentor_id JOIN training_base b ON b.id = m.base_id`;

const shape = (r: Raw): UnavailabilityRow => {
  const common = {
    id: r.id,
    mentorId: r.mentorId,
    personId: r.personId,
    personName: r.personName,
    baseName: r.baseName,
    reason: r.reason,
    source: r.source,
    version: r.version,
  };
  return r.kind === 'once'
    ? { ...common, kind: 'once', startsAt: r.startsAt!, endsAt: r.endsAt! }
    : { ...common, kind: 'weekly', weekday: Number(r.weekday), startTime: r.startTime!, endTime: r.endTime!, validFrom: r.validFrom, validUntil: r.validUntil };
};

const ORDER = "ORDER BY u.kind, coalesce(u.starts_at, ''), coalesce(u.weekday, 0), coalesce(u.start_time, ''), u.id";

/** Every entry of a person (whichever pool recorded it): their time is theirs at every base. */
export function unavailabilityOfPerson(db: Db, personId: number): UnavailabilityRow[] {
  return (prepared(db, `${SELECT} WHERE u.person_id = ? ${ORDER}`).all(personId) as Raw[]).map(shape);
}

export function getUnavailability(db: Db, id: number): UnavailabilityRow | undefined {
  const row = prepared(db, `${SELECT} WHERE u.id = ?`).get(id) as Raw | undefined;
  return row && shape(row);
}

/**
 * These people's entries that may touch `t` (from `t.startsAt` to `t.endsAt`, or a whole range of
 * days for the scheduling assistant): the weekday and times are the domain rule's to decide.
 */
export function unavailabilityOfPeople(db: Db, personIds: number[], t: { startsAt: string; endsAt: string }): UnavailabilityRow[] {
  if (!personIds.length) return [];
  return (
    prepared(
      db,
      `${SELECT} WHERE ${inJsonArray(db, 'u.person_id', 'integer', '@personIds')} AND ${unavailabilityMayTouchSql('u', '@startsAt', '@endsAt', '@fromDate', '@toDate')} ${ORDER}`,
    ).all({
      personIds: JSON.stringify(personIds),
      startsAt: t.startsAt,
      endsAt: t.endsAt,
      fromDate: t.startsAt.slice(0, 10),
      toDate: t.endsAt.slice(0, 10),
    }) as Raw[]
  ).map(shape);
}

export function insertUnavailability(
  db: Db,
  f: UnavailabilityFields & { mentorId: number; personId: number; source: 'manual' | 'import' },
  now: string,
): number {
  const once = f.kind === 'once';
  return Number(
    prepared(
      db,
      `INSERT INTO mentor_unavailability (mentor_id, person_id, kind, starts_at, ends_at, weekday, start_time, end_time, valid_from, valid_until, reason, source, created_at, updated_at)
       VALUES (@mentorId, @personId, @kind, @startsAt, @endsAt, @weekday, @startTime, @endTime, @validFrom, @validUntil, @reason, @source, @now, @now)`,
    ).run({
      mentorId: f.mentorId,
      personId: f.personId,
      kind: f.kind,
      startsAt: once ? f.startsAt : null,
      endsAt: once ? f.endsAt : null,
      weekday: once ? null : f.weekday,
      startTime: once ? null : f.startTime,
      endTime: once ? null : f.endTime,
      validFrom: once ? null : f.validFrom,
      validUntil: once ? null : f.validUntil,
      reason: f.reason,
      source: f.source,
      now,
    }).lastInsertRowid,
  );
}

export function deleteUnavailability(db: Db, id: number): void {
  prepared(db, 'DELETE FROM mentor_unavailability WHERE id = ?').run(id);
}

export function baseOfUnavailability(db: Db, id: number): number | undefined {
  return (
    prepared(db, 'SELECT m.base_id AS baseId FROM mentor_unavailability u JOIN mentor m ON m.id = u.mentor_id WHERE u.id = ?').get(id) as
      { baseId: number } | undefined
  )?.baseId;
}
