/** 工作台: one overview per role, the charts, and a chart's data exported. */
import { z } from 'zod';
import { defineOperation } from '../contract.ts';
import { homeOutputs } from '../outputs/home.ts';
import { homeOverview } from './overview.ts';
import { CHARTS, homeCharts } from './charts.ts';
import { CHART_TITLES, exportChart } from './chart-export.ts';

export const homeOperations = [
  defineOperation({
    name: 'home.overview',
    output: homeOutputs['home.overview'],
    title: '查看工作台',
    kind: 'query',
    // Every role reads the registry; what the overview holds depends on the role (a coordinator's, on their bases only).
    permission: 'registry.read',
    input: z.object({}),
    scope: 'visibleBases',
    handler: (_input, ctx) => homeOverview(ctx),
  }),
  defineOperation({
    name: 'home.charts',
    output: homeOutputs['home.charts'],
    title: '查看工作台图表',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    scope: 'visibleBases',
    handler: (_input, ctx) => homeCharts(ctx),
  }),
  defineOperation({
    name: 'home.exportChart',
    output: homeOutputs['home.exportChart'],
    title: '导出工作台图表数据',
    kind: 'query',
    permission: 'export',
    input: z.object({ chart: z.enum(CHARTS, { error: '请选择要导出的图表' }) }),
    scope: 'visibleBases',
    handler: ({ chart }, ctx) => ({ jobId: ctx.jobs.start(`导出${CHART_TITLES[chart]}`, (job) => exportChart(ctx, chart, job)) }),
  }),
] as const;
