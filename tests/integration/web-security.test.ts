import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type RunningWebServer } from '../../web/server.ts';
import { openTestCore, tempDir, type TestCore } from '../support/core.ts';

let core: TestCore;
let web: RunningWebServer;
const TOKEN = 'start-token-for-tests';

function post(
  path: string,
  headers: Record<string, string>,
  body = '{}',
): Promise<{ status: number; json: { ok: boolean; result?: unknown; error?: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: web.port, path, method: 'POST', headers: { 'content-type': 'application/json', host: `127.0.0.1:${web.port}`, ...headers } },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(data) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  core = await openTestCore();
  web = await startWebServer({ core, staticDir: tempDir(), token: TOKEN });
});
afterAll(async () => {
  await web.close();
  core.close();
});

describe('web shell', () => {
  it('refuses calls without the start token, with a foreign Host or Origin, or cross-site', async () => {
    expect((await post('/api/auth.status', {})).status).toBe(401);
    expect((await post('/api/auth.status', { 'x-session-token': 'wrong' })).status).toBe(401);
    expect((await post('/api/auth.status', { 'x-session-token': TOKEN, host: `evil.example:${web.port}` })).status).toBe(403);
    expect((await post('/api/auth.status', { 'x-session-token': TOKEN, origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('/api/auth.status', { 'x-session-token': TOKEN, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('/api/auth.status', { 'x-session-token': TOKEN, origin: `http://127.0.0.1:${web.port}` })).status).toBe(200);
  });

  it('without a user session only auth.* answers; the session from login opens the rest', async () => {
    const h = { 'x-session-token': TOKEN };
    expect(await post('/api/people.list', h)).toMatchObject({ status: 401, json: { error: { code: 'UNAUTHORIZED' } } });
    expect(await post('/api/people.list', { ...h, 'x-user-session': 'forged' })).toMatchObject({ status: 401 });
    const setup = await post('/api/auth.setup', h, JSON.stringify({ username: 'admin', displayName: '管理员', password: 'password-1' }));
    const session = (setup.json.result as { token: string }).token;
    expect(await post('/api/people.list', { ...h, 'x-user-session': session })).toMatchObject({ status: 200, json: { ok: true } });
    await post('/api/auth.logout', { ...h, 'x-user-session': session });
    expect((await post('/api/people.list', { ...h, 'x-user-session': session })).status).toBe(401);
  });
});
