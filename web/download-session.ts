/**
 * Token mode (`npm start`; the association server's session cookie serves downloads itself).
 * A job's file is downloaded by a plain link (GET /download/<ticket>), which cannot carry the
 * x-user-session header; the session that asked for the ticket travels as a cookie instead, set
 * by the `jobs.download` answer, sent only to the download route and never readable by scripts.
 * Core redeems a ticket only for the session it was issued to.
 */
import type http from 'node:http';
import { DOWNLOAD_ROUTE } from '../core/download-route.ts';
import { cookie } from './access.ts';

export const DOWNLOAD_SESSION_COOKIE = 'sws-download-session';

/** The Set-Cookie value for the answer to `jobs.download`; undefined without a (cookie-safe) session token. */
export function downloadSessionCookie(operation: string, session: string | undefined): string | undefined {
  if (operation !== 'jobs.download' || !session || !/^[\w-]{1,200}$/.test(session)) return undefined;
  return `${DOWNLOAD_SESSION_COOKIE}=${session}; Path=${DOWNLOAD_ROUTE}; HttpOnly; SameSite=Strict`;
}

/** The session token a download request carries, if any. */
export const downloadSession = (req: http.IncomingMessage): string | undefined => cookie(req, DOWNLOAD_SESSION_COOKIE);
