import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, TOKEN_HEADER, type RunningWebServer } from '../../web/server.ts';
import { openTestCore, tempDir, type TestCore } from '../support/core.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { holdWrites } from '../../core/write-gate.ts';
import { openDatabase } from '../../db/open.ts';

const TOKEN = 'per-start-secret';
let core: TestCore;
let web: RunningWebServer;
let session = '';

beforeAll(async () => {
  core = await openTestCore();
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  web = await startWebServer({ core, staticDir, token: TOKEN, port: 0 });
  // Every call but the account ones needs a signed-in user: the first-run administrator.
  const setup = await api('auth.setup', JSON.stringify({ username: 'admin', displayName: '管理员', password: 'shegong-Dudao-26' }));
  session = (JSON.parse(setup.body) as { result: { token: string } }).result.token;
});
afterAll(async () => {
  await web.close();
  core.close();
});

/** A raw request, so that Host, Origin and other headers can be set as an attacker would. */
function request(options: { path: string; method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: web.port,
        path: options.path,
        method: options.method ?? 'POST',
        headers: { host: `127.0.0.1:${web.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = (name: string, body: string, headers: Record<string, string> = {}) =>
  request({ path: `/api/${name}`, body, headers: { 'content-type': 'application/json', [TOKEN_HEADER]: TOKEN, 'x-user-session': session, ...headers } });

describe('web shell', () => {
  it('listens on 127.0.0.1 and prints an address carrying the token', () => {
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=${TOKEN}`);
    expect((web.server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  it('answers 401 without the token before looking at anything else', async () => {
    const attempts: { path: string; method?: string; headers?: Record<string, string>; body?: string }[] = [
      { path: '/api/people.list', body: '{}', headers: { 'content-type': 'application/json' } },
      { path: '/api/no.such.operation', body: 'not json' },
      { path: '/api/people.list', method: 'GET' },
      { path: '/api/people.list', body: '{}', headers: { host: 'evil.example', origin: 'https://evil.example' } },
      { path: '/api/people.list', body: '{}', headers: { [TOKEN_HEADER]: 'wrong-token', 'content-type': 'application/json' } },
    ];
    for (const attempt of attempts) {
      const res = await request(attempt);
      expect(res.status, JSON.stringify(attempt)).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringContaining('令牌') } });
    }
  });

  it('with the token, gives exactly what core.call gives', async () => {
    const input = { code: '442000', name: '中山市', level: 'city' };
    const created = await api('regions.create', JSON.stringify(input));
    expect(created.status).toBe(200);
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, result: { code: '442000' } });
    const listed = await api('regions.list', '{}');
    expect(JSON.parse(listed.body)).toEqual(core.callWithSession('regions.list', {}, session));
    const refused = await api('regions.create', JSON.stringify({ ...input, code: '1' }));
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toEqual(core.callWithSession('regions.create', { ...input, code: '1' }, session));
    expect((await api('regions.create', JSON.stringify(input))).status).toBe(409);
    expect((await api('nope', '{}')).status).toBe(404);
  });

  it('refuses a foreign Host (DNS rebinding), a foreign Origin and cross-site requests', async () => {
    expect((await api('people.list', '{}', { host: 'evil.example' })).status).toBe(403);
    expect((await api('people.list', '{}', { host: `127.0.0.1:${web.port + 1}` })).status).toBe(403);
    expect((await api('people.list', '{}', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await api('people.list', '{}', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await api('people.list', '{}', { origin: `http://localhost:${web.port}`, host: `localhost:${web.port}` })).status).toBe(200);
    expect((await request({ path: '/', method: 'GET', headers: { host: 'evil.example' } })).status).toBe(403);
  });

  it('takes only JSON POSTs', async () => {
    expect((await request({ path: '/api/people.list', method: 'GET', headers: { [TOKEN_HEADER]: TOKEN } })).status).toBe(405);
    expect((await api('people.list', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    const bad = await api('people.list', '{not json');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toMatch(/JSON/);
  });

  it('serves the renderer with a Content-Security-Policy, and nothing outside its folder', async () => {
    const index = await request({ path: '/', method: 'GET' });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect((await request({ path: '/assets/app.js', method: 'GET' })).body).toBe('console.log(1)');
    for (const sneaky of ['/../package.json', '/..%2f..%2fpackage.json', '/assets/../../package.json']) {
      const res = await request({ path: sneaky, method: 'GET' });
      expect(res.body, sneaky).toContain('<title>app</title>'); // falls back to the app, never the file
    }
  });

  it('streams a job file once for its ticket, under its Chinese name, and refuses the ticket afterwards', async () => {
    const started = JSON.parse((await api('registry.template', '{}')).body) as { result: { jobId: string } };
    const jobId = started.result.jobId;
    await expect
      .poll(async () => (JSON.parse((await api('jobs.status', JSON.stringify({ id: jobId }))).body) as { result: { state: string } }).result.state)
      .toBe('done');
    const answer = await api('jobs.download', JSON.stringify({ id: jobId }));
    const { result } = JSON.parse(answer.body) as { result: { fileName: string; ticket: string } };
    expect(result.fileName).toBe('人员与督导导入模板.xlsx');
    // The session that asked travels to the download link as a cookie only the download route gets, and no script reads.
    expect(answer.headers['set-cookie']).toEqual([`sws-download-session=${session}; Path=/download/; HttpOnly; SameSite=Strict`]);
    const cookie = { cookie: `other=1; sws-download-session=${session}` };

    expect((await request({ path: `/download/${result.ticket}`, method: 'HEAD', headers: cookie })).status).toBe(405); // would use the ticket up
    expect((await request({ path: `/download/${result.ticket}`, method: 'GET', headers: { ...cookie, host: 'evil.example' } })).status).toBe(403);
    expect((await request({ path: `/download/${result.ticket}`, method: 'GET' })).status).toBe(404); // without the session: not used up
    const response = await fetch(`http://127.0.0.1:${web.port}/download/${result.ticket}`, { headers: cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${'_'.repeat(9)}.xlsx"; filename*=UTF-8''${encodeURIComponent('人员与督导导入模板.xlsx')}`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
    expect((await readFirstSheet(bytes)).headers).toContain('身份证号');

    const again = await request({ path: `/download/${result.ticket}`, method: 'GET', headers: cookie });
    expect(again.status).toBe(404);
    expect(again.body).toMatch(/下载链接已失效/);
  });
});

describe('web shell: requests at the edges', () => {
  it('a malformed percent escape is a 400 with a reason, not a 500', async () => {
    for (const bad of ['/api/%E0%A4%A', '/api/auth.status%', '/api/%C3%28']) {
      const res = await api(bad.slice('/api/'.length), '{}');
      expect(res.status, bad).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('请求地址无效') } });
    }
    expect((await request({ path: '/assets/%E0%A4%A', method: 'GET' })).status).toBe(400);
  });

  it('a body over the limit gets 413 with a Chinese reason: declared too large, or found so while reading', async () => {
    // Declared: answered at once, nothing read (the connection closes after the answer).
    const declared = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: web.port,
          path: '/api/auth.status',
          method: 'POST',
          headers: { host: `127.0.0.1:${web.port}`, 'content-type': 'application/json', [TOKEN_HEADER]: TOKEN, 'content-length': String(200 * 2 ** 20) },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.write('{"a":'); // and then nothing: a server that waits for the rest never answers
    });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/请求内容过大：不能超过 96 MB/) },
    });

    // Found while reading (chunked, no length): a server with a 64 KB limit, sent 1 MB.
    const small = await startWebServer({ core, staticDir: tempDir(), token: TOKEN, port: 0, maxBodyBytes: 64 * 1024 });
    try {
      const found = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        let answered = false;
        const req = http.request(
          {
            host: '127.0.0.1',
            port: small.port,
            path: '/api/auth.status',
            method: 'POST',
            headers: { host: `127.0.0.1:${small.port}`, 'content-type': 'application/json', [TOKEN_HEADER]: TOKEN, 'transfer-encoding': 'chunked' },
          },
          (res) => {
            answered = true;
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          },
        );
        req.on('error', (error) => !answered && reject(error));
        for (let i = 0; i < 16; i++) req.write(Buffer.alloc(64 * 1024, 0x20));
        req.end();
      });
      expect(found.status).toBe(413);
      expect(JSON.parse(found.body).error.message).toMatch(/请求内容过大/);
    } finally {
      await small.close();
    }
  });

  it('takes application/json only: the media type is parsed, not matched by its start', async () => {
    for (const type of ['application/jsonx', 'application/json-patch+json', 'application/json5', 'application/json; charset=latin1', 'application/json; =x']) {
      expect((await api('auth.status', '{}', { 'content-type': type })).status, type).toBe(415);
    }
    for (const type of ['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/json ;']) {
      expect((await api('auth.status', '{}', { 'content-type': type })).status, type).toBe(200);
    }
  });

  it('never follows a symbolic link out of the renderer folder', async () => {
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'top secret');
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(staticDir, 'leak.txt'));
    fs.symlinkSync(outside, path.join(staticDir, 'assets'));
    const other = await startWebServer({ core, staticDir, token: TOKEN, port: 0 });
    try {
      for (const sneaky of ['/leak.txt', '/assets/secret.txt']) {
        const res = await fetch(`http://127.0.0.1:${other.port}${sneaky}`);
        expect(res.status, sneaky).toBe(403);
        expect(await res.text()).not.toContain('top secret');
      }
      expect((await fetch(`http://127.0.0.1:${other.port}/`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it("counts failed logins by the caller's address: guessing over HTTP does not lock the desktop ('local') out", async () => {
    await api('users.create', JSON.stringify({ username: 'target', displayName: '被猜者', role: 'staff', password: 'right-pass-42' }));
    for (let i = 0; i < 5; i++)
      expect(JSON.parse((await api('auth.login', JSON.stringify({ username: 'target', password: 'guess-guess-1' }))).body).error.message).toBe(
        '用户名或密码不正确',
      );
    expect(JSON.parse((await api('auth.login', JSON.stringify({ username: 'target', password: 'right-pass-42' }))).body).error.message).toMatch(/锁定至/);
    expect(core.callWithSession('auth.login', { username: 'target', password: 'right-pass-42' }, undefined)).toMatchObject({ ok: true });
  });
});

describe('work holding the write lock across turns (an import publishing in slices)', () => {
  it('a save asked meanwhile waits for the gate, the server answering other requests, and goes through once it is released', async () => {
    const release = await holdWrites();
    const holder = openDatabase(core.dataFile);
    holder.exec('BEGIN IMMEDIATE'); // as the publish does on the import's own connection
    let answered = false;
    const save = api('organizations.create', JSON.stringify({ name: '发布期间保存的机构', kind: 'other' })).then((r) => {
      answered = true;
      return r;
    });
    try {
      // Without the gate the save would wait inside SQLite's busy handler, holding the thread (and the holder) for 5 s, then
      // fail: it would be answered before /healthz is. By order, not by the clock.
      const health = await request({ path: '/healthz', method: 'GET' });
      expect(health.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(answered).toBe(false);
    } finally {
      holder.exec('COMMIT');
      holder.close();
      release();
    }
    const saved = await save;
    expect(saved.status).toBe(200);
    expect(JSON.parse(saved.body)).toMatchObject({ ok: true });
  });
});
