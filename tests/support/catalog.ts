/**
 * What a test reads of the schema itself, on either engine (the app's own catalog questions are in
 * db/engine/catalog.ts): SQLite's sqlite_master, PostgreSQL's pg_trigger.
 */
import type { Db } from '../../db/engine/types.ts';

/** Every trigger with its definition (and, on PostgreSQL, whether it is enabled), by name: to show a step left them as they were. */
export function triggerDefinitions(db: Db): { name: string; sql: string }[] {
  const sql =
    db.engine === 'postgres'
      ? `SELECT t.tgname AS "name", pg_get_triggerdef(t.oid) || ' ' || CAST(t.tgenabled AS text) AS "sql" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY t.tgname`
      : "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name";
  return db.prepare(sql).all() as { name: string; sql: string }[];
}
