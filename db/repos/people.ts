import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { nameSearchKeys, type NameSearchKeys } from '../search-keys.ts';
import { orderAndPage, rowsByIds, type ListParams } from '../paging.ts';
import { countPeople, JOINED_NAME, NOT_NULL_SORTS, pageOfIds, peopleWhere, SORT, type PageOfIds, type PeopleFilter } from './people-search.ts';
import type { Education, Sex } from '../../domain/index.ts';
import { inJsonArray } from '../engine/dialect.ts';

export { addPersonSearch, type PeopleFilter } from './people-search.ts';

export type { Education };

export interface PersonFields {
  idNumber: string;
  name: string;
  sex: Sex;
  birthDate: string;
  phone: string | null;
  email: string | null;
  education: Education | null;
  major: string | null;
  organizationId: number | null;
  regionId: number | null;
  practiceStart: string | null;
  jobGrade: string | null;
}

export interface PersonRow extends PersonFields {
  id: number;
  organizationName: string | null;
  regionName: string | null;
  /** Highest certificate level held, if any. */
  topCertificateLevel: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

const CERT_RANK = `CASE level WHEN 'senior' THEN 4 WHEN 'social_worker' THEN 3 WHEN 'assistant' THEN 2 ELSE 1 END`;

// Names by scalar subquery, not LEFT JOIN: with a bound parameter, this SQLite build re-plans a
// join on every run (~40 µs, measured), which an import pays once per row.
const SELECT = `
  SELECT p.id, p.id_number AS idNumber, p.name, p.sex, p.birth_date AS birthDate, p.phone, p.email,
         p.education, p.major, p.organization_id AS organizationId,
         (SELECT name FROM organization WHERE id = p.organization_id) AS organizationName,
         p.region_id AS regionId, (SELECT name FROM region WHERE id = p.region_id) AS regionName,
         p.practice_start AS practiceStart, p.job_grade AS jobGrade,
         (SELECT c.level FROM certificate c WHERE c.person_id = p.id ORDER BY ${CERT_RANK} DESC LIMIT 1) AS topCertificateLevel,
         p.created_at AS createdAt, p.updated_at AS updatedAt, p.version
  FROM person p`;

/**
 * A page of the people list. A fragment search (and, on PostgreSQL, every page) reads the page's ids
 * and the total first, then the details of those 25 only (db/repos/people-search.ts pageOfIds):
 * `searched` is that first step already done elsewhere (a worker thread, core/people/search-off-thread.ts),
 * for this same search. Without a fragment the page walks an index in sort order and the total is a
 * count of the smallest index: a window there would sort everyone (p95 ~200 ms). SQLite then reads
 * the page in one statement; PostgreSQL would compute the SELECT's subqueries for the skipped rows too.
 */
export function listPeople(db: Db, params: ListParams & PeopleFilter, searched?: PageOfIds) {
  const where = peopleWhere(db, params);
  const joined = params.sortField ? JOINED_NAME[params.sortField] : undefined;
  const count = () => countPeople(db, where);
  if (!params.search && joined) {
    const total = count();
    return { rows: peopleByIds(db, pageIdsByJoinedName(db, params, joined, total)), total };
  }
  if (!params.search && db.engine === 'sqlite') {
    // SQLite computes the columns of the rows it returns only: the page in one statement (an export's
    // batch of 10,000 by ids took 30 % longer). PostgreSQL computes them for the skipped rows too: below.
    const total = count();
    const rows = prepared(db, `${SELECT} ${where} ${orderAndPage(db, params, SORT, 'p.id DESC', 'p.id', NOT_NULL_SORTS)}`).all(...where.params) as PersonRow[];
    return { rows, total };
  }
  if (params.search && searched) {
    // Read a moment after the ids: someone deleted meanwhile is left out, as a page read a moment later would.
    return { rows: peopleByIds(db, searched.ids).filter(Boolean), total: searched.total };
  }
  const page = pageOfIds(db, params);
  return { rows: peopleByIds(db, page.ids), total: page.total };
}

const peopleByIds = (db: Db, ids: number[]) => rowsByIds<PersonRow>(db, SELECT, 'p.id', ids);

/**
 * One page of ids in the order of a joined name (then its id, then the person's), walked through
 * the indexes — the named table in name order, each one's people by their foreign key — instead
 * of sorting everyone (province: ~50 ms → under 1 ms). People without one come first ascending and
 * last descending, where SQLite sorts NULL. Two queries, each with its own ORDER BY.
 */
function pageIdsByJoinedName(db: Db, params: ListParams & PeopleFilter, joined: { table: string; column: string }, total: number): number[] {
  const dir = params.sortDir === 'desc' ? 'DESC' : 'ASC';
  const without = peopleWhere(db, params).add(`p.${joined.column} IS NULL`);
  const withName = peopleWhere(db, params);
  const withoutCount = prepared(db, `SELECT count(*) FROM person p ${without}`)
    .pluck()
    .get(...without.params) as number;
  const segments = [
    { size: withoutCount, sql: `SELECT p.id FROM person p ${without} ORDER BY p.id ${dir}`, params: without.params },
    {
      size: total - withoutCount,
      sql: `SELECT p.id FROM ${joined.table} x JOIN person p ON p.${joined.column} = x.id ${withName} ORDER BY x.name ${dir}, x.id ${dir}, p.id ${dir}`,
      params: withName.params,
    },
  ];
  if (dir === 'DESC') segments.reverse();
  const ids: number[] = [];
  let offset = params.page * params.pageSize;
  for (const segment of segments) {
    const wanted = params.pageSize - ids.length;
    if (wanted <= 0) break;
    if (offset >= segment.size) {
      offset -= segment.size;
      continue;
    }
    ids.push(
      ...(prepared(db, `${segment.sql} LIMIT ? OFFSET ?`)
        .pluck()
        .all(...segment.params, wanted, offset) as number[]),
    );
    offset = 0;
  }
  return ids;
}

export function getPerson(db: Db, id: number): PersonRow | undefined {
  return prepared(db, `${SELECT} WHERE p.id = ?`).get(id) as PersonRow | undefined;
}

/** A person's name, or undefined when there is no such person (a check that names them needs no more). */
export function personName(db: Db, id: number): string | undefined {
  return prepared(db, 'SELECT name FROM person WHERE id = ?').pluck().get(id) as string | undefined;
}

/** The names of these people in one query, by id (the missing ones absent). */
export function personNames(db: Db, ids: readonly number[]): Map<number, string> {
  if (!ids.length) return new Map();
  const rows = prepared(db, `SELECT id, name FROM person WHERE ${inJsonArray(db, 'id', 'integer')}`)
    .raw()
    .all(JSON.stringify(ids)) as [number, string][];
  return new Map(rows.map(([id, name]) => [Number(id), name]));
}

export function findPersonByIdNumber(db: Db, idNumber: string): { id: number; name: string } | undefined {
  return prepared(db, 'SELECT id, name FROM person WHERE id_number = ?').get(idNumber) as { id: number; name: string } | undefined;
}

/** The people with these 身份证号 (a roster, a batch of imported rows): one query for all of them. */
export function peopleByIdNumbers(db: Db, idNumbers: string[]): { id: number; name: string; idNumber: string }[] {
  return prepared(db, `SELECT id, name, id_number AS idNumber FROM person WHERE ${inJsonArray(db, 'id_number', 'text')}`).all(JSON.stringify(idNumbers)) as {
    id: number;
    name: string;
    idNumber: string;
  }[];
}

const COLUMNS = `id_number = @idNumber, name = @name, name_pinyin = @namePinyin, name_initials = @nameInitials, sex = @sex, birth_date = @birthDate, phone = @phone, email = @email,
  education = @education, major = @major, organization_id = @organizationId, region_id = @regionId,
  practice_start = @practiceStart, job_grade = @jobGrade`;

/** `keys` may come already derived from the name (an import derives them while it checks a batch). */
export function insertPerson(db: Db, f: PersonFields, now: string, keys: NameSearchKeys = nameSearchKeys(f.name)): number {
  const info = prepared(
    db,
    `INSERT INTO person (id_number, name, name_pinyin, name_initials, sex, birth_date, phone, email, education, major,
         organization_id, region_id, practice_start, job_grade, created_at, updated_at)
       VALUES (@idNumber, @name, @namePinyin, @nameInitials, @sex, @birthDate, @phone, @email, @education, @major,
         @organizationId, @regionId, @practiceStart, @jobGrade, @now, @now)`,
  ).run({ ...f, ...keys, now });
  return Number(info.lastInsertRowid);
}

export function updatePerson(db: Db, id: number, f: PersonFields, now: string): void {
  prepared(db, `UPDATE person SET version = version + 1, ${COLUMNS}, updated_at = @now WHERE id = @id`).run({ ...f, ...nameSearchKeys(f.name), now, id });
}
