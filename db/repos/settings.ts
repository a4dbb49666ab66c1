import type { Db } from '../engine/types.ts';
import { hasTable } from '../engine/catalog.ts';

export function getSetting(db: Db, key: string): string | undefined {
  if (!hasTable(db, 'setting')) return undefined;
  return (db.prepare('SELECT value FROM setting WHERE key = ?').get(key) as { value: string } | undefined)?.value;
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
