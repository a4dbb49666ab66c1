/**
 * A bulk load on PostgreSQL (the data generator, a workbook import), as db/audit.ts
 * beginBulkInsertAudit does it on SQLite: the per-row insert entries are left out and each table
 * that was filled gets one chained entry at the end, with how many rows, which ids and the rows'
 * digest, rendered as SQLite renders them so that the full verify checks it on either engine.
 * Instead of dropping the insert triggers, the transaction sets `audit.bulk_insert` (the trigger
 * function skips inserts while it is on); it ends with the transaction, committed or not.
 */
import { BULK_COLUMNS, BULK_FIRST_ID, BULK_LAST_ID, BULK_ROWS, BULK_ROWS_SHA256, bulkRowsDigest } from '../audit-tables.ts';
import type { Db } from '../engine/types.ts';
import { postgresAuditedTables } from './audit.ts';
import { idColumnOf, loggedColumns, postgresColumns, postgresRowText } from './audit-verify.ts';

const setBulk = (db: Db, on: boolean) => db.prepare(`SELECT set_config('audit.bulk_insert', ?, true) AS "set"`).get(on ? 'on' : 'off');

export function beginPostgresBulkInsertAudit(db: Db, details: Record<string, string>): (outcome?: 'done' | 'failed') => void {
  const tables = postgresAuditedTables(db).map((table) => {
    const columns = postgresColumns(db, table);
    const id = idColumnOf(columns);
    return { table, columns, id, lastIdBefore: Number(db.prepare(`SELECT coalesce(max("${id}"), 0) FROM "${table}"`).pluck().get()) };
  });
  setBulk(db, true);
  let ended = false;
  return (outcome = 'done') => {
    if (ended) return;
    ended = true;
    try {
      setBulk(db, false);
    } catch (error) {
      if (outcome === 'done') throw error; // failed: the transaction refuses statements until its rollback, which ends the setting too
    }
    if (outcome === 'failed') return;
    const append = db.prepare(`SELECT audit_append(?, NULL, 'insert', NULL, ?) AS "appended"`);
    for (const { table, columns, id, lastIdBefore } of tables) {
      const added = db
        .prepare(`SELECT count(*) AS "rows", min("${id}") AS "firstId", max("${id}") AS "lastId" FROM "${table}" WHERE "${id}" > ?`)
        .get(lastIdBefore) as { rows: number; firstId: number; lastId: number };
      if (!Number(added.rows)) continue;
      const logged = loggedColumns(columns).map((c) => c.name);
      const digest = bulkRowsDigest(
        db
          .prepare(`SELECT ${postgresRowText(columns, logged, 'row')} FROM "${table}" r WHERE r."${id}" BETWEEN ? AND ? ORDER BY r."${id}"`)
          .pluck()
          .iterate(added.firstId, added.lastId) as Iterable<string>,
      );
      append.get(
        table,
        JSON.stringify({
          [BULK_ROWS]: Number(added.rows),
          [BULK_FIRST_ID]: Number(added.firstId),
          [BULK_LAST_ID]: Number(added.lastId),
          ...details,
          [BULK_ROWS_SHA256]: digest,
          [BULK_COLUMNS]: logged,
        }),
      );
    }
  };
}
