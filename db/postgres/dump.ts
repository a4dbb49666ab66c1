/**
 * Backups of a PostgreSQL database (issue 21 point 2): the app writes them as it writes SQLite's, as a
 * SQLite data file at the database's schema version, read from one snapshot. Why that format and not
 * pg_dump's: a backup is then one thing on both engines, with the same checks before a restore
 * (integrity, foreign keys, schema version, the signed anchor: db/backup.ts checkDatabaseFile), the
 * same listing and rotation in 服务器设置, restorable by the app into PostgreSQL (db/postgres/restore.ts)
 * and openable by the desktop app on a PC; and it needs no pg_dump on the server of the same major
 * version as the database (an IT department's database is often on another machine, or a
 * PostgreSQL-compatible one).
 *
 * Consistency: every table is read on a connection of its own in one `REPEATABLE READ READ ONLY`
 * transaction (the engine's read-only connection), so the copy is the database at one instant while
 * other users, and other server processes, go on writing. The rows are written as they are stored:
 * same ids (the baseline's `rowid` column back into SQLite's rowid), the audit log verbatim, its
 * chain verifying in the copy (db/audit.ts hashes the stored text). The copy's own triggers are
 * dropped while it is filled (the rows are not new changes) and created again from their SQL.
 */
import { PostgresDb } from '../engine/postgres.ts';
import type { Db } from '../engine/types.ts';
import { migrate, schemaVersionOf } from '../migrate.ts';
import { MIGRATIONS } from '../migrations/index.ts';
import { openDatabase } from '../open.ts';
import { sqliteTables } from './copy.ts';

export interface DumpProgress {
  copied: number;
  total: number;
}

/** Rows between two progress reports (and, for the asynchronous dump, two event-loop turns). */
const BATCH_ROWS = 2000;

/** The new SQLite file brought to `version` (never beyond: a copy of a database is at its version). */
function migrateTo(target: Db, version: number): void {
  // Without a beforeMigrate hook migrate runs synchronously (one transaction); its outcome is read back.
  migrate(target, { migrations: MIGRATIONS.filter((m) => m.version <= version) }).catch(() => {});
  const reached = schemaVersionOf(target);
  if (reached !== version) throw new Error(`备份文件的数据结构未能建立到 v${version}（停在 v${reached}）`);
}

const columnsOf = (target: Db, table: string) => target.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(table) as string[];

const hasColumn = (reader: Db, table: string, column: string) =>
  !!reader
    .prepare(`SELECT 1 AS "has" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?`)
    .get(table, column);

/** The dump, a batch at a time: each yield reports the rows written so far. */
function* dumpSteps(source: Db, file: string): Generator<DumpProgress, DumpProgress> {
  if (!(source instanceof PostgresDb)) throw new Error('dumpPostgres: not a PostgreSQL connection');
  const reader = source.openSibling({ readonly: true });
  let target: Db | undefined;
  try {
    reader.exec('BEGIN'); // the read-only connection's BEGIN: REPEATABLE READ READ ONLY, one snapshot for every table
    target = openDatabase(file);
    migrateTo(target, schemaVersionOf(reader));
    const tables = sqliteTables(target);
    const total = tables.reduce((sum, table) => sum + Number(reader.prepare(`SELECT count(*) FROM "${table}"`).pluck().get()), 0);
    let copied = 0;
    yield { copied, total };

    target.pragma('foreign_keys = OFF'); // checked once everything is in (below)
    target.exec('BEGIN');
    const triggers = target.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL ORDER BY rowid`).all() as {
      name: string;
      sql: string;
    }[];
    for (const { name } of triggers) target.exec(`DROP TRIGGER "${name}"`);
    // The reference rows the migrations inserted make way for the database's own (and their log entries for its log).
    for (const table of tables) target.exec(`DELETE FROM "${table}"`);
    if (target.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'`).get()) target.exec('DELETE FROM sqlite_sequence');
    for (const table of tables) {
      const columns = columnsOf(target, table).map((c) => `"${c}"`);
      const rowid = hasColumn(reader, table, 'rowid');
      const order = rowid ? ' ORDER BY rowid' : columns.includes('"id"') ? ' ORDER BY id' : '';
      const insert = target.prepare(
        `INSERT INTO "${table}" (${[...columns, ...(rowid ? ['rowid'] : [])].join(', ')}) VALUES (${Array(columns.length + (rowid ? 1 : 0))
          .fill('?')
          .join(', ')})`,
      );
      const rows = reader
        .prepare(`SELECT ${[...columns, ...(rowid ? ['rowid'] : [])].join(', ')} FROM "${table}"${order}`)
        .raw()
        .iterate() as Iterable<unknown[]>;
      for (const row of rows) {
        insert.run(row);
        if (++copied % BATCH_ROWS === 0) yield { copied, total };
      }
    }
    for (const { sql } of triggers) target.exec(sql);
    target.exec('COMMIT');
    reader.exec('COMMIT');
    target.pragma('foreign_keys = ON');
    const broken = (target.pragma('foreign_key_check') as unknown[]).length;
    if (broken) throw new Error(`备份中有 ${broken} 处引用不一致（外键检查未通过）`);
    return { copied, total };
  } finally {
    target?.close();
    reader.close();
  }
}

/** Writes the PostgreSQL database `source` into the new SQLite file `file`, a batch per event-loop turn (requests are answered meanwhile). */
export async function dumpPostgres(source: Db, file: string, onProgress?: (copied: number, total: number) => void): Promise<DumpProgress> {
  const steps = dumpSteps(source, file);
  for (;;) {
    const step = steps.next();
    onProgress?.(step.value.copied, step.value.total);
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The same at once, for work that is synchronous anyway (the safety copy before a restore, as SQLite's VACUUM INTO). */
export function dumpPostgresSync(source: Db, file: string): DumpProgress {
  const steps = dumpSteps(source, file);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
