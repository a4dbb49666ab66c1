/**
 * Reads never wait for writes (issue 20, item 5): while an import publishes (its one transaction
 * held across event-loop turns, core/write-gate.ts), the web shell lets queries through and core
 * runs each query-only in a read transaction of its own (core/reads-during-writes.ts): a list page and a detail page answer
 * before the publish ends and show the data as it was before it, never a part; a save waits for the
 * gate and then goes through; afterwards every row is there. Over real HTTP, on both engines: on
 * PostgreSQL the holder takes the writer's advisory lock on its own connection, as the publish does.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, TOKEN_HEADER, type RunningWebServer } from '../../web/server.ts';
import { testEngine } from '../support/postgres.ts';
import { dataLocationOf, makeIdNumber, openTestCore, tempDir, type TestCore } from '../support/core.ts';
import { PUBLISH_SLICE } from '../../core/excel/registry-import-staging.ts';
import { holdWrites, writesHeld } from '../../core/write-gate.ts';
import { readOnlyCall } from '../../core/reads-during-writes.ts';
import { dispatch, READ_ONLY_REFUSED } from '../../core/dispatch.ts';
import { defineOperation } from '../../core/contract.ts';
import { JobRunner } from '../../core/jobs.ts';
import { fixedClock } from '../../core/clock.ts';
import { LOCAL_ADMIN } from '../../core/permissions.ts';
import { openSameData } from '../../db/open.ts';
import { isReadOnlyRefusal } from '../../db/engine/errors.ts';

const TOKEN = 'per-start-secret';
let core: TestCore;
let web: RunningWebServer;
let session = '';
let registered: { id: number; idNumber: string };

beforeAll(async () => {
  core = await openTestCore();
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  web = await startWebServer({ core, staticDir, token: TOKEN, port: 0 });
  session = (await call<{ token: string }>('auth.setup', { username: 'admin', displayName: '管理员', password: 'shegong-Dudao-26' })).result.token;
  const idNumber = makeIdNumber('442000', '19850101', '123');
  registered = { id: (await call<{ id: number }>('people.create', { idNumber, name: '陈晓明', phone: '13800138000' })).result.id, idNumber };
});
afterAll(async () => {
  await web.close();
  core.close();
});

interface Answer<T> {
  status: number;
  ok: boolean;
  result: T;
  /** Whether the write gate was still held when the answer arrived. */
  heldWhenAnswered: boolean;
}

function call<T = unknown>(name: string, input: unknown): Promise<Answer<T>> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: web.port,
        path: `/api/${name}`,
        method: 'POST',
        headers: { host: `127.0.0.1:${web.port}`, 'content-type': 'application/json', [TOKEN_HEADER]: TOKEN, 'x-user-session': session },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          const heldWhenAnswered = writesHeld();
          const parsed = JSON.parse(body) as { ok: boolean; result: T };
          resolve({ status: res.statusCode!, ok: parsed.ok, result: parsed.result, heldWhenAnswered });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(input));
  });
}

/** Rejects when `promise` has not settled within `ms` (a read waiting for the gate would wait for the release, which comes after). */
const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not answered within ${ms} ms`)), ms))]);

const total = async () => (await call<{ total: number }>('people.list', { page: 0, pageSize: 20 })).result.total;
const yieldTurn = () => new Promise((resolve) => setImmediate(resolve));

async function roster(rows: number, area: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('名册');
  sheet.addRow(['姓名', '身份证号', '手机号码']);
  for (let i = 0; i < rows; i++) sheet.addRow([`学员${i}`, makeIdNumber(area, `${1960 + Math.floor(i / 1000)}0101`, String(i % 1000).padStart(3, '0')), null]);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

/** The publish's connection, holding the writer as it does: SQLite's write lock, PostgreSQL's advisory lock (both by BEGIN IMMEDIATE). */
function openHolder() {
  const holder = openSameData(dataLocationOf(core));
  holder.exec('BEGIN IMMEDIATE');
  return holder;
}

/** What `work` threw (undefined when it did not). */
function thrownBy(work: () => unknown): { error: unknown } {
  try {
    work();
    return { error: undefined };
  } catch (error) {
    return { error };
  }
}

describe('while work holds the write lock across turns', () => {
  it('commands, system operations and queries that write wait at the gate (signing in too); other queries go around it on both engines', () => {
    expect(core.waitsForWrites('people.list')).toBe(false);
    expect(core.waitsForWrites('people.get')).toBe(false);
    for (const name of ['people.create', 'auth.login', 'auth.logout', 'backup.create', 'no.such.operation', 'constructor'])
      expect(core.waitsForWrites(name), name).toBe(true);
  });

  it('a list page and a detail page answer at once with the data as committed; a save waits for the gate, then goes through', async () => {
    const before = await total();
    const release = await holdWrites();
    // As a publish does on the import's own connection: half of its rows written, not committed.
    const holder = openHolder();
    holder.prepare("UPDATE person SET phone = '13900000000' WHERE id = ?").run(registered.id);
    holder
      .prepare("INSERT INTO person (id_number, name, sex, birth_date, created_at, updated_at) VALUES (?, '发布中', 'M', '1970-01-01', ?, ?)")
      .run(makeIdNumber('440100', '19700101', '001'), '2026-11-24T02:00:00.000Z', '2026-11-24T02:00:00.000Z');
    let saveAnswered = false;
    const save = call<{ id: number }>('organizations.create', { name: '发布期间保存的机构', kind: 'other' }).then((a) => ((saveAnswered = true), a));
    try {
      // Before this change both waited at the gate with the save: not answered until the release.
      const [list, detail] = await within(
        5000,
        Promise.all([
          call<{ total: number }>('people.list', { page: 0, pageSize: 20 }),
          call<{ person: { phone: string } }>('people.get', { id: registered.id }),
        ]),
      );
      expect(list).toMatchObject({ status: 200, ok: true, heldWhenAnswered: true });
      expect(list.result.total).toBe(before);
      expect(detail).toMatchObject({ status: 200, ok: true, heldWhenAnswered: true });
      expect(detail.result.person.phone).toBe('13800138000');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(saveAnswered).toBe(false);
    } finally {
      holder.exec('COMMIT');
      holder.close();
      release();
    }
    const saved = await save;
    expect(saved).toMatchObject({ status: 200, ok: true, heldWhenAnswered: false });
    // After the commit the same calls see all of it (a fresh read per call: no snapshot kept from before).
    expect(await total()).toBe(before + 1);
    expect((await call<{ person: { phone: string } }>('people.get', { id: registered.id })).result.person.phone).toBe('13900000000');
  });

  it('signing out (a query that writes) waits for the gate as saves do', async () => {
    const other = await call<{ token: string }>('auth.login', { username: 'admin', password: 'shegong-Dudao-26' });
    const mine = session;
    session = other.result.token;
    const release = await holdWrites();
    let answered = false;
    const logout = call('auth.logout', {}).then((a) => ((answered = true), a));
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(answered).toBe(false);
    } finally {
      release();
      session = mine;
    }
    expect(await logout).toMatchObject({ status: 200, ok: true });
  });

  it('a query that writes all the same fails at once with a clear error (never waits for the holder), and the connection is writable afterwards', async () => {
    const db = core.db;
    db.exec('CREATE TABLE read_only_probe (n INTEGER)');
    const writingQuery = defineOperation({
      name: 'test.writingQuery',
      title: '测试',
      kind: 'query',
      permission: 'public',
      input: z.object({}),
      output: z.object({ n: z.number() }),
      handler: (_input, ctx) => ({ n: ctx.db.prepare('INSERT INTO read_only_probe VALUES (2)').run().changes }),
    });
    const logged: string[] = [];
    const log = { error: (message: string) => logged.push(message), info: () => {}, timed: () => {}, dir: tempDir() };
    const ctx = { db, actor: LOCAL_ADMIN, clock: fixedClock('2026-11-24'), dataFile: core.dataFile, jobs: new JobRunner(), log };
    const release = await holdWrites();
    const holder = openHolder();
    try {
      // Before this change, on PostgreSQL: the insert went through beside the publish, and a write
      // transaction waited for the holder's advisory lock (5 s lock timeout) on the thread the holder needs.
      const insert = thrownBy(() => readOnlyCall(db, () => db.prepare('INSERT INTO read_only_probe VALUES (1)').run()));
      expect(isReadOnlyRefusal(insert.error), String(insert.error)).toBe(true);
      // A command's write transaction: on PostgreSQL it asks for the writer's lock first, refused at once (waiting for it
      // would end in the lock timeout's error, not this refusal).
      const writer = thrownBy(() => readOnlyCall(db, () => db.transaction(() => db.prepare('INSERT INTO read_only_probe VALUES (1)').run()).immediate()));
      expect(isReadOnlyRefusal(writer.error), String(writer.error)).toBe(true);
      // A query that forgot `writes: true`, through dispatch: refused plainly, not 系统内部错误.
      const answer = readOnlyCall(db, () => dispatch({ 'test.writingQuery': writingQuery }, ctx, 'test.writingQuery', {}));
      expect(answer).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: READ_ONLY_REFUSED } });
      expect(logged).toEqual(['test.writingQuery failed']); // a query that writes is a mistake: kept in the log
      // PostgreSQL, inside another transaction (the one a cursor opens while an export iterates on this
      // connection): a savepoint made read-only, refused as well. (SQLite runs no other statement mid-iteration.)
      if (db.engine === 'postgres')
        for (const _row of db.prepare('SELECT n FROM read_only_probe UNION ALL SELECT 1').iterate()) {
          const nested = thrownBy(() => readOnlyCall(db, () => db.prepare('INSERT INTO read_only_probe VALUES (1)').run()));
          expect(isReadOnlyRefusal(nested.error), String(nested.error)).toBe(true);
        }
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      release();
    }
    expect(db.prepare('SELECT count(*) FROM read_only_probe').pluck().get()).toBe(0);
    db.prepare('INSERT INTO read_only_probe VALUES (3)').run();
    expect(db.prepare('SELECT n FROM read_only_probe').pluck().all()).toEqual([3]);
    db.exec('DROP TABLE read_only_probe');
  });

  it.runIf(testEngine() === 'postgres')(
    "an export started while the gate is held is seen by every server process: its job's row is written once the read-only call has ended",
    async () => {
      const release = await holdWrites();
      const holder = openHolder();
      let jobId: string;
      try {
        const answer = await within(5000, call<{ jobId: string }>('people.export', {}));
        expect(answer).toMatchObject({ status: 200, ok: true, heldWhenAnswered: true });
        jobId = answer.result.jobId;
        await yieldTurn();
        // Before this change the row's INSERT was refused inside the read-only call (and only logged): other processes knew no such job.
        expect(core.db.prepare('SELECT state FROM server_job WHERE id = ?').pluck().get(jobId)).toBe('running');
      } finally {
        holder.exec('ROLLBACK');
        holder.close();
        release();
      }
      for (let i = 0; i < 2000; i++) {
        const state = core.db.prepare('SELECT state FROM server_job WHERE id = ?').pluck().get(jobId);
        if (state !== 'running') {
          expect(state).toBe('done');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error('the export did not end');
    },
  );

  it("during a real import's publish, reads answer before it ends and never see a part of it; a save waits and goes through; afterwards all rows are there", async () => {
    const rows = PUBLISH_SLICE * 3;
    const before = await total();
    const { jobId } = (await call<{ jobId: string }>('registry.importCommit', { fileName: '名册.xlsx', base64: await roster(rows, '440300') })).result;
    // The publish: the check is over (正在写入…) and the gate is held (the import, in its worker thread, holds it for each check batch too).
    const publishing = async () => writesHeld() && (await call<{ phase: string }>('jobs.status', { id: jobId })).result.phase === '正在写入…' && writesHeld();
    for (const until = Date.now() + 150_000; Date.now() < until && !(await publishing());) await yieldTurn();
    expect(writesHeld()).toBe(true);
    const save = call('organizations.create', { name: '导入发布期间保存的机构', kind: 'other' });
    const seen: { total: number; held: boolean }[] = [];
    while (writesHeld()) {
      const [list, detail] = await Promise.all([call<{ total: number }>('people.list', { page: 0, pageSize: 20 }), call('people.get', { id: registered.id })]);
      expect(list.ok && detail.ok).toBe(true);
      seen.push({ total: list.result.total, held: list.heldWhenAnswered && detail.heldWhenAnswered });
    }
    // Nothing of the import or all of it (committed, its log being copied while the gate is still held): never a part.
    for (const { total: n } of seen) expect([before, before + rows]).toContain(n);
    // Before this change every read waited for the publish's end: none was answered while it held the gate.
    expect(seen.filter((s) => s.held).length).toBeGreaterThanOrEqual(1);
    expect(await save).toMatchObject({ status: 200, ok: true, heldWhenAnswered: false });
    for (let i = 0; i < 2000; i++) {
      const status = (await call<{ state: string }>('jobs.status', { id: jobId })).result;
      if (status.state !== 'running') {
        expect(status.state).toBe('done');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await total()).toBe(before + rows);
    // A 3,000-row import in its worker thread, on PostgreSQL a round trip a statement: slow on a loaded VM.
  }, 180_000);
});
