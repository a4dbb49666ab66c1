import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFolderInUse, LOCK_FILE, lockDataFolder } from '../../core/shell/data-folder-lock.ts';
import { DATA_FILE } from '../../core/shell/data-dir.ts';
import { openCore } from '../../core/app.ts';
import { tempDir } from '../support/core.ts';

const started: ChildProcess[] = [];
afterEach(() => started.splice(0).forEach((child) => child.exitCode === null && child.kill()));

/** A process id that is not running (beyond Linux's largest pid; on others just very unlikely). */
const DEAD_PID = 2 ** 22 + 12345;

/** Starts the real browser shell on `dataDir`: its JSON line once it serves, or how it ended. */
function startShell(dataDir: string): Promise<{ child: ChildProcess; line?: string; code?: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['web/main.ts', '--port', '0', '--data-dir', dataDir, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => {
    readline.createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, line, stderr }));
    child.once('exit', (code) => resolve({ child, code, stderr }));
  });
}

describe('one running copy per data folder', () => {
  it('a second browser shell on the same folder says who holds it and exits non-zero; the first keeps serving', async () => {
    const dataDir = tempDir();
    const first = await startShell(dataDir);
    expect(first.line).toBeDefined();
    expect(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(first.child.pid));
    const second = await startShell(dataDir);
    expect(second.line).toBeUndefined();
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`正被另一个正在运行的本程序使用（进程号 ${first.child.pid}）`);
    const { url } = JSON.parse(first.line!) as { url: string };
    expect((await fetch(url)).status).not.toBe(500); // still there
    // Stopped normally, it leaves no lock behind.
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGTERM');
    await exited;
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  }, 60_000);

  it('takes over the lock of a copy that died without removing it', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), `${DEAD_PID}\n`);
    const shell = await startShell(dataDir);
    expect(shell.line).toBeDefined();
    expect(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(shell.child.pid));
  }, 60_000);

  it('the shared lock: held, refused to another live process, released, taken over from a dead one', () => {
    const dir = tempDir();
    const mine = lockDataFolder(dir, process.pid);
    expect(() => lockDataFolder(dir, process.ppid)).toThrow(DataFolderInUse);
    try {
      lockDataFolder(dir, process.ppid);
    } catch (error) {
      expect((error as DataFolderInUse).pid).toBe(process.pid);
      expect((error as Error).message).toMatch(/^数据文件夹「.*」正被另一个正在运行的本程序使用（进程号 \d+）/);
    }
    expect(lockDataFolder(dir, process.pid).file).toBe(mine.file); // the holder itself may ask again
    mine.release();
    expect(fs.existsSync(mine.file)).toBe(false);
    fs.writeFileSync(mine.file, `${DEAD_PID}\n`);
    const other = lockDataFolder(dir, process.ppid);
    expect(fs.readFileSync(other.file, 'utf8').trim()).toBe(String(process.ppid));
    mine.release(); // not ours any more: left alone
    expect(fs.existsSync(other.file)).toBe(true);
    // A lock file still being written (no pid yet) is respected while fresh.
    fs.writeFileSync(other.file, '');
    expect(() => lockDataFolder(dir, process.pid)).toThrow(/进程号 未知/);
  });
});

describe('the data file is private to its owner', () => {
  it.skipIf(process.platform === 'win32')('a new database file (and its write-ahead log) is created with mode 0600', async () => {
    const dataFile = path.join(tempDir(), DATA_FILE);
    const core = await openCore({ dataFile });
    core.call('auth.status', {});
    expect(fs.statSync(dataFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(`${dataFile}-wal`).mode & 0o777).toBe(0o600);
    core.close();
  });
});
