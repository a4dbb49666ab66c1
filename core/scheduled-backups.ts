/**
 * Runs the scheduled backup (core/backup-schedule.ts): core/app.ts calls `tick` at start and then
 * once a minute. The last result (time, file, ok or the error) is kept in `scheduled-backup.json`
 * beside the data file, so administrators see it in 服务器设置 after a restart too.
 *
 * Several server processes on one PostgreSQL database each run this, each with its own data folder
 * and perhaps its own backup folder: the one that claims the scheduled time first in the database
 * (server_claim, migration 0037) makes that time's backup, the others skip it. A failed backup gives
 * its claim back, so a process may try again later.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/engine/types.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './log.ts';
import type { AuditAnchor } from './audit-anchor.ts';
import { backupScheduleOf, latestScheduledTime, scheduledBackupDue } from './backup-schedule.ts';
import { claimServerWork, deleteClaimsBefore, releaseServerWork } from '../db/repos/server-jobs.ts';
import { localDate } from './dates.ts';
import { backupDatabase, listBackups, rotateBackups } from '../db/backup.ts';

export interface ScheduledBackupResult {
  /** When it ran (ISO UTC). */
  at: string;
  ok: boolean;
  /** The backup's file name, when it was written. */
  file: string | null;
  dir: string;
  /** Why it failed, as the system said it. */
  error: string | null;
  /** Older backups rotation removed. */
  removed: number;
}

export const scheduledBackupFile = (dataFile: string) => path.join(path.dirname(dataFile), 'scheduled-backup.json');

export function lastScheduledBackup(dataFile: string): ScheduledBackupResult | null {
  try {
    return JSON.parse(fs.readFileSync(scheduledBackupFile(dataFile), 'utf8')) as ScheduledBackupResult;
  } catch {
    return null; // none yet (or an unreadable file: the next run writes it again)
  }
}

/** Whether there is anything to back up: an empty new installation makes no backups. */
const hasData = (db: Db) => (db.prepare(`SELECT (SELECT count(*) FROM app_user) + (SELECT count(*) FROM person) AS n`).get() as { n: number }).n > 0;

export interface ScheduledBackupsOptions {
  db: () => Db;
  dataFile: string;
  clock: Clock;
  /** The backup folder now (the setting, else the default). */
  dir: () => string;
  anchor: AuditAnchor;
  log: Logger;
  /** This server process (PostgreSQL: other processes may share the database and the schedule). */
  processId?: string;
}

/** Claims are history after this long. */
const KEEP_CLAIMS_MS = 30 * 24 * 60 * 60 * 1000;

/** After a failed run (a folder gone, a full disk) the next try waits this long, so the log does not fill minute by minute. */
const RETRY_AFTER_FAILURE_MS = 15 * 60 * 1000;

/** The newest backup's time, or undefined when there is none or the folder cannot be read (then the run says why). */
function newestBackupAt(dir: string): string | undefined {
  try {
    return listBackups(dir)[0]?.createdAt;
  } catch {
    return undefined;
  }
}

export class ScheduledBackups {
  private running = false;
  private failedAt = -Infinity;
  private readonly o: ScheduledBackupsOptions;
  constructor(options: ScheduledBackupsOptions) {
    this.o = options;
  }

  /** Makes the backup if it is due; returns what happened, or null when nothing was due. */
  async tick(): Promise<ScheduledBackupResult | null> {
    if (this.running) return null;
    const db = this.o.db();
    if (!db.open || !hasData(db)) return null;
    const schedule = backupScheduleOf(db);
    const zone = this.o.clock.timeZone();
    const now = this.o.clock.now();
    const dir = this.o.dir();
    if (Date.parse(now) - this.failedAt < RETRY_AFTER_FAILURE_MS) return null;
    if (!scheduledBackupDue(now, schedule, zone, newestBackupAt(dir))) return null;
    const claim = this.claim(db, `scheduled-backup:${latestScheduledTime(now, schedule.time, zone)}`, now);
    if (claim === 'taken') return null; // another server process makes this one
    this.running = true;
    let result: ScheduledBackupResult;
    try {
      const file = await backupDatabase(db, dir, 'daily', undefined, new Date(now));
      this.o.anchor.signBackup(file, db);
      const removed = rotateBackups(dir, schedule.keep, (iso) => localDate(iso, zone)).length;
      result = { at: now, ok: true, file: path.basename(file), dir, error: null, removed };
    } catch (error) {
      this.o.log.error(`定时备份到「${dir}」失败`, error);
      result = { at: now, ok: false, file: null, dir, error: error instanceof Error ? error.message : String(error), removed: 0 };
      this.failedAt = Date.parse(now);
      if (claim) releaseServerWork(db, claim, this.o.processId!);
    } finally {
      this.running = false;
    }
    try {
      const target = scheduledBackupFile(this.o.dataFile);
      fs.writeFileSync(`${target}.tmp`, JSON.stringify(result, null, 2));
      fs.renameSync(`${target}.tmp`, target);
    } catch (error) {
      this.o.log.error('记录定时备份结果失败', error);
    }
    return result;
  }

  /** On PostgreSQL: the claim's name when this process may make the backup, 'taken' when another claimed it; null on SQLite (one process). */
  private claim(db: Db, name: string, now: string): string | 'taken' | null {
    if (db.engine !== 'postgres' || !this.o.processId) return null;
    deleteClaimsBefore(db, new Date(Date.parse(now) - KEEP_CLAIMS_MS).toISOString());
    return claimServerWork(db, name, this.o.processId, now) ? name : 'taken';
  }
}
