/**
 * `npm run bench -- --engine postgres` keeps measuring what it says it measures (issue 21): the
 * cases that open connections of their own (工作台's workers, the enrolment export, the audit
 * workbook), the Excel round trip (which counted rows through SQLite's catalog) and `server-load`
 * with two `npm run serve` processes run on PostgreSQL at demo scale on a copy made by migrate-db,
 * instead of being listed as not measured. Never asserts a time.
 */
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runBench } from '../../scripts/bench.ts';
import { migrateDb } from '../../scripts/migrate-db.ts';
import { seed } from '../../scripts/seed.ts';
import { tempDir } from '../support/core.ts';
import { emptyPostgresDatabase } from '../support/postgres.ts';

const database = emptyPostgresDatabase();
afterAll(() => database.drop());

it('runs home, roundtrip, enrolment-export, annual-audit and server-load (two server processes) on PostgreSQL', async () => {
  const dir = tempDir('sws-bench-pg-test-');
  const { problems } = await seed(path.join(dir, 'demo.db'), 'demo', 20261124, () => {});
  expect(problems).toEqual([]);
  expect((await migrateDb(path.join(dir, 'demo.db'), database.url, () => {})).problems).toEqual([]);

  const report = await runBench({
    scale: 'demo',
    browser: false,
    dir,
    log: () => {},
    only: ['home', 'roundtrip', 'enrolment-export', 'annual-audit', 'server-load'],
    database: database.url,
  });
  expect(report.engine).toBe('postgres');
  for (const result of report.results) {
    expect(result.error, result.operation).toBeUndefined();
    expect(result.operation).not.toMatch(/尚未在 PostgreSQL 上测量/);
  }
  const named = (start: string) => report.results.filter((r) => r.operation.startsWith(start));
  expect(named('工作台：').length).toBeGreaterThan(5);
  expect(named('导出报名记录')).toHaveLength(1);
  expect(named('年度审计报表')).toHaveLength(1);
  expect(named('人员往返')[0]).toMatchObject({ met: true }); // the jobs' own rows (server_job) are not the data

  // Two processes, the users spread over both; nothing lost, no request refused.
  expect(named('服务器负载：50 人，空闲时 读取')[0]!.note).toContain('2 个服务器进程');
  expect(named('服务器负载：出错的请求')[0]).toMatchObject({ value: 0, met: true });
  const saves = named('服务器负载：保存成功 / 日志中的保存')[0]!;
  expect(saves.met).toBe(true);
  expect(saves.value).toBeGreaterThan(0);
  expect(named('服务器负载：服务器事件循环最长阻塞')[0]!.note).toMatch(/进程 1：.*进程 2：/);
  for (const job of named('服务器负载：任务')) expect(job.note, job.operation).toMatch(/^完成/);
}, 600_000); // generous: the demo copy's import and both servers share 2 cores with other tests
