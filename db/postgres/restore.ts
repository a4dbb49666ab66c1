/**
 * 从备份恢复 on PostgreSQL (issue 21 point 2): a backup is a SQLite data file (db/postgres/dump.ts, or a
 * SQLite installation's own backup), checked by the caller as on SQLite. Its rows replace the
 * database's in one transaction under the writer lock: every table emptied and refilled as the
 * backup holds it (db/postgres/copy.ts: same ids, the log verbatim, triggers off for the copy,
 * sequences advanced), then the row counts and the audit log's full verify run on the result
 * before the commit. Anything wrong rolls everything back: the database stays as it was. Other
 * server processes see the restored data at the commit, as they keep their connections.
 */
import fs from 'node:fs';
import { verifyAudit } from '../audit-verify.ts';
import type { Db } from '../engine/types.ts';
import { latestVersion, migrate, schemaVersionOf } from '../migrate.ts';
import { openDatabase } from '../open.ts';
import { copyRows, countDifferences, sqliteTables } from './copy.ts';

export class PostgresRestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostgresRestoreRefused';
  }
}

export interface PostgresRestore {
  rows: number;
  auditEntries: number;
}

/**
 * Restores `backupFile` into `target`. `staging`: a file path beside the data (the backup is copied
 * there and brought to the program's schema version when it is older; the backup itself is never changed).
 */
export function restorePostgresFrom(target: Db, backupFile: string, staging: string): PostgresRestore {
  if (target.engine !== 'postgres') throw new Error('restorePostgresFrom: not a PostgreSQL connection');
  fs.copyFileSync(backupFile, staging);
  let source: Db | undefined;
  try {
    source = openDatabase(staging);
    if (schemaVersionOf(source) < latestVersion()) {
      // Without a beforeMigrate hook migrate runs synchronously (one transaction); its outcome is read back.
      migrate(source).catch(() => {});
      if (schemaVersionOf(source) !== latestVersion()) throw new PostgresRestoreRefused(`备份的数据结构未能升级到 v${latestVersion()}`);
    }
    const from = source;
    return target
      .transaction(() => {
        const copied = copyRows(from, target);
        const differences = countDifferences(from, target, sqliteTables(from));
        if (differences.length) {
          const d = differences[0]!;
          throw new PostgresRestoreRefused(`恢复后 ${d.table} 的行数（${d.target}）与备份（${d.source}）不符`);
        }
        const audit = verifyAudit(target, { mode: 'full' });
        if (!audit.intact) throw new PostgresRestoreRefused(`恢复后的操作日志校验未通过（${audit.message}）`);
        return { rows: copied.reduce((sum, t) => sum + t.rows, 0), auditEntries: audit.entries };
      })
      .immediate();
  } finally {
    source?.close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${staging}${suffix}`, { force: true });
  }
}
