/**
 * Two `npm run serve` processes on one PostgreSQL database, as behind a load balancer (issue 21
 * point 3), over real HTTP: a session signed in on one works on the other (sessions live in the
 * database), and a change made through one reaches a browser's event stream on the other
 * (LISTEN/NOTIFY, db/postgres/change-channel.ts); a job started through one is followed through the
 * other, whose download answers that the file is on the other process (core/shared-jobs.ts). Each
 * process signs the log's head it has seen, its own work and the other's (core/audit-anchor.ts), so
 * newest entries removed behind both processes' backs are found by either.
 */
import http from 'node:http';
import { afterAll, expect, it } from 'vitest';
import { EVENTS_ROUTE } from '../../web/events.ts';
import { DOWNLOAD_ROUTE } from '../../core/download-route.ts';
import { ELSEWHERE_FILE } from '../../core/jobs.ts';
import type { ChangeNotice } from '../../domain/change-kinds.ts';
import fs from 'node:fs';
import path from 'node:path';
import { openPostgres } from '../../db/open.ts';
import { auditHead } from '../../db/audit-anchor.ts';
import { liftLogGuard, restoreLogGuard } from '../support/catalog.ts';
import { makeIdNumber } from '../support/core.ts';
import { startServe, type ServeProcess } from '../support/serve-processes.ts';
import { emptyPostgresDatabase } from '../support/postgres.ts';

const database = emptyPostgresDatabase();
const servers: ServeProcess[] = [];

afterAll(async () => {
  for (const server of servers) await server.stop();
  database.drop();
});

/** Each server's data folder (its audit key and anchor), by its address. */
const dataDirs = new Map<string, string>();

async function startServer(): Promise<string> {
  const server = await startServe(database.url);
  servers.push(server);
  dataDirs.set(server.url, server.dataDir);
  return server.url;
}

/** The event stream as a browser holds it, with the session cookie; collects change notices. */
function subscribe(url: string, cookie: string): Promise<{ notices: ChangeNotice[]; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(EVENTS_ROUTE, url), { method: 'GET', headers: { cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events: ${res.statusCode}`));
      const notices: ChangeNotice[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (/^event: change$/m.test(block) && data) notices.push(JSON.parse(data) as ChangeNotice);
        }
      });
      resolve({ notices, close: () => req.destroy() });
    });
    req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
    req.end();
  });
}

/** The two servers, started by the first test and used by the next. */
let one = '';
let two = '';
let cookie = '';
const api = async (url: string, name: string, input: unknown) => {
  const res = await fetch(new URL(`/api/${name}`, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(url).origin, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(input),
  });
  const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  if (set.length) cookie = set.join('; ');
  return (await res.json()) as { ok: boolean; result?: Record<string, unknown>; error?: unknown };
};

it('a session works on either server, and a change made through one reaches the event stream of the other', async () => {
  // The first starts alone (it migrates the empty database), then the second.
  one = await startServer();
  two = await startServer();
  expect(await api(one, 'auth.setup', { username: 'admin', displayName: '管理员甲', password: 'shegong-Dudao-26' })).toMatchObject({ ok: true });
  expect(await api(two, 'people.list', { page: 0, pageSize: 20 })).toMatchObject({ ok: true, result: { total: 0 } });

  const stream = await subscribe(two, cookie);
  try {
    expect(await api(one, 'people.create', { name: '张三', idNumber: makeIdNumber('442000', '19900101', '123') })).toMatchObject({ ok: true });
    // Awaited without a deadline of its own (2 s is the budget, but a wall-clock time on a loaded machine is no test): a
    // notice that never comes fails by the test's timeout.
    while (!stream.notices.some((n) => n.kinds.includes('people'))) await new Promise((r) => setTimeout(r, 10));
    expect(stream.notices).toContainEqual(expect.objectContaining({ kinds: ['people'], operation: 'people.create', actorName: '管理员甲' }));
    expect(await api(two, 'people.list', { page: 0, pageSize: 20 })).toMatchObject({ ok: true, result: { total: 1, rows: [{ name: '张三' }] } });
  } finally {
    stream.close();
  }
});

it('a job started through one server is followed through the other; its file is taken where it was written', async () => {
  expect(one && two).toBeTruthy();
  const started = await api(one, 'people.export', {});
  expect(started).toMatchObject({ ok: true });
  const jobId = started.result!.jobId as string;
  const until = Date.now() + 20_000;
  let status = await api(two, 'jobs.status', { id: jobId });
  while (status.ok && status.result!.state === 'running' && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    status = await api(two, 'jobs.status', { id: jobId });
  }
  expect(status).toMatchObject({ ok: true, result: { id: jobId, title: '导出人员', state: 'done' } });
  expect(await api(two, 'jobs.download', { id: jobId })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: ELSEWHERE_FILE } });
  const ticket = await api(one, 'jobs.download', { id: jobId });
  expect(ticket).toMatchObject({ ok: true, result: { fileName: expect.stringMatching(/\.xlsx$/) } });
  const file = await fetch(new URL(`${DOWNLOAD_ROUTE}${ticket.result!.ticket as string}`, one), { headers: { cookie } });
  expect(file.status).toBe(200);
  expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(1000);
});

/** The head a server's anchor file signs (its data folder holds one anchor). */
function anchoredSeq(url: string): number {
  const dir = dataDirs.get(url)!;
  const file = fs.readdirSync(dir).find((name) => name.endsWith('audit-anchor.json'));
  return file ? (JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { seq: number }).seq : 0;
}

it('each server signs the log’s head it has seen, also the other’s work: entries removed behind both their backs are found by either', async () => {
  expect(one && two).toBeTruthy();
  expect(await api(one, 'people.create', { name: '李四', idNumber: makeIdNumber('442000', '19910101', '123') })).toMatchObject({ ok: true });
  expect(await api(two, 'people.create', { name: '王五', idNumber: makeIdNumber('442000', '19920101', '123') })).toMatchObject({ ok: true });
  const db = openPostgres(database.url);
  try {
    const head = auditHead(db).seq;
    // The last entry was written through the second server; the first hears of it and signs it too.
    const until = Date.now() + 10_000;
    while ((anchoredSeq(one) < head || anchoredSeq(two) < head) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect([anchoredSeq(one), anchoredSeq(two)]).toEqual([head, head]);
    for (const url of [one, two]) expect(await api(url, 'audit.verify', {})).toMatchObject({ ok: true, result: { intact: true } });

    // The newest entry (the second server's work) deleted by someone with the database's owner rights.
    liftLogGuard(db, 'delete');
    db.prepare('DELETE FROM audit_log WHERE id = ?').run(head);
    restoreLogGuard(db, 'delete');
    for (const url of [one, two]) expect(await api(url, 'audit.verify', {})).toMatchObject({ ok: true, result: { intact: false } });
  } finally {
    db.close();
  }
});
