/**
 * `npm run migrate-db -- --from data.sqlite3 --to postgres://user@host/db`
 * Moves an association from one PC to a PostgreSQL server (issue 21 point 4); the work and its
 * checks are core/migrate-to-postgres.ts (服务器设置's button runs the same). The SQLite file is
 * only read; a target that holds any table is refused.
 */
import { parseArgs } from 'node:util';
import { INTACT } from '../db/audit-verify.ts';
import { migrateToPostgres, MigrateDbRefusal, type MigrateDbReport } from '../core/migrate-to-postgres.ts';

export { MigrateDbRefusal, type MigrateDbReport };

export const migrateDb = (from: string, to: string, log: (line: string) => void = console.log): Promise<MigrateDbReport> => migrateToPostgres(from, to, log);

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
