/**
 * The bench on PostgreSQL (issue 21, `npm run bench -- --engine postgres`): a throwaway server the
 * run starts and removes (scripts/postgres/throwaway.ts), the generated SQLite database of the
 * scale copied into it by `migrate-db` (the same data, ids and log), then vacuumed and analysed, as
 * a server's autovacuum would have done by the time anyone measures it.
 */
import { openPostgres } from '../../db/open.ts';
import { startThrowawayPostgres } from '../postgres/throwaway.ts';
import { migrateDb } from '../migrate-db.ts';

export interface BenchPostgres {
  url: string;
  /** Seconds the copy took, checks included. */
  loadSeconds: number;
  stop(): void;
}

export async function benchPostgres(dataFile: string, log: (line: string) => void): Promise<BenchPostgres> {
  const server = await startThrowawayPostgres();
  try {
    const admin = openPostgres(server.url);
    try {
      admin.exec('CREATE DATABASE sws_bench');
    } finally {
      admin.close();
    }
    const url = server.urlOf('sws_bench');
    log(`复制 ${dataFile} 到临时 PostgreSQL（migrate-db）…`);
    // migrate-db's own lines (each table's rows, the counts check, both logs' verify, the integrity checks), each with the seconds since the start.
    const started = performance.now();
    const report = await migrateDb(dataFile, url, (line) => log(`  ${Math.round((performance.now() - started) / 1000)} 秒 ${line}`));
    if (report.problems.length) throw new Error(`复制后的核对发现问题：${report.problems.join('；')}`);
    const db = openPostgres(url);
    try {
      db.exec('VACUUM ANALYZE');
    } finally {
      db.close();
    }
    log(`  已复制 ${report.rows.toLocaleString('zh-CN')} 行、操作日志 ${report.auditEntries.toLocaleString('zh-CN')} 条（${report.seconds} 秒，含核对），并已 VACUUM ANALYZE`);
    return { url, loadSeconds: report.seconds, stop: () => server.stop() };
  } catch (error) {
    server.stop();
    throw error;
  }
}
