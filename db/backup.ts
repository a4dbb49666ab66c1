import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

const stampOf = (date: Date) => date.toISOString().replace(/[:.]/g, '-');

/** Copies the live database with SQLite's online backup API (consistent even while in use). */
export async function backupDatabase(db: Database.Database, dir: string, label: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${label}-${stampOf(new Date())}.sqlite3`);
  await db.backup(file);
  return file;
}

/**
 * The synchronous consistent copy used inside operations (on demand, before a restore):
 * `VACUUM INTO` writes a transaction-consistent, compacted snapshot of the open database.
 */
export function snapshotDatabase(db: Database.Database, dir: string, label: string, now = new Date()): string {
  if (!fs.existsSync(dir)) fs.mkdirSync(dir);
  let file = path.join(dir, `${label}-${stampOf(now)}.sqlite3`);
  for (let i = 2; fs.existsSync(file); i++) file = path.join(dir, `${label}-${stampOf(now)}-${i}.sqlite3`);
  db.prepare('VACUUM INTO ?').run(file);
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
    files.push({ name, path: file, label: m[1]!, createdAt: `${m[2]}T${m[3]}:${m[4]}:${m[5]}.${m[6]}Z`, size: fs.statSync(file).size });
  }
  return files.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.name.localeCompare(a.name)));
}

export interface RotationPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

export const DEFAULT_ROTATION: RotationPolicy = { daily: 7, weekly: 8, monthly: 12 };

function isoWeek(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((d.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${d.getUTCFullYear()}-W${week}`;
}

/** Which backups rotation keeps: the newest of each of the last N days, weeks and months. */
export function backupsToKeep(files: readonly BackupFile[], policy: RotationPolicy = DEFAULT_ROTATION): Set<string> {
  const keep = new Set<string>();
  const pick = (key: (f: BackupFile) => string, count: number) => {
    const seen = new Set<string>();
    for (const f of files) {
      const k = key(f);
      if (seen.has(k)) continue;
      if (seen.size >= count) break;
      seen.add(k);
      keep.add(f.name);
    }
  };
  pick((f) => f.createdAt.slice(0, 10), policy.daily);
  pick((f) => isoWeek(f.createdAt), policy.weekly);
  pick((f) => f.createdAt.slice(0, 7), policy.monthly);
  if (files[0]) keep.add(files[0].name);
  return keep;
}

/** Deletes the backups rotation does not keep; returns their names. */
export function rotateBackups(dir: string, policy: RotationPolicy = DEFAULT_ROTATION): string[] {
  const files = listBackups(dir);
  const keep = backupsToKeep(files, policy);
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
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
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

/** The newest backup that passes the checks, if any. */
export function latestGoodBackup(dir: string, codeVersion: number): BackupFile | undefined {
  return listBackups(dir).find((f) => checkDatabaseFile(f.path, codeVersion).ok);
}
