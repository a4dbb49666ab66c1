/**
 * One running copy per data folder, whichever shell it is (browser or desktop): a lock file holding
 * the owner's process id, taken before the database is opened. Two copies on one SQLite file would
 * wait on each other's writes (seconds) and each keep its own sessions and jobs. A lock left by a
 * copy that died (its process no longer exists) is taken over. Shared by both shells: neither
 * imports the other.
 */
import fs from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'data-folder.lock';
/** A lock file without a process id yet is being written by its owner; older than this it is debris. */
const UNWRITTEN_GRACE_MS = 5000;

export class DataFolderInUse extends Error {
  readonly pid: number | null;

  constructor(dir: string, pid: number | null) {
    super(
      `数据文件夹「${dir}」正被另一个正在运行的本程序使用（进程号 ${pid ?? '未知'}）。同一数据文件夹同一时间只能由一个程序打开：` +
        '请切换到已打开的窗口，或先关闭另一个（浏览器版或桌面版）后再启动。',
    );
    this.name = 'DataFolderInUse';
    this.pid = pid;
  }
}

/** The folder refuses the lock file itself: say so in the words the start-up check uses. */
export class DataFolderUnwritable extends Error {
  constructor(dir: string) {
    super(`数据文件夹不可写：${dir}`);
    this.name = 'DataFolderUnwritable';
  }
}

const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

export interface DataFolderLock {
  readonly file: string;
  /** Removes the lock file if it is still ours; safe to call more than once. */
  release(): void;
}

/** Whether a process with this id exists (EPERM: it does, owned by someone else). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(file: string): { pid: number | null; ageMs: number } | null {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    const pid = /^\d+$/.test(text) ? Number(text) : null;
    return { pid, ageMs: Date.now() - fs.statSync(file).mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Takes the folder's lock for `pid` or throws DataFolderInUse naming the process that holds it. */
export function lockDataFolder(dir: string, pid = process.pid, isAlive = processIsAlive): DataFolderLock {
  const file = path.join(dir, LOCK_FILE);
  const lock: DataFolderLock = {
    file,
    release() {
      if (holderOf(file)?.pid === pid) fs.rmSync(file, { force: true });
    },
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600); // atomic: exactly one process creates it
      try {
        fs.writeSync(fd, `${pid}\n`);
      } finally {
        fs.closeSync(fd);
      }
      return lock;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (UNWRITABLE.has(code)) throw new DataFolderUnwritable(dir);
      if (code !== 'EEXIST') throw error;
    }
    const holder = holderOf(file);
    if (!holder) continue; // released meanwhile
    if (holder.pid === pid) return lock;
    const stale = holder.pid === null ? holder.ageMs > UNWRITTEN_GRACE_MS : !isAlive(holder.pid);
    if (!stale) throw new DataFolderInUse(dir, holder.pid);
    // Move the dead owner's file aside (only one contender's rename succeeds), then try again.
    const aside = `${file}.stale-${pid}`;
    try {
      fs.renameSync(file, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      continue;
    }
    const moved = holderOf(aside);
    if (moved?.pid != null && moved.pid !== holder.pid && isAlive(moved.pid)) {
      fs.renameSync(aside, file); // a live owner had taken it over meanwhile: give it back
      throw new DataFolderInUse(dir, moved.pid);
    }
    fs.rmSync(aside, { force: true });
  }
  throw new DataFolderInUse(dir, holderOf(file)?.pid ?? null);
}
