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
import { FormulaWithoutResult } from './cell-values.ts';
import { readFirstWorksheet } from './xlsx-reader.ts';

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
  if (data.length < 4 || data[0] !== 0x50 || data[1] !== 0x4b) throw new AppError('VALIDATION', '文件不是 Excel 工作簿（.xlsx）：请在 Excel 或 WPS 中“另存为 .xlsx”后再导入', 'file');
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
        if (onRows && rows.length % 500 === 0) await onRows(rows.length).catch((error: unknown) => Promise.reject(new CallerError('caller failed', { cause: error })));
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

/** Width of text in Excel's character units, counting CJK characters as two. */
export function textWidth(text: string): number {
  let width = 0;
  for (const c of text) width += /[\u2e80-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1;
  return width;
}

/** Cells are written as text, never formulas; text that would start one when retyped or saved as CSV gets a leading quote. */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export interface ColumnSpec {
  header: string;
  kind: 'text' | 'date' | 'number' | 'code';
  width?: number;
}

const MAX_ROWS_PER_SHEET = 1_048_575; // 1,048,576 rows less the header

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

async function writeSheetsTo(output: Writable, sheets: Iterable<SheetSpec>, onProgress?: (written: number) => Promise<void>): Promise<void> {
  const finished = new Promise<void>((resolve, reject) => {
    output.on('finish', resolve);
    output.on('error', reject);
  });
  finished.catch(() => {}); // when rows fail or are cancelled, the stream's own late error is expected and not awaited
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  let written = 0;
  for (const spec of sheets) {
    const { columns } = spec;
    const widths = columns.map((c) => c.width ?? Math.max(8, textWidth(c.header) + 2));
    let sheet: ExcelJS.Worksheet | null = null;
    let sheetIndex = 0;
    let inSheet = 0;
    const newSheet = () => {
      sheet?.commit();
      sheetIndex++;
      sheet = workbook.addWorksheet(sheetIndex === 1 ? spec.name : `${spec.name}（${sheetIndex}）`, { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: widths[i], style: c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : c.kind === 'code' ? { numFmt: '@' } : {} }));
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).commit();
      inSheet = 0;
    };
    newSheet();
    for await (const batch of spec.rows) {
      for (const values of batch) {
        if (inSheet === MAX_ROWS_PER_SHEET) newSheet();
        const row = sheet!.addRow(values.map((v, i) => toCell(v, columns[i]!)));
        row.commit();
        inSheet++;
        written++;
        if (written % 100 === 0) await zipCaughtUp(sheet!);
      }
      if (onProgress) await onProgress(written);
    }
    sheet!.commit();
  }
  await workbook.commit();
  await finished;
}

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

function toCell(value: unknown, column: ColumnSpec): unknown {
  if (value === null || value === undefined || value === '') return null;
  if (column.kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Date(`${value}T00:00:00Z`);
  }
  if (column.kind === 'number' && typeof value === 'number') return value;
  return safeText(String(value));
}

/** Template: headers, an example row and a 说明 sheet (small: written in one go). */
export async function templateWorkbook(sheetName: string, columns: (ColumnSpec & { required: boolean; note: string; example: string })[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.required ? `${c.header}` : c.header, width: Math.max(textWidth(c.header), textWidth(c.example)) + 4, style: c.kind === 'code' ? { numFmt: '@' } : c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : {} }));
  sheet.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    if (c.required) sheet.getRow(1).getCell(i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
  });
  sheet.addRow(columns.map((c) => (c.kind === 'date' && c.example ? new Date(`${c.example}T00:00:00Z`) : c.example || null)));
  const notes = workbook.addWorksheet('说明');
  notes.columns = [
    { header: '列名', width: 16 },
    { header: '必填', width: 6 },
    { header: '说明', width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of columns) notes.addRow([c.header, c.required ? '是' : '', c.note]);
  notes.addRow([]);
  notes.addRow(['', '', '第一个工作表的第一行是列名（红色为必填），从第二行起每行一人；示例行可直接覆盖或删除。按身份证号匹配：已存在的人员会被更新，不存在的会新增。']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
