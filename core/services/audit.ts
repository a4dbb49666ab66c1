import { z } from 'zod';
import { auditTableName } from '../../domain/index.ts';
import { defineOperation } from '../contract.ts';
import { listQuery, optionalIsoDate } from '../schemas/common.ts';
import { auditFacets, listAudit, type AuditFilter } from '../../db/repos/audit.ts';
import { addDays, instantOf } from '../dates.ts';
import { ANCHOR_STARTED_TABLE, verifyAudit } from '../../db/audit-verify.ts';
import { appendAuditEntry } from '../../db/audit.ts';
import { AppError } from '../errors.ts';
import { exportAuditLog } from '../excel/list-exports.ts';
import { maskAuditEntry, seesPii } from '../pii.ts';
import { auditOutputs } from '../outputs/audit.ts';
import { titledAuditEntry, operationTitleIn } from '../audit-titles.ts';

const filter = {
  actorId: z.number().int().positive().optional(),
  tableName: z.string().max(64).optional(),
  operation: z.string().max(64).optional(),
  rowId: z.number().int().positive().optional(),
  from: optionalIsoDate('开始日期').transform((v) => v ?? undefined),
  to: optionalIsoDate('结束日期').transform((v) => v ?? undefined),
};

export const auditList = listQuery(['at', 'actorName', 'operation', 'tableName'] as const).extend(filter);

/** The user's 开始日期 and 结束日期 are whole days of the configured time zone: as instants of the log. */
function inZone<Q extends { from?: string | undefined; to?: string | undefined }>(
  { from, to, ...rest }: Q,
  timeZone: string,
): Omit<Q, 'from' | 'to'> & AuditFilter {
  return { ...rest, from: from && instantOf(from, timeZone), before: to && instantOf(addDays(to, 1), timeZone) };
}

export const auditOperations = [
  defineOperation({
    name: 'audit.list',
    output: auditOutputs['audit.list'],
    title: '查询操作日志',
    kind: 'query',
    permission: 'audit.read',
    input: auditList,
    handler: (query, ctx) => {
      const page = listAudit(ctx.db, inZone(query, ctx.clock.timeZone()));
      const titleOf = operationTitleIn(ctx);
      const rows = seesPii(ctx.actor) ? page.rows : page.rows.map(maskAuditEntry);
      return { ...page, rows: rows.map((row) => titledAuditEntry(row, titleOf)) };
    },
  }),
  defineOperation({
    name: 'audit.facets',
    output: auditOutputs['audit.facets'],
    title: '读取操作日志筛选项',
    kind: 'query',
    permission: 'audit.read',
    input: z.object({}),
    handler: (_input, ctx) => {
      const { actors, tables, operations } = auditFacets(ctx.db);
      const titleOf = operationTitleIn(ctx);
      return {
        actors,
        tables: tables.map((value) => ({ value, title: auditTableName(value) })),
        operations: operations.map((value) => ({ value, title: titleOf(value) })),
      };
    },
  }),
  defineOperation({
    name: 'audit.verify',
    output: auditOutputs['audit.verify'],
    title: '校验日志完整性',
    kind: 'query',
    permission: 'audit.verify',
    input: z.object({}),
    handler: (_input, ctx) => {
      // An import lifts its insert triggers only inside its own transaction, which this connection never sees.
      return ctx.host ? ctx.host.audit().verify(ctx.db, 'full', ctx.clock.now()) : verifyAudit(ctx.db, { mode: 'full', now: ctx.clock.now() });
    },
  }),
  defineOperation({
    name: 'audit.resign',
    output: auditOutputs['audit.resign'],
    title: '确认当前日志并重新签名',
    kind: 'command',
    permission: 'backup.manage',
    input: z.object({}),
    // After a failed check the anchor stays put; an administrator who has looked into it (e.g. the
    // program had crashed just after a save) signs the log as it is now. The acceptance is itself logged.
    handler: (_input, ctx) => {
      if (!ctx.host) throw new AppError('FORBIDDEN', '此入口不支持重新签名');
      const anchor = ctx.host.audit();
      const before = anchor.verify(ctx.db, 'full', ctx.clock.now());
      appendAuditEntry(ctx.db, ANCHOR_STARTED_TABLE, { 说明: '管理员确认当前日志并重新签名', 确认时的校验结果: before.message });
      anchor.renew(ctx.db);
      return { before: before.message, message: '已按当前日志重新签名；此次确认已记入操作日志。' };
    },
  }),
  defineOperation({
    name: 'audit.startupCheck',
    output: auditOutputs['audit.startupCheck'],
    title: '查看启动时的日志校验',
    kind: 'query',
    permission: 'audit.verify',
    input: z.object({}),
    // The check made at this start (newest entries, anchor, triggers); null when there was none (a bare context).
    handler: (_input, ctx) => ctx.host?.audit().startup ?? null,
  }),
  defineOperation({
    name: 'audit.export',
    output: auditOutputs['audit.export'],
    title: '导出操作日志',
    kind: 'query',
    permission: 'audit.read',
    input: z.object(filter),
    handler: (query, ctx) => ({ jobId: ctx.jobs.start('导出操作日志', (job) => exportAuditLog(ctx, inZone(query, ctx.clock.timeZone()), job)) }),
  }),
] as const;
