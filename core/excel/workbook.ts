/**
 * Reading .xlsx with our exact reader (xlsx-reader.ts) and writing it with ExcelJS's streaming
 * writer (constant memory for large files), with the conventions Chinese office users expect: Chinese headers, widths that fit
 * Chinese text, frozen header row, auto-filter, real dates, 身份证号 as text, and no formula ever
 * started by user text.
 */
import fs from 'node:fs';
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../errors.ts';
import { timeSlicer } from '../jobs.ts';
import { FormulaWithoutResult } from './cell-values.ts';
import { readFirstWorksheet } from './xlsx-reader.ts';
import './exceljs-patches.ts';

export interface SheetRow {
  /** 1-based row number as Excel shows it. */
  rowNumber: number;
  values: unknown[];
}

export interface ReadOptions {
  /** Hears the count of data rows every 500 rows; what it throws (e.g. a cancelled job) passes through as it is. */
  onRows?: (count: number) => Promise<void>;
  /**
   * Recognises the header row. Sheets kept by hand often start with a title ("2026年督导名册") or a
   * note above the headers: the first of the first HEADER_SEARCH_ROWS non-empty rows it accepts is
   * the header row and the rows above it are skipped. None accepted: the first non-empty row.
   */
  isHeader?: (cells: string[]) => boolean;
}

const HEADER_SEARCH_ROWS = 10;

/**
 * Reads the first worksheet (in the workbook's tab order) with our exact reader: its header row
 * and the data rows below it (blank rows skipped). Cells come as text, numbers, booleans, Dates
 * (numbers in a date format, midnight UTC for whole days), null (empty or an error), or a
 * FormulaWithoutResult for a formula saved without its value. A file that is not an .xlsx,
 * cannot be read or is empty is refused with an AppError saying so.
 */
export async function readFirstSheet(data: Buffer, { onRows, isHeader }: ReadOptions = {}): Promise<{ headers: string[]; rows: SheetRow[] }> {
  if (data.length < 4 || data[0] !== 0x50 || data[1] !== 0x4b)
    throw new AppError('VALIDATION', '文件不是 Excel 工作簿（.xlsx）：请在 Excel 或 WPS 中“另存为 .xlsx”后再导入', 'file');
  let headers: string[] | null = null;
  // Rows seen while looking for the header row; if none is recognised, the first is taken after all.
  const candidates: SheetRow[] = [];
  const rows: SheetRow[] = [];
  const asHeaders = (values: unknown[]) => values.map((v) => (v === null || v === undefined ? '' : v instanceof FormulaWithoutResult ? '' : String(v).trim()));
  const settleOnFirstCandidate = () => {
    headers = asHeaders(candidates.shift()!.values);
    rows.push(...candidates.splice(0));
  };
  try {
    for await (const { rowNumber, values } of readFirstWorksheet(data)) {
      if (values.every((v) => v === null || v === '')) continue;
      if (headers) {
        rows.push({ rowNumber, values });
        if (onRows && rows.length % 500 === 0)
          await onRows(rows.length).catch((error: unknown) => Promise.reject(new CallerError('caller failed', { cause: error })));
      } else if (!isHeader || isHeader(asHeaders(values))) {
        headers = asHeaders(values);
        candidates.length = 0;
      } else {
        candidates.push({ rowNumber, values });
        if (candidates.length === HEADER_SEARCH_ROWS) settleOnFirstCandidate();
      }
    }
  } catch (error) {
    if (error instanceof CallerError) throw error.cause;
    throw new AppError('VALIDATION', '无法读取该文件：它可能已损坏，或不是 .xlsx 格式', 'file');
  }
  if (!headers && candidates.length) settleOnFirstCandidate();
  if (!headers) throw new AppError('VALIDATION', '工作簿是空的：第一个工作表没有任何内容', 'file');
  return { headers, rows };
}

/** Carries what readFirstSheet's caller threw through the reader's own error handling. */
class CallerError extends Error {}

/** Characters Excel shows twice as wide: CJK (with its extensions on the astral planes), Hangul, full-width forms, emoji. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;

/** Width of text in Excel's character units, counting CJK and full-width characters as two; of a multi-line text, its longest line. */
export function textWidth(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) {
    let width = 0;
    for (const c of line) width += WIDE.test(c) ? 2 : 1;
    widest = Math.max(widest, width);
  }
  return widest;
}

/**
 * Text that a spreadsheet would take for a formula when it is retyped or saved as CSV. Such cells
 * are still written as plain text, exactly as they are (nothing is added to the value), with the
 * cell format's quotePrefix, Excel's own mark for "text, not a formula".
 */
export function startsLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

export interface ColumnSpec {
  header: string;
  kind: 'text' | 'date' | 'number' | 'code';
  /** The narrowest the column may be; it widens to fit its content. */
  width?: number;
}

const MAX_ROWS_PER_SHEET = 1_048_575; // 1,048,576 rows less the header
/** Rows read ahead to size the columns of a streamed sheet. */
const WIDTH_SAMPLE_ROWS = 1000;
const MAX_WIDTH = 60;
const DATE_FORMAT = 'yyyy-mm-dd';
const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';

export interface SheetSpec {
  name: string;
  columns: ColumnSpec[];
  /** Batches of rows; read only when the sheet's turn comes. */
  rows: AsyncIterable<unknown[][]> | Iterable<unknown[][]>;
}

/**
 * Writes rows with the streaming writer. When rows exceed one sheet, they continue on a further sheet
 * with the same headers.
 */
export async function writeWorkbook(
  sheetName: string,
  columns: ColumnSpec[],
  rows: AsyncIterable<unknown[][]>,
  onProgress?: (written: number) => Promise<void>,
): Promise<Buffer> {
  return writeSheets([{ name: sheetName, columns, rows }], onProgress);
}

/**
 * Several sheets, one after another, with the streaming writer: each with Chinese headers in bold,
 * widths that fit Chinese text, a frozen header row and an auto-filter; dates as dates, codes as text.
 * `onProgress` hears the rows written so far, across sheets. Small workbooks: the bytes in memory.
 */
export async function writeSheets(sheets: Iterable<SheetSpec>, onProgress?: (written: number) => Promise<void>): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => output.on('end', () => resolve()));
  await writeSheetsTo(output, sheets, onProgress);
  await ended;
  return Buffer.concat(chunks);
}

/** The same, written to a file as it goes: a large export never holds its bytes in memory. */
export async function writeSheetsToFile(file: string, sheets: Iterable<SheetSpec>, onProgress?: (written: number) => Promise<void>): Promise<void> {
  const output = fs.createWriteStream(file);
  const closed = new Promise<void>((resolve) => output.on('close', () => resolve()));
  try {
    await writeSheetsTo(output, sheets, onProgress);
  } catch (error) {
    output.destroy();
    await closed;
    fs.rmSync(file, { force: true }); // a cancelled or failed export leaves nothing behind
    throw error;
  }
  await closed;
}

/**
 * How every sheet prints: landscape, as wide as one page (as many pages down as it takes), the
 * header row on every page, the sheet's title above and 第 n 页 / 共 m 页 below.
 */
export function printSetup(title: string): Pick<Partial<ExcelJS.AddWorksheetOptions>, 'pageSetup' | 'headerFooter'> {
  return {
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1', paperSize: 9 },
    // In a header, & starts a code: a literal one is doubled.
    headerFooter: { oddHeader: `&C${title.replace(/&/g, '&&')}`, oddFooter: '&C第 &P 页 / 共 &N 页' },
  };
}

/** Column widths from the header and the sampled rows: at least the header's (and the column's own minimum), at most 60. */
export function columnWidths(columns: ColumnSpec[], sample: readonly unknown[][]): number[] {
  return columns.map((c, i) => {
    let widest = textWidth(c.header);
    if (c.kind === 'code') widest = Math.max(widest, c.header.includes('身份证') ? 18 : 0);
    for (const row of sample) {
      const v = row[i];
      if (v === null || v === undefined || v === '') continue;
      const shown =
        v instanceof Date || (c.kind === 'date' && typeof v === 'string') ? (v instanceof Date && v.getTime() % 86_400_000 ? 16 : 10) : textWidth(cellText(v));
      if (shown > widest) widest = shown;
    }
    return Math.max(c.width ?? 0, Math.min(MAX_WIDTH, Math.max(8, widest + 2)));
  });
}

async function writeSheetsTo(output: Writable, sheets: Iterable<SheetSpec>, onProgress?: (written: number) => Promise<void>): Promise<void> {
  const finished = new Promise<void>((resolve, reject) => {
    output.on('finish', resolve);
    output.on('error', reject);
  });
  finished.catch(() => {}); // when rows fail or are cancelled, the stream's own late error is expected and not awaited
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  let written = 0;
  // Rows are written (and read, when they come from a query) in slices of ~10 ms: requests are answered in between.
  const breathe = timeSlicer();
  for (const spec of sheets) {
    const { columns } = spec;
    // The first rows are read ahead to size the columns (a streamed sheet's widths precede its rows).
    const batches = (spec.rows as AsyncIterable<unknown[][]>)[Symbol.asyncIterator]?.() ?? toAsync((spec.rows as Iterable<unknown[][]>)[Symbol.iterator]());
    const ahead: unknown[][][] = [];
    let sampled = 0;
    while (sampled < WIDTH_SAMPLE_ROWS) {
      const next = await batches.next();
      if (next.done) break;
      ahead.push(next.value);
      sampled += next.value.length;
    }
    const widths = columnWidths(columns, ahead.flat().slice(0, WIDTH_SAMPLE_ROWS));
    const cells = columns.map((c) => cellWriter(c));
    let sheet: ExcelJS.Worksheet | null = null;
    let sheetIndex = 0;
    let inSheet = 0;
    const newSheet = () => {
      sheet?.commit();
      sheetIndex++;
      const name = sheetIndex === 1 ? spec.name : `${spec.name}（${sheetIndex}）`;
      sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }], ...printSetup(name) });
      sheet.columns = columns.map((c, i) => ({ key: String(i), width: widths[i], style: cells[i]!.columnStyle }));
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
      const header = sheet.getRow(1);
      columns.forEach((c, i) => {
        const cell = header.getCell(i + 1);
        cell.value = c.header;
        cell.style = startsLikeFormula(c.header) ? HEADER_QUOTED_STYLE : HEADER_STYLE;
      });
      header.commit();
      inSheet = 0;
    };
    newSheet();
    const writeBatch = async (batch: unknown[][]) => {
      for (const values of batch) {
        if (inSheet === MAX_ROWS_PER_SHEET) newSheet();
        // Every cell gets one of its column's style objects: ExcelJS gives each new cell a copy of
        // the column's style, which its styles writer would have to look up anew (a third of the time).
        const row = sheet!.addRow(columns.map((_c, i) => cells[i]!.value(values[i])));
        for (let i = 0; i < columns.length; i++) {
          const cell = row.getCell(i + 1);
          cell.style = cells[i]!.style(cell.value);
        }
        row.commit();
        inSheet++;
        written++;
        if (written % 100 === 0) await zipCaughtUp(sheet!);
        if (written % 50 === 0) await breathe();
      }
      if (onProgress) await onProgress(written);
    };
    for (const batch of ahead) await writeBatch(batch);
    ahead.length = 0;
    for (let next = await batches.next(); !next.done; next = await batches.next()) await writeBatch(next.value);
    sheet!.commit();
  }
  await workbook.commit();
  await finished;
}

async function* toAsync<T>(iterator: Iterator<T>): AsyncGenerator<T> {
  for (let next = iterator.next(); !next.done; next = iterator.next()) yield next.value;
}

const HEADER_STYLE: Partial<ExcelJS.Style> = { font: { bold: true } };
const HEADER_QUOTED_STYLE = { font: { bold: true }, quotePrefix: true } as Partial<ExcelJS.Style>;

const ZIP_BACKLOG_LIMIT = 1 << 20;

/**
 * ExcelJS 4.4 hands a sheet's XML to the zip through a stream whose backlog it never checks, and
 * the compressor moves on by one chunk per event-loop turn: a writer that does not wait keeps the
 * whole uncompressed sheet in memory (~0.4 KB a row; 700 MB for a million rows). So wait while the
 * backlog is over 1 MB. Reads ExcelJS internals: if they change, this waits for nothing and
 * `npm run bench` shows the memory again.
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet): Promise<void> {
  const pipe = (sheet as unknown as { stream?: { pipes?: { _writableState?: { length: number } }[] } }).stream?.pipes?.[0];
  while ((pipe?._writableState?.length ?? 0) > ZIP_BACKLOG_LIMIT) await new Promise((resolve) => setImmediate(resolve));
}

/** A cell's value as text when it is written as text (a formula saved without its result shows its formula). */
function cellText(value: unknown): string {
  if (value instanceof FormulaWithoutResult) return `=${value.formula}`;
  return String(value);
}

/**
 * How one column's cells are written, with style objects made once per column (ExcelJS remembers
 * a style object it has seen, so a shared object costs nothing per cell): dates as dates (ISO
 * text in a date column, or any Date), numbers in a number column as numbers, everything else as
 * text exactly as it is, with quotePrefix when it starts like a formula.
 */
function cellWriter(column: ColumnSpec): { columnStyle: Partial<ExcelJS.Style>; value(value: unknown): unknown; style(cell: unknown): Partial<ExcelJS.Style> } {
  const columnStyle: Partial<ExcelJS.Style> = column.kind === 'date' ? { numFmt: DATE_FORMAT } : column.kind === 'code' ? { numFmt: '@' } : {};
  const quoted = { ...columnStyle, quotePrefix: true } as Partial<ExcelJS.Style>;
  const date: Partial<ExcelJS.Style> = { numFmt: DATE_FORMAT };
  const dateTime: Partial<ExcelJS.Style> = { numFmt: DATE_TIME_FORMAT };
  return {
    columnStyle,
    value(value) {
      if (value === null || value === undefined || value === '') return null;
      if (value instanceof Date) return value;
      if (column.kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
      if (column.kind === 'number' && typeof value === 'number') return value;
      return cellText(value);
    },
    style(cell) {
      if (typeof cell === 'string') return startsLikeFormula(cell) ? quoted : columnStyle;
      // A Date outside a date column (e.g. a refused row's cell) gets a date format of its own.
      if (cell instanceof Date) return cell.getTime() % 86_400_000 ? dateTime : column.kind === 'date' ? columnStyle : date;
      return columnStyle;
    },
  };
}

/** Template: headers, an example row and a 说明 sheet (small: written in one go). */
export async function templateWorkbook(
  sheetName: string,
  columns: (ColumnSpec & { required: boolean; note: string; example: string })[],
  footnote = '第一个工作表的第一行是列名（红色为必填），从第二行起每行一人；示例行可直接覆盖或删除。按身份证号匹配：已存在的人员会被更新，不存在的会新增。',
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }], ...printSetup(sheetName) });
  const widths = columnWidths(columns, [columns.map((c) => c.example)]);
  sheet.columns = columns.map((c, i) => ({
    header: c.header,
    width: widths[i],
    style: c.kind === 'code' ? { numFmt: '@' } : c.kind === 'date' ? { numFmt: DATE_FORMAT } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    if (c.required) sheet.getRow(1).getCell(i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
  });
  sheet.addRow(
    columns.map((c) =>
      c.kind === 'date' && c.example ? new Date(`${c.example}T00:00:00Z`) : c.kind === 'number' && c.example ? Number(c.example) : c.example || null,
    ),
  );
  const notes = workbook.addWorksheet('说明', printSetup('导入说明'));
  const noteRows = columns.map((c) => [c.header, c.required ? '是' : '', c.note]);
  const noteWidths = columnWidths(
    [
      { header: '列名', kind: 'text' },
      { header: '必填', kind: 'text' },
      { header: '说明', kind: 'text' },
    ],
    noteRows,
  );
  notes.columns = [
    { header: '列名', width: noteWidths[0] },
    { header: '必填', width: noteWidths[1] },
    { header: '说明', width: Math.max(noteWidths[2]!, 60) },
  ];
  notes.getRow(1).font = { bold: true };
  for (const row of noteRows) notes.addRow(row);
  notes.addRow([]);
  notes.addRow(['', '', footnote]);
  notes.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
