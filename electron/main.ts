/**
 * Desktop shell: one hardened window, the app:// protocol for the built renderer, the single
 * IPC channel to core, and core itself in a utility process. Thin: no rules live here.
 */
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, utilityProcess, net } from 'electron';
import { APP_SCHEME, START_URL, isAppUrl, resolveAppFile } from './app-origin.ts';
import { guardNavigation, restoreOffer, startupErrorPage, windowOptions } from './window.ts';
import { registerApiChannel } from './ipc.ts';
import { CoreClient, type HostLike } from './core-client.ts';
import { CONTENT_SECURITY_POLICY } from '../web/security.ts';
import { APP_FOLDER } from '../web/data-dir.ts';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/app/electron
const rendererDir = path.resolve(here, '..', '..', 'renderer');
const dataDir = process.env.SWS_DATA_DIR ?? path.join(app.getPath('appData'), APP_FOLDER);
app.setPath('userData', dataDir);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  app.whenReady().then(() => {
    fs.mkdirSync(dataDir, { recursive: true });
    serveRenderer();
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

    const host = utilityProcess.fork(path.join(here, 'core-host.js'), [dataDir], { serviceName: 'sws-core' }) as unknown as HostLike;
    let restoring = false;
    const core = new CoreClient(host, (message) => {
      if (message.type === 'ready' && restoring) void window?.loadURL(START_URL);
      if (message.type !== 'startup-error') return;
      void window?.loadURL(startupErrorPage(message.message, dataDir));
      // Offer the latest good backup, once; never start on an empty database behind the user's back.
      if (message.latestGood && !restoring && window) {
        restoring = true;
        void dialog
          .showMessageBox(window, restoreOffer(message.message, message.latestGood))
          .then(({ response }) => (response === 0 ? core.restoreLatest() : undefined));
      }
    });
    registerApiChannel(ipcMain, (name, input, session) => core.call(name, input, session), isAppUrl);

    window = new BrowserWindow(windowOptions(path.join(here, 'preload.cjs')));
    guardNavigation(window.webContents);
    window.once('ready-to-show', () => window?.show());
    void window.loadURL(START_URL);
  });

  app.on('window-all-closed', () => app.quit());
}

/** Serves dist/renderer on app://sws/ with the CSP on every response; nothing outside it. */
function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererDir);
    if (!file || !fs.existsSync(file)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
