/**
 * The browser shell: serves the built renderer and carries core's API as
 * `POST /api/<operation>` on 127.0.0.1. Thin: every call goes to `core.call`.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';
import type { Core } from '../core/app.ts';
import type { ErrorPayload } from '../core/errors.ts';
import type { DownloadFile } from '../core/jobs.ts';
import { DOWNLOAD_ROUTE, downloadHeaders } from '../core/download-route.ts';
import { CONTENT_SECURITY_POLICY } from '../core/shell/content-security-policy.ts';
import { tokensEqual } from './security.ts';
import { decodePath, isJsonMediaType, readBody } from './request.ts';
import { downloadSession, downloadSessionCookie } from './download-session.ts';
import { EVENTS_ROUTE, EventStreams } from './events.ts';

export const TOKEN_HEADER = 'x-session-token';
/** The signed-in user's session (from auth.login / auth.setup); core resolves it to the actor. */
export const USER_SESSION_HEADER = 'x-user-session';
// Uploaded workbooks travel as base64 in JSON: a 50,000-row workbook needs room.
export const MAX_BODY_BYTES = 96 * 1024 * 1024;
/** After a 413, how long the rest of a body is let drain before the connection is cut. */
const DRAIN_AFTER_REFUSAL_MS = 5000;

const HTTP_STATUS: Record<ErrorPayload['code'], number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  UNKNOWN_OPERATION: 404,
  INTERNAL: 500,
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

export interface WebServerOptions {
  core: Core;
  /** Folder with the built renderer (index.html and assets). */
  staticDir: string;
  token: string;
  port?: number;
  /** Largest request body accepted (default MAX_BODY_BYTES); tests lower it. */
  maxBodyBytes?: number;
  /** How often an idle change stream gets a heartbeat (default ~25 s); tests lower it. */
  heartbeatMs?: number;
}

export interface RunningWebServer {
  server: http.Server;
  port: number;
  /** The address to open, token included. */
  url: string;
  /** Change streams open now (GET /api/events). */
  readonly eventStreams: number;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  let port = 0;
  const events = new EventStreams(options.core, options.heartbeatMs);
  const server = http.createServer((req, res) => {
    handle(req, res, options, port, events).catch((error) => {
      console.error('[web] request failed:', error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: '系统内部错误' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/?token=${options.token}`,
    get eventStreams() {
      return events.count;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        events.endAll(); // open streams would keep the server from closing
      }),
  };
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, options: WebServerOptions, port: number, events: EventStreams) {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return sendJson(res, 400, BAD_ADDRESS);
  }
  if (url.pathname.startsWith('/api/')) {
    // The token comes first: without it nothing else about the request is looked at.
    const token = req.headers[TOKEN_HEADER];
    if (!tokensEqual(options.token, Array.isArray(token) ? token[0] : token)) {
      return sendJson(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: '缺少或错误的访问令牌，请使用启动时显示的地址打开' } });
    }
    if (!isOwnHost(req, port) || !isOwnOrigin(req, port)) {
      return sendJson(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自其他网站的请求' } });
    }
    if (url.pathname === EVENTS_ROUTE && req.method === 'GET') return events.stream(res, headerValue(req, USER_SESSION_HEADER));
    if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'VALIDATION', message: '请使用 POST' } });
    const operation = decodePath(url.pathname.slice('/api/'.length));
    if (operation === null) return sendJson(res, 400, BAD_ADDRESS);
    if (!isJsonMediaType(req.headers['content-type'])) {
      return sendJson(res, 415, { ok: false, error: { code: 'VALIDATION', message: '请求内容应为 JSON（Content-Type: application/json）' } });
    }
    const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
    const body = await readBody(req, limit);
    if (body === null) return refuseTooLarge(req, res, limit);
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body) : {};
    } catch {
      return sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: '请求内容不是有效的 JSON' } });
    }
    const session = req.headers[USER_SESSION_HEADER];
    const userSession = Array.isArray(session) ? session[0] : session;
    // The caller's address is the source failed logins are counted by (core/services/auth.ts).
    const result = options.core.callWithSession(operation, input, userSession, req.socket.remoteAddress ?? 'web');
    const cookie = result.ok ? downloadSessionCookie(operation, userSession) : undefined;
    if (cookie) res.setHeader('set-cookie', cookie); // the ticket's file is taken with this session only
    return sendJson(res, result.ok ? 200 : HTTP_STATUS[result.error.code], result);
  }
  if (!isOwnHost(req, port)) {
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
    return sendDownload(res, options.core.takeDownload(url.pathname.slice(DOWNLOAD_ROUTE.length), downloadSession(req)));
  }
  serveStatic(url.pathname, options.staticDir, res);
}

const BAD_ADDRESS = { ok: false, error: { code: 'VALIDATION', message: '请求地址无效（含有错误的 % 转义）' } };

/** 413 with the reason; the connection closes after it, and what the client still sends is discarded (for a while). */
function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number) {
  res.setHeader('connection', 'close');
  res.once('finish', () => setTimeout(() => req.socket.destroy(), DRAIN_AFTER_REFUSAL_MS).unref());
  sendJson(res, 413, {
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

/** Guards against DNS rebinding: only our own loopback address is accepted as Host. */
function isOwnHost(req: http.IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Browsers send Origin on cross-site requests; a foreign one is refused. */
function isOwnOrigin(req: http.IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers['sec-fetch-site'] === undefined || req.headers['sec-fetch-site'] === 'same-origin';
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

const headerValue = (req: http.IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function serveStatic(pathname: string, root: string, res: http.ServerResponse) {
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
  if (file.endsWith('.html')) {
    headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    headers['cache-control'] = 'no-store';
  }
  res.writeHead(200, headers);
  fs.createReadStream(real).pipe(res);
}
