/**
 * The desktop app as a client of the association server: core's calls go over HTTPS to the
 * server instead of to the local utility process. The server's certificate is either trusted by
 * the system or pinned: the user compared its SHA-256 fingerprint with the one the server shows,
 * and only that certificate is accepted afterwards. The session cookie lives here, in the main
 * process, never in the renderer. Nothing is written locally while connected.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { pipeline } from 'node:stream/promises';
import type { CallResult } from '../core/errors.ts';
import type { DownloadFile } from '../core/jobs.ts';
import { DOWNLOAD_ROUTE } from '../core/download-route.ts';
import { EVENTS_ROUTE } from '../core/shell/events-route.ts';
import { takeEvents } from '../core/shell/event-stream.ts';
import type { CertificateOffer } from '../core/shell/connection-protocol.ts';

/** What the user agreed to trust: the server's address and, for a self-signed certificate, that certificate. */
export interface ServerPin {
  /** The server's public address, e.g. `https://192.168.1.20:5170`. */
  url: string;
  /** The pinned certificate (PEM) and its SHA-256 fingerprint; absent when the system trusts the server's certificate. */
  certificate?: { pem: string; fingerprint256: string };
}

const CALL_TIMEOUT_MS = 30_000;

/** Normalises what the user typed into an https origin, or explains what is wrong with it. */
export function serverAddress(text: string): { url: string } | { problem: string } {
  const trimmed = text.trim();
  if (!trimmed) return { problem: '请填写协会服务器的地址' };
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return { problem: `服务器地址无效：${trimmed}` };
  }
  if (url.protocol !== 'https:') return { problem: '只能通过 HTTPS 连接协会服务器（地址应以 https:// 开头）' };
  if (url.username || url.password) return { problem: '服务器地址中不能包含用户名或密码' };
  return { url: url.origin };
}

/** Reads the server's certificate without sending anything, so the user can compare its fingerprint with the server's. */
export function probeCertificate(url: string, timeoutMs = 10_000): Promise<CertificateOffer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: target.hostname,
      port: Number(target.port || 443),
      ...(isIpAddress(target.hostname) ? {} : { servername: target.hostname }),
      rejectUnauthorized: false, // only to read the certificate: nothing is sent on this connection
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('连接超时')));
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerCertificate();
      const offer: CertificateOffer = {
        fingerprint256: certificate.fingerprint256,
        pem: toPem(certificate.raw),
        subject: [certificate.subject?.CN ?? ''].flat().join(', '),
        validTo: certificate.valid_to,
        trustedBySystem: socket.authorized,
      };
      socket.end();
      resolve(offer);
    });
    socket.once('error', (error) => reject(unreachable(url, error)));
  });
}

/** The connection to one server, with its session cookie. */
export class RemoteCore {
  readonly pin: ServerPin;
  private readonly agent: https.Agent;
  private readonly cookies = new Map<string, string>();

  constructor(pin: ServerPin) {
    this.pin = pin;
    const certificate = pin.certificate;
    this.agent = new https.Agent({
      keepAlive: true,
      ...(certificate
        ? {
            ca: [certificate.pem],
            // The pinned certificate and nothing else: the host name is not what is checked, the fingerprint is.
            checkServerIdentity: (_host: string, peer: tls.PeerCertificate) =>
              peer.fingerprint256 === certificate.fingerprint256 ? undefined : new Error('服务器证书与已信任的证书不一致'),
          }
        : {}),
    });
  }

  /** One operation on the server; an unreachable server or a changed certificate answers UNAVAILABLE, never throws. */
  async call(name: string, input: unknown): Promise<CallResult<unknown>> {
    try {
      const response = await this.request('POST', `/api/${encodeURIComponent(name)}`, JSON.stringify(input ?? {}));
      const text = await readText(response);
      try {
        return signedInMarker(name, JSON.parse(text) as CallResult<unknown>);
      } catch {
        return { ok: false, error: { code: 'UNAVAILABLE', message: `协会服务器的回答无法读取（HTTP ${response.statusCode}）` } };
      }
    } catch (error) {
      return { ok: false, error: { code: 'UNAVAILABLE', message: unreachable(this.pin.url, error).message } };
    }
  }

  /** Downloads a job's file into a temporary folder, for the desktop's save dialog; null when the ticket is no longer valid. */
  async takeDownload(ticket: string): Promise<DownloadFile | null> {
    try {
      const response = await this.request('GET', `${DOWNLOAD_ROUTE}${encodeURIComponent(ticket)}`);
      if (response.statusCode !== 200) {
        response.resume();
        return null;
      }
      const fileName = fileNameOf(response.headers['content-disposition']) ?? 'download.xlsx';
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-remote-'));
      const file = path.join(dir, path.basename(fileName));
      await pipeline(response, fs.createWriteStream(file));
      return { fileName, path: file };
    } catch {
      return null;
    }
  }

  /**
   * Follows other users' changes on the server (GET /api/events with this process's cookie), for the
   * window; `null` when the session ended. A dropped stream is reopened with growing pauses.
   * Returns the function that stops following.
   */
  watchChanges(listener: (notice: unknown) => void): () => void {
    let stopped = false;
    let current: http.IncomingMessage | null = null;
    let pause = 1000;
    const follow = async () => {
      while (!stopped) {
        try {
          const response = await this.request('GET', EVENTS_ROUTE);
          current = response;
          if (response.statusCode === 401) return listener(null);
          if (response.statusCode === 200) {
            pause = 1000;
            if ((await readEvents(response, listener)) === 'signed-out') return listener(null);
          } else response.resume();
        } catch {
          // the server restarting or the network gone: try again below
        }
        if (stopped) return;
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, 30_000);
      }
    };
    void follow();
    return () => {
      stopped = true;
      current?.destroy();
    };
  }

  close(): void {
    this.agent.destroy();
  }

  private request(method: 'GET' | 'POST', pathname: string, body?: string): Promise<http.IncomingMessage> {
    const url = new URL(pathname, this.pin.url);
    return new Promise((resolve, reject) => {
      const request = https.request(
        url,
        {
          method,
          agent: this.agent,
          timeout: CALL_TIMEOUT_MS,
          headers: {
            ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
            ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
          },
        },
        (response) => {
          this.keepCookies(response.headers['set-cookie']);
          resolve(response);
        },
      );
      request.once('timeout', () => request.destroy(new Error('连接超时')));
      request.once('error', reject);
      request.end(body);
    });
  }

  /** Keeps what the server sets and forgets what it expires (sign-out). */
  private keepCookies(headers: string[] | undefined): void {
    for (const header of headers ?? []) {
      const [pair = '', ...attributes] = header.split(';');
      const at = pair.indexOf('=');
      if (at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** What the renderer keeps as its session while the real one is this process's cookie: it only tells the renderer it is signed in. */
export const SERVER_COOKIE_SESSION = 'server-cookie';

/** The server answers a sign-in without a token (it set its cookie, which stays here): the renderer gets the stand-in. */
function signedInMarker(name: string, result: CallResult<unknown>): CallResult<unknown> {
  if (!result.ok || (name !== 'auth.login' && name !== 'auth.setup')) return result;
  const answer = result.result as { token?: string } | null;
  return answer && typeof answer === 'object' && !answer.token ? { ok: true, result: { ...answer, token: SERVER_COOKIE_SESSION } } : result;
}

/** The Chinese sentence for a server that cannot be reached, with the reason. */
function unreachable(url: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason =
    code === 'ECONNREFUSED'
      ? '服务器未运行或端口不对'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? '找不到该地址'
        : code === 'ETIMEDOUT' || code === 'ECONNRESET'
          ? '连接超时或被中断'
          : error instanceof Error
            ? error.message
            : String(error);
  return new Error(`无法连接协会服务器 ${url}：${reason}。本机没有保存任何内容，请检查网络后重试。`);
}

/** Reads text/event-stream blocks, passing each change on; answers 'signed-out' when the server says the session ended. */
async function readEvents(response: http.IncomingMessage, listener: (notice: unknown) => void): Promise<'ended' | 'signed-out'> {
  response.setEncoding('utf8'); // a character split across chunks is carried over
  let buffer = '';
  for await (const chunk of response as AsyncIterable<string>) {
    const { events, rest } = takeEvents(buffer + chunk);
    buffer = rest;
    for (const event of events) {
      if (event.type === 'signed-out') return 'signed-out';
      listener(event.notice);
    }
  }
  return 'ended';
}

function readText(response: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}

function fileNameOf(header: string | undefined): string | null {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '')?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      return null;
    }
  }
  return /filename="([^"]+)"/i.exec(header ?? '')?.[1] ?? null;
}

function toPem(der: Buffer): string {
  const body = der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

const isIpAddress = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');
