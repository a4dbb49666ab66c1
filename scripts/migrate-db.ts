/**
 * `npm run migrate-db -- --from data.sqlite3 --to postgres://user@host/db`
 * Moves an association from one PC to a PostgreSQL server (issue 21 point 4): copies the SQLite
 * file's data into an empty PostgreSQL database, then checks the target: row counts table by
 * table, the audit log's full verify (chain, triggers, bulk digests, rows) and the integrity
 * checks, and says what it did. The SQLite file is only read. A target that holds any table is
 * refused: nothing there is ever overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { anchorFileOf, readAnchorFile, readSigningKey } from '../db/audit-anchor.ts';
import { INTACT, verifyAudit } from '../db/audit-verify.ts';
import { openPostgres } from '../db/engine/postgres.ts';
import type { Db } from '../db/engine/types.ts';
import { latestVersion, migrate, schemaVersionOf } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { copyRows, countDifferences, sqliteTables } from '../db/postgres/copy.ts';
import { integrityProblems } from '../core/integrity.ts';
import { systemClock } from '../core/clock.ts';

export class MigrateDbRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrateDbRefusal';
  }
}

export interface MigrateDbReport {
  tables: { table: string; rows: number }[];
  rows: number;
  seconds: number;
  auditEntries: number;
  /** Problems found on the target; empty when everything checked out. */
  problems: string[];
}

const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

/** The tables already in the target's schema (any at all: the target is not empty). */
function existingTables(target: Db): string[] {
  return target
    .prepare(`SELECT table_name AS "name" FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`)
    .pluck()
    .all() as string[];
}

export async function migrateDb(from: string, to: string, log: (line: string) => void = console.log): Promise<MigrateDbReport> {
  if (!fs.existsSync(from)) throw new MigrateDbRefusal(`找不到数据文件 ${from}`);
  const started = performance.now();
  const source = openDatabase(from, { readonly: true });
  let target: Db | null = null;
  try {
    const version = schemaVersionOf(source);
    if (version !== latestVersion()) {
      throw new MigrateDbRefusal(
        version < latestVersion()
          ? `数据文件的结构版本为 v${version}，本程序为 v${latestVersion()}：请先用本程序打开该文件一次（会先自动备份再升级），再迁移`
          : `数据文件的结构版本（v${version}）比本程序（v${latestVersion()}）新：请用更新版本的程序迁移`,
      );
    }
    // The source's log first: what is copied is what the signed anchor beside the file vouches for.
    const key = readSigningKey(path.dirname(path.resolve(from)));
    const sourceCheck = verifyAudit(source, { mode: 'full', ...(key ? { evidence: { key, anchor: readAnchorFile(anchorFileOf(path.resolve(from))) } } : {}) });
    log(`源数据操作日志：${sourceCheck.message}（${sourceCheck.entries} 条）`);
    if (!sourceCheck.intact) log('  注意：源数据日志的问题会原样带到目标数据库（迁移不修改任何记录）');

    target = openPostgres(to);
    const present = existingTables(target);
    if (present.length) {
      throw new MigrateDbRefusal(
        `目标数据库不是空的（已有 ${present.length} 个表，如 ${present.slice(0, 5).join('、')}）：为保护其中的数据，只向空数据库迁移。请新建一个空数据库后重试`,
      );
    }
    await migrate(target);
    log(`目标数据库结构已建立（v${schemaVersionOf(target)}）`);
    const copied = copyRows(source, target, ({ table, rows }) => {
      if (rows) log(`  ${table}：${rows.toLocaleString('zh-CN')} 行`);
    });
    const rows = copied.reduce((sum, t) => sum + t.rows, 0);
    log(`已复制 ${copied.length} 个表、共 ${rows.toLocaleString('zh-CN')} 行（${seconds(started)} 秒）`);

    const problems: string[] = [];
    for (const d of countDifferences(source, target, sqliteTables(source))) problems.push(`${d.table} 行数不符：源 ${d.source} 行，目标 ${d.target} 行`);
    if (!problems.length) log('行数核对：每个表都与源数据一致');
    const targetCheck = verifyAudit(target, { mode: 'full' });
    log(`目标数据库操作日志：${targetCheck.message}（${targetCheck.entries} 条）`);
    if (!targetCheck.intact) problems.push(...targetCheck.problems.map((p) => `目标数据库日志：${p}`));
    try {
      const integrity = integrityProblems(target, systemClock.today());
      log(integrity.length ? `完整性检查发现 ${integrity.length} 个问题` : '完整性检查：未发现问题');
      problems.push(...integrity.map((p) => `完整性：${p}`));
    } catch (error) {
      problems.push(`完整性检查未能在目标数据库上运行：${(error as Error).message}`);
    }
    return { tables: copied, rows, seconds: seconds(started), auditEntries: targetCheck.entries, problems };
  } finally {
    source.close();
    target?.close();
  }
}

async function main() {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
  if (!values.from || !values.to || !/^postgres(ql)?:\/\//.test(values.to)) {
    console.error('用法：npm run migrate-db -- --from <data.sqlite3> --to postgres://用户@主机:端口/数据库');
    process.exitCode = 2;
    return;
  }
  try {
    const report = await migrateDb(values.from, values.to);
    if (report.problems.length) {
      console.error(`迁移完成，但核对发现问题：\n  ${report.problems.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log(
        `迁移完成：${report.rows.toLocaleString('zh-CN')} 行、操作日志 ${report.auditEntries} 条（${INTACT}），用时 ${report.seconds} 秒。源数据文件未被修改。`,
      );
    }
  } catch (error) {
    console.error(error instanceof MigrateDbRefusal ? `未迁移：${error.message}` : error);
    process.exitCode = 1;
  }
}

if (import.meta.main) await main();
