/** The one window: hardened web preferences and the guards that keep it on our own pages. */
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { isAppUrl } from './app-origin.ts';

/**
 * `bounds`: where the window was when last closed (electron/window-state.ts), else 1366×768 centred.
 * `packaged` (app.isPackaged): an installed build opens no developer tools.
 */
export function windowOptions(
  preloadPath: string,
  bounds?: { x: number; y: number; width: number; height: number },
  packaged = true,
): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 768,
    ...(bounds ?? {}),
    minWidth: 1024,
    minHeight: 600,
    show: false, // shown on ready-to-show: no white flash
    title: '社工督导与实训基地管理系统',
    backgroundColor: '#f5f7fa',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !packaged,
    },
  };
}

/** Navigation away from the app is refused; new windows are never opened. */
export function guardNavigation(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The question asked when core could not open the data file but a good backup exists (Electron's showMessageBox options). */
export function restoreOffer(message: string, backupName: string) {
  return {
    type: 'error' as const,
    title: '无法打开数据文件',
    message: '程序未能打开数据文件',
    detail: `${message}\n\n可以从最近一个完好的备份「${backupName}」恢复：当前的数据文件（如有）会改名保留，不会删除。`,
    buttons: ['从该备份恢复', '暂不恢复'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  };
}

/** Shown instead of the app when core cannot start: what happened and where to look (data, backups, logs). */
export function startupErrorPage(message: string, dataDir: string): string {
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const html = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>无法启动</title>
<body style="font-family:'Microsoft YaHei',sans-serif;padding:48px;color:#222;background:#f5f7fa">
<h1 style="font-size:22px">程序未能打开数据文件</h1>
<p>${escape(message)}</p>
<p>数据文件夹：<code>${escape(dataDir)}</code></p>
<p>自动备份位于该文件夹的 <code>backups</code> 子文件夹中；日志位于 <code>logs</code> 子文件夹中（菜单“帮助 › 打开日志文件夹”）。请将以上信息告知管理员。</p></body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
