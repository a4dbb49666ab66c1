import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, TOKEN_HEADER, type RunningWebServer } from '../../web/server.ts';
import { makeIdNumber, openTestCore, tempDir, type TestCore } from '../support/core.ts';

/**
 * A job belongs to the user and session that started it. Only they follow it
 * and take its file; they or an administrator may cancel it; a download ticket is honoured only
 * for the session that asked for it, and dies when that session ends. Through dispatch (the
 * shells' entry, with real sessions) and through the web shell.
 */
const PASSWORD = 'long-enough-password-2026';
let core: TestCore;
const tokens: Record<'admin' | 'staff' | 'coordinator' | 'auditor', string> = { admin: '', staff: '', coordinator: '', auditor: '' };

const call = (role: keyof typeof tokens, name: string, input: unknown) => core.callWithSession(name, input, tokens[role]);
function ok<T = unknown>(role: keyof typeof tokens, name: string, input: unknown): T {
  const result = call(role, name, input);
  if (!result.ok) throw new Error(`${name} as ${role}: ${JSON.stringify(result.error)}`);
  return result.result as T;
}
const login = (username: string) =>
  (core.callWithSession('auth.login', { username, password: PASSWORD }, undefined) as { ok: true; result: { token: string } }).result.token;

async function settled(role: keyof typeof tokens, id: string) {
  for (let i = 0; i < 2000; i++) {
    const status = ok<{ state: string; result: unknown }>(role, 'jobs.status', { id });
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('job did not finish');
}

async function registryWorkbook(rows: number): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('名册');
  sheet.addRow(['姓名', '身份证号', '手机号码']);
  for (let i = 0; i < rows; i++) sheet.addRow([`学员${i}`, makeIdNumber('442000', `19${70 + (i % 30)}0101`, String(100 + i).slice(0, 3)), null]);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

beforeAll(async () => {
  core = await openTestCore();
  tokens.admin = (
    core.callWithSession('auth.setup', { username: 'admin', displayName: '管理员甲', password: PASSWORD }, undefined) as { ok: true; result: { token: string } }
  ).result.token;
  const city = ok<{ id: number }>('admin', 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const org = ok<{ id: number }>('admin', 'organizations.create', { name: '协会', kind: 'mass_organization' });
  const base = ok<{ base: { id: number } }>('admin', 'bases.create', {
    name: '一号基地',
    organizationId: org.id,
    regionId: city.id,
    grade: 'ordinary',
    accreditationStatus: 'provisional',
    accreditedUntil: '2028-12-31',
  }).base;
  for (const role of ['staff', 'coordinator', 'auditor'] as const) {
    ok('admin', 'users.create', {
      username: role,
      displayName: `${role}乙`,
      role,
      password: PASSWORD,
      ...(role === 'coordinator' ? { baseIds: [base.id] } : {}),
    });
    tokens[role] = login(role);
  }
  for (let i = 0; i < 5; i++)
    ok('admin', 'people.create', { idNumber: makeIdNumber('442000', `1985031${i}`, '123'), name: `人员${i}`, phone: `1380013800${i}` });
});
afterAll(() => core.close());

describe('jobs belong to whoever started them (through dispatch)', () => {
  it('only the starter follows a job and takes its file; others are refused, whatever their role', async () => {
    const { jobId } = ok<{ jobId: string }>('admin', 'people.export', {});
    await settled('admin', jobId);
    for (const role of ['staff', 'coordinator', 'auditor'] as const) {
      for (const name of ['jobs.status', 'jobs.download', 'jobs.cancel']) {
        expect(call(role, name, { id: jobId }), `${name} as ${role}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
    }
    // The same administrator in another session (another browser tab's log-in) is another starter.
    const otherSession = login('admin');
    expect(core.callWithSession('jobs.download', { id: jobId }, otherSession)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const { ticket } = ok<{ ticket: string }>('admin', 'jobs.download', { id: jobId });
    // A ticket is honoured only for the session that asked for it; a refused try does not use it up.
    for (const role of ['staff', 'coordinator', 'auditor'] as const) expect(core.takeDownload(ticket, tokens[role]), role).toBeNull();
    expect(core.takeDownload(ticket, otherSession)).toBeNull();
    expect(core.takeDownload(ticket)).toBeNull();
    expect(core.takeDownload(ticket, tokens.admin)).not.toBeNull();
    expect(core.takeDownload(ticket, tokens.admin)).toBeNull(); // used
  });

  it('a coordinator cannot cancel an administrator’s running import; an administrator may cancel anyone’s job', async () => {
    const base64 = await registryWorkbook(400);
    const { jobId } = ok<{ jobId: string }>('admin', 'registry.importPreview', { fileName: '名册.xlsx', base64 });
    expect(call('coordinator', 'jobs.cancel', { id: jobId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '只有发起人或管理员可以取消该任务' },
    });
    expect(call('auditor', 'jobs.cancel', { id: jobId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await settled('admin', jobId)).state).toBe('done');

    const auditorJob = ok<{ jobId: string }>('auditor', 'people.export', {}).jobId;
    const cancelled = ok<{ state: string; result: unknown }>('admin', 'jobs.cancel', { id: auditorJob });
    expect(cancelled.result).toBeNull(); // the administrator stops it, and learns nothing of what it holds
    expect((await settled('auditor', auditorJob)).state).toBe('cancelled');
    expect(call('admin', 'jobs.status', { id: auditorJob })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(call('admin', 'jobs.download', { id: auditorJob })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const ownJob = ok<{ jobId: string }>('auditor', 'people.export', {}).jobId;
    expect(ok<{ state: string }>('auditor', 'jobs.cancel', { id: ownJob }).state).toBe('running');
    expect((await settled('auditor', ownJob)).state).toBe('cancelled');
  });

  it('an ended session’s tickets die with it', async () => {
    const session = login('auditor');
    const as = (name: string, input: unknown) =>
      core.callWithSession(name, input, session) as { ok: true; result: { jobId: string; ticket: string; state: string } };
    const { jobId } = as('people.export', {}).result;
    for (let i = 0; i < 2000 && as('jobs.status', { id: jobId }).result.state === 'running'; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    const { ticket } = as('jobs.download', { id: jobId }).result;
    core.callWithSession('auth.logout', {}, session);
    expect(core.takeDownload(ticket, session)).toBeNull();
  });
});

describe('jobs belong to whoever started them (through the web shell)', () => {
  const TOKEN = 'per-start-secret';
  let web: RunningWebServer;
  beforeAll(async () => {
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
    web = await startWebServer({ core, staticDir, token: TOKEN, port: 0 });
  });
  afterAll(() => web.close());

  function request(pathName: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: web.port, path: pathName, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${web.port}`, ...options.headers } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString('latin1')));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end(options.body);
    });
  }
  const api = async (role: keyof typeof tokens, name: string, input: unknown) => {
    const res = await request(`/api/${name}`, {
      method: 'POST',
      body: JSON.stringify(input),
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: TOKEN, 'x-user-session': tokens[role] },
    });
    return { ...res, json: JSON.parse(res.body) as { ok: boolean; result: { jobId: string; ticket: string; state: string }; error?: { code: string } } };
  };
  const download = (ticket: string, session?: string) =>
    request(`/download/${ticket}`, session ? { headers: { cookie: `sws-download-session=${session}` } } : {});

  it('an administrator’s export reaches nobody else: not its status, not its ticket, not its file', async () => {
    const { jobId } = (await api('admin', 'people.export', {})).json.result;
    for (let i = 0; i < 2000 && (await api('admin', 'jobs.status', { id: jobId })).json.result.state === 'running'; i++)
      await new Promise((r) => setTimeout(r, 5));
    for (const role of ['staff', 'coordinator', 'auditor'] as const) {
      for (const name of ['jobs.status', 'jobs.download', 'jobs.cancel']) {
        const res = await api(role, name, { id: jobId });
        expect(res.status, `${name} as ${role}`).toBe(403);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
    }
    const asked = await api('admin', 'jobs.download', { id: jobId });
    const { ticket } = asked.json.result;
    // The ticket alone, or with another user's session cookie, gets nothing (and is not used up).
    expect((await download(ticket)).status).toBe(404);
    for (const role of ['staff', 'coordinator', 'auditor'] as const) expect((await download(ticket, tokens[role])).status, role).toBe(404);
    const file = await download(ticket, tokens.admin);
    expect(file.status).toBe(200);
    expect(file.body.startsWith('PK')).toBe(true);
    expect((await download(ticket, tokens.admin)).status).toBe(404);
  });

  it('a coordinator cannot cancel an administrator’s running import over HTTP', async () => {
    const base64 = await registryWorkbook(400);
    const { jobId } = (await api('admin', 'registry.importPreview', { fileName: '名册.xlsx', base64 })).json.result;
    expect((await api('coordinator', 'jobs.cancel', { id: jobId })).status).toBe(403);
    for (let i = 0; i < 2000 && (await api('admin', 'jobs.status', { id: jobId })).json.result.state === 'running'; i++)
      await new Promise((r) => setTimeout(r, 5));
    expect((await api('admin', 'jobs.status', { id: jobId })).json.result.state).toBe('done');
  });

  it('after log-out the session’s ticket is dead', async () => {
    const session = login('staff');
    const previous = tokens.staff;
    tokens.staff = session;
    try {
      const { jobId } = (await api('staff', 'people.export', {})).json.result;
      for (let i = 0; i < 2000 && (await api('staff', 'jobs.status', { id: jobId })).json.result.state === 'running'; i++)
        await new Promise((r) => setTimeout(r, 5));
      const { ticket } = (await api('staff', 'jobs.download', { id: jobId })).json.result;
      await api('staff', 'auth.logout', {});
      expect((await download(ticket, session)).status).toBe(404);
    } finally {
      tokens.staff = previous;
    }
  });
});
