/**
 * The desktop app as a client of the association server (electron/remote-core.ts) against the real
 * server in accounts mode over HTTPS with its self-signed LAN certificate: the certificate read
 * before trusting, the pin, a different certificate refused before anything is sent, the session
 * kept as a cookie in the main process, downloads, and a server that is down.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeCertificate, RemoteCore, SERVER_COOKIE_SESSION } from '../../electron/remote-core.ts';
import { startWebServer, type RunningWebServer } from '../../web/server.ts';
import { lanCertificate } from '../../web/tls.ts';
import { makeIdNumber, openTestCore, tempDir, type TestCore } from '../support/core.ts';

const ADMIN = { username: 'admin', displayName: '管理员甲', password: 'shegong-Dudao-26' };

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

async function lanServer(): Promise<{ core: TestCore; web: RunningWebServer; fingerprint256: string; url: string }> {
  const core = await openTestCore();
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  const certificate = lanCertificate(tempDir(), []);
  // Heartbeats often, so that an ended session is noticed by an open stream within the test.
  const web = await startWebServer({ core, staticDir, accounts: {}, port: 0, heartbeatMs: 200, tls: { cert: certificate.cert, key: certificate.key } });
  cleanup.push(
    () => void (core.db.open && core.close()),
    () => web.close(),
  );
  return { core, web, fingerprint256: certificate.fingerprint256, url: `https://127.0.0.1:${web.port}` };
}

describe('the desktop app connected to the association server', () => {
  it('reads the certificate the server made, then works through the pinned connection with the session as its own cookie', async () => {
    const { url, fingerprint256 } = await lanServer();
    const offer = await probeCertificate(url);
    expect(offer.fingerprint256).toBe(fingerprint256);
    expect(offer.trustedBySystem).toBe(false);

    const remote = new RemoteCore({ url, certificate: { pem: offer.pem, fingerprint256: offer.fingerprint256 } });
    cleanup.push(() => remote.close());
    expect(await remote.call('people.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const setup = await remote.call('auth.setup', ADMIN);
    // The renderer is told it is signed in; the real session stays in the main process's cookie.
    expect(setup).toMatchObject({ ok: true, result: { token: SERVER_COOKIE_SESSION } });
    const created = await remote.call('people.create', { name: '远程录入', idNumber: makeIdNumber() });
    expect(created.ok, JSON.stringify(created)).toBe(true);
    const list = await remote.call('people.list', {});
    expect(list).toMatchObject({ ok: true, result: { total: 1 } });

    await remote.call('auth.logout', {});
    expect(await remote.call('people.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it("follows other users' changes from the server's stream, and hears when its session ends", async () => {
    const { url } = await lanServer();
    const offer = await probeCertificate(url);
    const pin = { url, certificate: { pem: offer.pem, fingerprint256: offer.fingerprint256 } };
    const admin = new RemoteCore(pin);
    const staff = new RemoteCore(pin);
    cleanup.push(
      () => admin.close(),
      () => staff.close(),
    );
    expect((await admin.call('auth.setup', ADMIN)).ok).toBe(true);
    expect((await admin.call('users.create', { username: 'staff1', displayName: '工作人员乙', role: 'staff', password: 'password-1' })).ok).toBe(true);
    expect((await staff.call('auth.login', { username: 'staff1', password: 'password-1' })).ok).toBe(true);

    const heard: unknown[] = [];
    const stop = admin.watchChanges((notice) => heard.push(notice));
    cleanup.push(stop);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the stream is open
    expect((await staff.call('people.create', { name: '同事新建', idNumber: makeIdNumber() })).ok).toBe(true);
    await expect.poll(() => heard.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(JSON.stringify(heard[0])).toContain('people');

    await admin.call('auth.logout', {});
    await expect.poll(() => heard.at(-1), { timeout: 5000 }).toBeNull();
  });

  it('refuses a server whose certificate is not the pinned one, before sending anything', async () => {
    const { url, core } = await lanServer();
    const other = lanCertificate(tempDir(), []); // another server's certificate
    const remote = new RemoteCore({ url, certificate: { pem: other.cert, fingerprint256: other.fingerprint256 } });
    cleanup.push(() => remote.close());
    const answer = await remote.call('auth.setup', ADMIN);
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('无法连接协会服务器') } });
    // Nothing reached the server: no administrator was created.
    expect(core.db.prepare('SELECT count(*) AS n FROM app_user').get()).toEqual({ n: 0 });
  });

  it('says in Chinese that the server is down, and that nothing was saved', async () => {
    const { url, web, fingerprint256 } = await lanServer();
    const offer = await probeCertificate(url);
    const remote = new RemoteCore({ url, certificate: { pem: offer.pem, fingerprint256 } });
    cleanup.push(() => remote.close());
    await web.close();
    remote.close(); // no kept-alive connection to the closed server
    const again = new RemoteCore({ url, certificate: { pem: offer.pem, fingerprint256 } });
    cleanup.push(() => again.close());
    const answer = await again.call('people.list', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(answer.ok ? '' : answer.error.message).toMatch(/服务器未运行或端口不对.*本机没有保存任何内容/);
    await expect(probeCertificate(url)).rejects.toThrow('服务器未运行或端口不对');
  });
});
