/**
 * `npm run migrate-db` (issue 21 point 4): a SQLite database with example data moves into an
 * empty PostgreSQL database; the counts, the audit log's full verify and the integrity checks hold
 * on the target; the SQLite file is not changed; a target that is not empty is refused. Runs on a
 * throwaway PostgreSQL; skipped, saying why, where no PostgreSQL binaries are found.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDb, MigrateDbRefusal } from '../../scripts/migrate-db.ts';
import { findPostgresBinaries, startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/postgres/throwaway.ts';
import { seed } from '../../scripts/seed.ts';
import { tempDir } from '../support/core.ts';

const BIN = findPostgresBinaries();
if (!BIN) console.warn('[migrate-db] 未找到 PostgreSQL 15 或更新版本的服务器程序（initdb、pg_ctl；PG_BINDIR 可指定）：跳过迁移工具测试');

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

(BIN ? describe : describe.skip)('migrate-db: SQLite → PostgreSQL', () => {
  let server: ThrowawayPostgres;
  const file = path.join(tempDir(), 'data.sqlite3');

  beforeAll(async () => {
    await seed(file, 'demo', 7, () => {});
    server = await startThrowawayPostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE association');
    await admin.end();
  }, 120_000);

  afterAll(() => server?.stop());

  it('copies every row, and the target passes the counts, the full audit verify and the integrity checks; the source is untouched', async () => {
    const before = sha256(file);
    const lines: string[] = [];
    const report = await migrateDb(file, server.urlOf('association'), (line) => lines.push(line));
    expect(report.problems).toEqual([]);
    expect(report.rows).toBeGreaterThan(5000);
    expect(report.auditEntries).toBeGreaterThan(0);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^源数据操作日志：日志完整/),
        '行数核对：每个表都与源数据一致',
        expect.stringMatching(/^目标数据库操作日志：日志完整/),
        '完整性检查：未发现问题',
      ]),
    );
    expect(sha256(file)).toBe(before);
    // The server's own numbering continues after the copied ids.
    const client = new pg.Client({ connectionString: server.urlOf('association') });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT (SELECT max(id) FROM person) AS "maxId"`);
      const inserted = await client.query(
        `INSERT INTO person (id_number, name, sex, birth_date, created_at, updated_at) VALUES ('x', '新人', 'M', '1990-01-01', 'a', 'a') RETURNING id`,
      );
      expect(Number(inserted.rows[0].id)).toBe(Number(rows[0].maxId) + 1);
    } finally {
      await client.end();
    }
  });

  it('refuses a target that is not empty, naming what is there', async () => {
    await expect(migrateDb(file, server.urlOf('association'), () => {})).rejects.toThrow(MigrateDbRefusal);
    await expect(migrateDb(file, server.urlOf('association'), () => {})).rejects.toThrow(/目标数据库不是空的（已有 \d+ 个表，如 app_user、audit_log/);
  });
});
