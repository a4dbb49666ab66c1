/**
 * The renderer's only way to the application: a typed client for core's operations.
 * In the desktop app it goes through the preload bridge; in a browser, over HTTP to the web shell.
 */
import type { z } from 'zod';
import type { Api, OperationName } from '../../../core/api.ts';
import type { CallResult, ConflictInfo, ErrorPayload } from '../../../core/errors.ts';
import { DOWNLOAD_ROUTE, type SaveOutcome } from '../../../core/download-route.ts';

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

const token = typeof window !== 'undefined' && !window.swsApi ? sessionToken() : null;

const USER_SESSION_KEY = 'sws.userSession';

/** The signed-in user's session token (from auth.login / auth.setup): kept for this tab only. */
export function userSession(): string | null {
  return typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(USER_SESSION_KEY);
}

export function setUserSession(session: string | null): void {
  if (session) sessionStorage.setItem(USER_SESSION_KEY, session);
  else sessionStorage.removeItem(USER_SESSION_KEY);
}

const signedOutListeners = new Set<() => void>();
/** Called when core answers UNAUTHORIZED to a signed-in call (session ended, user deactivated). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

async function overHttp(name: string, input: unknown): Promise<CallResult<unknown>> {
  let response: Response;
  try {
    response = await fetch(`api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-session-token': token ?? '', 'x-user-session': userSession() ?? '' },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: '无法连接到程序，请确认它仍在运行后刷新页面' } };
  }
  try {
    return (await response.json()) as CallResult<unknown>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: `程序返回了无法识别的应答（HTTP ${response.status}）` } };
  }
}

export async function call<N extends OperationName>(name: N, input: Input<N>): Promise<Output<N>> {
  const result = window.swsApi ? await window.swsApi.call(name, input, userSession()) : await overHttp(name, input);
  if (!result.ok) {
    if (result.error.code === 'UNAUTHORIZED' && !name.startsWith('auth.') && userSession()) {
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
  // The web shell set the session's download cookie with the ticket (web/download-session.ts).
  const link = document.createElement('a');
  link.href = `.${DOWNLOAD_ROUTE}${encodeURIComponent(ticket)}`;
  link.download = ''; // the server's Content-Disposition names the file
  document.body.appendChild(link);
  link.click();
  link.remove();
  return null;
}

/** True when the page was opened without the address the web shell printed. */
export const missingToken = (): boolean => typeof window !== 'undefined' && !window.swsApi && !token;
