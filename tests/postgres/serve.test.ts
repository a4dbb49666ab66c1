/**
 * `npm run serve -- --database postgres://…`: the real server process on PostgreSQL, over HTTP — it
 * starts, reports its schema version, the first administrator is created on the server itself, signs
 * in with a cookie, adds a person and lists people.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, expect, it } from 'vitest';
import { latestVersion } from '../../db/migrate.ts';
import { makeIdNumber, tempDir } from '../support/core.ts';
import { emptyPostgresDatabase } from '../support/postgres.ts';

const database = emptyPostgresDatabase(); // no schema: the server migrates it at its first start
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  database.drop();
});

async function startServer(): Promise<string> {
  const serve = path.join(import.meta.dirname, '../../web/serve.ts');
  child = spawn(process.execPath, [serve, '--data-dir', tempDir(), '--port', '0', '--json'], {
    env: { ...process.env, SWS_DATABASE: database.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = readline.createInterface({ input: child.stdout! });
  for await (const line of lines) if (line.startsWith('{')) return (JSON.parse(line) as { url: string }).url;
  throw new Error(`the server did not start: ${stderr}`);
}

it('serves, signs in and lists people from PostgreSQL', async () => {
  const url = await startServer();
  const health = await fetch(new URL('/healthz', url));
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ ok: true, schemaVersion: latestVersion() });

  let cookie = '';
  const api = async (name: string, input: unknown) => {
    const res = await fetch(new URL(`/api/${name}`, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(url).origin, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(input),
    });
    const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    if (set.length) cookie = set.join('; ');
    return (await res.json()) as { ok: boolean; result?: Record<string, unknown>; error?: unknown };
  };
  expect(await api('people.list', { page: 0, pageSize: 20 })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  expect(await api('auth.setup', { username: 'admin', displayName: '管理员甲', password: 'shegong-Dudao-26' })).toMatchObject({ ok: true });
  expect(cookie).not.toBe('');
  const created = await api('people.create', { name: '张三', idNumber: makeIdNumber('442000', '19900101', '123') });
  expect(created).toMatchObject({ ok: true });
  const listed = await api('people.list', { page: 0, pageSize: 20, search: '张' });
  expect(listed).toMatchObject({ ok: true, result: { total: 1, rows: [{ name: '张三' }] } });
});
