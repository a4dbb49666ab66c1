/** Messages between the main process and the utility process that hosts core. */
import type { CallResult } from '../core/errors.ts';
import type { DownloadFile } from '../core/jobs.ts';
import type { ChangeNotice } from '../domain/change-kinds.ts';

export interface CallRequest {
  id: number;
  name: string;
  input: unknown;
  /** The signed-in user's session token, if any. */
  session?: string | undefined;
}

/** The file a `jobs.download` ticket stands for (answered by 'download'). */
export interface DownloadRequest {
  type: 'take-download';
  id: number;
  ticket: string;
  /** The signed-in user's session token: a ticket is honoured only for the session that asked for it. */
  session?: string | undefined;
}

/** From the main process: a call, a download, or (after a start-up problem) the user's choice to restore the latest good backup. */
/** From the main process: follow the change notices of the window's session (none: stop). */
export interface WatchRequest {
  type: 'watch-changes';
  session?: string | undefined;
}

export type MainMessage = CallRequest | DownloadRequest | WatchRequest | { type: 'restore-latest' };

export type HostMessage =
  /** `timeZone`: the configured zone, for the main process's log lines (electron/log-zone.ts). */
  | { type: 'ready'; schemaVersion: number; dataFile: string; timeZone: string }
  /** `latestGood`: the backup the user may restore from (its file name), when there is one. */
  | { type: 'startup-error'; message: string; latestGood?: string | undefined }
  | { type: 'result'; id: number; result: CallResult<unknown> }
  | { type: 'download'; id: number; file: DownloadFile | null }
  /** A change notice for the window's session; null when its session ended (no more will come). */
  | { type: 'change'; notice: ChangeNotice | null };
