/**
 * Desktop shell: one hardened window, the app:// protocol for the built renderer, the single
 * IPC channel to core, and core itself in a utility process. Thin: no rules live here.
 */
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, protocol, screen, session, shell, utilityProcess, net } from 'electron';
import { APP_SCHEME, START_URL, isAppUrl, resolveAppFile } from './app-origin.ts';
import { guardNavigation, restoreOffer, startupErrorPage, windowOptions } from './window.ts';
import { registerApiChannel, registerWatchChannel, sendChange } from './ipc.ts';
import { registerSaveChannel, saveFilterOf } from './save-download.ts';
import { registerPrintChannel } from './print.ts';
import { CoreClient, type HostLike } from './core-client.ts';
import { probeCertificate, RemoteCore } from './remote-core.ts';
import { addressQrCode, sharingDialog, startSharing, type Sharing } from './lan-share.ts';
import { startServerProcess, stopProcess, stopServer } from './server-process.ts';
import { readConnection, registerConnectionChannel, type Connection } from './server-connection.ts';
import { CONTENT_SECURITY_POLICY } from '../core/shell/content-security-policy.ts';
import { APP_FOLDER } from '../core/shell/data-dir.ts';
import { aboutDialog, menuTemplate } from './menu.ts';
import { documentKeyFingerprint } from '../core/documents/keys.ts';
import { restoreWindowState, saveWindowState } from './window-state.ts';
import { fileLogger } from '../core/log.ts';
import { LogZone } from './log-zone.ts';
import { denyAllPermissions, guardEveryWebContents, takeDataFolder } from './hardening.ts';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/app/electron
const rendererDir = path.resolve(here, '..', '..', 'renderer');
const dataDir = process.env.SWS_DATA_DIR ?? path.join(app.getPath('appData'), APP_FOLDER);
app.setPath('userData', dataDir);
const logDir = path.join(dataDir, 'logs');
// Stamped in the configured zone, as core's and the server's logs are (learnt from core; the default until then).
const logZone = new LogZone();
const log = fileLogger(logDir, { name: 'main', timeZone: logZone.current });
process.on('uncaughtException', (error) => log.error('主进程未处理的异常', error));
process.on('unhandledRejection', (error) => log.error('主进程未处理的异步错误', error));

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
guardEveryWebContents(app);

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
    // One running copy per data folder: the browser shell may hold it (this one's single-instance lock cannot see that).
    let folderLock = takeDataFolder(dataDir, (title, message) => dialog.showErrorBox(title, message));
    if (!folderLock) {
      log.error('数据文件夹正被另一个正在运行的副本使用，未启动');
      app.exit(1);
      return;
    }
    app.on('will-quit', () => folderLock?.release());
    process.on('exit', () => folderLock?.release());
    log.info(`启动 ${app.getVersion()}（Electron ${process.versions.electron}）`);
    serveRenderer();
    denyAllPermissions(session.defaultSession);

    let restoring = false;
    let schemaVersion: number | null = null;
    /** The local data's configured zone, as the local core named it when it opened. */
    let localZone: string | null = null;
    /** Core in its utility process, on the local data file (stopped while this PC shares its data as the server). */
    const startLocalCore = () => {
      const host = utilityProcess.fork(path.join(here, 'core-host.js'), [dataDir], { serviceName: 'sws-core' });
      host.on('exit', (code) => log.error(`程序核心进程已退出（代码 ${code}）`));
      const client: CoreClient = new CoreClient(host as unknown as HostLike, (message) => {
        if (message.type === 'change') return sendChange(window, message.notice);
        if (message.type === 'ready') {
          schemaVersion = message.schemaVersion;
          localZone = message.timeZone;
          if (!remote) logZone.learn(localZone);
        }
        if (message.type === 'ready' && restoring) void window?.loadURL(START_URL);
        if (message.type !== 'startup-error') return;
        log.error(`程序核心未能启动：${message.message}`);
        void window?.loadURL(startupErrorPage(message.message, dataDir));
        // Offer the latest good backup, once; never start on an empty database behind the user's back.
        if (message.latestGood && !restoring && window) {
          restoring = true;
          void dialog
            .showMessageBox(window, restoreOffer(message.message, message.latestGood))
            .then(({ response }) => (response === 0 ? client.restoreLatest() : undefined));
        }
      });
      return { client, stop: () => stopProcess(host) };
    };
    let local = startLocalCore();
    const core = {
      call: (...args: Parameters<CoreClient['call']>) => local.client.call(...args),
      takeDownload: (...args: Parameters<CoreClient['takeDownload']>) => local.client.takeDownload(...args),
    };
    // Connected to the association server, every call goes there and nothing to the local data file.
    let remote: RemoteCore | null = null;
    const useConnection = (connection: Connection) => {
      remote?.close();
      remote = connection.mode === 'server' ? new RemoteCore(connection.pin) : null;
      if (!remote) logZone.learn(localZone); // back on the local data: its zone (the server's comes with its first answers)
      log.info(remote ? `连接到协会服务器 ${remote.pin.url}` : '使用本机数据文件');
    };
    useConnection(readConnection(dataDir));
    registerConnectionChannel(
      ipcMain,
      {
        dataDir,
        apply: (connection) => {
          useConnection(connection);
          void window?.loadURL(START_URL); // a new start: the other side's sign-in
        },
      },
      isAppUrl,
    );
    registerApiChannel(
      ipcMain,
      logZone.watching((name, input, session) => (remote ? remote.call(name, input) : core.call(name, input, session))),
      isAppUrl,
    );
    // Other users' changes reach the window from the local core, or from the server's stream when connected.
    let stopRemoteWatch: (() => void) | null = null;
    registerWatchChannel(
      ipcMain,
      (session) => {
        stopRemoteWatch?.();
        stopRemoteWatch = null;
        if (!remote) return local.client.watchChanges(session);
        if (session) stopRemoteWatch = remote.watchChanges((notice) => sendChange(window, notice));
      },
      isAppUrl,
    );
    registerSaveChannel(
      ipcMain,
      {
        takeDownload: (ticket, session) => (remote ? remote.takeDownload(ticket) : core.takeDownload(ticket, session)),
        chooseTarget: async (fileName) => {
          const options = { defaultPath: path.join(app.getPath('downloads'), fileName), filters: [saveFilterOf(fileName)] };
          const { canceled, filePath } = await (window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options));
          return canceled || !filePath ? null : filePath;
        },
        copy: (from, to) => fs.promises.copyFile(from, to),
      },
      isAppUrl,
    );
    registerPrintChannel(
      ipcMain,
      {
        chooseTarget: async (fileName) => {
          const options = { defaultPath: path.join(app.getPath('documents'), fileName), filters: [{ name: 'PDF 文件', extensions: ['pdf'] }] };
          const { canceled, filePath } = await (window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options));
          return canceled || !filePath ? null : filePath;
        },
        write: (file, data) => fs.promises.writeFile(file, data),
      },
      isAppUrl,
    );

    const stateFile = path.join(dataDir, 'window-state.json');
    const saved = restoreWindowState(
      stateFile,
      screen.getAllDisplays().map((d) => d.workArea),
    );
    window = new BrowserWindow(windowOptions(path.join(here, 'preload.cjs'), saved?.bounds, app.isPackaged));
    guardNavigation(window.webContents);
    window.once('ready-to-show', () => {
      if (saved?.maximized) window?.maximize();
      window?.show();
    });
    window.on('close', () => {
      if (window) saveWindowState(stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    });
    void window.loadURL(START_URL);

    const openScreen = (hash: string) => void window?.loadURL(`${START_URL}#${hash}`);
    let sharing: Sharing | null = null;
    /** The addresses and fingerprint, with the first address as a QR code beside them. */
    const showSharing = async (shared: Sharing) => {
      if (!window) return;
      const qr = shared.addresses[0] ? await addressQrCode(shared.addresses[0]).catch(() => null) : null;
      await dialog.showMessageBox(window, { ...sharingDialog(shared), ...(qr ? { icon: nativeImage.createFromBuffer(qr) } : {}) });
    };
    const share = async () => {
      if (!window) return;
      if (sharing) return void showSharing(sharing);
      try {
        sharing = await startSharing({
          stopLocal: async () => {
            await local.stop();
            folderLock?.release();
            folderLock = null;
          },
          startServer: () => startServerProcess(path.join(here, '..', 'web', 'serve.js'), dataDir, (line) => log.info(`[服务器] ${line}`)),
          probe: (url) => probeCertificate(url),
          useServer: (pin) => {
            useConnection(pin ? { mode: 'server', pin } : readConnection(dataDir));
            void window?.loadURL(START_URL);
          },
          stopServer: () => stopServer(),
          startLocal: async () => {
            folderLock = takeDataFolder(dataDir, (title, message) => dialog.showErrorBox(title, message));
            local = startLocalCore();
          },
        });
        log.info(`已共享给同事：${sharing.addresses.join('，')}`);
        await showSharing(sharing);
      } catch (error) {
        log.error('共享给同事失败', error);
        dialog.showErrorBox('无法共享给同事', error instanceof Error ? error.message : String(error));
      }
    };
    const stopSharing = async () => {
      await sharing?.stop();
      sharing = null;
    };
    app.on('before-quit', () => void stopServer());
    const open = (target: string) => void shell.openPath(target).then((problem) => problem && log.error(`无法打开 ${target}：${problem}`));
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          {
            connect: () => openScreen('/connect'),
            share: () => void share(),
            stopSharing: () => void stopSharing(),
            backup: () => openScreen('/backup'),
            restore: () => openScreen('/backup'),
            openDataFolder: () => open(dataDir),
            openManual: () =>
              open(app.isPackaged ? path.join(process.resourcesPath, 'docs', '使用手册.md') : path.resolve(here, '..', '..', '..', 'docs', '使用手册.md')),
            openLogFolder: () => (fs.mkdirSync(logDir, { recursive: true }), open(logDir)),
            about: () =>
              void (
                window &&
                dialog.showMessageBox(
                  window,
                  aboutDialog({
                    version: app.getVersion(),
                    dataDir,
                    schemaVersion,
                    electron: process.versions.electron,
                    documentKey: documentKeyFingerprint(dataDir),
                  }),
                )
              ),
          },
          { developer: !app.isPackaged },
        ),
      ),
    );
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
