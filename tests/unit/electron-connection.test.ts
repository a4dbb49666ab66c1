/**
 * The desktop app as a client of the association server, and as the server for colleagues
 * (共享给同事): the wiring, with stand-ins for Electron and for the network where a real one
 * cannot be had here. RemoteCore against a real server: tests/integration/desktop-client.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerConnection, CONNECTION_FILE, readConnection } from '../../electron/server-connection.ts';
import { serverAddress } from '../../electron/remote-core.ts';
import { addressQrCode, lanAddresses, serverStartedFrom, sharingDialog, startSharing, type ShareSteps } from '../../electron/lan-share.ts';
import type { CertificateOffer } from '../../core/shell/connection-protocol.ts';
import { tempDir } from '../support/core.ts';

const OFFER: CertificateOffer = {
  fingerprint256: 'AA:BB:CC',
  pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  subject: 'sws',
  validTo: 'Dec 6 2036',
  trustedBySystem: false,
};

describe('server address', () => {
  it('takes what a user types and makes an https origin of it', () => {
    expect(serverAddress(' 192.168.1.20:5170 ')).toEqual({ url: 'https://192.168.1.20:5170' });
    expect(serverAddress('https://sws.example.org/app/')).toEqual({ url: 'https://sws.example.org' });
  });
  it('refuses plain http, credentials in the address and nonsense, in Chinese', () => {
    expect(serverAddress('http://192.168.1.20')).toEqual({ problem: expect.stringContaining('HTTPS') });
    expect(serverAddress('https://a:b@host')).toEqual({ problem: expect.stringContaining('用户名或密码') });
    expect(serverAddress('')).toEqual({ problem: '请填写协会服务器的地址' });
    expect(serverAddress('https://')).toEqual({ problem: expect.stringContaining('服务器地址无效') });
  });
});

describe('连接到协会服务器', () => {
  const setup = () => {
    const dataDir = tempDir();
    const applied: string[] = [];
    const deps = { dataDir, probe: async () => OFFER, apply: (c: { mode: string }) => void applied.push(c.mode) };
    return { dataDir, applied, deps };
  };

  it('shows the certificate first; connects only when the fingerprint the user compared is the one presented, and keeps the pin', async () => {
    const { dataDir, applied, deps } = setup();
    expect(await answerConnection({ action: 'status' }, deps)).toEqual({ ok: true, connection: { mode: 'local' } });
    expect(await answerConnection({ action: 'probe', address: '192.168.1.20:5170' }, deps)).toEqual({
      ok: true,
      offer: { ...OFFER, url: 'https://192.168.1.20:5170' },
    });
    expect(applied).toEqual([]);

    const refused = await answerConnection({ action: 'connect', address: '192.168.1.20:5170', fingerprint256: 'AA:BB:CD' }, deps);
    expect(refused).toEqual({ ok: false, message: expect.stringContaining('指纹与您核对的不一致') });
    expect(fs.existsSync(path.join(dataDir, CONNECTION_FILE))).toBe(false);
    expect(applied).toEqual([]);

    const connected = await answerConnection({ action: 'connect', address: '192.168.1.20:5170', fingerprint256: 'AA:BB:CC' }, deps);
    expect(connected).toEqual({ ok: true, connection: { mode: 'server', url: 'https://192.168.1.20:5170', fingerprint256: 'AA:BB:CC' } });
    expect(applied).toEqual(['server']);
    // The pin survives a restart of the app.
    expect(readConnection(dataDir)).toEqual({
      mode: 'server',
      pin: { url: 'https://192.168.1.20:5170', certificate: { pem: OFFER.pem, fingerprint256: 'AA:BB:CC' } },
    });
    expect(fs.statSync(path.join(dataDir, CONNECTION_FILE)).mode & 0o077).toBe(0);

    expect(await answerConnection({ action: 'useLocal' }, deps)).toEqual({ ok: true, connection: { mode: 'local' } });
    expect(readConnection(dataDir)).toEqual({ mode: 'local' });
    expect(applied).toEqual(['server', 'local']);
  });

  it('a server the system trusts is not pinned; an unreachable one is reported, nothing saved', async () => {
    const { dataDir, deps } = setup();
    await answerConnection(
      { action: 'connect', address: 'sws.example.org', fingerprint256: 'AA:BB:CC' },
      { ...deps, probe: async () => ({ ...OFFER, trustedBySystem: true }) },
    );
    expect(readConnection(dataDir)).toEqual({ mode: 'server', pin: { url: 'https://sws.example.org' } });

    const other = setup();
    const down = await answerConnection(
      { action: 'probe', address: '10.0.0.9' },
      { ...other.deps, probe: async () => Promise.reject(new Error('无法连接协会服务器 https://10.0.0.9：服务器未运行或端口不对。')) },
    );
    expect(down).toEqual({ ok: false, message: expect.stringContaining('服务器未运行') });
    expect(readConnection(other.dataDir)).toEqual({ mode: 'local' });
  });

  it('a damaged connection file means the local data file', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, CONNECTION_FILE), '{not json');
    expect(readConnection(dataDir)).toEqual({ mode: 'local' });
  });
});

describe('共享给同事（局域网）', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    eth0: [
      { address: '192.168.1.20', family: 'IPv4', internal: false },
      { address: 'fe80::1', family: 'IPv6', internal: false },
    ],
  } as never;

  const steps = (overrides: Partial<ShareSteps> = {}) => {
    const done: string[] = [];
    const all: ShareSteps = {
      stopLocal: async () => void done.push('stopLocal'),
      startServer: async () => (done.push('startServer'), { url: 'https://0.0.0.0:5170', port: 5170, dataDir: '/d' }),
      probe: async (url) => (done.push(`probe ${url}`), OFFER),
      useServer: (pin) => void done.push(pin ? `useServer ${pin.url} ${pin.certificate?.fingerprint256}` : 'useLocal'),
      stopServer: async () => void done.push('stopServer'),
      startLocal: async () => void done.push('startLocal'),
      ...overrides,
    };
    return { done, all };
  };

  it('stops the local core, starts the server on the folder, and this window becomes its client (one writer); stop reverses it', async () => {
    const { done, all } = steps();
    const sharing = await startSharing(all, interfaces);
    expect(done).toEqual(['stopLocal', 'startServer', 'probe https://127.0.0.1:5170', 'useServer https://127.0.0.1:5170 AA:BB:CC']);
    expect(sharing.addresses).toEqual(['https://192.168.1.20:5170']);
    expect(sharingDialog(sharing).detail).toContain('https://192.168.1.20:5170');
    expect(sharingDialog(sharing).detail).toContain('AA:BB:CC');
    await sharing.stop();
    expect(done.slice(4)).toEqual(['useLocal', 'stopServer', 'startLocal']);
  });

  it('when the server cannot start, the local core starts again and the reason reaches the user', async () => {
    const { done, all } = steps({ startServer: async () => Promise.reject(new Error('服务器未能启动（代码 3）：数据文件夹正在使用')) });
    await expect(startSharing(all, interfaces)).rejects.toThrow('数据文件夹正在使用');
    expect(done).toEqual(['stopLocal', 'startLocal']);
  });

  it('draws the first address as a QR code (a PNG the dialog shows beside the addresses)', async () => {
    const png = await addressQrCode('https://192.168.1.20:5170');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const width = png.readUInt32BE(16);
    expect(width).toBeGreaterThanOrEqual(100); // 25+ modules at 4 px, with its quiet zone
    expect(png.readUInt32BE(20)).toBe(width);
  });

  it('reads the server’s --json line and only that', () => {
    expect(serverStartedFrom('{"url":"https://0.0.0.0:5170","port":5170,"dataDir":"/d"}')).toEqual({ url: 'https://0.0.0.0:5170', port: 5170, dataDir: '/d' });
    expect(serverStartedFrom('证书指纹：AA:BB')).toBeNull();
    expect(lanAddresses(interfaces)).toEqual(['192.168.1.20']);
  });
});
