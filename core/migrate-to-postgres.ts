/**
 * Moves an association from one PC to a PostgreSQL server (issue 21 point 4): copies the SQLite
 * file's data into an empty PostgreSQL database, then checks the target: row counts table by
 * table, the audit log's full verify (chain, triggers, bulk digests, rows) and the integrity
 * checks, and says what it did. The SQLite file is only read, on a connection of its own and in
 * one read transaction, so a server that keeps running meanwhile copies one consistent moment. A
 * target that holds any table is refused: nothing there is ever overwritten.
 * One owner for both callers: `npm run migrate-db` (scripts/migrate-db.ts) and 服务器设置's
 * button (system.migrateToPostgres, a worker job).
 */
import fs from 'node:fs';
import path from 'node:path';
import { anchorFileOf, readAnchorFile, readSigningKey } from '../db/audit-anchor.ts';
import { verifyAudit } from '../db/audit-verify.ts';
import type { Db } from '../db/engine/types.ts';
import { latestVersion, migrate, schemaVersionOf } from '../db/migrate.ts';
import { openDatabase, openPostgres } from '../db/open.ts';
import { withoutPassword } from '../db/engine/postgres.ts';
import { copyRows, countDifferences, sqliteTables } from '../db/postgres/copy.ts';
import { integrityProblems } from './integrity.ts';
import { systemClock } from './clock.ts';
import { AppError, conflict } from './errors.ts';
import type { JobHandle } from './jobs.ts';
import type { MigrateJobResult } from './schemas/migrate-to-postgres.ts';

/** Why nothing was copied, in Chinese for the user. */
export class MigrateDbRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrateDbRefusal';
  }
}

/** What the copy did and found. */
export type MigrateDbReport = Omit<MigrateJobResult, 'target' | 'lines'>;

/** Where the copy is: tables copied of all, and the line said last. */
export type MigrateProgress = (done: number, total: number, line: string) => void;

const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

/** The tables already in the target's schema (any at all: the target is not empty). */
function existingTables(target: Db): string[] {
  return target
    .prepare(`SELECT table_name AS "name" FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`)
    .pluck()
    .all() as string[];
}

/** The target, connected; a server that cannot be reached is a refusal naming the address (without its password). */
function connectTarget(to: string): Db {
  try {
    return openPostgres(to);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split(to).join(withoutPassword(to)) : String(error);
    throw new MigrateDbRefusal(
      `无法连接 PostgreSQL 服务器 ${withoutPassword(to)}（${reason}）：请检查地址、用户名和密码，以及该服务器是否在运行并允许本机连接`,
    );
  }
}

export async function migrateToPostgres(
  from: string,
  to: string,
  log: (line: string) => void = console.log,
  progress: MigrateProgress = () => {},
): Promise<MigrateDbReport> {
  if (!fs.existsSync(from)) throw new MigrateDbRefusal(`找不到数据文件 ${from}`);
  const started = performance.now();
  const say = (done: number, total: number, line: string) => {
    log(line);
    progress(done, total, line);
  };
  // The anchor before the snapshot: the snapshot is then at least as new as what the anchor vouches for.
  const key = readSigningKey(path.dirname(path.resolve(from)));
  const anchor = key ? readAnchorFile(anchorFileOf(path.resolve(from))) : undefined;
  const source = openDatabase(from, { readonly: true });
  let target: Db | null = null;
  try {
    source.exec('BEGIN'); // one snapshot for the copy and the counts, while others keep writing
    const version = schemaVersionOf(source);
    if (version !== latestVersion()) {
      throw new MigrateDbRefusal(
        version < latestVersion()
          ? `数据文件的结构版本为 v${version}，本程序为 v${latestVersion()}：请先用本程序打开该文件一次（会先自动备份再升级），再迁移`
          : `数据文件的结构版本（v${version}）比本程序（v${latestVersion()}）新：请用更新版本的程序迁移`,
      );
    }
    const tables = sqliteTables(source);
    const total = tables.length;
    // The source's log first: what is copied is what the signed anchor beside the file vouches for.
    const sourceCheck = verifyAudit(source, { mode: 'full', ...(key ? { evidence: { key, anchor } } : {}) });
    say(0, total, `源数据操作日志：${sourceCheck.message}（${sourceCheck.entries} 条）`);
    if (!sourceCheck.intact) log('  注意：源数据日志的问题会原样带到目标数据库（迁移不修改任何记录）');

    target = connectTarget(to);
    const present = existingTables(target);
    if (present.length) {
      throw new MigrateDbRefusal(
        `目标数据库不是空的（已有 ${present.length} 个表，如 ${present.slice(0, 5).join('、')}）：为保护其中的数据，只向空数据库迁移。请新建一个空数据库后重试`,
      );
    }
    await migrate(target);
    say(0, total, `目标数据库结构已建立（v${schemaVersionOf(target)}）`);
    let done = 0;
    const copied = copyRows(source, target, ({ table, rows }) => {
      done += 1;
      if (rows) say(done, total, `  ${table}：${rows.toLocaleString('zh-CN')} 行`);
      else progress(done, total, table);
    });
    const rows = copied.reduce((sum, t) => sum + t.rows, 0);
    say(total, total, `已复制 ${copied.length} 个表、共 ${rows.toLocaleString('zh-CN')} 行（${seconds(started)} 秒）`);

    const problems: string[] = [];
    for (const d of countDifferences(source, target, tables)) problems.push(`${d.table} 行数不符：源 ${d.source} 行，目标 ${d.target} 行`);
    if (!problems.length) say(total, total, '行数核对：每个表都与源数据一致');
    const targetCheck = verifyAudit(target, { mode: 'full' });
    say(total, total, `目标数据库操作日志：${targetCheck.message}（${targetCheck.entries} 条）`);
    if (!targetCheck.intact) problems.push(...targetCheck.problems.map((p) => `目标数据库日志：${p}`));
    try {
      const integrity = integrityProblems(target, systemClock.today());
      say(total, total, integrity.length ? `完整性检查发现 ${integrity.length} 个问题` : '完整性检查：未发现问题');
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

/** The password of a postgres:// address, as written in it (empty when none). */
function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return /\/\/[^:/@]*:([^@/]*)@/.exec(url)?.[1] ?? '';
  }
}

/**
 * 服务器设置's button, as a worker job (core/worker-tasks.ts): the copy of the running server's data
 * file, its lines as the job's progress. The password never reaches the job's status, its result,
 * its error or the server's log: every text from the copy is scrubbed of the address and the password.
 */
export async function migrateToPostgresJob(dataFile: string, target: string, job: JobHandle): Promise<{ result: MigrateJobResult }> {
  const shown = withoutPassword(target);
  const password = passwordOf(target);
  const scrub = (text: string) => {
    const clean = text.split(target).join(shown);
    return password ? clean.split(password).join('***').split(encodeURIComponent(password)).join('***') : clean;
  };
  const lines: string[] = [];
  try {
    const report = await migrateToPostgres(
      dataFile,
      target,
      (line) => lines.push(scrub(line)),
      (done, total, line) => job.progress(done, total, scrub(line.trim())),
    );
    return { result: { ...report, target: shown, lines } };
  } catch (error) {
    const message = scrub(error instanceof Error ? error.message : String(error));
    if (error instanceof MigrateDbRefusal) throw conflict(`未迁移（PostgreSQL 地址 ${shown}）：${message}`, 'target');
    // The stack for whoever reads the server's log, without the password.
    console.error('[job] 迁移到 PostgreSQL 失败：', scrub(error instanceof Error ? (error.stack ?? message) : message));
    throw new AppError(
      'INTERNAL',
      `迁移未完成（PostgreSQL 地址 ${shown}）：${message}。目标数据库中可能已建立部分表：请删除它、新建一个空数据库后重试；源数据未被修改`,
    );
  }
}
