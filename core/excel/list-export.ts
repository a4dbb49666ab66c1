/** A list exported as it is shown: its own paged query read page after page, one row a line. */
import type { Db } from '../../db/engine/types.ts';
import type { Context } from '../contract.ts';
import type { JobHandle } from '../jobs.ts';
import type { ColumnSpec } from './workbook.ts';
import { pagedRows, streamedExport } from './streamed-export.ts';

export interface ListExport<Row> {
  sheet: string;
  columns: ColumnSpec[];
  page(db: Db, page: number, pageSize: number): { rows: Row[]; total: number };
  cells(row: Row): unknown[];
}

export function exportList<Row>(ctx: Context, spec: ListExport<Row>, job: JobHandle, fileName: string) {
  return streamedExport(
    ctx,
    {
      sheet: spec.sheet,
      columns: spec.columns,
      fileName,
      read: (db) => pagedRows((page, pageSize) => spec.page(db, page, pageSize)),
      cells: spec.cells,
    },
    job,
  );
}
