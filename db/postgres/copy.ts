/**
 * Copies an association's SQLite data into a PostgreSQL database just migrated to the same version
 * (nothing in it but the reference rows its migrations inserted, which the copy replaces) (issue 21 point 4): every table, row by row as it is (same ids; SQLite's implicit rowid
 * into the baseline's `rowid` column, so the log's row ids still name their rows), the audit log
 * verbatim (its chain then verifies here: db/audit.ts hashedText). In one transaction: a failure
 * leaves the target empty. The audit triggers are disabled for the copy (the rows are not new
 * changes: the log already holds their history) and enabled again before the commit; foreign keys
 * are checked once all rows are in (they are DEFERRABLE), so the order of tables and rows does not matter.
 */
import type { Db } from '../engine/types.ts';
import { ADVANCE_SEQUENCES_SQL } from './baseline.ts';

export interface CopiedTable {
  table: string;
  rows: number;
}

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const BATCH_ROWS = 1000;

/** The tables of a SQLite database, in name order. */
export function sqliteTables(source: Db): string[] {
  return source.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
}

export function copyRows(source: Db, target: Db, onTable?: (copied: CopiedTable) => void): CopiedTable[] {
  const tables = sqliteTables(source);
  const copied: CopiedTable[] = [];
  target
    .transaction(() => {
      target.exec('SET CONSTRAINTS ALL DEFERRED');
      for (const table of tables) target.exec(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
      // The reference rows the migrations inserted make way for the source's own (the same rows, or as the association edited them).
      target.exec(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')}`);
      for (const table of tables) {
        const columns = (source.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(table) as string[]).map((c) => `"${c}"`);
        const hasRowid = !!target
          .prepare(`SELECT 1 AS "has" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'rowid'`)
          .get(table);
        const selected = hasRowid ? [...columns, 'rowid AS "rowid"'] : columns;
        const targetColumns = hasRowid ? [...columns, '"rowid"'] : columns;
        const width = targetColumns.length;
        const insertFor = (count: number) =>
          // The leading comment keeps the engine from adding RETURNING id (it would send every copied id back).
          target.prepare(
            `/* copy */ INSERT INTO "${table}" (${targetColumns.join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${Array.from({ length: count }, () => `(${Array(width).fill('?').join(', ')})`).join(', ')}`,
          );
        const full = insertFor(BATCH_ROWS);
        let batch: unknown[] = [];
        let inBatch = 0;
        let rows = 0;
        for (const row of source
          .prepare(`SELECT ${selected.join(', ')} FROM "${table}" ORDER BY rowid`)
          .raw()
          .iterate() as Iterable<unknown[]>) {
          batch.push(...row);
          inBatch++;
          rows++;
          if (inBatch === BATCH_ROWS) {
            full.run(batch);
            batch = [];
            inBatch = 0;
          }
        }
        if (inBatch) insertFor(inBatch).run(batch);
        copied.push({ table, rows });
        onTable?.({ table, rows });
      }
      target.exec('SET CONSTRAINTS ALL IMMEDIATE'); // every foreign key checked now, before the triggers come back
      for (const table of tables) target.exec(`ALTER TABLE "${table}" ENABLE TRIGGER USER`);
      target.exec(ADVANCE_SEQUENCES_SQL);
    })
    .immediate();
  return copied;
}

/** Tables whose row count differs between source and target, with both counts. */
export function countDifferences(source: Db, target: Db, tables: readonly string[]): { table: string; source: number; target: number }[] {
  const differences: { table: string; source: number; target: number }[] = [];
  for (const table of tables) {
    const a = Number(source.prepare(`SELECT count(*) FROM "${table}"`).pluck().get());
    const b = Number(target.prepare(`SELECT count(*) FROM "${table}"`).pluck().get());
    if (a !== b) differences.push({ table, source: a, target: b });
  }
  return differences;
}
