/**
 * Who may reach the web shell and from where, in its two modes:
 * - `token` (`npm start`, one PC): 127.0.0.1 only, and the start token printed in the address;
 * - `accounts` (`npm run serve`, the association server): people sign in with their accounts; the
 *   session travels in an HttpOnly, SameSite=Strict cookie; Host and Origin must be the configured
 *   public address; X-Forwarded-* are believed only from the `--trust-proxy` addresses.
 */
import type http from 'node:http';
import net from 'node:net';

export type Access =
  | { mode: 'token'; token: string }
  | {
      mode: 'accounts';
      /** The addresses people open (`--public-url`, else derived from host and port), first the one printed. */
      publicOrigins: readonly string[];
      /** Reverse proxies whose X-Forwarded-For/-Host/-Proto are believed. */
      trustProxy: readonly string[];
    };

/** The address as one text: IPv4-mapped IPv6 (`::ffff:10.0.0.5`) as plain IPv4. */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address.toLowerCase();
}

export const isLoopback = (address: string): boolean => address === '::1' || (net.isIPv4(address) && address.startsWith('127.'));

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Whether the request came straight from a trusted reverse proxy. */
function fromTrustedProxy(req: http.IncomingMessage, access: Access): boolean {
  return access.mode === 'accounts' && access.trustProxy.includes(normalizeAddress(req.socket.remoteAddress));
}

/**
 * The caller's address (failed logins are counted by it; 在线用户 shows it): the socket's peer, or,
 * behind a trusted proxy, the nearest address in X-Forwarded-For that is not itself a trusted proxy.
 */
export function clientAddress(req: http.IncomingMessage, access: Access): string {
  const peer = normalizeAddress(req.socket.remoteAddress);
  if (!fromTrustedProxy(req, access) || access.mode !== 'accounts') return peer;
  const chain = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((a) => normalizeAddress(a.trim()))
    .filter((a) => net.isIP(a));
  for (let i = chain.length - 1; i >= 0; i--) if (!access.trustProxy.includes(chain[i]!)) return chain[i]!;
  return chain[0] ?? peer;
}

/** The origins this shell answers to (for the token mode: its own loopback address). */
export function allowedOrigins(access: Access, port: number): readonly string[] {
  return access.mode === 'token' ? [`http://127.0.0.1:${port}`, `http://localhost:${port}`] : access.publicOrigins;
}

/** Guards against DNS rebinding: the Host (a trusted proxy's X-Forwarded-Host) must be one of ours. */
export function isOwnHost(req: http.IncomingMessage, access: Access, port: number): boolean {
  const forwarded = fromTrustedProxy(req, access) ? first(req.headers['x-forwarded-host'])?.split(',')[0]?.trim() : undefined;
  const host = (forwarded ?? req.headers.host)?.toLowerCase();
  return host !== undefined && allowedOrigins(access, port).some((origin) => new URL(origin).host === host);
}

/** Browsers send Origin on cross-site requests (and on every POST): a foreign one is refused. */
export function isOwnOrigin(req: http.IncomingMessage, access: Access, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers['sec-fetch-site'] === undefined || req.headers['sec-fetch-site'] === 'same-origin';
  return allowedOrigins(access, port).includes(origin.toLowerCase());
}

/** A cookie's value from the request, if present. */
export function cookie(req: http.IncomingMessage, name: string): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=') || undefined;
  }
  return undefined;
}
