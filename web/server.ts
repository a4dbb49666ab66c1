/**
 * The web shell: serves the built renderer and carries core's API as `POST /api/<operation>`.
 * Thin: every call goes to `core.callWithSession`. Two modes (web/access.ts): `npm start`'s single-PC
 * token mode on 127.0.0.1, and the association server's accounts mode (`npm run serve`: sign-in
 * cookie, public address, HTTPS or a trusted reverse proxy). `/healthz` answers both without sign-in.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';
import type { Core } from '../core/app.ts';
import type { CallResult, ErrorPayload } from '../core/errors.ts';
import type { DownloadFile } from '../core/jobs.ts';
import { DOWNLOAD_ROUTE, downloadHeaders } from '../core/download-route.ts';
import { CONTENT_SECURITY_POLICY } from '../core/shell/content-security-policy.ts';
import { decodePath, isJsonMediaType, readBody } from './request.ts';
import { downloadSession, downloadSessionCookie } from './download-session.ts';
import { cookie, isLoopback, isOwnHost, type Access } from './access.ts';
import { authenticate, clearedSessionCookie, SESSION_COOKIE, sessionCookie, type ShellGate } from './session.ts';
import { sendBody, withVary, type Encoding } from './compression.ts';
import { readPrecompressed } from './precompressed.ts';
import { EVENTS_ROUTE, EventStreams } from './events.ts';
import { writesFree } from '../core/write-gate.ts';
import { traceLongTurns, traced } from '../core/turn-trace.ts';
import { WRITER_LOCK_HELD_ELSEWHERE } from '../core/dispatch.ts';

export { TOKEN_HEADER, USER_SESSION_HEADER } from './session.ts';
// Uploaded workbooks travel as base64 in JSON: a 50,000-row workbook needs room.
export const MAX_BODY_BYTES = 96 * 1024 * 1024;
/** After a 413, how long the rest of a body is let drain before the connection is cut. */
const DRAIN_AFTER_REFUSAL_MS = 5000;
/** The renderer's hashed files (Vite names them by content): cached for a year, never revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** In accounts mode the page says so, for the renderer's client to use the sign-in cookie (renderer/src/api/client.ts). */
export const COOKIE_TRANSPORT_META = '<meta name="sws-transport" content="cookie">';

const HTTP_STATUS: Record<ErrorPayload['code'], number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  UNKNOWN_OPERATION: 404,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface AccountsOptions {
  /** The addresses people open (`--public-url`); by default derived from the host and port. */
  publicOrigins?: readonly string[];
  /** Reverse proxies whose X-Forwarded-* headers are believed (`--trust-proxy`). */
  trustProxy?: readonly string[];
}

export interface WebServerOptions {
  core: Core;
  /** Folder with the built renderer (index.html and assets). */
  staticDir: string;
  /** Token mode (`npm start`, 127.0.0.1 only): this start's secret, printed in the address. */
  token?: string;
  /** Accounts mode (`npm run serve`): people sign in; given instead of `token`. */
  accounts?: AccountsOptions;
  port?: number;
  /** Accounts mode: the address to listen on (default 127.0.0.1; `0.0.0.0` for the LAN). */
  host?: string;
  /** PEM certificate and key: HTTPS. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** The program's version, for /healthz. */
  version?: string;
  /** Largest request body accepted (default MAX_BODY_BYTES); tests lower it. */
  maxBodyBytes?: number;
  /** How often an idle change stream gets a heartbeat (default ~25 s); tests lower it. */
  heartbeatMs?: number;
}

export interface RunningWebServer {
  server: http.Server;
  port: number;
  /** The address to open (token mode: with the token). */
  url: string;
  access: Access;
  /** Change streams open now (GET /api/events). */
  readonly eventStreams: number;
  close(): Promise<void>;
}

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::';
const hostInUrl = (host: string) => (host.includes(':') ? `[${host}]` : host);

/** The addresses people can open when none is configured: the host itself, or on every interface this machine's IPv4 addresses. */
export function derivedOrigins(host: string, port: number, secure: boolean): string[] {
  const scheme = secure ? 'https' : 'http';
  const hosts = isWildcard(host)
    ? [...lanAddresses(), '127.0.0.1', 'localhost']
    : isLoopback(host) || host === 'localhost'
      ? [host, 'localhost', '127.0.0.1']
      : [host];
  return [...new Set(hosts)].map((h) => `${scheme}://${hostInUrl(h)}:${port}`);
}

/** This machine's non-internal IPv4 addresses (the LAN server's certificate names them too). */
export function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  if ((options.token === undefined) === (options.accounts === undefined)) throw new Error('startWebServer: give either token or accounts');
  const listenHost = options.accounts ? (options.host ?? '127.0.0.1') : '127.0.0.1';
  const ready: { gate?: ShellGate } = {}; // known once the port is
  const events = new EventStreams(options.core, options.heartbeatMs);
  const stopTracing = traceLongTurns(); // only with SWS_TRACE_LONG_TURNS=<ms> (bench, development): who held the thread
  const handler: http.RequestListener = (req, res) => {
    handle(req, res, options, ready.gate!, events).catch((error) => {
      console.error('[web] request failed:', error);
      if (!res.headersSent) sendJson(req, res, 500, { ok: false, error: { code: 'INTERNAL', message: '系统内部错误' } });
    });
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler) : http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listenHost, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const access: Access = options.accounts
    ? {
        mode: 'accounts',
        publicOrigins: (options.accounts.publicOrigins?.length ? options.accounts.publicOrigins : derivedOrigins(listenHost, port, !!options.tls)).map(
          (o) => new URL(o).origin,
        ),
        trustProxy: options.accounts.trustProxy ?? [],
      }
    : { mode: 'token', token: options.token! };
  ready.gate = { core: options.core, access, port };
  return {
    server,
    port,
    access,
    url: access.mode === 'token' ? `http://127.0.0.1:${port}/?token=${access.token}` : `${access.publicOrigins[0]}/`,
    close: () =>
      new Promise((resolve) => {
        stopTracing();
        server.close(() => resolve());
        events.endAll(); // open streams would keep the server from closing
        server.closeAllConnections();
      }),
    get eventStreams() {
      return events.count;
    },
  };
}

/** People reach the accounts-mode server over HTTPS (directly or through the proxy): its cookie is Secure. */
const secureCookies = (access: Access) => access.mode === 'accounts' && access.publicOrigins[0]!.startsWith('https:');

async function handle(req: http.IncomingMessage, res: http.ServerResponse, options: WebServerOptions, gate: ShellGate, events: EventStreams) {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return sendJson(req, res, 400, BAD_ADDRESS);
  }
  if (url.pathname === '/healthz') return health(req, res, options);
  // A download only reads a file (its ticket is kept in memory) and the session: it never waits for writes.
  if (url.pathname.startsWith('/api/')) return api(req, res, url, options, gate, events);
  if (!isOwnHost(req, gate.access, gate.port)) {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Forbidden');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  if (url.pathname.startsWith(DOWNLOAD_ROUTE)) {
    // The single-use ticket from jobs.download, with the session it was issued to (a cookie), is the permission; a HEAD would use it up, so GET only.
    if (req.method !== 'GET') return void res.writeHead(405).end();
    const session = gate.access.mode === 'token' ? downloadSession(req) : cookie(req, SESSION_COOKIE);
    return sendDownload(res, options.core.takeDownload(url.pathname.slice(DOWNLOAD_ROUTE.length), session));
  }
  return serveStatic(req, res, url.pathname, options.staticDir, gate.access);
}

/** For monitoring: up, which version, which schema; no data, no sign-in. */
function health(req: http.IncomingMessage, res: http.ServerResponse, options: WebServerOptions) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
  return sendJson(req, res, 200, { ok: true, version: options.version ?? 'unknown', schemaVersion: options.core.schemaVersion });
}

async function api(req: http.IncomingMessage, res: http.ServerResponse, url: URL, options: WebServerOptions, gate: ShellGate, events: EventStreams) {
  const auth = traced('http:authenticate', () => authenticate(req, gate));
  if (!auth.ok) return sendJson(req, res, auth.status, { ok: false, error: auth.error });
  // Never compressed nor buffered: each notice goes out as it happens.
  if (url.pathname === EVENTS_ROUTE && req.method === 'GET') return events.stream(res, auth.session.token, auth.session.page);
  if (req.method !== 'POST') return sendJson(req, res, 405, { ok: false, error: { code: 'VALIDATION', message: '请使用 POST' } });
  const operation = decodePath(url.pathname.slice('/api/'.length));
  if (operation === null) return sendJson(req, res, 400, BAD_ADDRESS);
  if (!isJsonMediaType(req.headers['content-type'])) {
    return sendJson(req, res, 415, { ok: false, error: { code: 'VALIDATION', message: '请求内容应为 JSON（Content-Type: application/json）' } });
  }
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const body = await readBody(req, limit);
  if (body === null) return refuseTooLarge(req, res, limit);
  let input: unknown;
  try {
    input = body.length ? traced('http:parse', () => JSON.parse(body) as unknown) : {};
  } catch {
    return sendJson(req, res, 400, { ok: false, error: { code: 'VALIDATION', message: '请求内容不是有效的 JSON' } });
  }
  const { session } = auth;
  const accounts = gate.access.mode === 'accounts';
  if (accounts && operation === 'auth.setup' && !isLoopback(session.source)) {
    // On a new server, whoever comes first would become its administrator: that is done on the server itself.
    return sendJson(req, res, 403, {
      ok: false,
      error: { code: 'FORBIDDEN', message: `首次创建管理员账号只能在服务器本机上进行：请在服务器上用浏览器打开 http://127.0.0.1:${gate.port}/` },
    });
  }
  // Slow work (a password's scrypt) off this thread first, others answered meanwhile; the call below takes it.
  const prepared = await options.core.prepare(operation, input, session.token, session.source);
  // Work holding the write lock across turns (an import's publish, core/write-gate.ts): commands and queries that
  // write (signing in starts a session: 登录 waits too) reach core once it ends; reads go on meanwhile (core/reads-during-writes.ts).
  if (options.core.waitsForWrites(operation)) await writesFree();
  // The caller's address is the source failed logins are counted by (core/services/auth.ts).
  const call = () =>
    traced(`api:${operation}`, () =>
      options.core.callWithSession(operation, input, session.token, session.source, session.userAgent, { writerLockNow: true, prepared, page: session.page }),
    );
  let result = call();
  // PostgreSQL: another connection holds the writer lock (an import's publish on another server process). Waiting for
  // it inside the call would hold this thread and every request behind it: the call, which ran nothing, is made again
  // a moment later, this thread answering the others meanwhile.
  for (const since = Date.now(); writerLockHeld(result) && Date.now() - since < WRITER_LOCK_PATIENCE_MS;) {
    await new Promise((resolve) => setTimeout(resolve, WRITER_LOCK_RETRY_MS));
    result = call();
  }
  if (!accounts) {
    const cookieValue = result.ok ? downloadSessionCookie(operation, session.token) : undefined;
    if (cookieValue) res.setHeader('set-cookie', cookieValue); // the ticket's file is taken with this session only
  } else if (result.ok) {
    result = withSessionCookie(res, operation, result, secureCookies(gate.access));
  }
  return sendJson(req, res, result.ok ? 200 : HTTP_STATUS[result.error.code], result);
}

/** Accounts mode: a sign-in's token goes into the HttpOnly cookie and out of the JSON the page sees; logging out clears it. */
function withSessionCookie(res: http.ServerResponse, operation: string, result: CallResult<unknown> & { ok: true }, secure: boolean): CallResult<unknown> {
  if (operation === 'auth.logout') res.setHeader('set-cookie', clearedSessionCookie(secure));
  if (operation !== 'auth.login' && operation !== 'auth.setup') return result;
  const { token, ...rest } = result.result as { token: string };
  res.setHeader('set-cookie', sessionCookie(token, secure));
  return { ok: true, result: rest };
}

/** How often a call refused for the writer lock held elsewhere is made again, and for how long before the refusal is answered. */
const WRITER_LOCK_RETRY_MS = 20;
const WRITER_LOCK_PATIENCE_MS = 60_000;
const writerLockHeld = (result: CallResult<unknown>) => !result.ok && result.error.code === 'CONFLICT' && result.error.message === WRITER_LOCK_HELD_ELSEWHERE;

const BAD_ADDRESS = { ok: false, error: { code: 'VALIDATION', message: '请求地址无效（含有错误的 % 转义）' } };

/** 413 with the reason; the connection closes after it, and what the client still sends is discarded (for a while). */
function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number) {
  res.setHeader('connection', 'close');
  res.once('finish', () => setTimeout(() => req.socket.destroy(), DRAIN_AFTER_REFUSAL_MS).unref());
  return sendJson(req, res, 413, {
    ok: false,
    error: { code: 'VALIDATION', message: `请求内容过大：不能超过 ${Math.floor(limit / 2 ** 20)} MB（导入的工作簿请拆分后分批导入）` },
  });
}

/** Streams a job's file from disk; a ticket that is unknown, used or expired gets a page saying so. */
async function sendDownload(res: http.ServerResponse, file: DownloadFile | null) {
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('下载链接已失效：请回到程序中重新导出');
    return;
  }
  res.writeHead(200, downloadHeaders(file.fileName, fs.statSync(file.path).size));
  await pipeline(fs.createReadStream(file.path), res).catch(() => res.destroy()); // the user may cancel the download
}

function sendJson(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: unknown) {
  const json = traced('http:json', () => Buffer.from(JSON.stringify(body)));
  return sendBody(req, res, status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, json);
}

/** A renderer file read once, with its compressed forms (the build's, else made on first use; kept while the file is unchanged). */
interface StaticFile {
  mtimeMs: number;
  body: Buffer;
  /** Validator of what is sent (the page is revalidated on each visit: a 304 when unchanged); weak, as the same tag covers each encoding. */
  etag: string;
  compressed: Map<Encoding, Promise<Buffer>>;
}
const staticFiles = new Map<string, StaticFile>();

function readStatic(file: string, transform?: (text: string) => string): StaticFile {
  const { mtimeMs } = fs.statSync(file);
  const key = `${file}${transform ? '#page' : ''}`;
  const known = staticFiles.get(key);
  if (known && known.mtimeMs === mtimeMs) return known;
  const raw = fs.readFileSync(file);
  const body = transform ? Buffer.from(transform(raw.toString('utf8'))) : raw;
  const etag = `W/"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const entry = { mtimeMs, body, etag, compressed: transform ? new Map() : readPrecompressed(file, mtimeMs) };
  staticFiles.set(key, entry);
  return entry;
}

/** Whether the browser's copy is this one (If-None-Match: a list of tags compared weakly, or `*`). */
function ifNoneMatch(req: http.IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, root: string, access: Access) {
  const rootDir = path.resolve(root);
  const decoded = decodePath(pathname);
  if (decoded === null) return void res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('请求地址无效');
  let file = path.resolve(rootDir, `.${decoded}`);
  if (!file.startsWith(rootDir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    file = path.join(rootDir, 'index.html'); // the renderer routes on the hash; everything else is the app
  }
  if (!fs.existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('界面尚未构建：请先运行 npm run build');
    return;
  }
  // A symbolic link inside the folder may point anywhere: only what really lies inside is served.
  const real = fs.realpathSync(file);
  const realRoot = fs.realpathSync(rootDir);
  if (!real.startsWith(realRoot + path.sep)) return void res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Forbidden');
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  const page = file.endsWith('.html');
  if (page) headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
  // Hashed assets never change under their name; the page (which names them) is asked again on every visit, a 304 when unchanged.
  const immutable = !page && path.relative(realRoot, real).startsWith(`assets${path.sep}`);
  headers['cache-control'] = immutable ? IMMUTABLE : 'no-cache';
  const markCookieMode = page && access.mode === 'accounts' ? (html: string) => html.replace('<head>', `<head>\n    ${COOKIE_TRANSPORT_META}`) : undefined;
  const entry = readStatic(real, markCookieMode);
  if (!immutable) {
    headers.etag = entry.etag;
    if (ifNoneMatch(req, entry.etag)) return void res.writeHead(304, withVary(headers, entry.body.length)).end();
  }
  return sendBody(req, res, 200, headers, entry.body, entry.compressed);
}
