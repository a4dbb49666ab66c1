/**
 * Hardening that applies beyond the one window: every web contents Electron creates (a devtools
 * page, a stray frame) gets the same guards, every permission is refused both when asked and when
 * checked, and the data folder is held by this copy alone (core/shell/data-folder-lock.ts, shared
 * with the browser shell).
 */
import type { Event, WebContents } from 'electron';
import { guardNavigation } from './window.ts';
import { DataFolderInUse, DataFolderUnwritable, lockDataFolder, type DataFolderLock } from '../core/shell/data-folder-lock.ts';

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Electron's app, as far as this module uses it. */
export interface AppLike {
  on(event: 'web-contents-created', listener: (event: Event, contents: GuardedContents) => void): void;
}

/** No window.open, no navigation away from the app, no <webview> attached: in every web contents, not only the main window's. */
export function guardEveryWebContents(app: AppLike): void {
  app.on('web-contents-created', (_event, contents) => {
    guardNavigation(contents);
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

/** Electron's session, as far as permissions go. */
export interface PermissionSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/** The app needs no camera, notifications, clipboard reads…: asked (request) or probed (check), the answer is no. */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Takes the data folder for this copy, before core opens the database. Electron's single-instance
 * lock covers a second desktop copy; this covers the browser shell on the same folder. When another
 * copy holds it, says so (in Chinese, with its process id) and returns null: the caller quits.
 */
export function takeDataFolder(dataDir: string, showError: (title: string, message: string) => void, pid = process.pid): DataFolderLock | null {
  try {
    return lockDataFolder(dataDir, pid);
  } catch (error) {
    if (error instanceof DataFolderUnwritable) showError('数据文件夹不可写', error.message);
    else
      showError(
        '数据文件夹正在使用',
        error instanceof DataFolderInUse ? error.message : `无法锁定数据文件夹「${dataDir}」：${error instanceof Error ? error.message : String(error)}`,
      );
    return null;
  }
}
