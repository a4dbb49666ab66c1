/**
 * The association server (accounts mode, `npm run serve`) over real HTTP and HTTPS, with several
 * clients each keeping its own cookies, as browsers do.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock.ts';
import { startWebServer, type AccountsOptions, type RunningWebServer } from '../../web/server.ts';
import { lanCertificate } from '../../web/tls.ts';
import { openTestCore, tempDir, type TestCore } from '../support/core.ts';
import { movableClock } from '../support/movable-clock.ts';

const ADMIN = { username: 'admin', displayName: '管理员甲', password: 'shegong-Dudao-26' };
const STAFF = { username: 'staff1', displayName: '工作人员乙', role: 'staff', password: 'password-1' };

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  body: string;
  json: { ok: boolean; result?: Record<string, unknown>; error?: { code: string; message: string } };
}

/** A browser stand-in: its own cookie jar; Origin and Host as a page of the server would send them. */
class Client {
  cookies = new Map<string, string>();
  lastSetCookie: string[] = [];
  private readonly server: RunningWebServer;
  private readonly base: Record<string, string>;
  constructor(server: RunningWebServer, base: Record<string, string> = {}) {
    this.server = server;
    this.base = base;
  }

  request(pathname: string, { method = 'POST', body, headers = {} }: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const { server } = this;
    const origin = new URL(server.url).origin;
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const secure = server.server instanceof https.Server;
    return new Promise<Answer>((resolve, reject) => {
      const req = (secure ? https : http).request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: pathname,
          method,
          rejectUnauthorized: false,
          headers: {
            host: new URL(origin).host,
            ...(method === 'POST' ? { origin, 'content-type': 'application/json' } : {}),
            ...(cookie ? { cookie } : {}),
            ...this.base,
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            this.lastSetCookie = res.headers['set-cookie'] ?? [];
            for (const line of this.lastSetCookie) {
              const [pair = ''] = line.split(';');
              const [name = '', value = ''] = pair.split('=');
              if (/max-age=0/i.test(line) || !value) this.cookies.delete(name);
              else this.cookies.set(name, value);
            }
            const body = res.headers['content-encoding'] ? '' : raw.toString('utf8');
            let json: Answer['json'] = { ok: false };
            try {
              json = JSON.parse(body) as Answer['json'];
            } catch {
              // not JSON (a page, an asset, or compressed)
            }
            resolve({ status: res.statusCode!, headers: res.headers, raw, body, json });
          });
        },
      );
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  api(name: string, input: unknown = {}, headers: Record<string, string> = {}) {
    return this.request(`/api/${name}`, { body: input, headers });
  }
}

function staticFolder(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><title>app</title></head><body></body></html>');
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'assets', 'index-Bx7f3k.js'), `console.log(${JSON.stringify('社工督导'.repeat(2000))});`);
  return dir;
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

async function server(options: { core?: TestCore; file?: string; clock?: Clock; accounts?: AccountsOptions; tls?: { cert: string; key: string } } = {}) {
  const core = options.core ?? (await openTestCore(options.file, options.clock));
  const web = await startWebServer({
    core,
    staticDir: staticFolder(),
    accounts: options.accounts ?? {},
    port: 0,
    version: '9.9.9',
    ...(options.tls ? { tls: options.tls } : {}),
  });
  cleanup.push(
    () => void (core.db.open && core.close()),
    () => web.close(),
  );
  return { core, web };
}

/** The first-run administrator (on the server itself) and a staff account, each signed in from its own client. */
async function adminAndStaff(web: RunningWebServer, staffHeaders: Record<string, string> = {}) {
  const admin = new Client(web);
  expect((await admin.api('auth.setup', ADMIN)).json.ok).toBe(true);
  expect((await admin.api('users.create', STAFF)).json.ok).toBe(true);
  const staff = new Client(web, staffHeaders);
  expect((await staff.api('auth.login', { username: STAFF.username, password: STAFF.password })).json.ok).toBe(true);
  return { admin, staff };
}

describe('association server (accounts mode)', () => {
  it('answers /healthz without sign-in and any data call before signing in with 401', async () => {
    const { core, web } = await server();
    const anyone = new Client(web);
    const health = await anyone.request('/healthz', { method: 'GET', headers: { host: 'monitor.internal' } });
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ ok: true, version: '9.9.9', schemaVersion: core.schemaVersion });
    const early = await anyone.api('people.list', {});
    expect(early.status).toBe(401);
    expect(early.json.error).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await anyone.api('auth.status')).json).toMatchObject({ ok: true, result: { needsSetup: true, user: null } });
  });

  it('signs in with an HttpOnly, SameSite=Strict cookie (the token never in the JSON), and clears it at logout', async () => {
    const { web } = await server();
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/`);
    const admin = new Client(web);
    const setup = await admin.api('auth.setup', ADMIN);
    expect(setup.status).toBe(200);
    expect(setup.json.result).not.toHaveProperty('token');
    expect(setup.body).not.toMatch(/"token"/);
    expect(admin.lastSetCookie).toHaveLength(1);
    expect(admin.lastSetCookie[0]).toMatch(/^sws-session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Strict$/); // no Secure over plain HTTP
    expect((await admin.api('people.list', {})).status).toBe(200);
    expect((await admin.api('auth.status')).json.result).toMatchObject({ user: { name: ADMIN.displayName } });
    const old = admin.cookies.get('sws-session')!;
    await admin.api('auth.logout');
    expect(admin.lastSetCookie[0]).toMatch(/^sws-session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict/);
    admin.cookies.set('sws-session', old); // a copy of the old cookie is worth nothing
    expect((await admin.api('people.list', {})).status).toBe(401);
    // The token-mode header is not a way in on the server.
    const sneaky = new Client(web);
    expect((await sneaky.api('people.list', {}, { 'x-user-session': old })).status).toBe(401);
  });

  it('refuses other sites: a foreign Origin or Host is answered 403 before anything runs', async () => {
    const { web } = await server();
    const { admin } = await adminAndStaff(web);
    expect((await admin.api('people.list', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await admin.api('people.list', {}, { origin: 'null' })).status).toBe(403);
    expect((await admin.api('people.list', {}, { host: 'evil.example' })).status).toBe(403);
    expect((await admin.request('/', { method: 'GET', headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await admin.api('people.list', {}, { 'sec-fetch-site': 'cross-site', origin: '' })).status).toBe(403);
    // A configured public address is the one that counts.
    const { web: pub } = await server({ accounts: { publicOrigins: ['https://sws.example.org'] } });
    expect(pub.url).toBe('https://sws.example.org/');
    const direct = new Client(pub);
    expect((await direct.api('auth.status', {}, { host: `127.0.0.1:${pub.port}`, origin: `http://127.0.0.1:${pub.port}` })).status).toBe(403);
    const proper = await direct.api('auth.setup', ADMIN, { host: 'sws.example.org', origin: 'https://sws.example.org' });
    expect(proper.status).toBe(200);
    expect(direct.lastSetCookie[0]).toMatch(/; Secure$/); // people reach it over HTTPS
  });

  it('believes X-Forwarded-* only from a trusted proxy; the first administrator is created on the server itself', async () => {
    const { web } = await server({ accounts: { publicOrigins: ['https://sws.example.org'], trustProxy: ['127.0.0.1'] } });
    const viaProxy = { host: '127.0.0.1:8080', 'x-forwarded-host': 'sws.example.org', origin: 'https://sws.example.org' };
    const remote = new Client(web, { ...viaProxy, 'x-forwarded-for': '203.0.113.9' });
    const refused = await remote.api('auth.setup', ADMIN);
    expect(refused.status).toBe(403);
    expect(refused.json.error?.message).toMatch(/首次创建管理员账号只能在服务器本机上进行/);
    const onServer = new Client(web, { ...viaProxy });
    expect((await onServer.api('auth.setup', ADMIN)).status).toBe(200);
    expect((await onServer.api('users.create', STAFF)).status).toBe(200);
    const staff = new Client(web, { ...viaProxy, 'x-forwarded-for': '198.51.100.20, 203.0.113.9' });
    expect((await staff.api('auth.login', { username: STAFF.username, password: STAFF.password })).status).toBe(200);
    const online = (await onServer.api('online.list')).json.result as { rows: { displayName: string; source: string }[] };
    expect(online.rows.find((r) => r.displayName === STAFF.displayName)?.source).toBe('203.0.113.9'); // the nearest untrusted address

    // Not trusted: the headers are ignored (the Host then is not ours).
    const { web: plain } = await server();
    const liar = new Client(plain, { 'x-forwarded-host': 'sws.example.org', 'x-forwarded-for': '192.0.2.1' });
    expect((await liar.api('auth.setup', ADMIN)).status).toBe(200); // from 127.0.0.1, as it really is
    const rows = ((await liar.api('online.list')).json.result as { rows: { source: string }[] }).rows;
    expect(rows.map((r) => r.source)).toEqual(['127.0.0.1']);
  });

  it('several clients: the administrator sees who is signed in (在线用户) and ends a session; that client gets 401 at its next call', async () => {
    const { web } = await server({ accounts: { trustProxy: ['127.0.0.1'] } });
    const { admin, staff } = await adminAndStaff(web, { 'x-forwarded-for': '192.0.2.44', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Chrome/140' });
    const online = (await admin.api('online.list')).json.result as {
      rows: { id: number; displayName: string; source: string; userAgent: string; current: boolean }[];
    };
    const staffRow = online.rows.find((r) => r.displayName === STAFF.displayName)!;
    expect(staffRow).toMatchObject({ source: '192.0.2.44', userAgent: 'Mozilla/5.0 (Windows NT 10.0) Chrome/140', current: false });
    expect((await staff.api('online.list')).status).toBe(403);
    expect((await admin.api('online.endSession', { id: staffRow.id })).json).toMatchObject({ ok: true, result: { ended: true } });
    expect((await staff.api('people.list', {})).status).toBe(401);
    expect((await admin.api('people.list', {})).status).toBe(200);
  });

  it('a job’s file is downloaded with the session cookie, by the session that asked for it only', async () => {
    const { web } = await server();
    const { admin, staff } = await adminAndStaff(web);
    const { jobId } = (await staff.api('registry.template')).json.result as { jobId: string };
    for (let i = 0; i < 200; i++) {
      const status = (await staff.api('jobs.status', { id: jobId })).json.result as { state: string };
      if (status.state !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { ticket } = (await staff.api('jobs.download', { id: jobId })).json.result as { ticket: string };
    expect(staff.lastSetCookie).toEqual([]); // no separate download cookie on the server: the session cookie serves
    expect((await admin.request(`/download/${ticket}`, { method: 'GET' })).status).toBe(404);
    const file = await staff.request(`/download/${ticket}`, { method: 'GET' });
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/xlsx/);
  });

  it('ends sessions after the idle time and the absolute time; a restart keeps a live one', async () => {
    const file = path.join(tempDir(), 'data.sqlite3');
    const { clock, advance } = movableClock();
    const first = await server({ file, clock });
    const { admin, staff } = await adminAndStaff(first.web);
    advance(20);
    expect((await admin.api('people.list', {})).status).toBe(200);
    advance(20); // staff idle for 40 minutes, the administrator for 20
    expect((await staff.api('people.list', {})).status).toBe(401);
    expect((await admin.api('people.list', {})).status).toBe(200);

    // Restart: the same data file, a new process's core and server; the browser keeps its cookie.
    await first.web.close();
    first.core.close();
    const second = await server({ file, clock });
    const again = new Client(second.web);
    again.cookies = admin.cookies;
    expect((await again.api('auth.status')).json.result).toMatchObject({ user: { name: ADMIN.displayName } });
    for (let i = 0; i < 12 * 3 - 3; i++) {
      advance(20);
      expect((await again.api('people.list', {})).status).toBe(200);
    }
    advance(20); // 12 hours after signing in (after 40 minutes, then 33 × 20), however busy
    expect((await again.api('people.list', {})).status).toBe(401);
  });

  it('throttles logins per account (5 wrong → locked there) and per address (20 failures in 15 minutes → refused)', async () => {
    const { web } = await server({ accounts: { trustProxy: ['127.0.0.1'] } });
    await adminAndStaff(web);
    const guesser = new Client(web, { 'x-forwarded-for': '198.51.100.7' });
    for (let i = 0; i < 5; i++) await guesser.api('auth.login', { username: STAFF.username, password: `wrong-guess-${i}` });
    const locked = await guesser.api('auth.login', { username: STAFF.username, password: STAFF.password });
    expect(locked.status).toBe(401);
    expect(locked.json.error?.message).toMatch(/账号已锁定/);
    const elsewhere = new Client(web, { 'x-forwarded-for': '198.51.100.8' });
    expect((await elsewhere.api('auth.login', { username: STAFF.username, password: STAFF.password })).status).toBe(200);

    for (let i = 0; i < 15; i++) await guesser.api('auth.login', { username: `nobody${i}`, password: 'not-the-password-9' });
    const refused = await guesser.api('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(refused.status).toBe(401);
    expect(refused.json.error?.message).toMatch(/来自此地址（198\.51\.100\.7）的登录失败次数过多/);
    expect((await elsewhere.api('auth.login', { username: ADMIN.username, password: ADMIN.password })).status).toBe(200);
  });

  it('compresses JSON and assets, caches hashed assets for a year and never the page, and marks the page for the cookie client', async () => {
    const { web } = await server();
    const { admin } = await adminAndStaff(web);
    const asset = await admin.request('/assets/index-Bx7f3k.js', { method: 'GET', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-encoding']).toBe('br');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.brotliDecompressSync(asset.raw).toString()).toContain('社工督导');
    expect(asset.raw.length).toBeLessThan(2000);
    const gz = await admin.request('/assets/index-Bx7f3k.js', { method: 'GET', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await admin.request('/assets/index-Bx7f3k.js', { method: 'GET' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const page = await admin.request('/', { method: 'GET' });
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('<meta name="sws-transport" content="cookie">');
    const json = await admin.api('audit.list', {}, { 'accept-encoding': 'gzip' });
    expect(json.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(json.raw).toString())).toMatchObject({ ok: true });
    const small = await admin.api('auth.status', {}, { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined(); // under 1 KB: not worth it
  });

  it('HTTPS with the LAN certificate made at first start and reused after; the peer shows the printed fingerprint', async () => {
    const dataDir = tempDir();
    const made = lanCertificate(dataDir, ['192.0.2.10']);
    expect(made.origin).toBe('generated');
    expect(fs.statSync(path.join(dataDir, 'tls', 'server-key.pem')).mode & 0o077).toBe(0);
    const again = lanCertificate(dataDir, []);
    expect(again).toMatchObject({ origin: 'reused', fingerprint256: made.fingerprint256 });
    const { web } = await server({ tls: made });
    expect(web.url).toBe(`https://127.0.0.1:${web.port}/`);
    const peer = await new Promise<string>((resolve, reject) => {
      const req = https.get({ host: '127.0.0.1', port: web.port, path: '/healthz', rejectUnauthorized: false }, (res) => {
        resolve((res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256);
        res.resume();
      });
      req.on('error', reject);
    });
    expect(peer).toBe(made.fingerprint256);
    const admin = new Client(web);
    expect((await admin.api('auth.setup', ADMIN)).status).toBe(200);
    expect(admin.lastSetCookie[0]).toMatch(/HttpOnly; SameSite=Strict; Secure$/);
    expect((await admin.api('people.list', {})).status).toBe(200);
  });
});
