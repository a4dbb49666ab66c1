import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishJob, makeIdNumber, openSecondConnection, openTestCore, type TestCore } from '../support/core.ts';
import { testEngine } from '../support/postgres.ts';
import type { Db } from '../../db/engine/types.ts';
import { declaredColumns } from '../../db/engine/catalog.ts';
import { beginBulkInsertAudit, bulkRowsDigest, columnsOf, rowText, withAuditContext } from '../../db/audit.ts';
import { loggedColumns, postgresColumns, postgresRowText } from '../../db/postgres/audit-verify.ts';
import { StagedPeople } from '../../core/excel/registry-import-staging.ts';
import { checkpointWorkerAhead, deferCheckpoints } from '../../core/wal-checkpoint.ts';
import fs from 'node:fs';

/**
 * The import's publish is short (issue 20, item 5): the new people wait in a temporary table of
 * the import's own connection, are inserted by INSERT … SELECT in slices inside the publish, and their
 * bulk audit digest is worked out before it, for the ids they will get. The log must say exactly
 * what was written either way: checked by the log's full verification.
 */
let core: TestCore;
beforeEach(async () => {
  core = await openTestCore();
  core.ok('people.create', { idNumber: makeIdNumber('442000', '19850101', '123'), name: '陈晓明' });
});
afterEach(() => core.close());

const AUDIT = { actorId: null, actorName: '测试', operation: 'registry.importCommit', at: '2026-11-24T02:00:00.000Z' };

/** `count` people as the check would stage them: every column of the person table but its id. */
function stagedValues(db: Db, count: number) {
  const columns = declaredColumns(db, 'person')
    .map((c) => c.name)
    .filter((c) => c !== 'id');
  return Array.from({ length: count }, (_, i) => {
    const values: Record<string, unknown> = Object.fromEntries(columns.map((c) => [c, null]));
    Object.assign(values, {
      id_number: makeIdNumber('440100', `${1970 + Math.floor(i / 1000)}0101`, String(i % 1000).padStart(3, '0')),
      name: `学员${i}`,
      sex: i % 2 ? 'M' : 'F',
      birth_date: '1970-01-01',
      phone: i % 3 ? `1380000${String(i).padStart(4, '0')}` : null,
      created_at: AUDIT.at,
      updated_at: AUDIT.at,
      name_pinyin: `xue yuan ${i}`,
      name_initials: 'xy',
      version: 1,
    });
    return { rowNumber: i + 2, label: `学员${i}`, values };
  });
}

/**
 * Stages `count` people, works their digest out (SQLite: PostgreSQL reads it from the rows at the end), lets `meanwhile`
 * run, then publishes as the import does. Returns the digest worked out ahead and the highest person id it was worked out after.
 */
async function stageAndPublish(count: number, meanwhile: (db: Db) => void = () => {}) {
  const db = openSecondConnection(core);
  try {
    const staged = new StagedPeople(db);
    const values = stagedValues(db, count);
    for (let i = 0; i < values.length; i += 50) staged.add(values.slice(i, i + 50));
    const base = staged.lastPersonId();
    const ahead = await staged.digestAfter(base, () => new Promise((resolve) => setImmediate(resolve)));
    meanwhile(db);
    db.exec('BEGIN IMMEDIATE');
    const endBulkAudit = beginBulkInsertAudit(db, { 来源文件: '名册.xlsx' });
    expect(staged.registeredMeanwhile()).toEqual([]);
    await staged.publish(() => new Promise((resolve) => setImmediate(resolve)));
    withAuditContext(db, AUDIT, () => endBulkAudit('done', ahead ? new Map([['person', ahead]]) : undefined));
    db.exec('COMMIT');
    return { ahead, base };
  } finally {
    db.close();
  }
}

/** The bulk digest of the person rows first…last as they are now, built as the log's verification builds it on this engine. */
function personRowsDigest(db: Db, first: number, last: number): string {
  const select =
    db.engine === 'postgres'
      ? (() => {
          const columns = postgresColumns(db, 'person');
          const logged = loggedColumns(columns).map((c) => c.name);
          return `SELECT ${postgresRowText(columns, logged, 'row')} FROM person r WHERE r.id BETWEEN ? AND ? ORDER BY r.id`;
        })()
      : `SELECT ${rowText(columnsOf(db, 'person'), (c) => `"${c}"`, 'rowid')} FROM person WHERE rowid BETWEEN ? AND ? ORDER BY rowid`;
  return bulkRowsDigest(db.prepare(select).pluck().iterate(first, last) as Iterable<string>);
}

/** The newest bulk entry of the person table, and the digest of its rows as read from the table now. */
function bulkEntry() {
  const after = JSON.parse(
    core.db.prepare("SELECT after_json FROM audit_log WHERE table_name = 'person' AND action = 'insert' ORDER BY id DESC LIMIT 1").pluck().get() as string,
  ) as Record<string, number | string>;
  return { after, read: personRowsDigest(core.db, after['起始编号'] as number, after['结束编号'] as number) };
}

describe('an import publishes its new people in slices inside one transaction', () => {
  it('the digest worked out ahead is the digest of the rows as written (in two slices), and the log verifies', async () => {
    const { ahead, base } = await stageAndPublish(1_234);
    const { after, read } = bulkEntry();
    expect(after['批量写入行数']).toBe(1_234);
    expect([after['起始编号'], after['结束编号']]).toEqual([base + 1, base + 1_234]);
    expect(after['行内容SHA256']).toBe(read);
    // SQLite works the digest out ahead, from the staged rows; PostgreSQL reads it from the rows as inserted.
    if (testEngine() === 'sqlite') expect(ahead).toEqual({ firstId: base + 1, lastId: base + 1_234, digest: read });
    else expect(ahead).toBeUndefined();
    expect(
      core.db
        .prepare('SELECT name FROM person WHERE id = ?')
        .pluck()
        .get(base + 1),
    ).toBe('学员0');
    expect(core.ok('audit.verify', {}).problems.filter((p) => p.includes('校验值'))).toEqual([]);
  });

  it('when someone registers a person between the digest and the publish, the ids move and the digest is read from the rows instead', async () => {
    const { ahead, base } = await stageAndPublish(300, () => core.ok('people.create', { idNumber: makeIdNumber('442000', '19860101', '456'), name: '李四' }));
    const { after, read } = bulkEntry();
    expect(after['起始编号']).toBe(base + 2);
    if (ahead) expect(after['行内容SHA256']).not.toBe(ahead.digest);
    expect(after['行内容SHA256']).toBe(read);
    // The next person added one by one gets the id after the import's (PostgreSQL: its identity sequence was moved past them).
    const next = core.ok('people.create', { idNumber: makeIdNumber('442000', '19870101', '789'), name: '王六' });
    expect(next.id).toBeGreaterThan(after['结束编号'] as number);
    // (This test writes on a connection of its own, outside the app: the log's signed anchor does not cover it, the rows' digests do.)
    expect(core.ok('audit.verify', {}).problems.filter((p) => p.includes('校验值'))).toEqual([]);
  });

  it('a commit of new people: one bulk entry whose digest is the rows as written; the log verifies in full', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('名册');
    sheet.addRow(['姓名', '身份证号', '手机号码']);
    for (let i = 0; i < 120; i++)
      sheet.addRow([`新学员${i}`, makeIdNumber('440100', '19900101', String(i).padStart(3, '0')), i % 2 ? `1390000${String(i).padStart(4, '0')}` : null]);
    const base64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const done = await finishJob(core, core.ok('registry.importCommit', { fileName: '名册.xlsx', base64 }).jobId);
    expect(done.state, done.error ?? '').toBe('done');
    const { after, read } = bulkEntry();
    expect(after['批量写入行数']).toBe(120);
    expect(after['行内容SHA256']).toBe(read);
    expect(core.ok('audit.verify', {})).toMatchObject({ intact: true });
  });

  it('finds staged people whose 身份证号 someone registered meanwhile (the import then writes nothing)', () => {
    const db = openSecondConnection(core);
    try {
      const staged = new StagedPeople(db);
      const values = stagedValues(db, 5);
      staged.add(values);
      core.ok('people.create', { idNumber: values[3]!.values.id_number as string, name: '王五' });
      expect(staged.registeredMeanwhile()).toEqual([{ rowNumber: 5, label: '学员3', personId: expect.any(Number) }]);
    } finally {
      db.close();
    }
  });
});

describe('the publish’s write-ahead log is copied into the data file in a worker thread', () => {
  // SQLite's own write-ahead log (PostgreSQL has no data file here).
  it.skipIf(testEngine() === 'postgres')(
    'a connection with its automatic checkpoint deferred leaves its commit in the log, until the worker copies it',
    async () => {
      const db = openSecondConnection(core);
      try {
        deferCheckpoints(db);
        const size = () => fs.statSync(core.dataFile).size;
        const before = size();
        db.exec('BEGIN IMMEDIATE');
        const end = beginBulkInsertAudit(db, { 来源文件: '名册.xlsx' });
        const insert = db.prepare(
          "INSERT INTO person (id_number, name, sex, birth_date, created_at, updated_at) VALUES (?, ?, 'F', '1970-01-01', '2026-11-24T02:00:00.000Z', '2026-11-24T02:00:00.000Z')",
        );
        for (let i = 0; i < 20_000; i++)
          insert.run(makeIdNumber('440100', `${1970 + Math.floor(i / 1000)}0101`, String(i % 1000).padStart(3, '0')), `学员${i}`);
        withAuditContext(db, AUDIT, () => end('done'));
        db.exec('COMMIT');
        // Past the 1,000 pages of log at which the committing connection would copy them itself (this commit alone, on a
        // file whose log was empty): in the log only.
        expect(fs.statSync(`${core.dataFile}-wal`).size).toBeGreaterThan(1000 * (db.pragma('page_size', { simple: true }) as number));
        expect(size()).toBe(before);
        await (
          await checkpointWorkerAhead(db).start()
        ).done;
        expect(size()).toBeGreaterThan(before);
        expect(core.db.prepare('SELECT count(*) FROM person').pluck().get()).toBe(20_001);
      } finally {
        db.close();
      }
    },
  );
});
