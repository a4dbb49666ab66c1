/**
 * Real `npm run serve` processes on one PostgreSQL database (web/serve.ts, as behind a load balancer),
 * and HTTP callers signed in to them, each with its own session cookie: for the tests of several
 * server processes (tests/postgres/two-servers.test.ts, tests/postgres/races.test.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { tempDir } from './core.ts';

export interface ServeProcess {
  /** Where it listens: http://127.0.0.1:port/ */
  url: string;
  /** Its data folder (logs, the audit key and anchor). */
  dataDir: string;
  /** Ends it (SIGTERM) and waits until it has exited. */
  stop(): Promise<void>;
}

/** Starts one server process on the database, with a data folder of its own; resolves once it listens. */
export async function startServe(databaseUrl: string): Promise<ServeProcess> {
  const dataDir = tempDir();
  const child: ChildProcess = spawn(process.execPath, [path.join(import.meta.dirname, '../../web/serve.ts'), '--data-dir', dataDir, '--port', '0', '--json'], {
    env: { ...process.env, SWS_DATABASE: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for await (const line of readline.createInterface({ input: child.stdout! })) {
    if (line.startsWith('{')) return { url: (JSON.parse(line) as { url: string }).url, dataDir, stop };
  }
  await stop();
  throw new Error(`the server did not start: ${stderr}`);
}

export interface ApiAnswer {
  ok: boolean;
  result?: Record<string, unknown>;
  error?: { code: string; message: string; field?: string };
}

/** One browser on one server: its calls carry the session cookie the server set. */
export class HttpCaller {
  cookie = '';
  readonly url: string;
  constructor(url: string) {
    this.url = url;
  }

  async call(name: string, input: unknown): Promise<ApiAnswer> {
    const res = await fetch(new URL(`/api/${name}`, this.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(this.url).origin, ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: JSON.stringify(input),
    });
    const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    if (set.length) this.cookie = set.join('; ');
    return (await res.json()) as ApiAnswer;
  }

  /** Signs in (auth.login) on this server; throws when refused. */
  async signIn(username: string, password: string): Promise<this> {
    const answer = await this.call('auth.login', { username, password });
    if (!answer.ok) throw new Error(`sign-in of ${username} refused: ${JSON.stringify(answer.error)}`);
    return this;
  }
}
