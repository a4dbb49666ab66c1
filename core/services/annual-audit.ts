/** 年度审计报表: one action, one workbook for the year (core/excel/annual-audit.ts). */
import { z } from 'zod';
import { defineOperation } from '../contract.ts';
import { calendarYear } from '../schemas/common.ts';
import { annualAuditWorkbook } from '../excel/annual-audit.ts';
import { annualAuditOutputs } from '../outputs/annual-audit.ts';

export const annualAuditOperations = [
  defineOperation({
    name: 'audit.annualWorkbook',
    output: annualAuditOutputs['audit.annualWorkbook'],
    title: '生成年度审计报表',
    kind: 'query',
    permission: 'export',
    input: z.object({ year: calendarYear }),
    handler: ({ year }, ctx) => ({
      // The log keeps operation names; the workbook shows their Chinese titles (core/app.ts knows every operation).
      jobId: ctx.jobs.start('生成年度审计报表', (job) => annualAuditWorkbook(ctx, year, (name) => ctx.host?.operationTitle(name) ?? name, job)),
    }),
  }),
] as const;
