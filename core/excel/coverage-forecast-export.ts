/** The coverage forecast as shown (horizon, what-ifs, search and filters) to .xlsx, through the streaming export. */
import type { Context } from '../contract.ts';
import type { JobHandle } from '../jobs.ts';
import type { coverageForecast } from '../supervision/coverage-forecast-view.ts';
import { streamedExport } from './streamed-export.ts';
import { forecastCells, forecastColumns, forecastSheetRows } from './coverage-forecast-columns.ts';

/** `forecast` is computed when the export is asked for (a refused what-if is refused then, not in the job). */
export function exportCoverageForecast(ctx: Context, { rows, summary }: ReturnType<typeof coverageForecast>, job: JobHandle) {
  const months = summary.days.length - 1;
  const levels = summary.levels.length;
  const suffix = summary.whatIf ? '_含假设' : '';
  return streamedExport(
    ctx,
    {
      sheet: `未来${months}个月`,
      columns: forecastColumns(summary),
      fileName: `镇区覆盖预测_${months}个月${suffix}_${summary.today}.xlsx`,
      read: () => ({ total: rows.length * (levels + 1), rows: forecastSheetRows(rows, levels) }),
      cells: forecastCells(summary),
      mask: (row) => row, // names of supervisors and towns only: nothing masked
    },
    job,
  );
}
