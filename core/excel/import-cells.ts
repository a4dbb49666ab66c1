/**
 * What every import does the same way with a sheet's cells and its report: a cell as text (dates,
 * date serials, 身份证号 stored as numbers, formulas without a result), the first example of each
 * column for the mapping step, the file's SHA-256, and the workbook of refused rows and of the
 * preview. The registry import and the training-hours import both use these.
 */
import crypto from 'node:crypto';
import { isoFromExcelDate, normalizeDateText } from '../dates.ts';
import { invisibleCharacter, invisibleMessage, normalizeText } from '../schemas/common.ts';
import { FormulaWithoutResult } from './cell-values.ts';
import {
  describeRow,
  previewFields,
  type ImportChoices,
  type ImportColumn,
  type ImportPreview,
  type MappedColumn,
  PreviewCollector,
  type PreviewRow,
  type RowOutcome,
  type RowProblem,
} from './import-mapping.ts';
import type { JobHandle } from '../jobs.ts';
import { readFirstSheet, writeSheets } from './workbook.ts';

export const FORMULA_WITHOUT_RESULT = '该单元格是公式但没有计算结果：请在 Excel/WPS 中打开并保存后再导入';

/** Excel's day 0 (its 1900 leap-year bug included): serial 1 is 1900-01-01. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A cell as text; a cell that cannot be read is a problem (and ''). Text cells are returned as typed (see rowTexts). */
export function cellText(value: unknown, column: Pick<ImportColumn, 'field' | 'kind'>, heading: string, problems: RowProblem[]): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoFromExcelDate(value);
  if (value instanceof FormulaWithoutResult || (typeof value === 'object' && ('formula' in value || 'sharedFormula' in value) && !('result' in value))) {
    problems.push({ column: heading, reason: FORMULA_WITHOUT_RESULT });
    return '';
  }
  if (typeof value === 'number') {
    if (column.field === 'idNumber' && !Number.isSafeInteger(value)) {
      problems.push({ column: heading, reason: '身份证号被 Excel 存成了数字，末几位可能已丢失：请把该列设为“文本”后重新填写' });
      return '';
    }
    if (column.kind === 'date') {
      // A date typed as 20120701 is a number cell; a date cell without date format is Excel's day serial.
      if (value >= 1e7) return normalizeDateText(String(value));
      if (Number.isInteger(value) && value > 0 && value < 2958466) return new Date(EXCEL_EPOCH + value * 86_400_000).toISOString().slice(0, 10);
    }
    return String(value);
  }
  if (typeof value === 'object') {
    problems.push({ column: heading, reason: '无法读取该单元格的内容：请改为普通文本或数字' });
    return '';
  }
  const raw = String(value);
  if (column.kind === 'date') return normalizeDateText(raw);
  return column.kind === 'text' ? raw : raw.trim();
}

/**
 * A row's mapped cells as text by field: text columns normalised as the forms store them, and one
 * with an invisible character refused (it would make two names that look the same differ).
 */
export function rowTexts<F extends string>(
  values: unknown[],
  indexes: readonly (readonly [number, ImportColumn<F>])[],
  heading: (field: F) => string,
  problems: RowProblem[],
  into: Record<F, string>,
): Record<F, string> {
  for (const [index, column] of indexes) into[column.field] = cellText(values[index], column, heading(column.field), problems);
  for (const [, { field, kind }] of indexes) {
    if (kind !== 'text') continue;
    const code = invisibleCharacter(into[field]);
    if (code) {
      problems.push({ column: heading(field), reason: invisibleMessage(heading(field), code) });
      into[field] = '';
    } else into[field] = normalizeText(into[field]);
  }
  return into;
}

/** Reads the sheet to import, saying how far it got and letting the user cancel. */
export function readImportSheet(data: Buffer, job: JobHandle, isHeader: (cells: string[]) => boolean) {
  job.progress(0, 0, '正在读取工作簿…');
  return readFirstSheet(data, {
    onRows: async (n) => {
      job.progress(n, 0, `正在读取第 ${n.toLocaleString('zh-CN')} 行…`);
      await job.checkpoint();
    },
    isHeader,
  });
}

/** The first non-empty value of each column, as text, for the mapping step. */
export function examplesOf(headers: string[], rows: { values: unknown[] }[]): string[] {
  return headers.map((_h, i) => {
    for (const row of rows.slice(0, 50)) {
      const v = row.values[i];
      if (v === null || v === undefined || v === '') continue;
      if (v instanceof Date) return isoFromExcelDate(v);
      return typeof v === 'object' ? '（公式）' : String(v).slice(0, 40);
    }
    return '';
  });
}

export const sha256Of = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/** A row of the report: its preview line, and for a refused row its cells as they were. */
export interface ReportRow {
  row: PreviewRow;
  values?: unknown[];
}

/**
 * Whether a commit writes nothing: a row was refused and the user did not ask for only the rows without errors
 * (只导入无错误的行). The one owner of that rule for the imports that offer the choice.
 */
export function commitBlocked(checks: readonly { row: PreviewRow }[], options: { onlyValidRows: boolean }): boolean {
  return !options.onlyValidRows && checks.some((c) => c.row.outcome === 'refused');
}

const CHECKING = '正在校验第';

/** Reports a check's progress after a batch: `checked` of `total` rows (the registry and training-hours imports). */
export function reportChecked(job: JobHandle, checked: number, total: number): void {
  job.progress(checked, total, `${CHECKING} ${checked.toLocaleString('zh-CN')} / ${total.toLocaleString('zh-CN')} 行`);
}

/** Whether a job's phase is a check's progress (reportChecked): tests follow a check batch by batch. */
export const isCheckingPhase = (phase: string): boolean => phase.startsWith(CHECKING);

/** The preview's tallies and the report of checked rows: every row, a refused one with its cells as they were. */
export function collectCheckedRows(checks: Iterable<{ row: PreviewRow; values: unknown[] }>): { collector: PreviewCollector; report: ReportRow[] } {
  const collector = new PreviewCollector();
  const report: ReportRow[] = [];
  for (const c of checks) {
    collector.add(c.row);
    report.push(c.row.outcome === 'refused' ? { row: c.row, values: c.values } : { row: c.row });
  }
  return { collector, report };
}

const OUTCOME_LABELS: Record<RowOutcome, string> = { created: '新增', updated: '更新', unchanged: '无变化', refused: '不能导入', skipped: '跳过' };

/**
 * Two sheets: the refused rows as they were, with 原行号 and 错误原因 (every reason) added, so they
 * can be fixed and imported again (the first sheet is what an import reads); then, when detailed
 * (a preview), every row with its outcome and what it says.
 */
/** A report's rows a thousand at a time, each made when the writer asks for it (the writer yields between slices). */
function* inBatches<T>(items: readonly T[], cells: (item: T) => unknown[]): Generator<unknown[][]> {
  for (let start = 0; start < items.length; start += 1000) yield items.slice(start, start + 1000).map(cells);
}

export async function reportWorkbook(headers: string[], report: ReportRow[], detailed: boolean): Promise<Buffer> {
  const refused = report.filter((r) => r.row.outcome === 'refused');
  const sheets = [
    {
      name: '未通过的行',
      columns: [
        { header: '原行号', kind: 'number' as const, width: 8 },
        ...headers.map((h) => ({ header: h, kind: 'code' as const })),
        { header: '错误原因', kind: 'text' as const, width: 60 },
      ],
      rows: inBatches(refused, (r) => [r.row.rowNumber, ...headers.map((_h, i) => cellForReport(r.values?.[i])), describeRow(r.row)]),
    },
    {
      name: '预览明细',
      columns: [
        { header: '原行号', kind: 'number' as const, width: 8 },
        { header: '结果', kind: 'text' as const, width: 10 },
        { header: '人员', kind: 'text' as const, width: 30 },
        { header: '说明', kind: 'text' as const, width: 80 },
      ],
      rows: inBatches(report, (r) => [r.row.rowNumber, OUTCOME_LABELS[r.row.outcome], r.row.label, describeRow(r.row)]),
    },
  ];
  return writeSheets(detailed ? sheets : sheets.slice(0, 1));
}

/**
 * An import's result in the shared shape, and its workbook: a preview's lists every row, a commit's
 * only the refused ones (writing 50,000 rows of detail would cost the import a second or more, for
 * what the preview already showed), and a commit without refused rows has none.
 */
export async function importResult<F extends string, O extends ImportChoices>(r: {
  mode: 'preview' | 'commit';
  headers: string[];
  rowCount: number;
  columns: readonly ImportColumn<F>[];
  mapped: MappedColumn<F>[];
  collector: PreviewCollector;
  report: ReportRow[];
  options: O;
  fileNames: { preview: string; refused: string };
}): Promise<{ preview: ImportPreview<F, O>; file?: { fileName: string; data: Buffer } }> {
  const detailed = r.mode === 'preview';
  const reportFile = detailed || r.collector.counts.refused > 0;
  return {
    preview: {
      mode: r.mode,
      rows: r.rowCount,
      counts: r.collector.counts,
      columns: r.mapped,
      fields: previewFields(r.columns),
      samples: r.collector.samples,
      flagged: r.collector.flagged,
      options: r.options,
      reportFile,
    },
    ...(reportFile
      ? { file: { fileName: detailed ? r.fileNames.preview : r.fileNames.refused, data: await reportWorkbook(r.headers, r.report, detailed) } }
      : {}),
  };
}

/** A cell of the report as it was read: dates stay dates (the writer gives any Date a date format); a formula without a result shows as its formula. */
function cellForReport(v: unknown): unknown {
  if (v instanceof FormulaWithoutResult) return `=${v.formula}`;
  if (v instanceof Date) return v;
  if (v !== null && typeof v === 'object') return (v as { formula?: string }).formula ? `=${(v as { formula: string }).formula}` : '';
  return v;
}
