/** 年度审计报表: one action, one workbook for the year (core/excel/annual-audit.ts). */
import { z } from 'zod';
import { defineOperation } from '../contract.ts';
import { annualAuditWorkbook } from '../excel/annual-audit.ts';
import { registry } from '../api.ts';

export const annualAuditOperations = [
  defineOperation({
    name: 'audit.annualWorkbook',
    title: '生成年度审计报表',
    kind: 'query',
    permission: 'export',
    input: z.object({ year: z.number({ error: '请选择年度' }).int('年度应为整数').min(2000, '年度应在 2000–2100 之间').max(2100, '年度应在 2000–2100 之间').meta({ title: '年度' }) }),
    handler: ({ year }, ctx) => ({
      // The log keeps operation names; the workbook shows their Chinese titles (read when the job runs).
      jobId: ctx.jobs.start('生成年度审计报表', (job) => annualAuditWorkbook(ctx, year, (name) => registry[name]?.title ?? name, job)),
    }),
  }),
] as const;
