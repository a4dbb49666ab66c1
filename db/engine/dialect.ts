/**
 * The few SQL fragments the two engines spell differently, written side by side. Everything else
 * the repositories write once, in SQL both accept (COALESCE, IS [NOT] DISTINCT FROM, ON CONFLICT …).
 */
import type { Db, Engine } from './types.ts';
import type { PostgresDb } from './postgres.ts';

/** What a fragment depends on: the engine (a Db, or the engine alone for SQL built once per engine). */
type On = Pick<Db, 'engine'>;

/** SQL built once for each engine (module constants), picked per call by `db.engine`. */
export const byEngine = <T>(build: (on: On) => T): Record<Engine, T> => ({ sqlite: build({ engine: 'sqlite' }), postgres: build({ engine: 'postgres' }) });

/** SQLite's planner hint (an index it must use, measured on province data); PostgreSQL has none and plans by its statistics. */
export const indexedBy = (db: On, index: string): string => (db.engine === 'postgres' ? '' : ` INDEXED BY ${index}`);

export type JsonValueType = 'integer' | 'text' | 'real';

const PG_CAST: Record<JsonValueType, string> = { integer: 'bigint', text: 'text', real: 'double precision' };

/**
 * `expression IN (the values of a JSON array parameter)`: one statement for any number of values.
 * SQLite reads the array with json_each; PostgreSQL with json_array_elements_text, cast to the column's type.
 */
export function inJsonArray(db: On, expression: string, type: JsonValueType, parameter = '?'): string {
  if (db.engine !== 'postgres') return `${expression} IN (SELECT value FROM json_each(${parameter}))`;
  // A JSON array of integers is also an array literal once its brackets become braces; `= ANY (bigint[])`
  // lets the planner count the values and reach each by its index (a set-returning function is guessed
  // at 100 rows, and a conflict check then scanned every enrolment: 50 ms instead of 1 at city scale).
  if (type === 'integer') return `${expression} = ANY (CAST(translate(CAST(${parameter} AS text), '[]', '{}') AS bigint[]))`;
  return `${expression} IN (SELECT CAST(v AS ${PG_CAST[type]}) FROM json_array_elements_text(CAST(${parameter} AS json)) AS j(v))`;
}

/**
 * A top-level field of a JSON text column, as a SQL value of `type` (null when absent). SQLite's
 * json_extract answers the JSON value's own type; PostgreSQL's ->> answers text, cast here.
 */
export function jsonField(db: On, column: string, key: string, type: JsonValueType): string {
  return db.engine === 'postgres'
    ? `CAST(CAST(${column} AS json) ->> ${quoteText(key)} AS ${PG_CAST[type]})`
    : `json_extract(${column}, ${quoteText(`$.${JSON.stringify(key)}`)})`;
}

/** The bound fragment with LIKE's wildcards and its escape (backslash, PostgreSQL's default) escaped. */
const ESCAPED_LIKE_PARAMETER = `replace(replace(replace(CAST(? AS text), '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;

/**
 * "column contains the fragment bound next", case-sensitive. SQLite: instr() (3× faster than
 * LIKE '%…%' there, over the narrow search indexes of migration 0015). PostgreSQL: LIKE '%…%' with
 * the fragment's wildcards escaped in SQL (the same matches as strpos), because that is the form a
 * pg_trgm GIN index serves (migration 0037); strpos() always scanned the table. Text columns are
 * COLLATE "C", so LIKE compares bytes and stays case-sensitive as instr() is.
 */
export const containsFragment = (db: On, column: string): string =>
  db.engine === 'postgres' ? `${column} LIKE ('%' || ${ESCAPED_LIKE_PARAMETER} || '%')` : `instr(${column}, ?) > 0`;

/** An aggregate of text joined by `separator`: SQLite's group_concat, PostgreSQL's string_agg. */
export const joinedText = (db: On, expression: string, separator: string): string =>
  db.engine === 'postgres' ? `string_agg(${expression}, ${quoteText(separator)})` : `group_concat(${expression}, ${quoteText(separator)})`;

/** A JSON array (as text) of the aggregated values, '[]' when none: SQLite's json_group_array, PostgreSQL's json_agg. */
export const jsonArrayOf = (db: On, expression: string): string =>
  db.engine === 'postgres' ? `coalesce(CAST(json_agg(${expression}) AS text), '[]')` : `json_group_array(${expression})`;

/** A JSON object from key/value pairs: json_object on SQLite, json_build_object on PostgreSQL. */
export const jsonObjectOf = (db: On, pairs: string): string => (db.engine === 'postgres' ? `json_build_object(${pairs})` : `json_object(${pairs})`);

/**
 * 'YYYY-MM' of an ISO UTC instant column moved by the minutes bound next (a time zone's offset):
 * SQLite's datetime modifiers; PostgreSQL's timestamp arithmetic, in UTC whatever the session's zone.
 */
export const monthOfShiftedInstant = (db: On, column: string): string =>
  db.engine === 'postgres'
    ? `to_char((CAST(${column} AS timestamptz) AT TIME ZONE 'UTC') + make_interval(mins => CAST(? AS integer)), 'YYYY-MM')`
    : `substr(datetime(${column}, ? || ' minutes'), 1, 7)`;

const quoteText = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Runs fn in one read transaction that refuses every write at once (core/reads-during-writes.ts: a
 * query while an import's publish holds the writer on its own connection). SQLite: the connection
 * query-only for the call (any write fails with SQLITE_READONLY instead of waiting for the lock).
 * PostgreSQL: BEGIN … READ ONLY (any write fails with SQLSTATE 25006), never the writer's advisory
 * lock (db/engine/postgres.ts refuses it there). Both read one snapshot for the whole call.
 */
export function readOnlyTransaction<T>(db: Db, fn: () => T): T {
  if (db.engine === 'postgres') return (db as PostgresDb).readOnlyTransaction(fn);
  db.pragma('query_only = ON');
  try {
    return db.transaction(fn)();
  } finally {
    db.pragma('query_only = OFF');
  }
}

/** Whether the connection is inside readOnlyTransaction now (a write would be refused). */
export function inReadOnlyTransaction(db: Db): boolean {
  if (db.engine === 'postgres') return (db as PostgresDb).readOnly;
  return db.pragma('query_only', { simple: true }) === 1;
}
