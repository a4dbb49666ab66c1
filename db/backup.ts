import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

/** Copies the live database with SQLite's online backup API (consistent even while in use). */
export async function backupDatabase(db: Database.Database, dir: string, label: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `${label}-${stamp}.sqlite3`);
  await db.backup(file);
  return file;
}
