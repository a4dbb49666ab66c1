/**
 * Everyone sees changes: change notices over real HTTP (GET /api/events, text/event-stream), each
 * subscriber with its own signed-in session. A change by one user reaches another at once; a
 * coordinator hears about their own base and nothing about another; a subscriber that goes away
 * is cleaned up; a session that ends ends its stream.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, TOKEN_HEADER, type RunningWebServer } from '../../web/server.ts';
import { EVENTS_ROUTE } from '../../web/events.ts';
import type { ChangeNotice } from '../../domain/change-kinds.ts';
import { NAMED_TABLES, UNNAMED_TABLES, visibleTo, type PublishedChange } from '../../core/change-notices.ts';
import { auditedTables } from '../../db/audit.ts';
import type { Actor } from '../../core/permissions.ts';
import { finishJob, makeIdNumber, openTestCore, tempDir, type TestCore } from '../support/core.ts';
import { backupNow } from '../support/backup.ts';
import { loadExampleData } from '../support/example-data.ts';
import { newPageId, PAGE_HEADER } from '../../core/shell/page-id.ts';

const TOKEN = 'per-start-secret';
let core: TestCore;
let web: RunningWebServer;
const sessions: Record<string, string> = {};
const at: Record<'A' | 'B', { baseId: number; roomId: number; courseId: number; mentorId: number }> = {} as never;

function request(options: { path: string; method?: string; session?: string; body?: string; page?: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: web.port,
        path: options.path,
        method: options.method ?? 'POST',
        headers: {
          'content-type': 'application/json',
          [TOKEN_HEADER]: TOKEN,
          'x-user-session': options.session ?? '',
          ...(options.page ? { [PAGE_HEADER]: options.page } : {}),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function api<T = unknown>(name: string, input: unknown, session: string, page?: string): Promise<T> {
  const res = await request({ path: `/api/${name}`, body: JSON.stringify(input), session, ...(page ? { page } : {}) });
  const answer = JSON.parse(res.body) as { ok: boolean; result: T; error?: unknown };
  if (!answer.ok) throw new Error(`${name}: ${JSON.stringify(answer.error)}`);
  return answer.result;
}

/** One subscriber: its own connection to the stream, collecting notices (and comments: heartbeats). */
interface Subscriber {
  status: number;
  notices: ChangeNotice[];
  events: string[];
  comments: number;
  ended: Promise<void>;
  close(): void;
}

function subscribe(session: string | undefined, page?: string): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: web.port,
        path: EVENTS_ROUTE,
        method: 'GET',
        headers: { [TOKEN_HEADER]: TOKEN, 'x-user-session': session ?? '', ...(page ? { [PAGE_HEADER]: page } : {}) },
      },
      (res) => {
        let buffer = '';
        let endedResolve = () => {};
        const sub: Subscriber = {
          status: res.statusCode!,
          notices: [],
          events: [],
          comments: 0,
          ended: new Promise((r) => (endedResolve = r)),
          close: () => req.destroy(),
        };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            if (block.startsWith(':')) sub.comments++;
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event) sub.events.push(event);
            if (event === 'change' && data) sub.notices.push(JSON.parse(data) as ChangeNotice);
          }
        });
        res.on('end', endedResolve);
        res.on('close', endedResolve);
        resolve(sub);
      },
    );
    req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
    req.end();
  });
}

/**
 * Waits until `test` holds: a change that never arrives fails by the test's timeout. No deadline of its own: a change
 * reaches an open screen within 2 s (the budget), but a wall-clock time on a loaded test machine is no test.
 */
async function arrived(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((r) => setTimeout(r, 10));
}
const settle = () => new Promise((r) => setTimeout(r, 150));

let people = 0;
const newPersonInput = () => ({ idNumber: makeIdNumber('442000', '19800101', String(200 + people)), name: `学员${people++}` });
let day = 0;
const sessionInput = (side: 'A' | 'B') => {
  const date = new Date(Date.UTC(2027, 0, 4) + day++ * 86_400_000).toISOString().slice(0, 10);
  return {
    courseId: at[side].courseId,
    roomId: at[side].roomId,
    capacity: 20,
    leadMentorIds: [at[side].mentorId],
    startsAt: `${date}T09:00`,
    endsAt: `${date}T12:00`,
  };
};

beforeAll(async () => {
  core = await openTestCore();
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html>');
  web = await startWebServer({ core, staticDir, token: TOKEN, port: 0, heartbeatMs: 100 });
  sessions.admin = (await api<{ token: string }>('auth.setup', { username: 'admin', displayName: '管理员', password: 'shegong-Dudao-26' }, '')).token;
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  const regionId = core.ok('regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id }).id;
  const organizationId = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' }).id;
  const categoryId = core.ok('bases.lists', {}).courseCategories[0]!.id;
  for (const side of ['A', 'B'] as const) {
    const base = {
      name: `${side}基地`,
      organizationId,
      regionId,
      grade: 'ordinary',
      accreditationStatus: 'accredited',
      accreditedUntil: '2028-12-31',
    } as const;
    const baseId = core.ok('bases.create', base).base.id;
    const roomId = core.ok('rooms.create', { baseId, name: '一号教室', seats: 60 }).id;
    const courseId = core.ok('courses.create', { baseId, code: `${side}-1`, title: `${side}课程`, categoryId, creditHours: 3 }).id;
    const mentorId = core.ok('mentors.add', { baseId, personId: core.ok('people.create', newPersonInput()).id, joinedOn: '2025-01-01' }).id;
    at[side] = { baseId, roomId, courseId, mentorId };
  }
  const accounts = [
    { username: 'zhangsan', displayName: '张三', role: 'staff', baseIds: [] },
    { username: 'lisi', displayName: '李四', role: 'staff', baseIds: [] },
    { username: 'coord-a', displayName: 'A基地协调员', role: 'coordinator', baseIds: [at.A.baseId] },
  ];
  for (const account of accounts) {
    await api('users.create', { ...account, password: 'Sheg0ng-2026!' }, sessions.admin);
    sessions[account.username] = (await api<{ token: string }>('auth.login', { username: account.username, password: 'Sheg0ng-2026!' }, '')).token;
  }
});
afterAll(async () => {
  await web.close();
  core.close();
});

describe('change notices over HTTP', () => {
  it('answers 401 without a signed-in session, and streams text/event-stream with one', async () => {
    const anonymous = await subscribe(undefined);
    expect(anonymous.status).toBe(401);
    const bogus = await subscribe('not-a-session');
    expect(bogus.status).toBe(401);
    await new Promise<void>((resolve, reject) =>
      http
        .get({ host: '127.0.0.1', port: web.port, path: EVENTS_ROUTE, headers: { [TOKEN_HEADER]: TOKEN, 'x-user-session': sessions.lisi! } }, (res) => {
          expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
          expect(res.headers['cache-control']).toBe('no-store');
          res.destroy();
          resolve();
        })
        .on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(e))),
    );
    // Without the start token, the stream is refused like the rest of the API.
    const res = await new Promise<number>((resolve) =>
      http.get({ host: '127.0.0.1', port: web.port, path: EVENTS_ROUTE, headers: { 'x-user-session': sessions.lisi! } }, (r) => {
        r.resume();
        resolve(r.statusCode!);
      }),
    );
    expect(res).toBe(401);
  });

  it('a change by one user reaches the other within 2 s, named by kind, id and who', async () => {
    const zhang = await subscribe(sessions.zhangsan);
    const li = await subscribe(sessions.lisi);
    try {
      const person = await api<{ id: number }>('people.create', newPersonInput(), sessions.zhangsan!);
      await arrived(() => li.notices.some((n) => n.kinds.includes('people')));
      const notice = li.notices.find((n) => n.kinds.includes('people'))!;
      expect(notice).toMatchObject({ actorName: '张三', operation: 'people.create', own: false, everything: false });
      expect(notice.records).toContainEqual({ kind: 'people', id: person.id, baseId: null });
      // The author hears it too, marked as their own (their open forms show no banner for it).
      await arrived(() => zhang.notices.some((n) => n.seq === notice.seq));
      expect(zhang.notices.find((n) => n.seq === notice.seq)!.own).toBe(true);
      // A refused call commits nothing, so nobody hears anything.
      const heard = li.notices.length;
      await request({ path: '/api/people.create', body: JSON.stringify({ idNumber: '123', name: '' }), session: sessions.zhangsan });
      await settle();
      expect(li.notices).toHaveLength(heard);
    } finally {
      zhang.close();
      li.close();
    }
  });

  it("pages of one session (tabs sharing the server's cookie) hear each other's changes as not their own; a page that names none is the whole session", async () => {
    const [first, second] = [newPageId(), newPageId()];
    const tabs = [await subscribe(sessions.zhangsan, first), await subscribe(sessions.zhangsan, second)];
    const unnamed = await subscribe(sessions.zhangsan);
    try {
      const person = await api<{ id: number }>('people.create', newPersonInput(), sessions.zhangsan!, first);
      const heard = (sub: Subscriber) => sub.notices.find((n) => n.records.some((r) => r.kind === 'people' && r.id === person.id));
      await arrived(() => tabs.every((tab) => heard(tab) !== undefined) && heard(unnamed) !== undefined);
      expect(heard(tabs[0]!)!.own).toBe(true); // the page that saved: its form refreshed already
      expect(heard(tabs[1]!)!.own).toBe(false); // the other tab refreshes, as for another user's change
      expect(heard(unnamed)!.own).toBe(false);
      // A call that names no page (the desktop shell, an older page) is the session's own on a stream naming none.
      const again = await api<{ id: number }>('people.create', newPersonInput(), sessions.zhangsan!);
      await arrived(() => unnamed.notices.some((n) => n.records.some((r) => r.id === again.id && r.kind === 'people')));
      expect(unnamed.notices.find((n) => n.records.some((r) => r.id === again.id && r.kind === 'people'))!.own).toBe(true);
      // Something else in the header is not a page: ignored, as if none were named.
      const forged = await subscribe(sessions.zhangsan, `${first}/x`);
      const third = await api<{ id: number }>('people.create', newPersonInput(), sessions.zhangsan!, `${first}/x`);
      await arrived(() => forged.notices.some((n) => n.records.some((r) => r.id === third.id && r.kind === 'people')));
      expect(forged.notices.find((n) => n.records.some((r) => r.id === third.id && r.kind === 'people'))!.own).toBe(true);
      forged.close();
    } finally {
      for (const sub of [...tabs, unnamed]) sub.close();
    }
  });

  it('a coordinator of base A hears about A and nothing about B; staff hear both', async () => {
    const coordinator = await subscribe(sessions['coord-a']);
    const staff = await subscribe(sessions.lisi);
    try {
      const inB = await api<{ session: { id: number } }>('sessions.create', sessionInput('B'), sessions.zhangsan!);
      await api('enrolments.enrol', { sessionId: inB.session.id, personId: core.ok('people.create', newPersonInput()).id }, sessions.zhangsan!);
      await api('rooms.create', { baseId: at.B.baseId, name: 'B的新教室', seats: 10 }, sessions.zhangsan!);
      await arrived(() => staff.notices.filter((n) => n.records.some((r) => r.baseId === at.B.baseId)).length >= 3);
      await settle();
      expect(coordinator.notices.filter((n) => n.records.some((r) => r.baseId === at.B.baseId))).toEqual([]);

      const inA = await api<{ session: { id: number } }>('sessions.create', sessionInput('A'), sessions.zhangsan!);
      await arrived(() => coordinator.notices.some((n) => n.kinds.includes('sessions')));
      const heard = coordinator.notices.find((n) => n.kinds.includes('sessions'))!;
      expect(heard.records).toContainEqual({ kind: 'sessions', id: inA.session.id, baseId: at.A.baseId });
      expect(heard.records.every((r) => r.baseId === null || r.baseId === at.A.baseId)).toBe(true);
      // Association-wide records (people) reach the coordinator too; accounts only administrators.
      await api('people.create', newPersonInput(), sessions.zhangsan!);
      await arrived(() => coordinator.notices.some((n) => n.kinds.includes('people')));
      await api('users.create', { username: 'wangwu', displayName: '王五', role: 'auditor', password: 'Sheg0ng-2026!' }, sessions.admin!);
      await settle();
      expect(coordinator.notices.some((n) => n.kinds.includes('users'))).toBe(false);
      expect(staff.notices.some((n) => n.kinds.includes('users'))).toBe(false);
    } finally {
      coordinator.close();
      staff.close();
    }
  });

  it('a stream follows its user as they are now: given base B, the coordinator hears B from then on; deactivated, the stream ends', async () => {
    const coordinator = await subscribe(sessions['coord-a']);
    try {
      const users = await api<{ rows: { id: number; username: string }[] }>('users.list', {}, sessions.admin!);
      const id = users.rows.find((u) => u.username === 'coord-a')!.id;
      await api('users.update', { id, displayName: 'A基地协调员', role: 'coordinator', baseIds: [at.A.baseId, at.B.baseId] }, sessions.admin!);
      await api('rooms.create', { baseId: at.B.baseId, name: 'B的又一间教室', seats: 10 }, sessions.zhangsan!);
      await arrived(() => coordinator.notices.some((n) => n.records.some((r) => r.baseId === at.B.baseId)));
      await api('users.update', { id, displayName: 'A基地协调员', role: 'coordinator', baseIds: [at.A.baseId] }, sessions.admin!);
      await api('users.setActive', { id, active: false }, sessions.admin!);
      await arrived(() => coordinator.events.includes('signed-out'));
      await coordinator.ended;
    } finally {
      coordinator.close();
    }
  });

  it('sends heartbeats, and a subscriber that disconnects is cleaned up', async () => {
    await arrived(() => web.eventStreams === 0); // the earlier tests' subscribers have gone
    const li = await subscribe(sessions.lisi);
    await arrived(() => web.eventStreams === 1 && li.comments >= 2); // ': 已连接' and at least one heartbeat
    li.close();
    await arrived(() => web.eventStreams === 0);
    // Later changes go nowhere and fail nothing.
    await api('people.create', newPersonInput(), sessions.zhangsan!);
    expect(web.eventStreams).toBe(0);
  });

  it('a session that ends (log-out) ends its stream', async () => {
    const session = (await api<{ token: string }>('auth.login', { username: 'lisi', password: 'Sheg0ng-2026!' }, '')).token;
    const sub = await subscribe(session);
    expect(sub.status).toBe(200);
    await api('auth.logout', {}, session);
    await arrived(() => sub.events.includes('signed-out')); // the next heartbeat re-reads the session
    await sub.ended;
    await arrived(() => web.eventStreams === 0);
  });
});

describe('what core publishes', () => {
  let own: TestCore | undefined;
  afterAll(() => own?.close());

  it('names a kind for every audited table, or says why a table has none (a new table cannot be forgotten)', () => {
    expect([...NAMED_TABLES, ...Object.keys(UNNAMED_TABLES)].sort()).toEqual(auditedTables(core.db).sort());
  });

  it('who hears which record: each kind by its read permission, base records by base, accounts by administrators and their owner', () => {
    const change = (records: PublishedChange['records']): PublishedChange => ({
      seq: 1,
      records,
      everything: false,
      actorId: 1,
      actorName: '张三',
      operation: 'x',
      at: '2026-11-24T08:00:00.000Z',
      session: 'abc',
    });
    const roles = {
      admin: { id: 1, name: '管理员', role: 'admin' },
      staff: { id: 2, name: '工作人员', role: 'staff' },
      auditor: { id: 3, name: '审计', role: 'auditor' },
      coordinator: { id: 4, name: '协调员', role: 'coordinator', baseIds: [10] },
      anonymous: { id: null, name: '未登录', role: 'anonymous' },
    } satisfies Record<string, Actor>;
    const hears = (record: PublishedChange['records'][number]) =>
      Object.entries(roles)
        .filter(([, actor]) => visibleTo(actor, change([record]), null) !== null)
        .map(([name]) => name);
    expect(hears({ kind: 'people', id: 5, baseId: null })).toEqual(['admin', 'staff', 'auditor', 'coordinator']);
    expect(hears({ kind: 'sessions', id: 5, baseId: 10 })).toEqual(['admin', 'staff', 'auditor', 'coordinator']);
    expect(hears({ kind: 'sessions', id: 6, baseId: 11 })).toEqual(['admin', 'staff', 'auditor']);
    expect(hears({ kind: 'training', id: 7, baseId: 11 })).toEqual(['admin', 'staff', 'auditor']); // hours credited at another base
    expect(hears({ kind: 'evaluations', id: 8, baseId: null })).toEqual(['admin', 'staff', 'auditor', 'coordinator']); // the template
    expect(hears({ kind: 'users', id: 2, baseId: null })).toEqual(['admin', 'staff']); // administrators, and the account itself
    // A notice is cut down to what the subscriber may see, and marked as their own by session.
    const mixed = change([
      { kind: 'sessions', id: 5, baseId: 10 },
      { kind: 'sessions', id: 6, baseId: 11 },
    ]);
    expect(visibleTo(roles.coordinator, mixed, 'abc')).toMatchObject({ kinds: ['sessions'], records: [{ id: 5 }], own: true });
    expect(visibleTo(roles.staff, mixed, 'other')).toMatchObject({ records: [{ id: 5 }, { id: 6 }], own: false });
  });

  it('after a job commits (an import): one notice, with the bulk-loaded rows named as many', async () => {
    own = await openTestCore();
    own.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    const changes: PublishedChange[] = [];
    const stop = own.onChange((change) => changes.push(change));
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('名册');
    sheet.addRow(['姓名', '身份证号']);
    for (let i = 0; i < 3; i++) sheet.addRow([`导入${i}`, makeIdNumber('442000', '19900101', String(301 + i * 2))]);
    const base64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const { jobId } = own.ok('registry.importCommit', { fileName: '名册.xlsx', base64 });
    expect((await finishJob(own, jobId)).state).toBe('done');
    await arrived(() => changes.some((c) => c.records.some((r) => r.kind === 'people')));
    const imported = changes.filter((c) => c.records.some((r) => r.kind === 'people'));
    expect(imported).toHaveLength(1);
    expect(imported[0]!.records).toContainEqual({ kind: 'people', id: null, baseId: null });
    stop();
  });

  it('after example data: one notice naming every kind it filled, not thousands of ids', async () => {
    const fresh = await openTestCore();
    try {
      const changes: PublishedChange[] = [];
      fresh.onChange((change) => changes.push(change));
      await loadExampleData(fresh); // a job in a worker: the notice follows its end
      const loaded = changes.filter((c) => c.operation === 'demo.load');
      expect(loaded.length).toBeGreaterThanOrEqual(1);
      const records = loaded.flatMap((c) => c.records);
      expect(records.map((r) => r.kind)).toEqual(expect.arrayContaining(['people', 'supervisors', 'certificates']));
      expect(records.length).toBeLessThan(500);
    } finally {
      fresh.close();
    }
  });

  it('after a restore: one notice that everything changed, heard by every role', async () => {
    const fresh = await openTestCore();
    try {
      fresh.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
      const { name } = await backupNow(fresh);
      fresh.ok('regions.create', { code: '440100', name: '广州市', level: 'city' });
      const changes: PublishedChange[] = [];
      fresh.onChange((change) => changes.push(change));
      fresh.ok('backup.restore', { name });
      expect(changes.map((c) => c.everything)).toEqual([true]);
      expect(visibleTo({ id: 7, name: '协调员', role: 'coordinator', baseIds: [] }, changes[0]!, null)).toMatchObject({ everything: true });
      // The feed reads on in the restored log.
      fresh.ok('regions.create', { code: '440300', name: '深圳市', level: 'city' });
      expect(changes.at(-1)!.records).toEqual([{ kind: 'regions', id: expect.any(Number), baseId: null }]);
    } finally {
      fresh.close();
    }
  });
});
