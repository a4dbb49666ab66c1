/**
 * Every list export goes through here: a read-only connection (a consistent snapshot; writers are
 * never held up), rows read one at a time or a page at a time, masked for roles that may not see
 * 身份证号 and phone numbers in full, and written by the streaming writer with progress and
 * cancellation (further sheets past Excel's row limit).
 */
import type { Db } from '../../db/engine/types.ts';
import type { Context } from '../contract.ts';
import type { JobHandle } from '../jobs.ts';
import { openSameData } from '../../db/open.ts';
import { maskOutput, seesPii } from '../pii.ts';
import { writeSheetsToFile, type ColumnSpec } from './workbook.ts';

/** Rows a page of a paged list reads at a time. */
const BATCH = 10_000;
/** Rows made into cells at a time before the writer takes them (and yields between its ~10 ms slices). */
const WRITE_BATCH = 500;

export interface StreamedExport<Row> {
  sheet: string;
  columns: ColumnSpec[];
  fileName: string;
  /** How many rows, and the rows themselves (a generator: never all in memory). */
  read(db: Db): { total: number; rows: Iterable<Row> };
  cells(row: Row): unknown[];
  /** How a row is masked for roles without `pii.read` (core/pii.ts); default: by its declared output fields. */
  mask?: (row: Row) => Row;
}

/** A paged list's rows, every page one after another, with its total: what an export of the list reads. */
export function pagedRows<Row>(page: (page: number, pageSize: number) => { rows: Row[]; total: number }): { total: number; rows: Iterable<Row> } {
  const total = page(0, 1).total;
  return { total, rows: allPages(page, total) };
}

function* allPages<Row>(page: (page: number, pageSize: number) => { rows: Row[] }, total: number): Generator<Row> {
  for (let p = 0; p * BATCH < total; p++) yield* page(p, BATCH).rows;
}

export async function streamedExport<Row>(ctx: Context, spec: StreamedExport<Row>, job: JobHandle) {
  const db = openSameData(ctx, { readonly: true });
  try {
    db.exec('BEGIN');
    const { total, rows } = spec.read(db);
    job.progress(0, total, '正在导出…');
    const masked = !seesPii(ctx.actor);
    const mask = spec.mask ?? maskOutput;
    async function* batches() {
      let batch: unknown[][] = [];
      for (const row of rows) {
        batch.push(spec.cells(masked ? mask(row) : row));
        if (batch.length === WRITE_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    }
    const file = ctx.jobs.tempFile();
    await writeSheetsToFile(file, [{ name: spec.sheet, columns: spec.columns, rows: batches() }], async (written) => {
      job.progress(written, total, `已写出 ${written.toLocaleString('zh-CN')} / ${total.toLocaleString('zh-CN')} 行`);
      await job.checkpoint();
    });
    db.exec('COMMIT');
    return { result: { rows: total, fileName: spec.fileName }, file: { fileName: spec.fileName, path: file } };
  } finally {
    db.close();
  }
}
