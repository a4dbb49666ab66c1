import { z } from 'zod';
import { defineOperation } from '../contract.ts';
import { listQuery, optionalIsoDate } from '../schemas/common.ts';
import { auditFacets, listAudit } from '../../db/repos/audit.ts';
import { verifyAuditChain } from '../../db/audit.ts';
import { exportAuditLog } from '../excel/list-exports.ts';
import { maskAuditEntry, seesPii } from '../pii.ts';

const filter = {
  actorId: z.number().int().positive().optional(),
  tableName: z.string().max(64).optional(),
  operation: z.string().max(64).optional(),
  rowId: z.number().int().positive().optional(),
  from: optionalIsoDate('开始日期').transform((v) => v ?? undefined),
  to: optionalIsoDate('结束日期').transform((v) => v ?? undefined),
};

export const auditList = listQuery(['at', 'actorName', 'operation', 'tableName'] as const).extend(filter);

export const auditOperations = [
  defineOperation({
    name: 'audit.list',
    title: '查询操作日志',
    kind: 'query',
    permission: 'audit.read',
    input: auditList,
    handler: (query, { db, actor }) => {
      const page = listAudit(db, query);
      return seesPii(actor) ? page : { ...page, rows: page.rows.map(maskAuditEntry) };
    },
  }),
  defineOperation({
    name: 'audit.facets',
    title: '读取操作日志筛选项',
    kind: 'query',
    permission: 'audit.read',
    input: z.object({}),
    handler: (_input, { db }) => auditFacets(db),
  }),
  defineOperation({
    name: 'audit.verify',
    title: '校验日志完整性',
    kind: 'query',
    permission: 'audit.verify',
    input: z.object({}),
    handler: (_input, { db }) => verifyAuditChain(db),
  }),
  defineOperation({
    name: 'audit.export',
    title: '导出操作日志',
    kind: 'query',
    permission: 'audit.read',
    input: z.object(filter),
    handler: (query, ctx) => ({ jobId: ctx.jobs.start('导出操作日志', (job) => exportAuditLog(ctx, query, job)) }),
  }),
] as const;

