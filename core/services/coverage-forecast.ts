import { defineOperation } from '../contract.ts';
import { forecastList, forecastQuery } from '../schemas/coverage-forecast.ts';
import { coverageForecast } from '../supervision/coverage-forecast-view.ts';
import { coverageForecastOutputs } from '../outputs/coverage-forecast.ts';
import { exportCoverageForecast } from '../excel/coverage-forecast-export.ts';

/** 镇区覆盖 › 未来 12/24/36 个月: the forecast with what-ifs (nothing saved) and its export. */
export const coverageForecastOperations = [
  defineOperation({
    name: 'coverage.forecast',
    output: coverageForecastOutputs['coverage.forecast'],
    title: '查询镇区覆盖预测',
    kind: 'query',
    permission: 'registry.read',
    input: forecastList,
    handler: ({ page, pageSize, ...query }, ctx) => {
      const { rows, summary } = coverageForecast(ctx, query);
      return { rows: rows.slice(page * pageSize, (page + 1) * pageSize), total: rows.length, summary };
    },
  }),
  defineOperation({
    name: 'coverage.forecastExport',
    output: coverageForecastOutputs['coverage.forecastExport'],
    title: '导出镇区覆盖预测',
    kind: 'query',
    permission: 'export',
    input: forecastQuery,
    handler: (query, ctx) => {
      const forecast = coverageForecast(ctx, query);
      return { jobId: ctx.jobs.start('导出镇区覆盖预测', (job) => exportCoverageForecast(ctx, forecast, job)) };
    },
  }),
] as const;
