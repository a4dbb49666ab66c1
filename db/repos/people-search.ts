/**
 * Which people a list page shows: the search box's condition, the sorts, and a page's ids with the
 * total. Apart from db/repos/people.ts (which reads the rows in full and writes people) so that the
 * search's worker thread (core/people/search-off-thread.ts) loads only this, not the pinyin
 * dictionary the writes need.
 */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { containsExpression, orderAndPage, Where, type ListParams } from '../paging.ts';
import { inJsonArray } from '../engine/dialect.ts';

export const SORT = {
  // Pinyin order by the stored key (db/search-keys.ts), served by its index.
  name: 'p.name_pinyin',
  idNumber: 'p.id_number',
  birthDate: 'p.birth_date',
  organizationName: 'o.name',
  regionName: 'r.name',
  practiceStart: 'p.practice_start',
  createdAt: 'p.created_at',
};
/** The sorts whose column is NOT NULL (db/paging.ts: PostgreSQL then walks their index as it is). */
export const NOT_NULL_SORTS: ReadonlySet<string> = new Set(['name', 'idNumber', 'birthDate', 'createdAt']);

export interface PeopleFilter {
  search?: string | undefined;
  organizationId?: number | undefined;
  regionId?: number | undefined;
}

/** The person columns the search box looks in, in the order searchedColumns reads them (after the id). */
export const SEARCHED_COLUMNS = ['name', 'name_pinyin', 'name_initials', 'id_number', 'phone'] as const;
export type SearchedColumn = (typeof SEARCHED_COLUMNS)[number];
/** A person's searched columns as searchedColumns reads them: the id, then SEARCHED_COLUMNS (only the phone may be empty). */
export type SearchedRow = [id: number, name: string, pinyin: string, initials: string, idNumber: string, phone: string | null];

/**
 * Where a fragment typed in the search box is looked for, and as what text: a fragment of the name,
 * its full pinyin or initials, the 身份证号 or the phone. Digits can only be in a number, Chinese only
 * in a name and letters only in the pinyin, so each row is tested only where the fragment can match.
 * A person matches when any of these columns contains its text (case-sensitive). The one rule, for
 * SQL (addPersonSearch) and for the search worker's copy of the columns (core/people/search-index.ts).
 */
export function fragmentTargets(fragment: string): [SearchedColumn, string][] {
  if (/^\d+$/.test(fragment))
    return [
      ['id_number', fragment],
      ['phone', fragment],
    ];
  if (/^\d+[xX]$/.test(fragment)) return [['id_number', fragment.toUpperCase()]];
  if (/[\u3400-\u9fff]/.test(fragment)) return [['name', fragment]];
  if (/^[a-zA-Z]+$/.test(fragment))
    return [
      ['name_pinyin', fragment.toLowerCase()],
      ['name_initials', fragment.toLowerCase()],
    ];
  return [
    ['name', fragment],
    ['id_number', fragment.toUpperCase()],
    ['phone', fragment],
  ];
}

/**
 * Adds the person search box's condition (fragmentTargets). SQLite scans the narrow index holding
 * just those columns (migration 0015; person_name for names), not the table.
 */
export function addPersonSearch(db: Db, where: Where, fragment: string, alias = 'p'): void {
  const targets = fragmentTargets(fragment);
  where.add(`(${targets.map(([column]) => containsExpression(db, `${alias}.${column}`)).join(' OR ')})`, ...targets.map(([, text]) => text));
}

export function peopleWhere(db: Db, filter: PeopleFilter): Where {
  const where = new Where();
  if (filter.search) addPersonSearch(db, where, filter.search);
  if (filter.organizationId) where.add('p.organization_id = ?', filter.organizationId);
  if (filter.regionId) where.add('p.region_id = ?', filter.regionId);
  return where;
}

/** Only a sort by organization or region name needs their joins; without them a search reads the narrow search index alone. */
const JOINS = 'LEFT JOIN organization o ON o.id = p.organization_id LEFT JOIN region r ON r.id = p.region_id';

/** The sorts by a joined name, and the person column that joins it. */
export const JOINED_NAME: Partial<Record<string, { table: string; column: string }>> = {
  organizationName: { table: 'organization', column: 'organization_id' },
  regionName: { table: 'region', column: 'region_id' },
};

/** How many people match `where` (built by peopleWhere). */
export function countPeople(db: Db, where: Where): number {
  return prepared(db, `SELECT count(*) FROM person p ${where}`)
    .pluck()
    .get(...where.params) as number;
}

/** A list page's ids in order and the total. */
export interface PageOfIds {
  ids: number[];
  total: number;
}

/**
 * A fragment search scans all 100,000 people anyway, so it reads the page's ids and the total in
 * that one pass (a window count); the caller then reads the details of those 25 only. Without a
 * fragment, on PostgreSQL, the page's ids come first with the total (a subquery of their statement,
 * computed once), because PostgreSQL computes the SELECT's subqueries (organization, region, top
 * certificate) for every row it skips with OFFSET too: 2,000 rows for page 20 instead of 100.
 */
export function pageOfIds(db: Db, params: ListParams & PeopleFilter): PageOfIds {
  return pageWhere(db, params, peopleWhere(db, params), Boolean(params.search));
}

/**
 * A search's page where who matches is already known (`matched`, in ascending id order): the same page
 * and total as pageOfIds, the other filters and the sort applied in SQL. Given in id order, the people
 * reach the sort in the order a scan of the table gives them, so equal values come out as they do there.
 */
export function pageOfMatched(db: Db, params: ListParams & PeopleFilter, matched: readonly number[]): PageOfIds {
  const where = peopleWhere(db, { ...params, search: undefined }).add(inJsonArray(db, 'p.id', 'integer'), JSON.stringify(matched));
  return pageWhere(db, params, where, true);
}

/** The page's ids and the total of the people `where` selects: counted in the same pass when `searched`, else by a subquery. */
function pageWhere(db: Db, params: ListParams, where: Where, searched: boolean): PageOfIds {
  const joined = params.sortField ? JOINED_NAME[params.sortField] : undefined;
  const total = searched ? 'count(*) OVER ()' : `(SELECT count(*) FROM person p ${where})`;
  const page = prepared(
    db,
    `SELECT p.id AS id, ${total} AS total FROM person p ${searched && joined ? JOINS : ''}
     ${where} ${orderAndPage(db, params, SORT, 'p.id DESC', 'p.id', NOT_NULL_SORTS)}`,
  ).all(...(searched ? [] : where.params), ...where.params) as { id: number; total: number }[];
  return {
    ids: page.map((r) => r.id),
    // Past the last page there is no row to report the total on.
    total: page[0]?.total ?? (params.page > 0 ? countPeople(db, where) : 0),
  };
}

/** The searched columns of everyone, or of the given people, in id order. */
export function searchedColumns(db: Db, ids?: readonly number[]): SearchedRow[] {
  const which = ids ? `WHERE ${inJsonArray(db, 'id', 'integer')}` : '';
  return prepared(db, `SELECT id, ${SEARCHED_COLUMNS.join(', ')} FROM person ${which} ORDER BY id`)
    .raw()
    .all(...(ids ? [JSON.stringify(ids)] : [])) as SearchedRow[];
}
