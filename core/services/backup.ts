import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { AppError, conflict, invalid, notFound } from '../errors.ts';
import { backupDatabase, backupKindLabel, checkDatabaseFile, listBackups, rotateBackups, snapshotDatabase } from '../../db/backup.ts';
import { appendAuditEntry, withAuditContext } from '../../db/audit.ts';
import { latestVersion } from '../../db/migrate.ts';
import { BACKUP_DIR_KEY, backupDirOf, setSetting } from '../../db/repos/settings.ts';
import { backupOutputs } from '../outputs/backup.ts';
import { backupScheduleOf } from '../backup-schedule.ts';
import { localDate } from '../dates.ts';
import { withoutPassword } from '../shell/database-url.ts';

function host(ctx: Context) {
  if (!ctx.host) throw new AppError('FORBIDDEN', '此入口不支持备份与恢复');
  return ctx.host;
}

const dirOf = (ctx: Context) => backupDirOf(ctx.db, host(ctx).backupDir());

/** A backup named by its file name inside the backup folder: never an arbitrary path. */
function backupNamed(ctx: Context, name: string) {
  const found = listBackups(dirOf(ctx)).find((f) => f.name === name);
  if (!found) throw notFound(`备份文件「${name.slice(0, 80)}」`, 'name');
  return found;
}

const backupName = z.object({
  name: z
    .string({ error: '请选择备份' })
    .min(1, '请选择备份')
    .max(200)
    .regex(/^[^/\\]+\.sqlite3$/, '备份文件名无效'),
});

export const backupOperations = [
  defineOperation({
    name: 'backup.status',
    output: backupOutputs['backup.status'],
    title: '查看备份',
    kind: 'query',
    permission: 'backup.manage',
    input: z.object({}),
    handler: (_input, ctx) => {
      const dir = dirOf(ctx);
      const backups = listBackups(dir).map(({ name, label, createdAt, size }) => ({ name, label, kind: backupKindLabel(label), createdAt, size }));
      const database = ctx.database ? withoutPassword(ctx.database) : null;
      return { dir, defaultDir: host(ctx).backupDir(), backups, dataFile: ctx.dataFile, engine: ctx.db.engine, database };
    },
  }),
  defineOperation({
    name: 'backup.create',
    output: backupOutputs['backup.create'],
    title: '立即备份',
    kind: 'system',
    permission: 'backup.manage',
    input: z.object({}),
    // A job: the online backup copies a few pages per event-loop turn, so nobody waits for it
    // (a VACUUM INTO held the server for the whole copy). Its result: { name, dir }.
    handler: (_input, ctx) => {
      const dir = dirOf(ctx);
      const h = host(ctx);
      return {
        jobId: ctx.jobs.start('备份', async (job) => {
          job.progress(0, 1, '正在备份…');
          let file: string;
          try {
            file = await backupDatabase(ctx.db, dir, 'manual', (copied, total) => job.progress(copied, total, '正在备份…'));
            // Signed as the copy ended: nothing ran in between (the continuation follows at once).
            h.audit().signBackup(file, ctx.db);
          } catch (error) {
            throw new AppError('CONFLICT', `无法写入备份文件夹「${dir}」：${error instanceof Error ? error.message : String(error)}`);
          }
          const zone = ctx.clock.timeZone();
          rotateBackups(dir, backupScheduleOf(ctx.db).keep, (iso) => localDate(iso, zone));
          return { result: { name: path.basename(file), dir } };
        }),
      };
    },
  }),
  defineOperation({
    name: 'backup.setDir',
    output: backupOutputs['backup.setDir'],
    title: '设置备份文件夹',
    kind: 'command',
    permission: 'backup.manage',
    input: z.object({
      dir: z
        .string()
        .trim()
        .max(500, '路径过长')
        .nullish()
        .transform((v) => (v ? v : null)),
    }),
    handler: ({ dir }, ctx) => {
      if (dir !== null) {
        if (!path.isAbsolute(dir)) throw invalid('请填写完整路径（如 E:\\备份 或 /media/usb/备份）', 'dir');
        try {
          // Not recursive: Node's recursive mkdir can spin forever on special paths (e.g. under /proc);
          // a backup folder's parent must exist anyway (the USB drive or share is mounted).
          if (!fs.existsSync(dir)) fs.mkdirSync(dir);
          const probe = path.join(dir, `.sws-write-test-${process.pid}`);
          fs.writeFileSync(probe, 'ok');
          fs.rmSync(probe);
        } catch {
          throw invalid(`无法写入文件夹「${dir}」，请检查路径、U 盘或网络共享是否可用`, 'dir');
        }
      }
      setSetting(ctx.db, BACKUP_DIR_KEY, dir, ctx.clock.now());
      return { dir: dirOf(ctx) };
    },
  }),
  defineOperation({
    name: 'backup.check',
    output: backupOutputs['backup.check'],
    title: '检查备份',
    kind: 'query',
    permission: 'backup.manage',
    input: backupName,
    handler: ({ name }, ctx) => checkDatabaseFile(backupNamed(ctx, name).path, latestVersion()),
  }),
  defineOperation({
    name: 'backup.restore',
    output: backupOutputs['backup.restore'],
    title: '从备份恢复',
    kind: 'system',
    permission: 'backup.manage',
    input: backupName,
    handler: ({ name }, ctx) => {
      const h = host(ctx);
      // Nothing may be writing or reading the file that is about to be replaced: refuse, naming the work.
      const busy = [...new Set(ctx.jobs.running())];
      if (busy.length) throw conflict(`正在执行“${busy.join('”“')}”，完成或取消后才能从备份恢复`);
      const chosen = backupNamed(ctx, name);
      // Everything that could stop the restore is checked before anything is closed.
      const check = checkDatabaseFile(chosen.path, latestVersion());
      if (!check.ok) throw invalid(`备份「${name}」未通过检查，未做任何更改：${check.problem}`, 'name');
      const tampered = h.audit().backupProblem(chosen.path);
      if (tampered) throw invalid(`备份「${name}」未通过检查，未做任何更改：${tampered}`, 'name');
      const cannot = h.checkReplacement(chosen.path);
      if (cannot) throw conflict(`无法从备份恢复，未做任何更改：${cannot}`);
      let safety: string;
      try {
        safety = snapshotDatabase(ctx.db, dirOf(ctx), 'before-restore');
        h.audit().signBackup(safety, ctx.db);
      } catch (error) {
        throw conflict(`无法在备份文件夹「${dirOf(ctx)}」中保存恢复前的安全副本，未做任何更改：${error instanceof Error ? error.message : String(error)}`);
      }
      // Everyone else is signed out first: nobody keeps working on, or saving into, the data being replaced.
      const otherSessionsEnded = h.endOtherSessions();
      const db = h.replaceDatabaseWith(chosen.path);
      const safetyBackup = path.basename(safety);
      // The restore is itself the first entry after it, in the restored log; then the anchor follows the restored data.
      withAuditContext(db, { actorId: ctx.actor.id, actorName: ctx.actor.name, operation: 'backup.restore', at: ctx.clock.now() }, () =>
        appendAuditEntry(db, 'backup', {
          恢复自备份: name,
          备份类型: backupKindLabel(chosen.label),
          恢复前的安全副本: safetyBackup,
          退出登录的其他会话: otherSessionsEnded,
        }),
      );
      h.audit().renew(db);
      const message =
        `已先让其他所有用户退出登录（${otherSessionsEnded} 个登录会话），再从备份「${name}」（${backupKindLabel(chosen.label)}）恢复。` +
        `恢复前的数据已保存为安全副本「${safetyBackup}」。日志锚点已更新为恢复后的数据。`;
      return { restored: name, safetyBackup, otherSessionsEnded, message };
    },
  }),
] as const;
