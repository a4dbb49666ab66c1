/**
 * Reads never wait for writes (issue 20, item 5): while an import publishes (its one transaction
 * held across event-loop turns, core/write-gate.ts), the web shell lets queries through and core
 * runs each query-only in a read transaction of its own (core/reads-during-writes.ts): a list page and a detail page answer
 * before the publish ends and show the data as it was before it, never a part; a save waits for the
 * gate and then goes through; afterwards every row is there. Over real HTTP.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, TOKEN_HEADER, type RunningWebServer } from '../../web/server.ts';
import { makeIdNumber, openTestCore, tempDir, type TestCore } from '../support/core.ts';
import { PUBLISH_SLICE } from '../../core/excel/registry-import-staging.ts';
import { holdWrites, writesHeld } from '../../core/write-gate.ts';
import { openDatabase } from '../../db/open.ts';
import { testEngine } from '../support/postgres.ts';

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

/** On PostgreSQL every call still waits at the gate (core/reads-during-writes.ts says why). */
const sqlite = testEngine() !== 'postgres';

describe('while work holds the write lock across turns', () => {
  it('commands, system operations and queries that write wait at the gate (signing in too); other queries only on PostgreSQL', () => {
    expect(core.waitsForWrites('people.list')).toBe(!sqlite);
    expect(core.waitsForWrites('people.get')).toBe(!sqlite);
    for (const name of ['people.create', 'auth.login', 'auth.logout', 'backup.create', 'no.such.operation', 'constructor'])
      expect(core.waitsForWrites(name), name).toBe(true);
  });

  it.runIf(sqlite)('a list page and a detail page answer at once with the data as committed; a save waits for the gate, then goes through', async () => {
    const before = await total();
    const release = await holdWrites();
    // As a publish does on the import's own connection: half of its rows written, not committed.
    const holder = openDatabase(core.dataFile);
    holder.exec('BEGIN IMMEDIATE');
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

  it.runIf(sqlite)(
    "during a real import's publish, reads answer before it ends and never see a part of it; a save waits and goes through; afterwards all rows are there",
    async () => {
      const rows = PUBLISH_SLICE * 6;
      const before = await total();
      const { jobId } = (await call<{ jobId: string }>('registry.importCommit', { fileName: '名册.xlsx', base64: await roster(rows, '440300') })).result;
      for (let i = 0; i < 200_000 && !writesHeld(); i++) await yieldTurn();
      expect(writesHeld()).toBe(true);
      const save = call('organizations.create', { name: '导入发布期间保存的机构', kind: 'other' });
      const seen: { total: number; held: boolean }[] = [];
      while (writesHeld()) {
        const [list, detail] = await Promise.all([
          call<{ total: number }>('people.list', { page: 0, pageSize: 20 }),
          call('people.get', { id: registered.id }),
        ]);
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
    },
  );
});
