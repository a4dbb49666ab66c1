import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './engine/types.ts';
import { openSqliteFile } from './engine/sqlite.ts';
import { dumpPostgres, dumpPostgresSync } from './postgres/dump.ts';

const stampOf = (date: Date) => date.toISOString().replace(/[:.]/g, '-');

/**
 * A backup is written under this suffix and renamed when complete, so a copy cut short (the
 * process killed, the disk full) is never listed as a backup; the next start removes it.
 */
const PARTIAL = '.partial';

/** Pages copied per step of an online backup: 100 is SQLite's example and better-sqlite3's default (~0.4 MB, ~1 ms). */
const BACKUP_STEP_PAGES = 100;

/** Writes `file` through a temporary name: `write` fills the temporary file, then it takes the real name. */
async function completeOrNothing(file: string, write: (partial: string) => unknown): Promise<string> {
  const partial = file + PARTIAL;
  try {
    await write(partial);
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return file;
}

/**
 * Copies the live database with SQLite's online backup API (consistent even while in use), a few
 * pages per event-loop turn (each step a millisecond or two), so requests are answered meanwhile.
 * A PostgreSQL database is written into the same kind of file from one snapshot, a batch of rows per
 * turn (db/postgres/dump.ts); progress then counts rows instead of pages.
 */
export async function backupDatabase(
  db: Db,
  dir: string,
  label: string,
  onProgress?: (copiedPages: number, totalPages: number) => void,
  now = new Date(),
): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  let file = path.join(dir, `${label}-${stampOf(now)}.sqlite3`);
  for (let i = 2; fs.existsSync(file); i++) file = path.join(dir, `${label}-${stampOf(now)}-${i}.sqlite3`);
  return completeOrNothing(file, async (partial) => {
    if (db.engine === 'postgres') await dumpPostgres(db, partial, onProgress);
    else
      await db.backup(partial, {
        progress: ({ totalPages, remainingPages }) => {
          onProgress?.(totalPages - remainingPages, totalPages);
          return BACKUP_STEP_PAGES;
        },
      });
    // The copy carries the live file's WAL mode: a backup is one self-contained file, read without -wal/-shm beside it.
    const copy = openSqliteFile(partial);
    copy.pragma('journal_mode = DELETE');
    copy.close();
  });
}

/** Removes copies left unfinished by a process that died while writing them (see PARTIAL); returns their names. */
export function removePartialBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.includes(`.sqlite3${PARTIAL}`)) continue; // the copy and SQLite's journal beside it
    try {
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // housekeeping only
    }
  }
  return removed;
}

/**
 * The synchronous consistent copy used inside operations (on demand, before a restore):
 * `VACUUM INTO` writes a transaction-consistent, compacted snapshot of the open database; a
 * PostgreSQL database is dumped from one snapshot into the same kind of file (db/postgres/dump.ts).
 */
export function snapshotDatabase(db: Db, dir: string, label: string, now = new Date()): string {
  if (!fs.existsSync(dir)) fs.mkdirSync(dir);
  let file = path.join(dir, `${label}-${stampOf(now)}.sqlite3`);
  for (let i = 2; fs.existsSync(file); i++) file = path.join(dir, `${label}-${stampOf(now)}-${i}.sqlite3`);
  const partial = file + PARTIAL;
  fs.rmSync(partial, { force: true });
  try {
    if (db.engine === 'postgres') {
      dumpPostgresSync(db, partial);
      const copy = openSqliteFile(partial);
      copy.pragma('journal_mode = DELETE'); // one self-contained file, as VACUUM INTO writes it
      copy.close();
    } else db.prepare('VACUUM INTO ?').run(partial);
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return file;
}

export interface BackupFile {
  name: string;
  path: string;
  label: string;
  createdAt: string;
  size: number;
}

const NAME = /^(.+)-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z(?:-\d+)?\.sqlite3$/;

/** Backups in a folder, newest first. */
export function listBackups(dir: string): BackupFile[] {
  if (!fs.existsSync(dir)) return [];
  const files: BackupFile[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = NAME.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    if (fs.statSync(file).size === 0) continue; // never a usable backup
    files.push({ name, path: file, label: m[1]!, createdAt: `${m[2]}T${m[3]}:${m[4]}:${m[5]}.${m[6]}Z`, size: fs.statSync(file).size });
  }
  return files.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.name.localeCompare(a.name)));
}

export interface RotationPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

/** Kept by default: the newest backup of each of the last 7 days, 4 weeks and 12 months (服务器设置 changes it). */
export const DEFAULT_ROTATION: RotationPolicy = { daily: 7, weekly: 4, monthly: 12 };

/** The ISO week (`2026-W49`) of an ISO date. */
function isoWeek(date: string): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3); // the Thursday of its week decides the year
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((d.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${d.getUTCFullYear()}-W${week}`;
}

/**
 * Which backups rotation keeps: the newest of each of the last N days, weeks and months, those
 * being the days of the configured time zone (`dayOf` turns a backup's instant into its local
 * date; UTC's when none is given), and always the newest backup.
 */
export function backupsToKeep(
  files: readonly BackupFile[],
  policy: RotationPolicy = DEFAULT_ROTATION,
  dayOf: (iso: string) => string = (iso) => iso.slice(0, 10),
): Set<string> {
  const keep = new Set<string>();
  const days = new Map(files.map((f) => [f.name, dayOf(f.createdAt)]));
  const pick = (key: (day: string) => string, count: number) => {
    const seen = new Set<string>();
    for (const f of files) {
      const k = key(days.get(f.name)!);
      if (seen.has(k)) continue;
      if (seen.size >= count) break;
      seen.add(k);
      keep.add(f.name);
    }
  };
  pick((day) => day, policy.daily);
  pick(isoWeek, policy.weekly);
  pick((day) => day.slice(0, 7), policy.monthly);
  if (files[0]) keep.add(files[0].name);
  return keep;
}

/** Deletes the backups rotation does not keep (see backupsToKeep); returns their names. */
export function rotateBackups(dir: string, policy: RotationPolicy = DEFAULT_ROTATION, dayOf?: (iso: string) => string): string[] {
  const files = listBackups(dir);
  const keep = backupsToKeep(files, policy, dayOf);
  const removed: string[] = [];
  for (const f of files) {
    if (keep.has(f.name)) continue;
    fs.rmSync(f.path, { force: true });
    removed.push(f.name);
  }
  return removed;
}

export type BackupCheck = { ok: true; schemaVersion: number } | { ok: false; problem: string };

/** Opens a backup read-only and checks it before it may replace anything. */
export function checkDatabaseFile(file: string, codeVersion: number): BackupCheck {
  let db: Db | undefined;
  try {
    db = openSqliteFile(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return { ok: false, problem: `文件已损坏（完整性检查：${String(integrity).slice(0, 100)}）` };
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) return { ok: false, problem: `文件中有 ${fk.length} 处引用不一致（外键检查未通过）` };
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1) return { ok: false, problem: '文件不是本系统的数据文件（没有数据结构版本）' };
    if (version > codeVersion) return { ok: false, problem: `文件的结构版本（v${version}）比本程序（v${codeVersion}）新，请先升级程序` };
    return { ok: true, schemaVersion: version };
  } catch (error) {
    return { ok: false, problem: `无法作为数据库打开（${error instanceof Error ? error.message : String(error)}）` };
  } finally {
    db?.close();
  }
}

/** What each kind of backup is called where the user sees it. */
export function backupKindLabel(label: string): string {
  if (label === 'manual') return '手动备份';
  if (label === 'daily') return '自动备份';
  if (label.startsWith('before-migration')) return '升级前备份';
  if (label === 'before-restore') return '恢复前的安全副本';
  return '备份';
}

/** Backups that pass the checks, newest first (at most `limit` checked and returned). */
export function goodBackups(dir: string, codeVersion: number, limit = 5): BackupFile[] {
  const good: BackupFile[] = [];
  for (const f of listBackups(dir)) {
    if (good.length >= limit) break;
    if (checkDatabaseFile(f.path, codeVersion).ok) good.push(f);
  }
  return good;
}

/**
 * The backup to offer first: the newest good one, but not a safety copy made before a restore
 * (that holds the data an administrator had just rolled back from) unless there is nothing else.
 */
export function recommendedBackup(good: readonly BackupFile[]): BackupFile | undefined {
  return good.find((f) => f.label !== 'before-restore') ?? good[0];
}

/** The backup to offer after a start-up problem (see recommendedBackup), if any. */
export function latestGoodBackup(dir: string, codeVersion: number): BackupFile | undefined {
  return recommendedBackup(goodBackups(dir, codeVersion));
}
