import type { Db } from '../engine/types.ts';
import { hasTable } from '../engine/catalog.ts';

/**
 * Connections known to have the setting table (a database from before it has none until migrated).
 * Once there it stays: asked on every call (the session's timeouts), the catalog lookup was one more
 * statement each time, a round trip on PostgreSQL.
 */
const withSettingTable = new WeakSet<Db>();
const settingTableIn = (db: Db): boolean => {
  if (withSettingTable.has(db)) return true;
  if (!hasTable(db, 'setting')) return false;
  withSettingTable.add(db);
  return true;
};

export function getSetting(db: Db, key: string): string | undefined {
  if (!settingTableIn(db)) return undefined;
  return (db.prepare('SELECT value FROM setting WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

/** Several settings in one statement (absent keys are left out). */
export function getSettings(db: Db, keys: readonly string[]): Map<string, string> {
  if (!settingTableIn(db) || !keys.length) return new Map();
  const rows = db.prepare(`SELECT key, value FROM setting WHERE key IN (${keys.map(() => '?').join(', ')})`).all(...keys) as { key: string; value: string }[];
  return new Map(rows.map((r) => [r.key, r.value]));
}

export function setSetting(db: Db, key: string, value: string | null, now: string): void {
  if (value === null) db.prepare('DELETE FROM setting WHERE key = ?').run(key);
  else
    db.prepare(
      'INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    ).run(key, value, now);
}

export const BACKUP_DIR_KEY = 'backup.dir';

/** The configured backup folder (e.g. a USB drive or a network share), else the default. */
export const backupDirOf = (db: Db, defaultDir: string): string => getSetting(db, BACKUP_DIR_KEY) ?? defaultDir;

/** The configured time zone (IANA name); core/time-zone.ts owns its default and its checks. */
export const TIME_ZONE_KEY = 'clock.timeZone';

/** The scheduled backup: time of day (`HH:mm` in the configured zone) and how many daily, weekly and monthly backups are kept, as JSON. */
export const BACKUP_SCHEDULE_KEY = 'backup.schedule';
