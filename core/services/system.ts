import path from 'node:path';
import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { schemaVersionOf } from '../../db/migrate.ts';
import { systemOutputs } from '../outputs/system.ts';
import { serverSettingsFields } from '../schemas/server-settings.ts';
import { DEFAULT_TIME_ZONE } from '../dates.ts';
import { setConfiguredTimeZone } from '../time-zone.ts';
import { backupScheduleOf, latestScheduledTime, setBackupSchedule } from '../backup-schedule.ts';
import { lastScheduledBackup } from '../scheduled-backups.ts';
import { backupDirOf } from '../../db/repos/settings.ts';
import { migrateToPostgresFields } from '../schemas/migrate-to-postgres.ts';
import { withoutPassword } from '../shell/database-url.ts';
import { runInWorker } from '../worker-jobs.ts';
import { conflict } from '../errors.ts';

const MIGRATE_TITLE = '迁移到 PostgreSQL';

/** The default backup folder: the host's (core/app.ts), else `backups/` beside the data file. */
const defaultBackupDir = (ctx: Context) => ctx.host?.backupDir() ?? path.join(path.dirname(ctx.dataFile), 'backups');

function serverSettings(ctx: Context) {
  const schedule = backupScheduleOf(ctx.db);
  const zone = ctx.clock.timeZone();
  const now = ctx.clock.now();
  // The next time is a day after the latest one (no daylight saving where the default zone is; elsewhere within an hour).
  const next = new Date(Date.parse(latestScheduledTime(now, schedule.time, zone)) + 86_400_000).toISOString();
  return {
    timeZone: zone,
    defaultTimeZone: DEFAULT_TIME_ZONE,
    backupTime: schedule.time,
    keepDaily: schedule.keep.daily,
    keepWeekly: schedule.keep.weekly,
    keepMonthly: schedule.keep.monthly,
    backupDir: backupDirOf(ctx.db, defaultBackupDir(ctx)),
    nextScheduledBackupAt: next,
    lastScheduledBackup: lastScheduledBackup(ctx.dataFile),
    // Which engine the server runs on: 迁移到 PostgreSQL is offered on SQLite only.
    engine: ctx.database ? ('postgres' as const) : ('sqlite' as const),
  };
}

export const systemOperations = [
  defineOperation({
    name: 'system.info',
    output: systemOutputs['system.info'],
    title: '读取系统信息',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, { db, dataFile, actor, clock }) => {
      const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      return {
        dataFile,
        schemaVersion: schemaVersionOf(db),
        timeZone: clock.timeZone(),
        actor: { name: actor.name, role: actor.role },
        counts: {
          regions: count('region'),
          organizations: count('organization'),
          people: count('person'),
          supervisors: count('supervisor'),
        },
      };
    },
  }),
  defineOperation({
    name: 'system.clock',
    output: systemOutputs['system.clock'],
    title: '读取时区与当前时间',
    kind: 'query',
    permission: 'self',
    input: z.object({}),
    // The renderer shows every date and time in this zone, never the browser's, and takes "today" from here.
    handler: (_input, { clock }) => ({ timeZone: clock.timeZone(), now: clock.now(), today: clock.today() }),
  }),
  defineOperation({
    name: 'system.serverSettings',
    output: systemOutputs['system.serverSettings'],
    title: '查看服务器设置',
    kind: 'query',
    // Administrators only (the last scheduled backup's folder and error are theirs to see).
    permission: 'backup.manage',
    input: z.object({}),
    handler: (_input, ctx) => serverSettings(ctx),
  }),
  defineOperation({
    name: 'system.saveServerSettings',
    output: systemOutputs['system.serverSettings'],
    title: '保存服务器设置',
    kind: 'command',
    permission: 'config.write',
    input: serverSettingsFields,
    handler: (f, ctx) => {
      setBackupSchedule(ctx.db, { time: f.backupTime, keep: { daily: f.keepDaily, weekly: f.keepWeekly, monthly: f.keepMonthly } }, ctx.clock.now());
      setConfiguredTimeZone(ctx.db, f.timeZone, ctx.clock.now()); // last: it renews the cached zone
      return serverSettings(ctx);
    },
  }),
  defineOperation({
    name: 'system.migrateToPostgres',
    output: systemOutputs['system.migrateToPostgres'],
    title: MIGRATE_TITLE,
    kind: 'command',
    // Administrators only: the whole association's data leaves for another server.
    permission: 'backup.manage',
    input: migrateToPostgresFields,
    // A job in a worker thread (the copy reads the data file on a read-only connection of its own, so users keep working);
    // its title shows the address without the password. Its result: core/migrate-to-postgres.ts MigrateJobResult.
    handler: ({ target }, ctx) => {
      if (ctx.database) throw conflict('本服务器已在 PostgreSQL 上运行：迁移只从 SQLite 数据文件复制到 PostgreSQL', 'target');
      if (ctx.jobs.running().some((title) => title.startsWith(MIGRATE_TITLE))) throw conflict('已有一个迁移正在进行：请等它结束', 'target');
      return {
        jobId: ctx.jobs.start(`${MIGRATE_TITLE}（${withoutPassword(target)}）`, (job) => runInWorker(ctx, 'system.migrateToPostgres', { target }, job)),
      };
    },
  }),
] as const;
