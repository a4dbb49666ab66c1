/** A 工作台 chart's data as .xlsx: the table its 「表格」 view shows, with the export conventions of every list (core/excel). */
import type { Context } from '../contract.ts';
import type { JobHandle } from '../jobs.ts';
import type { ColumnSpec } from '../excel/workbook.ts';
import { streamedExport } from '../excel/streamed-export.ts';
import { homeCharts, type ChartKey, type HomeCharts } from './charts.ts';

export const CHART_TITLES: Record<ChartKey, string> = {
  hoursByMonth: '每月记入学时',
  sessionsByBase: '各基地班期与培训人次',
  supervisorsByLevel: '各等级督导人数',
  recertOutcomes: '历年再审核结果',
  coverage: '镇区定额达标情况',
};

const number = (header: string): ColumnSpec => ({ header, kind: 'number' });
const text = (header: string): ColumnSpec => ({ header, kind: 'text' });

/** The chart's table: its columns and rows, as the export writes them. */
export function chartTable(charts: HomeCharts, chart: ChartKey): { columns: ColumnSpec[]; rows: unknown[][] } {
  switch (chart) {
    case 'hoursByMonth': {
      const { year, rows } = charts.hoursByMonth;
      return { columns: [text('月份'), number(`${year - 1}年学时`), number(`${year}年学时`)], rows: rows.map((r) => [`${r.month}月`, r.lastYear, r.thisYear]) };
    }
    case 'sessionsByBase': {
      const { year, rows } = charts.sessionsByBase;
      return {
        columns: [text('实训基地'), number(`${year}年班期数`), number(`${year}年培训人次`)],
        rows: rows.map((r) => [r.baseName, r.sessions, r.trainees]),
      };
    }
    case 'supervisorsByLevel': {
      const { levels, rows } = charts.supervisorsByLevel;
      return {
        columns: [text('年份'), { header: '统计日', kind: 'date' }, ...levels.map((l) => number(l.levelName))],
        rows: rows.map((r) => [`${r.year}年`, r.asOf, ...r.counts]),
      };
    }
    case 'recertOutcomes':
      return {
        columns: [text('认证年度'), number('通过'), number('有条件通过'), number('不通过')],
        rows: charts.recertOutcomes.rows.map((r) => [`${r.year}年`, r.pass, r.conditional, r.fail]),
      };
    case 'coverage':
      return {
        columns: [text('县区'), number('达到定额的镇街'), number('低于定额的镇街')],
        rows: charts.coverage.rows.map((r) => [r.district, r.atQuota, r.belowQuota]),
      };
  }
}

/** The table is taken when the export is asked for (from the figures the 工作台 shows, kept in memory), then written as a job. */
export function exportChart(ctx: Context, chart: ChartKey, job: JobHandle) {
  const title = CHART_TITLES[chart];
  const table = chartTable(homeCharts(ctx), chart);
  return streamedExport(
    ctx,
    {
      sheet: title,
      columns: table.columns,
      fileName: `工作台_${title}_${ctx.clock.today()}.xlsx`,
      read: () => ({ total: table.rows.length, rows: table.rows }),
      cells: (row) => row,
      mask: (row) => row, // counts and the names of bases and districts: nothing personal
    },
    job,
  );
}
