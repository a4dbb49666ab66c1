/**
 * 服务器设置 › 迁移到 PostgreSQL (issue 21 point 4): system.migrateToPostgres, called through core,
 * copies the running server's SQLite data into an empty PostgreSQL database as a worker job; the
 * report says what it did; a second run is refused (the target is not empty); a non-admin, a bad
 * address and a server already on PostgreSQL are refused; the password appears in no job title,
 * status, result, log line or audit row. The source core is SQLite's under both engines (a data
 * file that exists is taken as SQLite's: tests/support/core.ts); the empty targets come from the
 * run's PostgreSQL under `npm run test:postgres`, else from a throwaway server of this file's own.
 */
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openCore } from '../../core/app.ts';
import type { MigrateJobResult } from '../../core/schemas/migrate-to-postgres.ts';
import type { Actor } from '../../core/permissions.ts';
import { findPostgresBinaries, startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/postgres/throwaway.ts';
import { seed } from '../../scripts/seed.ts';
import { finishJob, openTestCore, tempDir, type TestCore } from '../support/core.ts';
import { emptyPostgresDatabase, testEngine } from '../support/postgres.ts';

const BIN = testEngine() === 'postgres' || findPostgresBinaries();
if (!BIN) console.warn('[server-settings-migrate] 未找到 PostgreSQL 15 或更新版本的服务器程序：跳过「迁移到 PostgreSQL」测试');

const PASSWORD = 'Geheim-Pw-7731';
const coordinator: Actor = { id: 3, name: '协调员', role: 'coordinator', baseIds: [1] };

(BIN ? describe : describe.skip)('服务器设置 › 迁移到 PostgreSQL', () => {
  let server: ThrowawayPostgres | undefined;
  let core: TestCore;
  let made = 0;
  const logged: string[] = [];

  /** An empty database's address, with a password written in it (the test servers trust local connections, so it is not checked). */
  async function emptyTarget(): Promise<string> {
    let url: string;
    if (testEngine() === 'postgres') url = emptyPostgresDatabase().url;
    else {
      const name = `target_${++made}`;
      const admin = new pg.Client({ connectionString: server!.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      url = server!.urlOf(name);
    }
    const withPassword = new URL(url);
    withPassword.password = PASSWORD;
    return withPassword.toString();
  }

  beforeAll(async () => {
    const file = path.join(tempDir(), 'data.sqlite3');
    await seed(file, 'demo', 7, () => {});
    core = await openTestCore(file); // the file exists: SQLite's under both engines
    if (testEngine() !== 'postgres') server = await startThrowawayPostgres();
    for (const level of ['log', 'warn', 'error'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
  }, 120_000);

  afterAll(() => {
    vi.restoreAllMocks();
    core?.close();
    server?.stop();
  });

  it('refuses a user who is not an administrator, and a bad address naming the field', () => {
    expect(core.fail('system.migrateToPostgres', { target: 'postgres://sws@127.0.0.1/x' }, coordinator).code).toBe('FORBIDDEN');
    for (const target of ['', 'mysql://root@host/db', 'postgres://', 'postgres://host-only']) {
      const error = core.fail('system.migrateToPostgres', { target });
      expect(error).toMatchObject({ code: 'VALIDATION', field: 'target' });
      expect(error.message).toContain('PostgreSQL 地址');
    }
  });

  it('copies as a job: the report says the tables and rows copied, the counts equal, the log intact, no integrity problem; a second run is refused', async () => {
    const target = await emptyTarget();
    const { jobId } = core.ok('system.migrateToPostgres', { target });
    const status = await finishJob(core, jobId);
    expect(status).toMatchObject({ state: 'done', error: null });
    const report = status.result as MigrateJobResult;
    expect(report.problems).toEqual([]);
    expect(report.rows).toBeGreaterThan(5000);
    expect(report.tables.length).toBeGreaterThan(20);
    expect(report.auditEntries).toBeGreaterThan(0);
    expect(report.target).toBe(target.replace(`:${PASSWORD}`, ''));
    expect(report.lines).toEqual(
      expect.arrayContaining(['行数核对：每个表都与源数据一致', '完整性检查：未发现问题', expect.stringMatching(/^目标数据库操作日志：日志完整/)]),
    );
    expect(status.title).toBe(`迁移到 PostgreSQL（${report.target}）`);

    // The server on the copy: it starts, has the people, and refuses to migrate again (it is on PostgreSQL).
    const people = Number(core.db.prepare('SELECT count(*) FROM person').pluck().get());
    const moved = await openCore({ dataFile: path.join(tempDir(), 'data.sqlite3'), database: target });
    try {
      expect(Number(moved.db.prepare('SELECT count(*) FROM person').pluck().get())).toBe(people);
      const onPostgres = moved.call('system.migrateToPostgres', { target: await emptyTarget() });
      expect(onPostgres.ok).toBe(false);
      if (!onPostgres.ok) expect(onPostgres.error.message).toMatch(/已在 PostgreSQL 上运行/);
    } finally {
      moved.close();
    }

    const again = await finishJob(core, core.ok('system.migrateToPostgres', { target }).jobId);
    expect(again.state).toBe('failed');
    expect(again.error).toMatch(/^未迁移（PostgreSQL 地址 postgres:\/\/[^)]*）：目标数据库不是空的（已有 \d+ 个表/);

    for (const text of [JSON.stringify(status), JSON.stringify(again), ...logged, JSON.stringify(core.db.prepare('SELECT * FROM audit_log').all())]) {
      expect(text).not.toContain(PASSWORD);
    }
  }, 120_000);

  it('an unreachable server is refused in Chinese, naming the address without its password', async () => {
    const status = await finishJob(core, core.ok('system.migrateToPostgres', { target: `postgres://sws:${PASSWORD}@127.0.0.1:1/nothing` }).jobId);
    expect(status.state).toBe('failed');
    expect(status.error).toMatch(/^未迁移（PostgreSQL 地址 postgres:\/\/sws@127\.0\.0\.1:1\/nothing）：无法连接 PostgreSQL 服务器/);
    expect(JSON.stringify(status)).not.toContain(PASSWORD);
    expect(logged.join('\n')).not.toContain(PASSWORD);
  }, 60_000);
});
