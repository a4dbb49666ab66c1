/**
 * The one place a request becomes a session: the start token (token mode), Host and Origin, the
 * caller's address and the signed-in user's session token (a header in token mode, the session
 * cookie in accounts mode). The API route and any other route that needs the user (an event
 * stream, a download) go through `authenticate`.
 */
import type http from 'node:http';
import type { Core } from '../core/app.ts';
import type { ErrorPayload } from '../core/errors.ts';
import type { Actor } from '../core/permissions.ts';
import { clientAddress, cookie, isOwnHost, isOwnOrigin, type Access } from './access.ts';
import { tokensEqual } from './security.ts';
import { PAGE_HEADER, pageOf } from '../core/shell/page-id.ts';

export const TOKEN_HEADER = 'x-session-token';
/** Token mode: the signed-in user's session (from auth.login / auth.setup), sent by the renderer. */
export const USER_SESSION_HEADER = 'x-user-session';
/** Accounts mode: the session cookie (HttpOnly: scripts never see the token). */
export const SESSION_COOKIE = 'sws-session';

export interface RequestSession {
  /** The signed-in user's session token, if the request carries one (it may have ended). */
  token: string | undefined;
  /** The caller's address (behind a trusted proxy, the client's). */
  source: string;
  userAgent: string | undefined;
  /** Which open page of the app sent it (core/shell/page-id.ts), when it says. */
  page: string | undefined;
  /** Who the session signs in now (ANONYMOUS when none, ended or timed out). */
  actor(): Actor;
}

export type Authentication = { ok: true; session: RequestSession } | { ok: false; status: 401 | 403; error: ErrorPayload };

export interface ShellGate {
  core: Core;
  access: Access;
  port: number;
}

/** Checks where a request comes from and finds its session; refusals carry the status and Chinese message to answer. */
export function authenticate(req: http.IncomingMessage, gate: ShellGate): Authentication {
  const { access, port, core } = gate;
  if (access.mode === 'token') {
    // The start token comes first: without it nothing else about the request is looked at.
    const given = req.headers[TOKEN_HEADER];
    if (!tokensEqual(access.token, Array.isArray(given) ? given[0] : given)) {
      return { ok: false, status: 401, error: { code: 'UNAUTHORIZED', message: '缺少或错误的访问令牌，请使用启动时显示的地址打开' } };
    }
  }
  if (!isOwnHost(req, access, port) || !isOwnOrigin(req, access, port)) {
    return { ok: false, status: 403, error: { code: 'FORBIDDEN', message: '拒绝来自其他网站的请求' } };
  }
  const header = req.headers[USER_SESSION_HEADER];
  const token = access.mode === 'token' ? (Array.isArray(header) ? header[0] : header) || undefined : cookie(req, SESSION_COOKIE);
  const userAgent = req.headers['user-agent'];
  const page = pageOf(req.headers[PAGE_HEADER]);
  return { ok: true, session: { token, source: clientAddress(req, access), userAgent, page, actor: () => core.sessionActor(token) } };
}

/** The Set-Cookie value that carries a new session (accounts mode); Secure when people reach us over HTTPS. */
export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
