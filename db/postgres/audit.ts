/**
 * The audit log on PostgreSQL: the same table and the same chain as on SQLite (db/audit.ts),
 * written by one plpgsql trigger function for every audited table.
 *
 * What the chain hashes must be the same text on both engines, so that one verifier
 * (db/audit.ts verifyAuditChain) checks both, and a chain copied from SQLite still verifies here:
 * - the hashed text is the JSON array SQLite's `json_array(…)` builds, assembled from
 *   `to_json(text)` pieces (PostgreSQL and SQLite escape strings alike: `\"`, `\\`, \b \f \n \r \t,
 *   other control characters as \u00xx, everything else as it is) and the stored before/after
 *   JSON text verbatim;
 * - a row's JSON is built column by column from `row_to_json` (compact, in column order, CJK
 *   unescaped, as SQLite's json_object), with REAL columns rendered as SQLite renders them (3.0,
 *   not 3; 1.0e-05). A value that needs more than 15 significant digits (1/3) is written as
 *   PostgreSQL's shortest text: SQLite's 17-digit text can differ in the last digit. The chain
 *   does not care (it hashes the stored text); only the row's text then differs between engines.
 *
 * Who and what come from the transaction's settings (`audit.actor_id`, `audit.actor_name`,
 * `audit.operation`, `audit.at`), which the engine sets at the start of each command with
 * db/audit.ts withAuditContext; without them an entry is the system's, as on SQLite.
 */
import { AUDIT_EXEMPT_TABLES, REDACTED_COLUMNS } from '../audit-tables.ts';

/** PostgreSQL-only tables that carry no audit triggers, with the reason. */
export const POSTGRES_ONLY_EXEMPT_TABLES: Readonly<Record<string, string>> = {
  schema_version: 'the migrations applied (SQLite keeps its version in PRAGMA user_version)',
};

export const isAuditExemptOnPostgres = (table: string) => Object.hasOwn(AUDIT_EXEMPT_TABLES, table) || Object.hasOwn(POSTGRES_ONLY_EXEMPT_TABLES, table);

/** The transaction-level advisory lock every audited write takes before reading the chain's head (two int keys: apart from single-key locks). */
export const AUDIT_LOCK_KEYS = [0x5357, 0x4155] as const;

const redacted = [...REDACTED_COLUMNS].map((c) => `'${c}'`).join(', ');

/** ISO UTC text with milliseconds, as `new Date().toISOString()` writes it. */
export const ISO_NOW_SQL = `to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const AUDIT_FUNCTIONS_SQL = `
-- A REAL value's JSON text as SQLite writes it: 15 significant digits when they are enough,
-- integral values with '.0', exponent form below 1e-4 and from 1e17 on (1.0e-05, 1.0e+20).
CREATE FUNCTION audit_real_json(x double precision) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
DECLARE
  n numeric;
  e integer;
  t text;
BEGIN
  IF x = 'NaN'::double precision THEN RETURN 'null'; END IF;
  IF x = 'Infinity'::double precision THEN RETURN '9.0e+999'; END IF;
  IF x = '-Infinity'::double precision THEN RETURN '-9.0e+999'; END IF;
  IF x = 0 THEN RETURN '0.0'; END IF;
  n := x::numeric; -- "%.15g", as SQLite tries first
  IF n::double precision <> x THEN RETURN x::text; END IF;
  IF abs(x) >= 1e-4 AND abs(x) < 1e17 THEN
    t := trim_scale(n)::text;
  ELSE
    e := floor(log(abs(n)));
    IF abs(n) / 10::numeric ^ e >= 10 THEN e := e + 1; END IF;
    t := trim_scale(n / 10::numeric ^ e)::text;
  END IF;
  IF position('.' IN t) = 0 THEN t := t || '.0'; END IF;
  IF e IS NOT NULL THEN t := t || 'e' || CASE WHEN e < 0 THEN '-' ELSE '+' END || CASE WHEN abs(e) < 10 THEN '0' ELSE '' END || abs(e)::text; END IF;
  RETURN t;
END
$fn$;

-- A row's JSON text as SQLite's json_object(...) of its columns: column order, redacted columns
-- as "***", REAL columns (named) as SQLite renders them; the PostgreSQL-only rowid left out.
-- NULL for no row (STRICT), as the before of an insert and the after of a delete.
CREATE FUNCTION audit_row_json(r json, real_columns text[]) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT '{' || coalesce(string_agg(
           to_json(e.key)::text || ':' ||
           CASE WHEN e.key IN (${redacted}) THEN '"***"'
                WHEN e.key = ANY (real_columns) AND json_typeof(e.value) = 'number' THEN audit_real_json(e.value::text::double precision)
                ELSE e.value::text END,
           ',' ORDER BY e.n), '') || '}'
  FROM json_each(r) WITH ORDINALITY AS e(key, value, n)
  WHERE e.key <> 'rowid'
$fn$;

-- The text an entry's hash covers: SQLite's json_array(prev_hash, at, actor_id, actor_name,
-- operation, table_name, row_id, action, json(before_json), json(after_json)).
CREATE FUNCTION audit_hashed_text(prev_hash text, at text, actor_id bigint, actor_name text, operation text,
                                  table_name text, row_id bigint, action text, before_json text, after_json text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT '[' || coalesce(to_json(prev_hash)::text, 'null') || ',' || coalesce(to_json(at)::text, 'null') || ','
         || coalesce(actor_id::text, 'null') || ',' || coalesce(to_json(actor_name)::text, 'null') || ','
         || coalesce(to_json(operation)::text, 'null') || ',' || coalesce(to_json(table_name)::text, 'null') || ','
         || coalesce(row_id::text, 'null') || ',' || coalesce(to_json(action)::text, 'null') || ','
         || coalesce(before_json, 'null') || ',' || coalesce(after_json, 'null') || ']'
$fn$;

CREATE FUNCTION audit_sha256(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $fn$ SELECT encode(sha256(convert_to(t, 'UTF8')), 'hex') $fn$;

-- Appends one chained entry, who and what from the transaction's audit settings. The lock
-- serialises appends until commit, so each one reads the head the previous one left.
CREATE FUNCTION audit_append(p_table text, p_row_id bigint, p_action text, p_before text, p_after text) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  v_prev text;
  v_at text := coalesce(nullif(current_setting('audit.at', true), ''), ${ISO_NOW_SQL});
  v_actor_id bigint := nullif(current_setting('audit.actor_id', true), '')::bigint;
  v_actor_name text := coalesce(nullif(current_setting('audit.actor_name', true), ''), '系统');
  v_operation text := coalesce(nullif(current_setting('audit.operation', true), ''), 'system');
BEGIN
  PERFORM pg_advisory_xact_lock(${AUDIT_LOCK_KEYS[0]}, ${AUDIT_LOCK_KEYS[1]});
  PERFORM p_before::json, p_after::json; -- refuses text that is not JSON, as SQLite's json() does
  SELECT hash INTO v_prev FROM audit_log ORDER BY id DESC LIMIT 1;
  v_prev := coalesce(v_prev, '');
  INSERT INTO audit_log (prev_hash, at, actor_id, actor_name, operation, table_name, row_id, action, before_json, after_json, hash)
  VALUES (v_prev, v_at, v_actor_id, v_actor_name, v_operation, p_table, p_row_id, p_action, p_before, p_after,
          audit_sha256(audit_hashed_text(v_prev, v_at, v_actor_id, v_actor_name, v_operation, p_table, p_row_id, p_action, p_before, p_after)));
END
$fn$;

-- The trigger of every audited table: TG_ARGV[0] names the row's id column ('id', or 'rowid'
-- where SQLite had only its implicit one), the other arguments the REAL columns. Updates and
-- deletes are always logged row by row; inserts too, except during a bulk load.
CREATE FUNCTION audit_row() RETURNS trigger
LANGUAGE plpgsql SET extra_float_digits = 1 AS $fn$
DECLARE
  real_columns text[] := coalesce(TG_ARGV[1:TG_NARGS - 1], '{}');
  v_old json;
  v_new json;
BEGIN
  -- A bulk load (db/postgres/bulk-audit.ts) logs its inserts as one entry per table at its end.
  IF TG_OP = 'INSERT' AND current_setting('audit.bulk_insert', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' THEN v_old := row_to_json(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN v_new := row_to_json(NEW); END IF;
  PERFORM audit_append(TG_TABLE_NAME, (coalesce(v_new, v_old) ->> TG_ARGV[0])::bigint, lower(TG_OP),
                       audit_row_json(v_old, real_columns), audit_row_json(v_new, real_columns));
  RETURN NULL;
END
$fn$;

-- The log is append-only: the same refusals as SQLite's triggers (and TRUNCATE, which PostgreSQL adds).
CREATE FUNCTION audit_log_refuse() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0];
END
$fn$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse('操作日志只能追加，不能修改');
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse('操作日志只能追加，不能删除');
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse('操作日志只能追加，不能删除');
`;

const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The one audit trigger of a table (insert, update and delete): its id column and REAL columns as arguments. */
export function auditTriggerSql(table: string, idColumn: string, realColumns: readonly string[]): string {
  const args = [idColumn, ...realColumns].map(quoteLiteral).join(', ');
  return `CREATE TRIGGER "audit_${table}" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION audit_row(${args});`;
}

/** What a step needs of a PostgreSQL connection to read the catalog and change the schema. */
export interface SchemaDb {
  prepare(sql: string): { all(...params: unknown[]): unknown[] };
  exec(sql: string): unknown;
}

/** The audited tables of the current schema, from the catalog, in name order. */
export function postgresAuditedTables(db: SchemaDb): string[] {
  const rows = db
    .prepare(`SELECT c.relname AS name FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname`)
    .all() as { name: string }[];
  return rows.map((r) => r.name).filter((name) => !isAuditExemptOnPostgres(name));
}

/** A table's trigger as its columns are now: (re)install it in a PostgreSQL step that creates or alters a domain table. */
export function installPostgresAuditTrigger(db: SchemaDb, table: string): void {
  const columns = db
    .prepare(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
       WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    )
    .all(`"${table}"`) as { name: string; type: string }[];
  const idColumn = columns.some((c) => c.name === 'rowid') ? 'rowid' : 'id';
  const realColumns = columns.filter((c) => c.type === 'double precision').map((c) => c.name);
  db.exec(`DROP TRIGGER IF EXISTS "audit_${table}" ON "${table}"`);
  db.exec(auditTriggerSql(table, idColumn, realColumns));
}
