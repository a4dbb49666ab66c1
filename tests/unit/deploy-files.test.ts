/**
 * The deployment files shipped in deploy/ (docs/服务器部署.md) use only the flags of `npm run serve` that
 * the guide documents, and keep what the guide promises of them.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string) => fs.readFileSync(file, 'utf8');
const guide = read('docs/服务器部署.md');
/** The flags in the first cells of the guide's table: | `--data-dir DIR` | …, | `--tls-cert FILE`、`--tls-key FILE` | … */
const documented = new Set([...guide.matchAll(/^\| (`--[^|]*)\|/gm)].flatMap((m) => [...m[1]!.matchAll(/`(--[a-z-]+)/g)].map((f) => f[1]!)));
/** The flags on the line that runs `npm run serve --`. */
const flagsOf = (text: string) => [...text.matchAll(/npm run serve -- ([^\n<]*)/g)].flatMap((m) => [...m[1]!.matchAll(/(--[a-z-]+)/g)].map((f) => f[1]!));

describe('deploy/', () => {
  it('documents the server’s flags', () => {
    expect([...documented].sort()).toEqual(
      ['--data-dir', '--database', '--host', '--json', '--lan', '--port', '--public-url', '--tls-cert', '--tls-key', '--trust-proxy'].sort(),
    );
  });

  it('the systemd unit runs the server on 127.0.0.1 behind the proxy, as its own user, restarting on failure', () => {
    const unit = read('deploy/sws-server.service');
    const flags = flagsOf(unit);
    expect(flags.filter((f) => !documented.has(f))).toEqual([]);
    expect(flags).toEqual(expect.arrayContaining(['--data-dir', '--host', '--port', '--public-url', '--trust-proxy']));
    expect(unit).toMatch(/--host 127\.0\.0\.1 /);
    expect(unit).toMatch(/^User=sws$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^NoNewPrivileges=yes$/m);
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute=yes/m); // V8's JIT needs it off
  });

  it('the nginx example proxies to the server over HTTPS without buffering server-sent events', () => {
    const nginx = read('deploy/nginx.conf.example');
    expect(nginx).toMatch(/listen 443 ssl http2;/);
    expect(nginx).toMatch(/server 127\.0\.0\.1:5170;/);
    expect(nginx).toMatch(/proxy_buffering off;/);
    expect(nginx).toMatch(/proxy_set_header X-Forwarded-Proto \$scheme;/);
    expect(nginx).toMatch(/--trust-proxy 127\.0\.0\.1/);
  });

  it('the Windows service example uses documented flags only', () => {
    const flags = flagsOf(read('deploy/windows/sws-server.xml'));
    expect(flags.length).toBeGreaterThan(3);
    expect(flags.filter((f) => !documented.has(f))).toEqual([]);
  });
});
