/**
 * The IPC transport of core's API: one channel, `sws:api`, carrying `(name, input)` to core and
 * `CallResult` back. Written against a minimal ipcMain-like interface so tests can stand one in.
 */
import type { CallResult } from '../core/errors.ts';

export const API_CHANNEL = 'sws:api';
/** The window asks to follow its session's change notices (core/change-notices.ts)… */
export const WATCH_CHANNEL = 'sws:watch';
/** …which main then sends it on this channel: a notice, or null when the session ended. */
export const CHANGE_CHANNEL = 'sws:change';

export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown): void;
}

/** Carries a call to core with the signed-in user's session (core resolves it to the actor). */
export type Forward = (name: string, input: unknown, session: string | undefined) => Promise<CallResult<unknown>>;

export function registerApiChannel(ipcMain: IpcMainLike, forward: Forward, isTrustedSender: (url: string) => boolean): void {
  ipcMain.handle(API_CHANNEL, async (event, name, input, session): Promise<CallResult<unknown>> => {
    // Only our own pages may call; anything else (a navigated-away or injected frame) gets nothing.
    const url = event.senderFrame?.url ?? '';
    if (!isTrustedSender(url)) return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自非本程序页面的调用' } };
    if (typeof name !== 'string' || name.length > 100) {
      return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: '未知的操作' } };
    }
    try {
      return await forward(name, input, typeof session === 'string' ? session : undefined);
    } catch (error) {
      return { ok: false, error: { code: 'INTERNAL', message: `程序核心无响应：${error instanceof Error ? error.message : String(error)}` } };
    }
  });
}

/** The window's request to follow its session's change notices (only from our own pages). */
export function registerWatchChannel(ipcMain: IpcMainLike, watch: (session: string | undefined) => void, isTrustedSender: (url: string) => boolean): void {
  ipcMain.handle(WATCH_CHANNEL, (event, session) => {
    if (!isTrustedSender(event.senderFrame?.url ?? '')) return false;
    watch(typeof session === 'string' ? session : undefined);
    return true;
  });
}

/** Passes a change notice (or null: the session ended) on to the window, if it is still there. */
export function sendChange(window: { isDestroyed(): boolean; webContents: { send(channel: string, payload: unknown): void } } | null, notice: unknown): void {
  if (window && !window.isDestroyed()) window.webContents.send(CHANGE_CHANNEL, notice);
}
