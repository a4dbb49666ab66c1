/**
 * The PostgreSQL side of verifying the audit log (db/audit-verify.ts keeps the checks and their
 * Chinese sentences; here is what differs per engine): the triggers and their functions read
 * from the catalog, and the SQL that renders a row, or a logged row, as the text SQLite's
 * json_array(…) writes for the bulk digest (db/audit.ts rowText), so that a bulk entry written on
 * SQLite still matches its rows after they were copied here.
 */
import type { Db } from '../engine/types.ts';
import { REDACTED_COLUMNS } from '../audit-tables.ts';
import { AUDIT_FUNCTIONS_SQL, postgresAuditedTables } from './audit.ts';

export interface PostgresColumn {
  name: string;
  type: string;
}

export function postgresColumns(db: Db, table: string): PostgresColumn[] {
  return db
    .prepare(
      `SELECT a.attname AS "name", format_type(a.atttypid, a.atttypmod) AS "type" FROM pg_attribute a
       WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    )
    .all(`"${table}"`) as PostgresColumn[];
}

/** The column that stands for SQLite's rowid: `rowid` where the baseline added one, else `id`. */
export const idColumnOf = (columns: readonly PostgresColumn[]) => (columns.some((c) => c.name === 'rowid') ? 'rowid' : 'id');

/** The table's columns as the log records them (the PostgreSQL-only rowid left out). */
export const loggedColumns = (columns: readonly PostgresColumn[]) => columns.filter((c) => c.name !== 'rowid');

export function postgresTableExists(db: Db, table: string): boolean {
  return !!db.prepare(`SELECT 1 AS "exists" WHERE to_regclass(?) IS NOT NULL`).get(`"${table}"`);
}

// pg_trigger.tgtype bits: ROW 1, BEFORE 2, INSERT 4, DELETE 8, UPDATE 16, TRUNCATE 32.
const ROW_AFTER_ALL = 1 | 4 | 8 | 16;
const LOG_TRIGGERS: Record<string, { type: number; message: string }> = {
  audit_log_no_update: { type: 1 | 2 | 16, message: '操作日志只能追加，不能修改' },
  audit_log_no_delete: { type: 1 | 2 | 8, message: '操作日志只能追加，不能删除' },
  audit_log_no_truncate: { type: 2 | 32, message: '操作日志只能追加，不能删除' },
};

/** The bodies of the log's functions as the baseline creates them, by name. */
function expectedFunctionBodies(): Map<string, string> {
  return new Map([...AUDIT_FUNCTIONS_SQL.matchAll(/CREATE FUNCTION (\w+)\([\s\S]*?\$fn\$([\s\S]*?)\$fn\$/g)].map((m) => [m[1]!, m[2]!]));
}

/** Triggers (and the log's functions, shown with `()`) missing, disabled or not as the schema made them. */
export function postgresTriggerState(db: Db): { missing: string[]; changed: string[] } {
  const rows = db
    .prepare(
      `SELECT t.tgname AS "name", c.relname AS "table", p.proname AS "fn", t.tgenabled AS "enabled", t.tgtype AS "type",
              array_to_json(array(SELECT convert_from(decode(a, 'escape'), 'UTF8') FROM unnest(string_to_array(encode(t.tgargs, 'escape'), '\\000')) a))::text AS "args"
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
       WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace`,
    )
    .all() as { name: string; table: string; fn: string; enabled: string; type: number; args: string }[];
  // tgargs holds each argument followed by a NUL byte: the last element is the empty rest.
  const actual = new Map(rows.map((r) => [r.name, { ...r, args: (JSON.parse(r.args) as string[]).slice(0, -1) }]));
  const missing: string[] = [];
  const changed: string[] = [];
  const expect = (name: string, table: string, fn: string, type: number, args: string[]) => {
    const found = actual.get(name);
    if (!found) missing.push(name);
    else if (
      found.table !== table ||
      found.fn !== fn ||
      found.enabled !== 'O' ||
      Number(found.type) !== type ||
      found.args.join('\u0000') !== args.join('\u0000')
    )
      changed.push(name);
  };
  for (const table of postgresAuditedTables(db)) {
    const columns = postgresColumns(db, table);
    const reals = columns.filter((c) => c.type === 'double precision').map((c) => c.name);
    expect(`audit_${table}`, table, 'audit_row', ROW_AFTER_ALL, [idColumnOf(columns), ...reals]);
  }
  for (const [name, { type, message }] of Object.entries(LOG_TRIGGERS)) expect(name, 'audit_log', 'audit_log_refuse', type, [message]);
  const bodies = new Map(
    (
      db.prepare(`SELECT proname AS "name", prosrc AS "body" FROM pg_proc WHERE pronamespace = current_schema()::regnamespace`).all() as {
        name: string;
        body: string;
      }[]
    ).map((f) => [f.name, f.body]),
  );
  for (const [name, body] of expectedFunctionBodies()) {
    const found = bodies.get(name);
    if (found === undefined) missing.push(`${name}()`);
    else if (found !== body) changed.push(`${name}()`);
  }
  return { missing, changed };
}

/** A value's JSON text as SQLite's json_array(…) renders a column of this type. */
function valueText(column: PostgresColumn | undefined, expression: string): string {
  if (!column) return `'null'`;
  if (column.type === 'double precision') return `coalesce(audit_real_json(${expression}), 'null')`;
  if (column.type === 'bigint' || column.type === 'integer') return `coalesce((${expression})::text, 'null')`;
  return `coalesce(to_json((${expression})::text)::text, 'null')`;
}

/**
 * The bulk digest's row text (db/audit.ts rowText) in PostgreSQL SQL: of a row as it is now
 * (`r`), or of a logged row (the `before_json` of an audit_log entry, its values' JSON text as stored).
 */
export function postgresRowText(columns: readonly PostgresColumn[], logged: readonly string[], source: 'row' | 'before'): string {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const values = logged.map((name) => {
    if (REDACTED_COLUMNS.has(name)) return `'"***"'`;
    if (source === 'before') return `coalesce((before_json::json -> ${quote(name)})::text, 'null')`;
    return valueText(byName.get(name), `r."${name}"`);
  });
  const rowId = source === 'before' ? 'row_id' : `r."${idColumnOf(columns)}"`;
  return `'[' || ${[`${rowId}::text`, ...values].join(` || ',' || `)} || ']'`;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The rows of `table` that differ from the last entry the log has for them (a deleted row still
 * there, a logged row gone or changed), as SQLite's rowStateProblems finds them; values compared
 * by type (a REAL 3 and the log's 3.0 are the same), a column the entry does not name not compared.
 */
export function postgresRowStateSql(table: string, columns: readonly PostgresColumn[]): string {
  const id = `r."${idColumnOf(columns)}"`;
  const matches = loggedColumns(columns)
    .filter((c) => !REDACTED_COLUMNS.has(c.name))
    .map((c) => {
      const value = `(a.after_json::json -> ${quote(c.name)})`;
      const compare =
        c.type === 'double precision'
          ? `CASE json_typeof(${value}) WHEN 'null' THEN r."${c.name}" IS NULL WHEN 'number' THEN r."${c.name}" = (${value}::text)::double precision ELSE false END`
          : `r."${c.name}"::text IS NOT DISTINCT FROM (a.after_json::json ->> ${quote(c.name)})`;
      return `(${value} IS NULL OR ${compare})`;
    });
  return `SELECT a.row_id AS "rowId" FROM audit_log a
    JOIN (SELECT max(id) AS id FROM audit_log WHERE table_name = ? AND row_id IS NOT NULL GROUP BY row_id) m ON a.id = m.id
    LEFT JOIN "${table}" r ON ${id} = a.row_id
    WHERE CASE WHEN a.action = 'delete' THEN ${id} IS NOT NULL ELSE ${id} IS NULL OR NOT (${matches.join(' AND ') || 'true'}) END
    ORDER BY a.row_id`;
}
