/** 年度审计报表: one action, one workbook for the year (core/excel/annual-audit.ts). */
import { z } from 'zod';
import { defineOperation } from '../contract.ts';
import { calendarYear } from '../schemas/common.ts';
import { annualAuditOutputs } from '../outputs/annual-audit.ts';
import { runInWorker } from '../worker-jobs.ts';

export const annualAuditOperations = [
  defineOperation({
    name: 'audit.annualWorkbook',
    output: annualAuditOutputs['audit.annualWorkbook'],
    title: '生成年度审计报表',
    kind: 'query',
    permission: 'export',
    input: z.object({ year: calendarYear }),
    // Its sheets read everything about a year (everyone's compliance among them): in a worker thread (core/worker-jobs.ts).
    handler: ({ year }, ctx) => ({ jobId: ctx.jobs.start('生成年度审计报表', (job) => runInWorker(ctx, 'audit.annualWorkbook', { year }, job)) }),
  }),
] as const;
