/**
 * The renderer's only way to the application: a typed client for core's operations.
 * In the desktop app it goes through the preload bridge; in a browser, over HTTP to the web shell.
 */
// Three transports, chosen once at load (`transport`):
// - 'desktop': the preload bridge; the signed-in user's session token is kept for this window and passed along;
// - 'token': the single-PC web shell (`npm start`): its start token (from the printed address) and the
//   session token travel as headers;
// - 'cookie': the association server (`npm run serve`), which marks its page (<meta name="sws-transport">):
//   the session is an HttpOnly cookie the server sets at sign-in; no token is ever held by scripts.
import type { z } from 'zod';
import type { Api, OperationName } from '../../../core/api.ts';
import type { CallResult, ConflictInfo, ErrorPayload } from '../../../core/errors.ts';
import { DOWNLOAD_ROUTE, type SaveOutcome } from '../../../core/download-route.ts';
import type { ConnectionAnswer, ConnectionRequest } from '../../../core/shell/connection-protocol.ts';
import type { ChangeNotice } from '../../../domain/change-kinds.ts';
import { newPageId, PAGE_HEADER } from '../../../core/shell/page-id.ts';

export type { OperationName };
export type Input<N extends OperationName> = z.input<Api[N]['input']>;
export type Output<N extends OperationName> = ReturnType<Api[N]['handler']>;

declare global {
  interface Window {
    /** The Electron preload bridge; the third argument is the signed-in user's session token. */
    swsApi?: {
      call(name: string, input: unknown, session?: string | null): Promise<CallResult<unknown>>;
      /** Asks where to save a job's file (the system's dialog) and copies it there. */
      /** The second argument is the signed-in user's session: a ticket is honoured only for the session that asked for it. */
      saveDownload(ticket: string, session?: string | null): Promise<SaveOutcome>;
      /** 连接到协会服务器 (desktop only): see electron/server-connection.ts. */
      connection?(request: ConnectionRequest): Promise<ConnectionAnswer>;
      /** Follows the session's change notices (null: the session ended); returns the function that stops. */
      watchChanges?(session: string | null, listener: (notice: ChangeNotice | null) => void): () => void;
    };
  }
}

export class ApiError extends Error {
  readonly code: ErrorPayload['code'];
  readonly field: string | undefined;
  /** A stale version refused: who changed the record, when, its version and values now (useApiForm shows them). */
  readonly conflict: ConflictInfo | undefined;

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
    this.code = payload.code;
    this.field = payload.field;
    this.conflict = payload.conflict;
  }
}

const TOKEN_KEY = 'sws.token';

/** Takes the web shell's token from the address once, then keeps it out of the address bar. */
function sessionToken(): string | null {
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const query = params.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export type Transport = 'desktop' | 'token' | 'cookie';

function chooseTransport(): Transport {
  if (typeof window === 'undefined' || window.swsApi) return 'desktop';
  return document.querySelector('meta[name="sws-transport"]')?.getAttribute('content') === 'cookie' ? 'cookie' : 'token';
}

export const transport: Transport = chooseTransport();

const token = transport === 'token' ? sessionToken() : null;

const USER_SESSION_KEY = 'sws.userSession';

/** The signed-in user's session token (from auth.login / auth.setup): kept for this tab only. */
export function userSession(): string | null {
  return typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(USER_SESSION_KEY);
}

/** Keeps the token auth.login / auth.setup answered (none in cookie mode: the server keeps it in its cookie). */
export function setUserSession(session: string | null | undefined): void {
  ahead.clear(); // asked for by whoever was signed in before
  if (session && transport !== 'cookie') sessionStorage.setItem(USER_SESSION_KEY, session);
  else sessionStorage.removeItem(USER_SESSION_KEY);
}

const signedOutListeners = new Set<() => void>();
/** Called when core answers UNAUTHORIZED to a signed-in call (session ended, user deactivated). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/** This page (tab): the server tells the changes of the session's other pages from its own (core/shell/page-id.ts). */
const PAGE = newPageId();

/** What the web shell needs to know the caller: the start token and session in token mode (in cookie mode the cookie goes along by itself), and the page. */
export const webShellHeaders = (): Record<string, string> =>
  transport === 'cookie' ? { [PAGE_HEADER]: PAGE } : { 'x-session-token': token ?? '', 'x-user-session': userSession() ?? '', [PAGE_HEADER]: PAGE };

/** The session ended elsewhere (the change stream was told so): the sign-in screen shows at once. */
export function signedOutElsewhere(): void {
  if (transport !== 'cookie' && !userSession()) return;
  setUserSession(null);
  signedOutListeners.forEach((listener) => listener());
}

async function overHttp(name: string, input: unknown): Promise<CallResult<unknown>> {
  let response: Response;
  try {
    response = await fetch(`api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...webShellHeaders() },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: { code: 'UNAVAILABLE', message: '无法连接到程序或服务器，本次操作没有保存。请确认网络和程序仍在运行后重试。' } };
  }
  try {
    return (await response.json()) as CallResult<unknown>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: `程序返回了无法识别的应答（HTTP ${response.status}）` } };
  }
}

const reachabilityListeners = new Set<(problem: string | null) => void>();
/** Told after every call whether the program (or the association server) answered: null, or why not. */
export function onReachability(listener: (problem: string | null) => void): () => void {
  reachabilityListeners.add(listener);
  return () => reachabilityListeners.delete(listener);
}

/**
 * Answers asked for before a screen needs them: the first screen's first page goes out with auth.status
 * on a repeat visit (or with the sign-in's answer) instead of one round trip after it. Each is taken once,
 * by the first call asking the same, within a few seconds; a failed one (not signed in after all) is
 * dropped, never shown. Each was read before the change stream listened: a change made in between would
 * go unseen, so the screens that took one read again once the stream is live (`followingChanges`), or
 * right after taking it when the stream was live already.
 */
const AHEAD_FOR_MS = 10_000;
const ahead = new Map<string, { answer: Promise<CallResult<unknown>>; at: number }>();
const taken = new Set<OperationName>();
/** Set while the change stream is live: told which early answers were taken, to read them again. */
let readAgain: ((names: OperationName[]) => void) | null = null;
const aheadKey = (name: string, input: unknown) =>
  `${name} ${JSON.stringify(Object.fromEntries(Object.entries(input ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))}`;

/** Asks now for what a screen about to show will ask (over HTTP only: the desktop bridge has no round trip to save). */
export function askAhead<N extends OperationName>(name: N, input: Input<N>): void {
  if (window.swsApi || missingToken()) return;
  ahead.set(aheadKey(name, input), { answer: overHttp(name, input), at: performance.now() });
}

/**
 * The screens' reading again waits a moment: long enough for the first screen to show its rows first
 * (on a busy machine, its rendering and a second one would share the CPU), short enough for anyone.
 */
const READ_AGAIN_AFTER_MS = 1000;
function readAgainSoon(listener: (names: OperationName[]) => void, names: OperationName[]) {
  setTimeout(() => readAgain === listener && listener(names), READ_AGAIN_AFTER_MS);
}

/** The change stream is live (`listener`) or stopped (null): the listener is told which early answers were taken until now, and later ones as they are taken. */
export function followingChanges(listener: ((names: OperationName[]) => void) | null): void {
  readAgain = listener;
  const names = [...taken];
  taken.clear();
  if (listener && names.length) readAgainSoon(listener, names);
}

async function earlyAnswer(name: OperationName, input: unknown): Promise<CallResult<unknown> | undefined> {
  const key = aheadKey(name, input);
  const early = ahead.get(key);
  if (!early) return undefined;
  ahead.delete(key);
  if (performance.now() - early.at > AHEAD_FOR_MS) return undefined; // the screen came much later: it reads for itself
  const live = readAgain;
  if (!live) taken.add(name); // now, not when it arrives: the stream may go live meanwhile
  const result = await early.answer;
  if (!result.ok) return undefined;
  if (live) readAgainSoon(live, [name]);
  return result;
}

export async function call<N extends OperationName>(name: N, input: Input<N>): Promise<Output<N>> {
  const result = (await earlyAnswer(name, input)) ?? (window.swsApi ? await window.swsApi.call(name, input, userSession()) : await overHttp(name, input));
  const unreachable = !result.ok && result.error.code === 'UNAVAILABLE' ? result.error.message : null;
  reachabilityListeners.forEach((listener) => listener(unreachable));
  if (!result.ok) {
    // Signed out under our feet (session ended, timed out, user deactivated): back to the sign-in page.
    if (result.error.code === 'UNAUTHORIZED' && !name.startsWith('auth.') && (transport === 'cookie' || userSession())) {
      setUserSession(null);
      signedOutListeners.forEach((listener) => listener());
    }
    throw new ApiError(result.error);
  }
  return result.result as Output<N>;
}

/**
 * Saves a job's file (from a `jobs.download` ticket): the desktop app asks where in the system's save
 * dialog and answers where it saved (null when the user cancelled); a browser downloads it from the
 * web shell, streamed to disk by the browser itself, which shows it in its own download list (null).
 */
export async function saveJobFile(ticket: string): Promise<string | null> {
  if (window.swsApi) {
    const outcome = await window.swsApi.saveDownload(ticket, userSession());
    if (!outcome.saved && outcome.error) throw new ApiError({ code: 'INTERNAL', message: outcome.error });
    return outcome.saved ? outcome.path : null;
  }
  // The web shell set the session's download cookie with the ticket (web/download-session.ts); the server's session cookie goes along too.
  const link = document.createElement('a');
  link.href = `.${DOWNLOAD_ROUTE}${encodeURIComponent(ticket)}`;
  link.download = ''; // the server's Content-Disposition names the file
  document.body.appendChild(link);
  link.click();
  link.remove();
  return null;
}

/** Whether this page may open signed in (a session kept for the tab; in cookie mode only the server knows). */
export const mayBeSignedIn = (): boolean => transport === 'cookie' || userSession() !== null;

/** True when the single-PC page was opened without the address the web shell printed. */
export const missingToken = (): boolean => transport === 'token' && !token;
