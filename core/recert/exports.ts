/** The re-certification's .xlsx exports, each run as a job: a cycle's results, and this year's outstanding list. */
import type { z } from 'zod';
import type { Context } from '../contract.ts';
import { invalid } from '../errors.ts';
import type { outstandingList, reviewList } from '../schemas/recert.ts';
import * as repo from '../../db/repos/recert.ts';
import { streamedExport } from '../excel/streamed-export.ts';
import { requireCycle, rulesOf } from './cycle-rules.ts';
import { rulesAskSupervision } from '../compliance/supervision-check.ts';
import { OUTSTANDING_COLUMNS, outstandingCells, recertResultCells, recertResultColumns } from './export-columns.ts';
import { outstanding } from './queries.ts';

type ResultsFilter = Omit<z.output<typeof reviewList>, 'page' | 'pageSize' | 'sortField' | 'sortDir'>;

export function exportResults(ctx: Context, filter: ResultsFilter): { jobId: string } {
  const cycle = requireCycle(ctx, filter.cycleId);
  if (cycle.status === 'draft') throw invalid('草稿尚无审核结果；请先开启');
  const supervision = rulesAskSupervision(rulesOf(ctx, cycle).rules);
  return {
    jobId: ctx.jobs.start('导出再审核结果', (job) =>
      streamedExport(
        ctx,
        {
          sheet: `${cycle.year}年度再审核`,
          fileName: `${cycle.year}年度督导资质再审核结果.xlsx`,
          columns: recertResultColumns(supervision),
          read: (db) => ({ total: repo.countReviews(db, filter), rows: repo.iterateReviews(db, filter) }),
          cells: recertResultCells(ctx.clock.timeZone(), supervision),
        },
        job,
      ),
    ),
  };
}

export function exportOutstanding(ctx: Context, q: z.output<typeof outstandingList>): { jobId: string } {
  const rows = outstanding(ctx, q);
  return {
    jobId: ctx.jobs.start('导出待完成督导', (job) =>
      streamedExport(
        ctx,
        {
          sheet: `${q.year}年待完成`,
          fileName: `${q.year}年度督导待完成事项.xlsx`,
          columns: OUTSTANDING_COLUMNS,
          read: () => ({ total: rows.length, rows }),
          cells: outstandingCells,
        },
        job,
      ),
    ),
  };
}
