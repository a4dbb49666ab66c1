import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { windowOptions, guardNavigation, restoreOffer, startupErrorPage } from '../../electron/window.ts';
import { APP_ORIGIN, isAppUrl, resolveAppFile } from '../../electron/app-origin.ts';
import { API_CHANNEL, CHANGE_CHANNEL, registerApiChannel, registerWatchChannel, sendChange, WATCH_CHANNEL, type IpcMainLike } from '../../electron/ipc.ts';
import { CoreClient, type HostLike } from '../../electron/core-client.ts';
import { answer, ChangeRelay, runHost } from '../../electron/core-host.ts';
import type { CallRequest, DownloadRequest, HostMessage, MainMessage, WatchRequest } from '../../electron/core-protocol.ts';
import { openCore } from '../../core/app.ts';
import { DATA_FILE } from '../../core/shell/data-dir.ts';
import { startWebServer, TOKEN_HEADER } from '../../web/server.ts';
import { finishJob, makeIdNumber, openTestCore, tempDir, type TestCore } from '../support/core.ts';
import { backupNow } from '../support/backup.ts';
import { registerSaveChannel, SAVE_CHANNEL } from '../../electron/save-download.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { denyAllPermissions, guardEveryWebContents, takeDataFolder, type AppLike, type PermissionSession } from '../../electron/hardening.ts';
import { LOCK_FILE } from '../../core/shell/data-folder-lock.ts';
import { CONNECTION_CHANNEL } from '../../electron/server-connection.ts';

/** A stand-in for Electron's ipcMain: records the handler so the test can invoke it. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
  const invoke = (url: string, ...args: unknown[]) => handlers.get(API_CHANNEL)!({ senderFrame: { url } }, ...args);
  return { ipcMain, handlers, invoke };
}

/** A stand-in for the utility process: answers with the real core-host handler, asynchronously. */
function fakeHost(core: TestCore): HostLike {
  const listeners: ((m: HostMessage) => void)[] = [];
  return {
    postMessage: (request: CallRequest | DownloadRequest) => setImmediate(() => listeners.forEach((l) => l(answer(core, null, request)))),
    on: (event: string, listener: (m: never) => void) => {
      if (event === 'message') listeners.push(listener as (m: HostMessage) => void);
    },
  } as HostLike;
}

let core: TestCore | undefined;
afterEach(() => core?.close());

describe('Electron window', () => {
  it('is hardened: isolation, sandbox, no node, no webview', () => {
    const prefs = windowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
    expect(windowOptions('/p').show).toBe(false);
  });

  it('refuses navigation away from the app and never opens windows', () => {
    const handlers: Record<string, (event: { preventDefault(): void }, url: string) => void> = {};
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    guardNavigation({
      on: ((name: string, handler: never) => (handlers[name] = handler)) as never,
      setWindowOpenHandler: ((h: never) => (openHandler = h)) as never,
    });
    const navigate = (url: string) => {
      let prevented = false;
      handlers['will-navigate']!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(`${APP_ORIGIN}/index.html#/people`)).toBe(false);
    expect(openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('serves only files inside the renderer folder', () => {
    const root = path.resolve('/srv/renderer');
    expect(resolveAppFile(`${APP_ORIGIN}/assets/index.js`, root)).toBe(path.join(root, 'assets', 'index.js'));
    expect(resolveAppFile(`${APP_ORIGIN}/`, root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(`${APP_ORIGIN}/..%2f..%2fetc/passwd`, root)).toBeNull();
    expect(resolveAppFile('https://sws/index.html', root)).toBeNull();
    expect(resolveAppFile(`${APP_ORIGIN}/%E0%A4%A`, root)).toBeNull(); // a malformed escape is refused, not thrown
    expect(isAppUrl('app://other/index.html')).toBe(false);
  });

  it('shows a Chinese error page, escaped, when core cannot start', () => {
    const page = decodeURIComponent(startupErrorPage('数据文件 <损坏>', '/data'));
    expect(page).toContain('程序未能打开数据文件');
    expect(page).toContain('&lt;损坏&gt;');
  });

  it('preload exposes nothing but the API bridge, on the channels main listens to', () => {
    const source = fs.readFileSync('electron/preload.cts', 'utf8');
    expect([...source.matchAll(/exposeInMainWorld\(\s*'(\w+)'/g)].map((m) => m[1])).toEqual(['swsApi']);
    expect(source.match(/contextBridge\./g)).toHaveLength(1);
    expect(source).toContain(`ipcRenderer.invoke('${API_CHANNEL}'`);
    expect(source).toContain(`ipcRenderer.invoke('${SAVE_CHANNEL}'`);
    expect(source).toContain(`ipcRenderer.invoke('${CONNECTION_CHANNEL}'`);
    expect(source).toContain(`ipcRenderer.invoke('${WATCH_CHANNEL}'`);
    // One listener, on the change channel only, and the page gets the notice, never Electron's event object.
    expect([...source.matchAll(/ipcRenderer\.on\('([\w:-]+)'/g)].map((m) => m[1])).toEqual([CHANGE_CHANNEL]);
    expect(source).toContain('listener(notice)');
    expect(source).not.toMatch(/ipcRenderer\.send\b/);
  });
});

describe('both transports reach the same handlers', () => {
  it('IPC (through the utility-process client) and HTTP give what core.call gives', async () => {
    core = await openTestCore();
    const client = new CoreClient(fakeHost(core));
    const { ipcMain, invoke } = fakeIpcMain();
    registerApiChannel(ipcMain, (name, input, session) => client.call(name, input, session), isAppUrl);
    const appUrl = `${APP_ORIGIN}/index.html`;

    // Without a signed-in user only the account operations answer; the session travels with every call.
    expect(await invoke(appUrl, 'regions.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const setup = (await invoke(appUrl, 'auth.setup', { username: 'admin', displayName: '管理员', password: 'shegong-Dudao-26' })) as {
      ok: boolean;
      result: { token: string };
    };
    expect(setup.ok).toBe(true);
    const session = setup.result.token;
    const created = (await invoke(appUrl, 'regions.create', { code: '442000', name: '中山市', level: 'city' }, session)) as { ok: boolean };
    expect(created.ok).toBe(true);
    const overIpc = await invoke(appUrl, 'regions.list', {}, session);
    expect(overIpc).toEqual(core.callWithSession('regions.list', {}, session));

    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html>');
    const web = await startWebServer({ core, staticDir, token: 'test-token', port: 0 });
    try {
      const overHttp = await new Promise<unknown>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: web.port,
            path: '/api/regions.list',
            method: 'POST',
            headers: { 'content-type': 'application/json', [TOKEN_HEADER]: 'test-token', 'x-user-session': session },
          },
          (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve(JSON.parse(body)));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
      expect(overHttp).toEqual(overIpc);
    } finally {
      await web.close();
    }

    // Refusals cross IPC as payloads too, with the same Chinese message.
    const refused = await invoke(appUrl, 'regions.create', { code: 'x', name: '', level: 'city' }, session);
    expect(refused).toEqual(core.callWithSession('regions.create', { code: 'x', name: '', level: 'city' }, session));
  });

  it('refuses calls from frames that are not the app, and malformed names', async () => {
    core = await openTestCore();
    let forwarded = 0;
    const { ipcMain, invoke } = fakeIpcMain();
    registerApiChannel(ipcMain, async (name, input, session) => (forwarded++, core!.callWithSession(name, input, session)), isAppUrl);
    expect(await invoke('https://evil.example/', 'people.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke(`${APP_ORIGIN}/index.html`, 42, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
    expect(forwarded).toBe(0);
  });

  it('saves a job file where the user chooses, once per ticket, through the utility-process client', async () => {
    core = await openTestCore();
    const client = new CoreClient(fakeHost(core));
    const { ipcMain, handlers } = fakeIpcMain();
    const target = path.join(tempDir(), '模板.xlsx');
    let proposed = '';
    let choice: string | null = target;
    registerSaveChannel(
      ipcMain,
      {
        takeDownload: (t, s) => client.takeDownload(t, s),
        chooseTarget: async (name) => ((proposed = name), choice),
        copy: (from, to) => fs.promises.copyFile(from, to),
      },
      isAppUrl,
    );
    const save = (url: string, ticket: unknown) => handlers.get(SAVE_CHANNEL)!({ senderFrame: { url } }, ticket);
    const appUrl = `${APP_ORIGIN}/index.html`;
    const ticketFor = async () => {
      const { jobId } = core!.ok('registry.template', {});
      await finishJob(core!, jobId);
      return core!.ok('jobs.download', { id: jobId }).ticket;
    };

    const ticket = await ticketFor();
    expect(await save('https://evil.example/', ticket)).toEqual({ saved: false, error: expect.stringMatching(/拒绝/) });
    expect(await save(appUrl, ticket)).toEqual({ saved: true, path: target });
    expect(proposed).toBe('人员与督导导入模板.xlsx');
    expect((await readFirstSheet(fs.readFileSync(target))).headers).toContain('身份证号');
    expect(await save(appUrl, ticket)).toEqual({ saved: false, error: '文件已失效：请重新导出' }); // used
    expect(await save(appUrl, 42)).toEqual({ saved: false, error: '文件已失效：请重新导出' });

    // A ticket asked for in a signed-in session is honoured only with that session.
    const { token } = (
      core.callWithSession('auth.setup', { username: 'admin', displayName: '管理员', password: 'long-enough-password-2026' }, undefined) as {
        ok: true;
        result: { token: string };
      }
    ).result;
    const started = core.callWithSession('registry.template', {}, token) as { ok: true; result: { jobId: string } };
    for (
      let i = 0;
      i < 500 &&
      (core.callWithSession('jobs.status', { id: started.result.jobId }, token) as { ok: true; result: { state: string } }).result.state === 'running';
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const bound = (core.callWithSession('jobs.download', { id: started.result.jobId }, token) as { ok: true; result: { ticket: string } }).result.ticket;
    const saveAs = (session: unknown) => handlers.get(SAVE_CHANNEL)!({ senderFrame: { url: appUrl } }, bound, session);
    expect(await saveAs(undefined)).toEqual({ saved: false, error: '文件已失效：请重新导出' });
    expect(await saveAs('someone-else')).toEqual({ saved: false, error: '文件已失效：请重新导出' });
    expect(await saveAs(token)).toEqual({ saved: true, path: target });

    choice = null; // the user closes the dialog
    expect(await save(appUrl, await ticketFor())).toEqual({ saved: false });
    choice = path.join(tempDir(), 'no-such-folder', 'x.xlsx');
    expect(await save(appUrl, await ticketFor())).toEqual({ saved: false, error: expect.stringMatching(/无法写入所选位置/) });
  });

  it('answers every pending call when the core process exits', async () => {
    const exitListeners: ((code: number) => void)[] = [];
    const silentHost = { postMessage: () => {}, on: (event: string, l: never) => event === 'exit' && exitListeners.push(l) } as unknown as HostLike;
    const client = new CoreClient(silentHost);
    const pending = client.call('people.list', {});
    const download = client.takeDownload('ticket');
    exitListeners.forEach((l) => l(1));
    expect(await pending).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await download).toBeNull();
  });

  it('core host answers with the startup error when core could not open', () => {
    expect(answer(null, '数据文件的结构版本（v9）比本程序支持的版本（v1）新', { id: 7, name: 'people.list', input: {} })).toEqual({
      type: 'result',
      id: 7,
      result: { ok: false, error: { code: 'INTERNAL', message: '数据文件的结构版本（v9）比本程序支持的版本（v1）新' } },
    });
  });

  it('core host offers the latest good backup for a damaged data file and restores it only when asked', async () => {
    const dir = tempDir();
    const dataFile = path.join(dir, DATA_FILE);
    const first = await openCore({ dataFile });
    first.call('regions.create', { code: '442000', name: '中山市', level: 'city' });
    await backupNow(first);
    first.close();
    fs.writeFileSync(dataFile, 'not a database'.repeat(500));
    for (const suffix of ['-wal', '-shm']) fs.rmSync(dataFile + suffix, { force: true });

    const sent: HostMessage[] = [];
    let deliver: (message: { data: unknown }) => void = () => {};
    const port = {
      on: (_event: 'message', listener: (message: { data: unknown }) => void) => void (deliver = listener),
      postMessage: (m: HostMessage) => void sent.push(m),
    };
    await runHost(port, dir);
    expect(sent).toEqual([
      { type: 'startup-error', message: expect.stringMatching(/已损坏，无法打开/), latestGood: expect.stringMatching(/^manual-.*\.sqlite3$/) },
    ]);
    deliver({ data: { id: 1, name: 'regions.list', input: {} } satisfies MainMessage });
    expect(sent[1]).toMatchObject({ type: 'result', result: { ok: false } });
    expect(fs.readdirSync(dir).filter((f) => f.includes('damaged'))).toEqual([]); // nothing touched until the user says so

    deliver({ data: { type: 'restore-latest' } satisfies MainMessage });
    await expect.poll(() => sent.at(-1)?.type).toBe('ready');
    deliver({ data: { id: 2, name: 'auth.setup', input: { username: 'admin', displayName: '管理员', password: 'correct horse' } } satisfies MainMessage });
    // Answered once its password's hash is made off this thread (core/contract.ts `prepare`).
    await expect.poll(() => sent.at(-1)).toMatchObject({ type: 'result', id: 2 });
    const { token } = (sent.at(-1) as { result: { result: { token: string } } }).result.result;
    deliver({ data: { id: 3, name: 'regions.list', input: {}, session: token } satisfies MainMessage });
    expect(sent.at(-1)).toMatchObject({ type: 'result', id: 3, result: { ok: true, result: { total: 1 } } }); // the backup's data is back
    expect(fs.readdirSync(dir).filter((f) => f.includes('damaged'))).toHaveLength(1); // the damaged file is kept aside
    expect(restoreOffer('数据文件已损坏', 'manual-1.sqlite3')).toMatchObject({
      buttons: ['从该备份恢复', '暂不恢复'],
      cancelId: 1,
      detail: expect.stringContaining('「manual-1.sqlite3」'),
    });
  });
});

describe('desktop menu, about and window state', () => {
  it('has the Chinese menu: 文件 (连接到协会服务器, 共享给同事, 停止共享, 备份, 恢复, 打开数据文件夹, 退出), 编辑, 视图, 帮助 (使用手册, 打开日志文件夹, 关于); developer tools only from source', async () => {
    const { menuTemplate } = await import('../../electron/menu.ts');
    const called: string[] = [];
    const actions = Object.fromEntries(
      ['connect', 'share', 'stopSharing', 'backup', 'restore', 'openDataFolder', 'openManual', 'openLogFolder', 'about'].map((name) => [
        name,
        () => void called.push(name),
      ]),
    ) as never;
    const menu = menuTemplate(actions);
    const labels = (items: unknown) => (items as { label?: string; type?: string }[]).filter((i) => i.type !== 'separator').map((i) => i.label);
    expect(menu.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    expect(labels(menu[0]!.submenu)).toEqual(['备份…', '从备份恢复…', '连接到协会服务器…', '共享给同事（局域网）…', '停止共享', '打开数据文件夹', '退出']);
    expect(labels(menu[3]!.submenu)).toEqual(['使用手册', '打开日志文件夹', '关于']);
    expect(labels(menu[2]!.submenu)).not.toContain('开发者工具');
    expect(labels(menuTemplate(actions, { developer: true })[2]!.submenu)).toContain('开发者工具');
    for (const item of [...(menu[0]!.submenu as { click?: () => void }[]), ...(menu[3]!.submenu as { click?: () => void }[])]) item.click?.();
    expect(called).toEqual(['backup', 'restore', 'connect', 'share', 'stopSharing', 'openDataFolder', 'openManual', 'openLogFolder', 'about']);
  });

  it('关于 shows the version, the data folder and the schema version', async () => {
    const { aboutDialog } = await import('../../electron/menu.ts');
    const about = aboutDialog({ version: '0.1.0', dataDir: 'C:\\Users\\张三\\AppData\\Roaming\\社工督导', schemaVersion: 14, electron: '45.4.1' });
    expect(about.message).toBe('社工督导与实训基地管理系统 0.1.0');
    expect(about.detail).toContain('数据文件夹：C:\\Users\\张三\\AppData\\Roaming\\社工督导');
    expect(about.detail).toContain('数据库结构版本：14');
  });

  it('the window comes back where it was, and never off-screen', async () => {
    const { restoreWindowState, saveWindowState } = await import('../../electron/window-state.ts');
    const file = path.join(tempDir(), 'window-state.json');
    const screenArea = { x: 0, y: 0, width: 1920, height: 1040 };
    expect(restoreWindowState(file, [screenArea])).toBeNull(); // first start: the default size
    saveWindowState(file, { bounds: { x: 100, y: 80, width: 1400, height: 860 }, maximized: false });
    expect(restoreWindowState(file, [screenArea])).toEqual({ bounds: { x: 100, y: 80, width: 1400, height: 860 }, maximized: false });
    // The second monitor it was on is gone: centred on the one left, at most its size.
    saveWindowState(file, { bounds: { x: 2500, y: 100, width: 1400, height: 860 }, maximized: true });
    expect(restoreWindowState(file, [screenArea])).toEqual({ bounds: { x: 260, y: 90, width: 1400, height: 860 }, maximized: true });
    // Too small or damaged: the minimum, or the default.
    saveWindowState(file, { bounds: { x: 10, y: 10, width: 200, height: 100 }, maximized: false });
    expect(restoreWindowState(file, [screenArea])!.bounds).toEqual({ x: 10, y: 10, width: 1024, height: 600 });
    fs.writeFileSync(file, '{not json');
    expect(restoreWindowState(file, [screenArea])).toBeNull();
  });

  it('the start-up error page says where the data, the backups and the logs are', () => {
    const page = decodeURIComponent(startupErrorPage('数据库文件已损坏', '/home/u/.config/社工督导').split(',')[1]!);
    expect(page).toContain('数据库文件已损坏');
    expect(page).toContain('/home/u/.config/社工督导');
    expect(page).toContain('backups');
    expect(page).toContain('logs');
  });
});

describe('Electron hardening beyond the window', () => {
  it('opens no developer tools in a packaged build (app.isPackaged), and only then', () => {
    expect(windowOptions('/p', undefined, true).webPreferences!.devTools).toBe(false);
    expect(windowOptions('/p').webPreferences!.devTools).toBe(false); // packaged unless told otherwise
    expect(windowOptions('/p', undefined, false).webPreferences!.devTools).toBe(true);
  });

  it('every web contents Electron creates is guarded: no window.open, no navigation away, no <webview>', () => {
    let created: ((event: never, contents: never) => void) | undefined;
    const app = { on: (event: string, listener: never) => event === 'web-contents-created' && (created = listener) } as unknown as AppLike;
    guardEveryWebContents(app);
    const handlers: Record<string, (event: { preventDefault(): void }, url?: string) => void> = {};
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = { on: (name: string, handler: never) => (handlers[name] = handler), setWindowOpenHandler: (h: never) => (openHandler = h) };
    created!({} as never, contents as never);
    const prevented = (name: string, url?: string) => {
      let was = false;
      handlers[name]!({ preventDefault: () => (was = true) }, url);
      return was;
    };
    expect(prevented('will-attach-webview')).toBe(true);
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-navigate', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(openHandler!({ url: `${APP_ORIGIN}/index.html` })).toEqual({ action: 'deny' });
  });

  it('refuses every permission, whether requested or merely checked', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: ((contents: unknown, permission: string) => boolean) | undefined;
    const session: PermissionSession = { setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) };
    denyAllPermissions(session);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      let granted: boolean | undefined;
      request!({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(check!({}, permission), permission).toBe(false);
    }
  });

  it('takes the data folder before core starts; when another copy holds it, says so in Chinese and starts nothing', () => {
    const dir = tempDir();
    const errors: string[] = [];
    const show = (title: string, message: string) => errors.push(`${title}：${message}`);
    const lock = takeDataFolder(dir, show, process.ppid); // e.g. the browser shell, still running
    expect(lock).not.toBeNull();
    expect(takeDataFolder(dir, show, process.pid)).toBeNull();
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^数据文件夹正在使用：.*（进程号 ${process.ppid}）`))]);
    lock!.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    expect(takeDataFolder(dir, show, process.pid)).not.toBeNull();
  });

  it('the packaged build turns off file:// extra privileges (a fuse), and the packaging check verifies it', () => {
    expect(fs.readFileSync('electron-builder.yml', 'utf8')).toMatch(/^\s+grantFileProtocolExtraPrivileges: false$/m);
    // FuseV1Options.GrantFileProtocolExtraPrivileges is wire position 7.
    expect(fs.readFileSync('scripts/check-package.ts', 'utf8')).toMatch(/const expected = \{[^}]*\b7: '0'/);
  });

  it('main wires all of it: permission check handler, web-contents guard, devTools by app.isPackaged, folder lock before core', () => {
    const main = fs.readFileSync('electron/main.ts', 'utf8');
    expect(main).toMatch(/guardEveryWebContents\(app\)/);
    expect(main).toMatch(/denyAllPermissions\(session\.defaultSession\)/);
    expect(main).toMatch(/windowOptions\(.*, app\.isPackaged\)\)/);
    expect(main.indexOf('takeDataFolder(')).toBeGreaterThan(-1);
    expect(main.indexOf('takeDataFolder(')).toBeLessThan(main.indexOf('utilityProcess.fork('));
  });
});

describe("other users' changes reach the desktop window", () => {
  it('the window follows its session: main asks core-host, which relays only what that user may see; a sign-out ends it', async () => {
    core = await openTestCore();
    const setup = core.callWithSession('auth.setup', { username: 'admin', displayName: '管理员', password: 'shegong-Dudao-26' }, undefined) as {
      result: { token: string };
    };
    const admin = setup.result.token;
    const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    const org = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
    const base = { organizationId: org.id, regionId: city.id, grade: 'ordinary', accreditationStatus: 'provisional', accreditedUntil: '2028-12-31' } as const;
    const own = core.ok('bases.create', { name: '一号基地', ...base }).base.id;
    core.callWithSession('users.create', { username: 'zhangsan', displayName: '张三', role: 'staff', password: 'Sheg0ng-2026!' }, admin);
    core.callWithSession('users.create', { username: 'coord', displayName: '协调员', role: 'coordinator', password: 'Sheg0ng-2026!', baseIds: [own] }, admin);
    const login = (username: string) =>
      (core!.callWithSession('auth.login', { username, password: 'Sheg0ng-2026!' }, undefined) as { result: { token: string } }).result.token;
    const staff = login('zhangsan');
    const coordinator = login('coord');

    // The utility process's side: the real relay; the main process's side: the real client and channels.
    const listeners: ((m: HostMessage) => void)[] = [];
    const deliver = (m: HostMessage) => setImmediate(() => listeners.forEach((l) => l(m)));
    const relay = new ChangeRelay(deliver);
    const host = {
      postMessage: (message: MainMessage) => {
        if ('type' in message && message.type === 'watch-changes') relay.follow(core!, (message as WatchRequest).session);
        else deliver(answer(core!, null, message as CallRequest));
      },
      on: (event: string, listener: (m: never) => void) => void (event === 'message' && listeners.push(listener as (m: HostMessage) => void)),
    } as HostLike;
    const sent: unknown[] = [];
    const window = { isDestroyed: () => false, webContents: { send: (channel: string, payload: unknown) => sent.push([channel, payload]) } };
    const client = new CoreClient(host, (message) => (message.type === 'change' ? sendChange(window, message.notice) : undefined));
    const { ipcMain, handlers } = fakeIpcMain();
    registerWatchChannel(ipcMain, (session) => client.watchChanges(session), isAppUrl);
    const watch = (url: string, session: unknown) => handlers.get(WATCH_CHANNEL)!({ senderFrame: { url } }, session);
    const settle = () => new Promise((r) => setTimeout(r, 20));

    expect(watch('https://evil.example/', coordinator)).toBe(false); // only our own pages may follow
    expect(watch(`${APP_ORIGIN}/index.html`, coordinator)).toBe(true);
    await client.call('people.create', { idNumber: makeIdNumber(), name: '王五' }, staff);
    await settle();
    expect(sent).toEqual([[CHANGE_CHANNEL, expect.objectContaining({ kinds: ['people'], actorName: '张三', own: false })]]);
    // Another base (staff's work) is none of this coordinator's: nothing is sent; their own base is.
    sent.length = 0;
    await client.call('bases.create', { name: '二号基地', ...base }, staff);
    await settle();
    expect(sent).toEqual([]);
    await client.call('rooms.create', { baseId: own, name: '一号教室', seats: 30 }, staff);
    await settle();
    expect(sent).toEqual([[CHANGE_CHANNEL, expect.objectContaining({ kinds: ['bases'], records: [{ kind: 'bases', id: own, baseId: own }] })]]);
    sent.length = 0;
    // Signing out ends the window's notices: null tells the renderer, and nothing follows.
    await client.call('auth.logout', {}, coordinator);
    await client.call('people.create', { idNumber: makeIdNumber('442000', '19900101', '125'), name: '赵六' }, staff);
    await settle();
    expect(sent).toEqual([[CHANGE_CHANNEL, null]]);
  });
});
