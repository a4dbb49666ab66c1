/**
 * The schema on PostgreSQL (issue 21): the baseline and later steps give every table, column,
 * constraint and index SQLite has at the newest version (a guard that fails when a SQLite
 * migration forgets its PostgreSQL side); the reference rows are the same; the audit log is
 * append-only with the same messages; and one verifier checks a chain written on either engine
 * or copied from SQLite. Runs against a throwaway PostgreSQL (initdb in a temporary folder);
 * skipped, saying why, where no PostgreSQL binaries are found.
 */
import { execFile } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChain, CHAIN_COLUMNS, hashedText, HASHED_CONTENT, withAuditContext, withBulkInsertAudit, type ChainEntry } from '../../db/audit.ts';
import { INTACT, verifyAudit } from '../../db/audit-verify.ts';
import { copyRows, countDifferences, sqliteTables } from '../../db/postgres/copy.ts';
import type { Db } from '../../db/engine/types.ts';
import { latestVersion, migrate, SchemaTooNewError, schemaVersionOf } from '../../db/migrate.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { openDatabase } from '../../db/open.ts';
import { installPostgresAuditTrigger, isAuditExemptOnPostgres } from '../../db/postgres/audit.ts';
import { POSTGRES_ROWID_TABLES } from '../../db/postgres/rowid-tables.ts';
import { postgresSteps } from '../../db/postgres/schema-version.ts';
import { openPostgres } from '../../db/engine/postgres.ts';
import { findPostgresBinaries, startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/postgres/throwaway.ts';

const BIN = findPostgresBinaries();
if (!BIN) console.warn('[postgres-schema] 未找到 PostgreSQL 15 或更新版本的服务器程序（initdb、pg_ctl；PG_BINDIR 可指定）：跳过 PostgreSQL 结构测试');

/** A throwaway PostgreSQL (scripts/postgres/throwaway.ts) and new databases on it, migrated by db/migrate.ts through the PostgreSQL engine. */
class Server {
  private pg: ThrowawayPostgres | null = null;
  private readonly open: { db: Db; client: pg.Client }[] = [];

  async start() {
    this.pg = await startThrowawayPostgres();
  }

  urlOf(database: string): string {
    return this.pg!.urlOf(database);
  }

  async client(database = 'postgres'): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.pg!.urlOf(database) });
    await client.connect();
    return client;
  }

  /** A new empty database: its engine connection (not migrated) and a plain client beside it. */
  async database(name: string): Promise<{ db: Db; client: pg.Client }> {
    const admin = await this.client();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const opened = { db: openPostgres(this.pg!.urlOf(name)), client: await this.client(name) };
    this.open.push(opened);
    return opened;
  }

  async migratedDatabase(name: string): Promise<{ db: Db; client: pg.Client }> {
    const opened = await this.database(name);
    await migrate(opened.db);
    return opened;
  }

  async stop() {
    for (const { db, client } of this.open) {
      db.close();
      await client.end();
    }
    this.pg?.stop();
  }
}

async function sqliteAtNewest(): Promise<Db> {
  const db = openDatabase(':memory:');
  await migrate(db);
  return db;
}

const describeWithPostgres = BIN ? describe : describe.skip;

describeWithPostgres('the schema on PostgreSQL', () => {
  const server = new Server();
  let pgdb: pg.Client;
  let sqlite: Db;

  beforeAll(async () => {
    await server.start();
    pgdb = (await server.migratedDatabase('schema')).client;
    sqlite = await sqliteAtNewest();
  }, 60_000);

  afterAll(() => server.stop());

  it('has every table and column SQLite has at the newest version, in the same order, with matching types and NOT NULLs', async () => {
    const sqliteTables = sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .pluck()
      .all() as string[];
    const { rows: pgTables } = await pgdb.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
    expect(pgTables.map((t) => t.name).filter((t) => t !== 'schema_version')).toEqual(sqliteTables);
    const pgType = { INTEGER: ['bigint'], REAL: ['double precision'], TEXT: ['text', 'USER-DEFINED'] } as Record<string, string[]>;
    for (const table of sqliteTables) {
      const sqliteColumns = sqlite.prepare(`SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`).all(table) as {
        name: string;
        type: string;
        notnull: number;
        pk: number;
      }[];
      const { rows } = await pgdb.query(
        `SELECT column_name AS name, data_type AS type, is_nullable = 'NO' AS notnull FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      const pgColumns = rows.filter((c) => !(c.name === 'rowid' && POSTGRES_ROWID_TABLES.includes(table)));
      expect(
        pgColumns.map((c) => c.name),
        table,
      ).toEqual(sqliteColumns.map((c) => c.name));
      sqliteColumns.forEach((c, i) => {
        expect(pgType[c.type.toUpperCase()], `${table}.${c.name}`).toContain(pgColumns[i].type);
        expect(pgColumns[i].notnull, `${table}.${c.name} NOT NULL`).toBe(c.notnull === 1 || (c.pk > 0 && c.type.toUpperCase() === 'INTEGER') || c.pk > 0);
      });
    }
  });

  it('has every index SQLite has (partial ones with the same condition), every UNIQUE, foreign key and CHECK', async () => {
    const indexes = sqlite.prepare(`SELECT name, tbl_name AS "table", sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).all() as {
      name: string;
      table: string;
      sql: string;
    }[];
    const { rows: pgIndexes } = await pgdb.query(`SELECT indexname AS name, tablename AS "table", indexdef AS def FROM pg_indexes WHERE schemaname = 'public'`);
    for (const index of indexes) {
      const found = pgIndexes.find((i) => i.name === index.name);
      expect(found, `index ${index.name}`).toBeDefined();
      expect(found.table).toBe(index.table);
      const where = /\bWHERE\b(.*)$/i.exec(index.sql)?.[1]?.trim();
      if (where) expect(found.def, index.name).toMatch(/WHERE/);
    }
    const constraintsOf = async (table: string) =>
      (await pgdb.query(`SELECT contype, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass`, [table])).rows as {
        contype: string;
        def: string;
      }[];
    const tables = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
      name: string;
      sql: string;
    }[];
    for (const { name, sql } of tables) {
      const constraints = await constraintsOf(name);
      const uniques = sqlite.prepare(`SELECT name FROM pragma_index_list(?) WHERE origin IN ('u', 'pk')`).pluck().all(name) as string[];
      const pgUniques = constraints.filter((c) => c.contype === 'u' || c.contype === 'p').map((c) => c.def);
      for (const u of uniques) {
        const columns = (sqlite.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).pluck().all(u) as string[]).join(', ');
        expect(pgUniques, `${name} UNIQUE (${columns})`).toEqual(
          expect.arrayContaining([expect.stringMatching(new RegExp(`^(UNIQUE|PRIMARY KEY) \\(${columns}\\)`))]),
        );
      }
      const fks = sqlite.prepare(`SELECT "from", "table", "to" FROM pragma_foreign_key_list(?)`).all(name) as {
        from: string;
        table: string;
        to: string | null;
      }[];
      const pgFks = constraints.filter((c) => c.contype === 'f').map((c) => c.def);
      expect(pgFks.length, `${name} foreign keys`).toBe(fks.length);
      for (const fk of fks) expect(pgFks, `${name}.${fk.from}`).toContain(`FOREIGN KEY (${fk.from}) REFERENCES ${fk.table}(${fk.to ?? 'id'}) DEFERRABLE`);
      const checks = (sql.match(/\bCHECK\s*\(/gi) ?? []).length;
      expect(constraints.filter((c) => c.contype === 'c').length, `${name} CHECKs`).toBe(checks);
    }
  });

  it('refuses what SQLite refuses: a CHECK, a UNIQUE, a foreign key; compares text byte by byte; username ignores case', async () => {
    await expect(pgdb.query(`INSERT INTO region (code, name, level, created_at, updated_at) VALUES ('1', 'x', 'village', 'a', 'a')`)).rejects.toThrow(
      /check constraint/,
    );
    await expect(pgdb.query(`INSERT INTO service_field (name, rank) VALUES ('社会福利', 99)`)).rejects.toThrow(/unique/);
    await expect(pgdb.query(`INSERT INTO room (base_id, name, seats, created_at, updated_at) VALUES (999, 'x', 1, 'a', 'a')`)).rejects.toThrow(/foreign key/);
    const { rows } = await pgdb.query(`SELECT name FROM (VALUES ('b'), ('B'), ('a'), ('张'), ('Z')) AS v(name) ORDER BY name COLLATE "C"`);
    const sqliteOrder = sqlite
      .prepare(`SELECT name FROM (SELECT 'b' AS name UNION ALL SELECT 'B' UNION ALL SELECT 'a' UNION ALL SELECT '张' UNION ALL SELECT 'Z') ORDER BY name`)
      .pluck()
      .all();
    expect(rows.map((r) => r.name)).toEqual(sqliteOrder);
    const { rows: collation } = await pgdb.query(`SELECT collation_name FROM information_schema.columns WHERE table_name = 'person' AND column_name = 'name'`);
    expect(collation[0].collation_name).toBe('C');
    await pgdb.query('BEGIN');
    await pgdb.query(
      `INSERT INTO app_user (username, display_name, role, password_hash, password_salt, created_at, updated_at) VALUES ('Admin', 'x', 'admin', 'h', 's', 'a', 'a')`,
    );
    await expect(
      pgdb.query(
        `INSERT INTO app_user (username, display_name, role, password_hash, password_salt, created_at, updated_at) VALUES ('admin', 'y', 'admin', 'h', 's', 'a', 'a')`,
      ),
    ).rejects.toThrow(/unique/);
    await pgdb.query('ROLLBACK');
  });

  it('holds the reference rows the SQLite migrations insert (levels, rule settings, fields, categories, rule set v1, evaluation template v1)', async () => {
    const compare = async (table: string, columns: string, order: string) => {
      const mine = sqlite.prepare(`SELECT ${columns.replace(/::int/g, '')} FROM ${table} ORDER BY ${order}`).all(); // bigint read as int for the comparison
      const { rows } = await pgdb.query(`SELECT ${columns} FROM ${table} ORDER BY ${order}`);
      expect(rows, table).toEqual(mine);
      expect(rows.length, table).toBeGreaterThan(0);
    };
    await compare(
      'supervisor_level',
      'id::int AS id, name, rank::int AS rank, min_certificate_level, min_practice_years, min_years_at_lower, version::int AS version',
      'id',
    );
    await compare('rule_setting', 'key, value, updated_at, updated_by', 'key');
    await compare('service_field', 'id::int AS id, name, rank::int AS rank', 'id');
    await compare('course_category', 'id::int AS id, name, rank::int AS rank', 'id');
    await compare('training_rule_set', 'id::int AS id, version::int AS version, body, note, created_at, created_by', 'id');
    await compare('evaluation_template', 'id::int AS id, version::int AS version, body, note, created_at, created_by', 'id');
    // The identity sequences continue after the copied ids.
    const { rows } = await pgdb.query(`INSERT INTO course_category (name, rank) VALUES ('新类别', 7) RETURNING id`);
    expect(Number(rows[0].id)).toBe(7);
    await pgdb.query(`DELETE FROM course_category WHERE id = 7`);
  });

  it('keeps the version in schema_version: the baseline stands for 27, later steps add a row each', async () => {
    const { rows } = await pgdb.query('SELECT version, name FROM schema_version ORDER BY version');
    expect(rows[0]).toEqual({ version: 27, name: 'postgres_baseline' });
    expect(Math.max(...rows.map((r) => r.version))).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
  });

  it('migrate() on PostgreSQL: a new database from 0 to the newest version; run again, nothing to do; the fresh log verifies', async () => {
    const { db } = await server.database('fresh');
    expect(schemaVersionOf(db)).toBe(0);
    expect(await migrate(db)).toEqual({ from: 0, to: latestVersion() });
    expect(schemaVersionOf(db)).toBe(latestVersion());
    expect(await migrate(db)).toEqual({ from: latestVersion(), to: latestVersion() });
    expect(verifyAudit(db, { mode: 'full' })).toMatchObject({ intact: true, entries: 0, message: INTACT });
  });

  it('migrate() refuses a PostgreSQL database newer than the code, and changes nothing', async () => {
    const { db, client } = await server.migratedDatabase('too_new');
    await client.query(`INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'from_the_future', 'x')`);
    await expect(migrate(db)).rejects.toThrow(SchemaTooNewError);
    await expect(migrate(db)).rejects.toMatchObject({ fileVersion: 999, codeVersion: latestVersion() });
    const { rows } = await client.query('SELECT count(*)::int AS n FROM schema_version');
    expect(rows[0].n).toBe(MIGRATIONS.filter((m) => m.version > 27).length + 2);
  });

  it('a failing step leaves the database as it was (all steps in one transaction)', async () => {
    const { db, client } = await server.database('failing');
    const failing = [...MIGRATIONS, { version: 9999, name: 'fails', up() {}, postgres: (d: Db) => void d.exec('CREATE TABLE broken (') }];
    await expect(migrate(db, { migrations: failing })).rejects.toThrow();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(rows[0].n).toBe(0);
  });

  it('two server processes starting at once on a new database migrate it once', async () => {
    const { client } = await server.database('raced');
    const url = server.urlOf('raced');
    const child = () =>
      new Promise<{ ok: boolean; result?: unknown; error?: string }>((resolve, reject) => {
        execFile(process.execPath, ['tests/integration/postgres-migrate-child.ts', url], (error, stdout) =>
          error ? reject(error) : resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as { ok: boolean }),
        );
      });
    const results = await Promise.all([child(), child()]);
    // Each starts and ends at the newest version (one may find the work done already: from the newest, or from 0 if it looked before the other committed).
    for (const r of results) expect(r).toMatchObject({ ok: true, result: { to: latestVersion() } });
    expect(results.some((r) => (r.result as { from: number }).from === 0)).toBe(true);
    const { rows } = await client.query('SELECT version FROM schema_version ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual([27, ...MIGRATIONS.filter((m) => m.version > 27).map((m) => m.version)]);
  });

  it('a later step runs its PostgreSQL side and installs the audit trigger of the table it creates', async () => {
    const { db, client } = await server.migratedDatabase('later_step');
    const step = {
      version: 9998,
      name: 'later_step',
      up() {},
      postgres(d: Db) {
        d.exec(`CREATE TABLE later_thing (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, score double precision, note text COLLATE "C")`);
        installPostgresAuditTrigger(d, 'later_thing');
      },
    };
    expect(await migrate(db, { migrations: [...MIGRATIONS, step] })).toEqual({ from: latestVersion(), to: 9998 });
    await client.query(`INSERT INTO later_thing (score, note) VALUES (4, '新')`);
    const { rows } = await client.query(`SELECT after_json AS "after" FROM audit_log WHERE table_name = 'later_thing'`);
    expect(rows).toEqual([{ after: '{"id":1,"score":4.0,"note":"新"}' }]);
    expect(verifyAudit(db, { mode: 'full' }).message).toBe(INTACT);
    expect(schemaVersionOf(db)).toBe(9998);
  });

  it('every migration after the baseline carries its PostgreSQL side', () => {
    for (const m of MIGRATIONS.filter((m) => m.version > 27)) expect(m.postgres, `migration ${m.version} ${m.name}`).toBeTypeOf('function');
    expect(() => postgresSteps([...MIGRATIONS, { version: 9999, name: 'sqlite_only', up() {} }], 0)).toThrow(/9999（sqlite_only）缺少 PostgreSQL 部分/);
  });

  it('gives every audited table its trigger, and none to the log itself and the exempt tables', async () => {
    const { rows } = await pgdb.query(
      `SELECT c.relname AS "table", t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal ORDER BY 1, 2`,
    );
    const tables = (
      sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[]
    ).filter((t) => !isAuditExemptOnPostgres(t));
    expect(rows.filter((r) => r.name.startsWith('audit_') && r.table !== 'audit_log').map((r) => r.table)).toEqual(tables);
    expect(rows.filter((r) => r.table === 'audit_log').map((r) => r.name)).toEqual(['audit_log_no_delete', 'audit_log_no_truncate', 'audit_log_no_update']);
  });

  it('the log is append-only: UPDATE, DELETE and TRUNCATE are refused with the same messages as on SQLite', async () => {
    await pgdb.query(`INSERT INTO setting (key, value, updated_at) VALUES ('append_only', '1', 'a')`);
    await expect(pgdb.query(`UPDATE audit_log SET actor_name = 'x'`)).rejects.toThrow('操作日志只能追加，不能修改');
    await expect(pgdb.query(`DELETE FROM audit_log`)).rejects.toThrow('操作日志只能追加，不能删除');
    await expect(pgdb.query(`TRUNCATE audit_log`)).rejects.toThrow('操作日志只能追加，不能删除');
    const sqliteDb = await sqliteAtNewest();
    sqliteDb.prepare(`INSERT INTO setting (key, value, updated_at) VALUES ('append_only', '1', 'a')`).run();
    expect(() => sqliteDb.prepare(`UPDATE audit_log SET actor_name = 'x'`).run()).toThrow('操作日志只能追加，不能修改');
    expect(() => sqliteDb.prepare(`DELETE FROM audit_log`).run()).toThrow('操作日志只能追加，不能删除');
  });

  it('writes REAL values as SQLite writes them in JSON when 15 digits hold them', async () => {
    const values = [3, 2.5, 0.1, 72, 0, 1e15, 1e16, 1.5e16, 1e17, 1e20, 1e-5, 0.0001, 0.00012, 1.5e-7, -2.5, 123.456, 99.5, 1e300];
    for (const x of values) {
      const sqliteText = (sqlite.prepare(`SELECT json_object('a', CAST(? AS REAL)) AS j`).get(x) as { j: string }).j.slice(5, -1);
      const { rows } = await pgdb.query('SELECT audit_real_json($1::double precision) AS t', [x]);
      expect(rows[0].t, String(x)).toBe(sqliteText);
    }
    // More than 15 significant digits: PostgreSQL's shortest text; SQLite's 17 digits may differ in the last one.
    const { rows } = await pgdb.query('SELECT audit_real_json(1::double precision / 3) AS t');
    expect(Number(rows[0].t)).toBe(1 / 3);
  });
});

/** The same changes, as one user at one moment, on SQLite (through the app's triggers) and on PostgreSQL. */
const CHANGES = [
  `INSERT INTO region (id, code, name, level, created_at, updated_at) VALUES (1, '442000', '中山市', 'city', '2026-12-06T01:00:00.000Z', '2026-12-06T01:00:00.000Z')`,
  `INSERT INTO organization (id, name, kind, region_id, address, created_at, updated_at) VALUES (1, '中山市"启航"社工服务中心', 'social_work_agency', 1, '石岐街道
孙文中路 1 号	二楼\\后座', 'a', 'a')`,
  `INSERT INTO training_base (id, name, organization_id, region_id, grade, accreditation_status, created_at, updated_at) VALUES (1, '启航实训基地', 1, 1, 'ordinary', 'accredited', 'a', 'a')`,
  `INSERT INTO course (id, base_id, code, title, category_id, credit_hours, status, created_at, updated_at) VALUES (1, 1, 'C-01', '督导实务', 6, 3, 'active', 'a', 'a')`,
  `UPDATE course SET credit_hours = 2.5, version = version + 1 WHERE id = 1`,
  `INSERT INTO app_user (id, username, display_name, role, password_hash, password_salt, created_at, updated_at) VALUES (1, 'Admin', '管理员', 'admin', 'secret-hash', 'secret-salt', 'a', 'a')`,
  `INSERT INTO setting (key, value, updated_at) VALUES ('time_zone', 'Asia/Shanghai', 'a')`,
  `UPDATE setting SET value = 'Asia/Urumqi' WHERE key = 'time_zone'`,
  `INSERT INTO mentor_specialty (mentor_id, service_field_id) SELECT 1, 1 WHERE 1 = 0`,
  `DELETE FROM course WHERE id = 1`,
];
const CONTEXT = { actorId: 7, actorName: '张三', operation: 'test.change', at: '2026-12-06T02:03:04.005Z' };

async function readChain(client: pg.Client): Promise<ChainEntry[]> {
  return (await client.query(`SELECT ${CHAIN_COLUMNS} FROM audit_log ORDER BY id`)).rows.map((r) => ({
    ...r,
    id: Number(r.id),
    actorId: r.actorId === null ? null : Number(r.actorId),
    rowId: r.rowId === null ? null : Number(r.rowId),
  }));
}

describeWithPostgres('the audit chain on both engines', () => {
  const server = new Server();
  let sqlite: Db;

  beforeAll(async () => {
    await server.start();
    sqlite = await sqliteAtNewest();
    withAuditContext(sqlite, CONTEXT, () => sqlite.transaction(() => CHANGES.forEach((sql) => sqlite.exec(sql)))());
  }, 60_000);

  afterAll(() => server.stop());

  it('the same changes give the same hashed text, entry by entry, and so the same chain', async () => {
    const { client: pgdb } = await server.migratedDatabase('same_changes');
    {
      await pgdb.query('BEGIN');
      await pgdb.query(
        `SELECT set_config('audit.actor_id', $1, true), set_config('audit.actor_name', $2, true), set_config('audit.operation', $3, true), set_config('audit.at', $4, true)`,
        [String(CONTEXT.actorId), CONTEXT.actorName, CONTEXT.operation, CONTEXT.at],
      );
      for (const sql of CHANGES) await pgdb.query(sql);
      await pgdb.query('COMMIT');
      const onSqlite = sqlite.prepare(`SELECT ${CHAIN_COLUMNS}, ${HASHED_CONTENT('')} AS "sqliteText" FROM audit_log ORDER BY id`).all() as (ChainEntry & {
        sqliteText: string;
      })[];
      const onPostgres = await readChain(pgdb);
      expect(onSqlite.length).toBe(CHANGES.length - 1); // the INSERT … WHERE 1 = 0 wrote nothing
      // SQLite's own json_array text is what the verifier rebuilds from the stored values.
      for (const e of onSqlite) expect(hashedText(e)).toBe(e.sqliteText);
      expect(onPostgres.map(hashedText)).toEqual(onSqlite.map(hashedText));
      expect(onPostgres.map((e) => e.hash)).toEqual(onSqlite.map((e) => e.hash));
      expect(onPostgres.find((e) => e.tableName === 'app_user')!.afterJson).toContain('"password_hash":"***","password_salt":"***"');
      expect(onPostgres.find((e) => e.tableName === 'course' && e.action === 'update')!.beforeJson).toContain('"credit_hours":3.0');
      expect(onPostgres.find((e) => e.tableName === 'setting' && e.action === 'update')!.rowId).toBe(1);
      // PostgreSQL's own hash function agrees with its stored hashes.
      const { rows } = await pgdb.query(
        `SELECT count(*)::int AS bad FROM audit_log WHERE hash <> audit_sha256(audit_hashed_text(prev_hash, at, actor_id, actor_name, operation, table_name, row_id, action, before_json, after_json))`,
      );
      expect(rows[0].bad).toBe(0);
      expect(checkChain(onPostgres, '')).toEqual({ intact: true, entries: onPostgres.length });
    }
  });

  it('a SQLite database copied into PostgreSQL: same rows, the full verify passes there (chain, triggers, bulk digests, rows), the chain continues; tampering is found on both', async () => {
    // Content that tests the JSON text: control characters, quotes, CJK, a REAL 1/3 (17 digits on SQLite), a bulk load.
    const source = await sqliteAtNewest();
    withAuditContext(source, { actorId: null, actorName: '系统\u0001"引号"', operation: 'copy.test', at: '' }, () =>
      source.transaction(() => {
        CHANGES.forEach((sql) => source.exec(sql));
        source.prepare(`UPDATE supervisor_level SET min_years_at_lower = ? WHERE id = 2`).run(1 / 3);
        source.prepare(`INSERT INTO setting (key, value, updated_at) VALUES (?, ?, 'a')`).run('note', 'tab\there\u001f \u2028 \u00e9 \\ / 😀');
        withBulkInsertAudit(source, () => {
          const person = source.prepare(
            `INSERT INTO person (id_number, name, sex, birth_date, region_id, created_at, updated_at) VALUES (?, ?, 'F', '1990-01-01', 1, 'a', 'a')`,
          );
          for (let i = 0; i < 5; i++) person.run(`44200019900101${String(i).padStart(3, '0')}X`, `批量${i}`);
          source.prepare(`INSERT INTO region_quota (region_id, level_id, quota, updated_at) VALUES (1, 2, 3, 'a')`).run();
        });
        source.prepare(`UPDATE person SET phone = '13800000000', version = version + 1 WHERE name = '批量2'`).run();
      })(),
    );
    expect(verifyAudit(source, { mode: 'full' }).message).toBe(INTACT);
    const { db: target, client: pgdb } = await server.migratedDatabase('copied_chain');
    const copied = copyRows(source, target);
    expect(copied.find((c) => c.table === 'person')!.rows).toBe(5);
    expect(countDifferences(source, target, sqliteTables(source))).toEqual([]);
    const entries = source.prepare(`SELECT ${CHAIN_COLUMNS} FROM audit_log ORDER BY id`).all() as ChainEntry[];
    expect((await readChain(pgdb)).map((e) => e.hash)).toEqual(entries.map((e) => e.hash));
    const { rows } = await pgdb.query(
      `SELECT count(*)::int AS bad FROM audit_log WHERE hash <> audit_sha256(audit_hashed_text(prev_hash, at, actor_id, actor_name, operation, table_name, row_id, action, before_json, after_json))`,
    );
    expect(rows[0].bad, 'PostgreSQL rebuilds the hashed text of SQLite entries identically').toBe(0);
    expect(verifyAudit(target, { mode: 'full' })).toMatchObject({ intact: true, entries: entries.length, message: INTACT });

    // The chain continues on PostgreSQL from the copied head; the sequences continue after the copied ids.
    target.prepare(`INSERT INTO setting (key, value, updated_at) VALUES ('after_copy', '1', 'a')`).run();
    expect(
      target.prepare(`INSERT INTO person (id_number, name, sex, birth_date, created_at, updated_at) VALUES ('x', '新人', 'M', '1990-01-01', 'a', 'a')`).run()
        .lastInsertRowid,
    ).toBe(6);
    const continued = await readChain(pgdb);
    expect(continued[entries.length]!.prevHash).toBe(entries.at(-1)!.hash);
    expect(verifyAudit(target, { mode: 'full' })).toMatchObject({ intact: true, entries: entries.length + 2 });

    // Rows changed without a log entry (the triggers lifted by someone with the rights to): found, bulk-loaded or not.
    await pgdb.query('ALTER TABLE person DISABLE TRIGGER USER');
    await pgdb.query(`UPDATE person SET name = '改名' WHERE name IN ('批量0', '新人')`);
    await pgdb.query('ALTER TABLE person ENABLE TRIGGER USER');
    const rowsChanged = verifyAudit(target, { mode: 'full' });
    expect(rowsChanged.problems).toEqual([
      expect.stringMatching(/^person 第 1–5 行与批量写入时的校验值不符/),
      expect.stringMatching(/^person 中有 1 条记录与日志最后记下的内容不符（如编号 6）/),
    ]);

    // A dropped trigger and an altered function: found.
    await pgdb.query('DROP TRIGGER audit_course ON course');
    await pgdb.query(`CREATE OR REPLACE FUNCTION audit_sha256(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT md5(t) $$`);
    expect(verifyAudit(target, { mode: 'fast' }).problems).toEqual([
      '触发器 audit_course 缺失：此后的相应修改不会记入日志',
      '触发器 audit_sha256() 被改动：相应修改可能不会如实记入日志',
    ]);

    // An entry edited: the chain breaks there, on PostgreSQL and on SQLite alike.
    const victim = entries[3]!;
    await pgdb.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await pgdb.query(`UPDATE audit_log SET actor_name = '李四' WHERE id = $1`, [victim.id]);
    await pgdb.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    expect(verifyAudit(target, { mode: 'full' })).toMatchObject({ intact: false, brokenAt: victim.id });
    expect(verifyAudit(target, { mode: 'full' }).problems[0]).toBe(`第 ${victim.id} 条记录记录内容与其校验值不符（记录被改动）`);
    source.exec('DROP TRIGGER audit_log_no_update');
    source.prepare(`UPDATE audit_log SET actor_name = '李四' WHERE id = ?`).run(victim.id);
    expect(verifyAudit(source, { mode: 'full' })).toMatchObject({ intact: false, brokenAt: victim.id });
  });

  it('a bulk load on PostgreSQL logs one entry per table with the same digest as on SQLite; the full verify checks it', async () => {
    const { db, client } = await server.migratedDatabase('bulk_load');
    const load = (d: Db) =>
      withAuditContext(d, CONTEXT, () =>
        d.transaction(() => {
          d.exec(CHANGES[0]!);
          withBulkInsertAudit(d, () => {
            const person = d.prepare(
              `INSERT INTO person (id_number, name, sex, birth_date, region_id, created_at, updated_at) VALUES (?, ?, 'M', '1990-01-01', 1, 'a', 'a')`,
            );
            for (let i = 0; i < 4; i++) person.run(`44200019900101${i}1X`, `导入"${i}"`);
            d.prepare(`INSERT INTO supervisor_level (name, rank, created_at, updated_at, min_practice_years) VALUES ('特级督导', 5, 'a', 'a', 2.5)`).run();
          });
        })(),
      );
    load(db);
    const bulk = (await client.query(`SELECT table_name AS "table", after_json AS "after" FROM audit_log WHERE row_id IS NULL ORDER BY id`)).rows;
    expect(bulk.map((b) => b.table)).toEqual(['person', 'supervisor_level']);
    expect(JSON.parse(bulk[0].after)).toMatchObject({ 批量写入行数: 4, 起始编号: 1, 结束编号: 4 });
    expect(verifyAudit(db, { mode: 'full' }).message).toBe(INTACT);
    // The same load on SQLite: the same entries, digests included.
    const sqlite = await sqliteAtNewest();
    load(sqlite);
    const sqliteBulk = sqlite.prepare(`SELECT after_json FROM audit_log WHERE row_id IS NULL ORDER BY id`).pluck().all() as string[];
    expect(sqliteBulk).toEqual(bulk.map((b) => b.after));
    // A bulk-loaded row changed without a log entry: found.
    await client.query('ALTER TABLE person DISABLE TRIGGER USER');
    await client.query(`UPDATE person SET name = '改' WHERE id = 2`);
    await client.query('ALTER TABLE person ENABLE TRIGGER USER');
    expect(verifyAudit(db, { mode: 'full' }).problems).toEqual([expect.stringMatching(/^person 第 1–4 行与批量写入时的校验值不符/)]);
  });
});
