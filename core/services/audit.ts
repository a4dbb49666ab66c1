import { z } from 'zod';
import { defineOperation } from '../contract.ts';
import { listQuery, optionalIsoDate } from '../schemas/common.ts';
import { auditFacets, iterateAudit, listAudit } from '../../db/repos/audit.ts';
import { verifyAuditChain } from '../../db/audit.ts';
import { toCsv } from '../csv.ts';

const filter = {
  actorId: z.number().int().positive().optional(),
  tableName: z.string().max(64).optional(),
  operation: z.string().max(64).optional(),
  rowId: z.number().int().positive().optional(),
  from: optionalIsoDate('开始日期').transform((v) => v ?? undefined),
  to: optionalIsoDate('结束日期').transform((v) => v ?? undefined),
};

export const auditList = listQuery(['at', 'actorName', 'operation', 'tableName'] as const).extend(filter);

const ACTIONS = { insert: '新增', update: '修改', delete: '删除' } as const;

export const auditOperations = [
  defineOperation({
    name: 'audit.list',
    title: '查询操作日志',
    kind: 'query',
    permission: 'audit.read',
    input: auditList,
    handler: (query, { db }) => listAudit(db, query),
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
    handler: (query, { db }) => {
      // Masking of 身份证号/phones in before/after happens in dispatch on the parsed objects below.
      const rows: unknown[][] = [];
      for (const r of iterateAudit(db, query)) rows.push([r.id, r.at, r.actorName, r.operation, r.tableName, r.rowId, ACTIONS[r.action], r.before, r.after, r.hash]);
      return { fileName: `操作日志-${new Date().toISOString().slice(0, 10)}.csv`, header: ['序号', '时间（UTC）', '操作人', '操作', '数据表', '记录号', '动作', '修改前', '修改后', '校验值'], rows };
    },
  }),
] as const;

export { toCsv };
