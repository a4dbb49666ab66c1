/**
 * The scheduled backup (服务器设置): a time of day in the configured time zone and how many daily,
 * weekly and monthly backups rotation keeps. The schedule is due when no backup has been made since
 * its latest time: at that time while the program runs, or at the next start if it was not running.
 */
import type { Db } from '../db/engine/types.ts';
import { addDays, instantOf, localDate } from './dates.ts';
import { DEFAULT_ROTATION, type RotationPolicy } from '../db/backup.ts';
import { BACKUP_SCHEDULE_KEY, getSetting, setSetting } from '../db/repos/settings.ts';

export interface BackupSchedule {
  /** `HH:mm`, 24-hour, on the configured zone's wall clock. */
  time: string;
  keep: RotationPolicy;
}

export const DEFAULT_BACKUP_SCHEDULE: BackupSchedule = { time: '02:00', keep: DEFAULT_ROTATION };

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const count = (v: unknown, fallback: number) => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fallback);

export function backupScheduleOf(db: Db): BackupSchedule {
  const stored = getSetting(db, BACKUP_SCHEDULE_KEY);
  if (!stored) return DEFAULT_BACKUP_SCHEDULE;
  try {
    const s = JSON.parse(stored) as { time?: unknown; keep?: Partial<Record<keyof RotationPolicy, unknown>> };
    const d = DEFAULT_BACKUP_SCHEDULE;
    return {
      time: typeof s.time === 'string' && TIME.test(s.time) ? s.time : d.time,
      keep: { daily: count(s.keep?.daily, d.keep.daily), weekly: count(s.keep?.weekly, d.keep.weekly), monthly: count(s.keep?.monthly, d.keep.monthly) },
    };
  } catch {
    return DEFAULT_BACKUP_SCHEDULE; // a hand-edited setting: the defaults rather than no backups
  }
}

export function setBackupSchedule(db: Db, schedule: BackupSchedule, now: string): void {
  const same = JSON.stringify(schedule) === JSON.stringify(DEFAULT_BACKUP_SCHEDULE);
  setSetting(db, BACKUP_SCHEDULE_KEY, same ? null : JSON.stringify(schedule), now);
}

/** The latest instant at or before `now` at which the schedule fell due: today's time in the zone, else yesterday's. */
export function latestScheduledTime(now: string, time: string, timeZone: string): string {
  const today = localDate(now, timeZone);
  const slot = instantOf(`${today}T${time}`, timeZone);
  return slot <= now ? slot : instantOf(`${addDays(today, -1)}T${time}`, timeZone);
}

/** Whether a scheduled backup is due: none has been made since the schedule's latest time (`newestBackupAt`: any kind of backup). */
export function scheduledBackupDue(now: string, schedule: BackupSchedule, timeZone: string, newestBackupAt: string | undefined): boolean {
  return newestBackupAt === undefined || newestBackupAt < latestScheduledTime(now, schedule.time, timeZone);
}
