/**
 * A throwaway PostgreSQL for tests and the bench: a new cluster in a temporary folder, on a free port
 * of 127.0.0.1 (and a unix socket in that folder), removed afterwards — also on Ctrl-C. The binaries:
 * $PG_BINDIR, `pg_config --bindir`, /usr/lib/postgresql/<n>/bin (15 or newer); else Debian's
 * `postgresql` package installed with apt-get where we may (as scripts/ensure-browser.ts does for
 * Chromium); else a clear refusal. The cluster is made with `--locale=C --encoding=UTF8`: byte-order
 * collation, as SQLite compares text.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const MIN_MAJOR = 15;

export interface ThrowawayPostgres {
  /** postgres://sws@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  dir: string;
  /** The URL of another database on the same server. */
  urlOf(database: string): string;
  stop(): void;
}

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function majorOf(bindir: string): number {
  try {
    const out = execFileSync(path.join(bindir, 'postgres'), ['--version'], { encoding: 'utf8' });
    return Number(/(\d+)(?:\.\d+)?/.exec(out)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const usable = (bindir: string | undefined): bindir is string =>
  !!bindir && fs.existsSync(path.join(bindir, 'initdb')) && fs.existsSync(path.join(bindir, 'pg_ctl')) && majorOf(bindir) >= MIN_MAJOR;

/** The folder of PostgreSQL ≥ 15's server binaries, or null. */
export function findPostgresBinaries(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  if (has('pg_config')) {
    try {
      candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
    } catch {
      // a client-only pg_config: look further
    }
  }
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs.readdirSync(debian).filter((v) => /^\d+$/.test(v));
    versions.sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debian, v, 'bin')));
  }
  return candidates.find(usable) ?? null;
}

function aptInstallPostgres(): boolean {
  if (process.platform !== 'linux' || !has('apt-get') || !(isRoot || has('sudo'))) return false;
  console.log('[postgres] apt-get install postgresql');
  const sudo = isRoot ? [] : ['sudo'];
  const run = (args: string[]) =>
    spawnSync(sudo[0] ?? args[0]!, sudo.length ? args : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
      .status === 0;
  return run(['apt-get', 'update', '-qq']) && run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'postgresql']);
}

/** Finds the binaries, installing Debian's package where it may; throws a clear message where it cannot. */
export function ensurePostgresBinaries(): string {
  const found = findPostgresBinaries() ?? (aptInstallPostgres() ? findPostgresBinaries() : null);
  if (found) return found;
  throw new Error(
    `找不到 PostgreSQL ${MIN_MAJOR} 或更新版本的服务器程序（initdb、pg_ctl）。请安装（Debian/Ubuntu：apt-get install postgresql），` +
      '或用环境变量 PG_BINDIR 指向其 bin 文件夹。',
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** initdb and postgres refuse to run as root: there they run as the `postgres` user Debian's package creates. */
function asServerUser(): { prefix: string[]; uid?: number; gid?: number } {
  if (!isRoot) return { prefix: [] };
  let uid: number, gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  } catch {
    throw new Error('以 root 身份运行时需要系统用户 postgres 来运行 PostgreSQL（Debian 的 postgresql 软件包会创建它）');
  }
  return { prefix: has('runuser') ? ['runuser', '-u', 'postgres', '--'] : ['su', 'postgres', '-s', '/bin/sh', '-c'], uid, gid };
}

function runAs(user: { prefix: string[] }, command: string[], options: { quiet?: boolean } = {}) {
  const [cmd, ...args] =
    user.prefix[0] === 'su' ? [...user.prefix, command.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')] : [...user.prefix, ...command];
  const result = spawnSync(cmd!, args, { encoding: 'utf8', stdio: options.quiet ? 'ignore' : 'pipe' });
  if (result.status !== 0 && !options.quiet) throw new Error(`${command.join(' ')} failed:\n${result.stdout ?? ''}${result.stderr ?? ''}`);
}

/** Starts a new cluster; `stop()` (or the process ending, Ctrl-C included) stops it and removes its folder. */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bindir = ensurePostgresBinaries();
  const user = asServerUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-pg-'));
  if (user.uid !== undefined) fs.chownSync(dir, user.uid, user.gid!);
  const data = path.join(dir, 'data');
  const port = await freePort();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (fs.existsSync(path.join(data, 'postmaster.pid')))
      runAs(user, [path.join(bindir, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'], { quiet: true });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    stop();
    process.kill(process.pid, signal);
  };
  process.on('exit', stop);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    runAs(user, [path.join(bindir, 'initdb'), '-D', data, '-U', 'sws', '-A', 'trust', '--locale=C', '--encoding=UTF8', '--no-sync']);
    // Throwaway data: durability settings off, so creating and filling databases is fast.
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    runAs(user, [path.join(bindir, 'pg_ctl'), '-D', data, '-l', path.join(dir, 'server.log'), '-o', settings, '-w', '-t', '60', 'start']);
  } catch (error) {
    const log = path.join(dir, 'server.log');
    const detail = fs.existsSync(log) ? `\n${fs.readFileSync(log, 'utf8').slice(-2000)}` : '';
    stop();
    throw new Error(`${(error as Error).message}${detail}`, { cause: error });
  }
  const urlOf = (database: string) => `postgres://sws@127.0.0.1:${port}/${database}`;
  return { url: urlOf('postgres'), port, dir, urlOf, stop };
}
