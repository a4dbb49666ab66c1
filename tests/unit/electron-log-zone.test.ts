/**
 * The desktop main process's log is stamped in the configured zone (issue 20 point 6: one clock for
 * every log line), like core's and the server's, never the PC's own zone: it learns the zone from
 * core, the local one when it opens and any answer carrying core's clock (local or the server's).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLogger } from '../../core/log.ts';
import { openCore, type Core } from '../../core/app.ts';
import { DATA_FILE } from '../../core/shell/data-dir.ts';
import { LogZone } from '../../electron/log-zone.ts';
import { runHost, answer } from '../../electron/core-host.ts';
import { CoreClient, type HostLike } from '../../electron/core-client.ts';
import { API_CHANNEL, registerApiChannel, type IpcMainLike } from '../../electron/ipc.ts';
import { isAppUrl, APP_ORIGIN } from '../../electron/app-origin.ts';
import type { CallRequest, DownloadRequest, HostMessage } from '../../electron/core-protocol.ts';
import { tempDir } from '../support/core.ts';

const SETTINGS = { backupTime: '02:00', keepDaily: 7, keepWeekly: 4, keepMonthly: 12 };
const AT = new Date('2026-12-06T20:30:00.000Z'); // 2026-12-07 04:30 in Shanghai, 2026-12-06 12:30 in Los Angeles

const lines = (dir: string) =>
  fs
    .readdirSync(dir)
    .sort()
    .map((f) => `${f}: ${fs.readFileSync(path.join(dir, f), 'utf8')}`)
    .join('');

let core: Core | undefined;
afterEach(() => core?.close());

describe('the desktop main process’s log keeps the configured zone', () => {
  it('the local core names its zone when it opens; main’s lines are then stamped and filed by it', async () => {
    const dir = tempDir();
    const first = await openCore({ dataFile: path.join(dir, DATA_FILE) });
    expect(first.call('system.saveServerSettings', { timeZone: 'America/Los_Angeles', ...SETTINGS }).ok).toBe(true);
    first.close();

    const sent: HostMessage[] = [];
    await runHost({ on: () => {}, postMessage: (m: HostMessage) => void sent.push(m) }, dir);
    expect(sent).toEqual([expect.objectContaining({ type: 'ready', timeZone: 'America/Los_Angeles' })]);

    const logDir = tempDir();
    const zone = new LogZone();
    const log = fileLogger(logDir, { name: 'main', timeZone: zone.current, now: () => AT });
    log.info('启动（程序核心未就绪）');
    zone.learn((sent[0] as { timeZone: string }).timeZone);
    log.info('程序核心已就绪');
    expect(lines(logDir)).toBe(
      'main-2026-12-06.log: 2026-12-06T12:30:00.000-08:00 INFO 程序核心已就绪\n' +
        'main-2026-12-07.log: 2026-12-07T04:30:00.000+08:00 INFO 启动（程序核心未就绪）\n',
    );
  });

  it('answers carrying core’s clock teach it on their way to the window: sign-in status, a zone just saved; refusals and nonsense do not', async () => {
    core = await openCore({ dataFile: path.join(tempDir(), DATA_FILE) }); // core's own clock: the zone follows the setting
    // The utility process stand-in answers with the real core-host handler.
    const listeners: ((m: HostMessage) => void)[] = [];
    const host = {
      postMessage: (request: CallRequest | DownloadRequest) => setImmediate(() => listeners.forEach((l) => l(answer(core!, null, request)))),
      on: (event: string, listener: (m: never) => void) => void (event === 'message' && listeners.push(listener as (m: HostMessage) => void)),
    } as HostLike;
    const client = new CoreClient(host);
    const handlers = new Map<string, (event: { senderFrame: { url: string } }, ...args: unknown[]) => unknown>();
    const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
    const zone = new LogZone();
    registerApiChannel(
      ipcMain,
      zone.watching((name, input, session) => client.call(name, input, session)),
      isAppUrl,
    );
    const invoke = (name: string, input: unknown, session?: string) =>
      handlers.get(API_CHANNEL)!({ senderFrame: { url: `${APP_ORIGIN}/index.html` } }, name, input, session) as Promise<{ ok: boolean; result: never }>;

    const setup = await invoke('auth.setup', { username: 'admin', displayName: '管理员', password: 'shegong-Dudao-26' });
    const session = (setup.result as { token: string }).token;
    expect(core.call('system.saveServerSettings', { timeZone: 'Europe/Berlin', ...SETTINGS }).ok).toBe(true); // set elsewhere (another desk)
    expect(zone.current()).toBe('Asia/Shanghai');
    await invoke('auth.status', {}, session);
    expect(zone.current()).toBe('Europe/Berlin');

    const saved = await invoke('system.saveServerSettings', { timeZone: 'America/Los_Angeles', ...SETTINGS }, session);
    expect(saved.ok).toBe(true);
    expect(zone.current()).toBe('America/Los_Angeles');

    expect((await invoke('system.saveServerSettings', { timeZone: 'Mars/Olympus', ...SETTINGS }, session)).ok).toBe(false);
    await invoke('auth.status', {}); // signed out: no clock in the answer
    zone.learnFrom('system.clock', { ok: true, result: { timeZone: '+08:00' } });
    expect(zone.current()).toBe('America/Los_Angeles');
  });

  it('main wires it: its log reads the learnt zone, the local core’s ready names it, the window’s calls pass through it', () => {
    const main = fs.readFileSync('electron/main.ts', 'utf8');
    expect(main).toMatch(/fileLogger\(logDir, \{ name: 'main', timeZone: logZone\.current \}\)/);
    expect(main).toMatch(/message\.type === 'ready'[\s\S]{0,200}logZone\.learn\(localZone\)/);
    expect(main).toMatch(/registerApiChannel\(\s*ipcMain,\s*logZone\.watching\(/);
  });
});
