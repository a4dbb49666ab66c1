import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type RunningWebServer } from '../../web/server.ts';
import { precompressFolder } from '../../web/precompressed.ts';
import { openTestCore, tempDir, type TestCore } from '../support/core.ts';

// The renderer's files as a slow link sees them, over real HTTP: the build's compressed forms sent as
// they are, chosen by Accept-Encoding, hashed assets cached for a year, the page revalidated (304).
const TOKEN = 'per-start-secret';
const SCRIPT = `export const screen = ${JSON.stringify('督导库'.repeat(400))};\n`;
const STALE = `export const stale = ${JSON.stringify('再审核'.repeat(400))};\n`;
const LINKED = `export const linked = ${JSON.stringify('实训基地'.repeat(400))};\n`;
let core: TestCore;
let web: RunningWebServer;
let assets = '';

beforeAll(async () => {
  core = await openTestCore();
  const staticDir = tempDir();
  fs.writeFileSync(
    path.join(staticDir, 'index.html'),
    `<!doctype html><title>app</title><script type="module" src="./assets/index-Ab12.js"></script>${' '.repeat(2000)}`,
  );
  assets = path.join(staticDir, 'assets');
  fs.mkdirSync(assets);
  fs.writeFileSync(path.join(assets, 'index-Ab12.js'), SCRIPT);
  fs.writeFileSync(path.join(assets, 'tiny-Cd34.js'), 'export {};');
  fs.writeFileSync(path.join(assets, 'stale-Ef56.js'), STALE);
  const report = await precompressFolder(assets);
  expect(report).toMatchObject({ files: 2, bytes: Buffer.byteLength(SCRIPT) + Buffer.byteLength(STALE) });
  expect(report.br).toBeLessThan(report.bytes / 10);
  expect(fs.existsSync(path.join(assets, 'index-Ab12.js.gz'))).toBe(true);
  // Other bytes than the server's own brotli 11 would give, to tell the build's file from one made on the fly.
  fs.writeFileSync(path.join(assets, 'index-Ab12.js.br'), zlib.brotliCompressSync(SCRIPT, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 2 } }));
  // A compressed form older than its file (left from another build) is never sent.
  const old = new Date(Date.now() - 60_000);
  fs.writeFileSync(path.join(assets, 'stale-Ef56.js.br'), zlib.brotliCompressSync('export const left = "from another build";'));
  fs.utimesSync(path.join(assets, 'stale-Ef56.js.br'), old, old);
  // A compressed form that is a link is never followed (the folder's other files are checked the same way).
  const outside = path.join(tempDir(), 'secret.br');
  fs.writeFileSync(outside, zlib.brotliCompressSync('export const secret = "outside the folder";'));
  fs.writeFileSync(path.join(assets, 'linked-Gh78.js'), LINKED);
  fs.symlinkSync(outside, path.join(assets, 'linked-Gh78.js.br'));
  web = await startWebServer({ core, staticDir, token: TOKEN, port: 0 });
});
afterAll(async () => {
  await web.close();
  core.close();
});

function get(pathname: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; raw: Buffer }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: web.port, path: pathname, headers: { host: `127.0.0.1:${web.port}`, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, raw: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('the renderer over a slow link: precompressed, cached, revalidated', () => {
  it("sends the build's brotli file as it is when the browser takes br, else its gzip file, else the script plain; always with Vary", async () => {
    const script = '/assets/index-Ab12.js';
    const br = await get(script, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.status).toBe(200);
    expect(br.headers).toMatchObject({ 'content-encoding': 'br', vary: 'accept-encoding', 'content-type': 'text/javascript; charset=utf-8' });
    expect(br.raw.equals(fs.readFileSync(path.join(assets, 'index-Ab12.js.br')))).toBe(true);
    expect(Number(br.headers['content-length'])).toBe(br.raw.length);
    expect(zlib.brotliDecompressSync(br.raw).toString()).toBe(SCRIPT);

    const gzip = await get(script, { 'accept-encoding': 'gzip, br;q=0' });
    expect(gzip.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'accept-encoding' });
    expect(zlib.gunzipSync(gzip.raw).toString()).toBe(SCRIPT);

    const plain = await get(script, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('accept-encoding'); // a cache on the way must not hand this one to a browser that asked for br, nor the reverse
    expect(plain.raw.toString()).toBe(SCRIPT);
  });

  it('ignores a compressed form older than its file, or one that is a link, and compresses the file itself', async () => {
    const stale = await get('/assets/stale-Ef56.js', { 'accept-encoding': 'br' });
    expect(stale.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(stale.raw).toString()).toBe(STALE);
    const linked = await get('/assets/linked-Gh78.js', { 'accept-encoding': 'br' });
    expect(zlib.brotliDecompressSync(linked.raw).toString()).toBe(LINKED);
  });

  it('caches hashed assets for a year without revalidation; a file under 1 KB goes plain', async () => {
    const script = await get('/assets/index-Ab12.js', { 'accept-encoding': 'br' });
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers.etag).toBeUndefined(); // nothing to revalidate
    const tiny = await get('/assets/tiny-Cd34.js', { 'accept-encoding': 'br' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(fs.existsSync(path.join(assets, 'tiny-Cd34.js.br'))).toBe(false);
  });

  it('asks for the page again on every visit (no-cache), and answers 304 without a body while it is unchanged', async () => {
    const page = await get('/', { 'accept-encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers).toMatchObject({ 'cache-control': 'no-cache', 'content-encoding': 'br', vary: 'accept-encoding' });
    const etag = page.headers.etag!;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await get('/', { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.raw.length).toBe(0);
    expect(again.headers).toMatchObject({ etag, 'cache-control': 'no-cache', vary: 'accept-encoding' });
    expect(again.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await get('/', { 'if-none-match': '"another-build"' })).status).toBe(200);
  });
});
