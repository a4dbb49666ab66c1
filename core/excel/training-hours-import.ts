/**
 * 培训学时导入: historical training hours an association kept in Excel, one training per row, for
 * people already in the registry. A preview says for every row whether it is new, already there
 * (same person, date, category, hours and provider: importing a file twice never doubles the
 * hours) or refused, with all its reasons at once. The commit checks again and writes in one
 * transaction, all or nothing: a refused row stops the whole import unless the user chose to import
 * only the valid rows. Imported rows are external training verified at import (staff enter them
 * from the association's own records), so they count like verified external training; each points
 * at the import, which keeps the file's name and SHA-256.
 */
import crypto from 'node:crypto';
import type { Context } from '../contract.ts';
import { AppError, conflict } from '../errors.ts';
import { normalizeDateText, isoFromExcelDate } from '../dates.ts';
import { normalizeIdNumber } from '../idcard.ts';
import type { JobHandle } from '../jobs.ts';
import { halfHours, isoDate } from '../schemas/common.ts';
import { refreshOpenReviews } from '../compliance/cycle.ts';
import { beginBulkInsertAudit, IMPORT_FILE, IMPORT_FILE_SHA256, withAuditContext } from '../../db/audit.ts';
import { courseCategories } from '../../db/repos/bases.ts';
import { peopleByIdNumbers } from '../../db/repos/people.ts';
import { insertRecord } from '../../db/repos/training-records.ts';
import { importsOfFile, insertImport, sameTraining } from '../../db/repos/training-imports.ts';
import { matchColumns } from './registry-columns.ts';
import { trainingHoursColumns, type TrainingHoursColumn, type TrainingHoursField } from './training-hours-columns.ts';
import { readFirstSheet, writeWorkbook } from './workbook.ts';

export type HoursOutcome = 'new' | 'duplicate' | 'refused';

export interface HoursImportSummary {
  mode: 'preview' | 'commit';
  rows: number;
  counts: Record<HoursOutcome, number>;
  /** Every reason of every refused row: Excel row number, column, a Chinese reason (first 1,000). */
  refused: { rowNumber: number; column: string; reason: string }[];
  /** Rows already in the ledger or repeated in the file, which are not imported (first 1,000). */
  duplicates: { rowNumber: number; reason: string }[];
  ignoredHeaders: string[];
  errorFile: boolean;
  file: { name: string; sha256: string };
  /** Earlier imports of the very same file. */
  previousImports: { importedAt: string; importedBy: string; rowCount: number }[];
  /** Commit: ledger rows written (0 when a refused row stopped the import). */
  written: number;
  /** Commit: nothing was written because some rows were refused and only-valid-rows was not chosen. */
  blocked: boolean;
}

export interface HoursImportOptions {
  mode: 'preview' | 'commit';
  /** Commit only: write the valid rows even though others are refused. */
  onlyValidRows?: boolean;
}

interface RowCheck {
  rowNumber: number;
  values: unknown[];
  outcome: HoursOutcome;
  reasons: { column: string; reason: string }[];
  record?: { personId: number; categoryId: number; hours: number; earnedOn: string; provider: string; note: string | null };
}

const HOURS_SCHEMA = halfHours('学时');
const DATE_SCHEMA = isoDate('培训日期');

function cellText(value: unknown, column: TrainingHoursColumn): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoFromExcelDate(value);
  const text = String(value).normalize('NFC').trim();
  return column.kind === 'date' ? normalizeDateText(text) : text;
}

/** Hours as typed: a number cell, or text such as "6", "6.5", "6学时", "３小时". */
function hoursOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  const text = String(value ?? '').normalize('NFKC').trim().replace(/\s*(学时|课时|小时|h)$/i, '');
  if (!text || !/^\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

/** Checks every row against the database as it is now; writes nothing. */
function checkRows(ctx: Context, headers: string[], columns: Map<number, TrainingHoursColumn>, rows: { rowNumber: number; values: unknown[] }[]): RowCheck[] {
  const today = ctx.clock.today();
  const categories = courseCategories(ctx.db);
  const categoryByName = new Map(categories.map((c) => [c.name, c.id]));
  // A refusal names the column as the sheet calls it (培训时间, 学时数…), so the user finds it.
  const header = (field: TrainingHoursField) => {
    const entry = [...columns].find(([, c]) => c.field === field);
    return entry ? headers[entry[0]] || entry[1].header : field;
  };
  const textsOf = (values: unknown[]) => {
    const texts = {} as Record<TrainingHoursField, string>;
    for (const [index, column] of columns) texts[column.field] = cellText(values[index], column);
    return texts;
  };
  const all = rows.map((r) => ({ ...r, texts: textsOf(r.values) }));
  const people = new Map(peopleByIdNumbers(ctx.db, [...new Set(all.map((r) => normalizeIdNumber(r.texts.idNumber ?? '')).filter(Boolean))]).map((p) => [p.idNumber, p]));
  const firstRowOf = new Map<string, number>();
  const indexOf = (field: TrainingHoursField) => [...columns].find(([, c]) => c.field === field)![0];
  const idIndex = indexOf('idNumber');
  const hoursIndex = indexOf('hours');

  return all.map(({ rowNumber, values, texts }) => {
    const reasons: { column: string; reason: string }[] = [];
    const refuse = (field: TrainingHoursField, reason: string) => reasons.push({ column: header(field), reason });

    const idNumber = normalizeIdNumber(texts.idNumber ?? '');
    const name = texts.name ?? '';
    let personId: number | null = null;
    if (!idNumber) refuse('idNumber', '请填写身份证号');
    else if (typeof values[idIndex] === 'number' && !Number.isSafeInteger(values[idIndex])) refuse('idNumber', '身份证号被 Excel 存成了数字，末几位可能已丢失：请把该列设为“文本”后重新填写');
    else if (!/^\d{17}[\dX]$/.test(idNumber)) refuse('idNumber', `身份证号「${idNumber}」应为 18 位（末位可为 X）`);
    else {
      const person = people.get(idNumber);
      if (!person) refuse('idNumber', `身份证号 ${idNumber} 不在“人员”中：请先新增或导入该人员`);
      else {
        personId = person.id;
        if (name && name !== person.name) refuse('name', `姓名「${name}」与该身份证号登记的「${person.name}」不符`);
      }
    }
    if (!name) refuse('name', '请填写姓名');

    const date = DATE_SCHEMA.safeParse(texts.earnedOn ?? '');
    const earnedOn = date.success ? date.data : '';
    if (!date.success) refuse('earnedOn', date.error.issues[0]!.message);
    else if (earnedOn > today) refuse('earnedOn', '培训日期不能晚于今天');

    const categoryText = texts.category ?? '';
    const categoryId = categoryByName.get(categoryText) ?? categoryByName.get(`${categoryText}培训`) ?? null;
    if (!categoryText) refuse('category', '请填写学时类别');
    else if (categoryId === null) refuse('category', `无法识别的学时类别「${categoryText}」：可填 ${categories.map((c) => c.name).join('、')}`);

    const rawHours = hoursOf(values[hoursIndex]);
    const hours = rawHours === null ? null : HOURS_SCHEMA.safeParse(rawHours);
    if (!texts.hours) refuse('hours', '请填写学时');
    else if (!hours) refuse('hours', `学时「${texts.hours}」不是数字`);
    else if (!hours.success) refuse('hours', hours.error.issues[0]!.message);

    const provider = texts.provider ?? '';
    if (!provider) refuse('provider', '请填写培训机构');
    else if (provider.length > 100) refuse('provider', '培训机构不超过 100 字');
    const note = texts.note ?? '';
    if (note.length > 500) refuse('note', '备注不超过 500 字');

    if (reasons.length || personId === null || categoryId === null || !hours?.success) return { rowNumber, values, outcome: 'refused' as const, reasons };
    const record = { personId, categoryId, hours: hours.data, earnedOn, provider, note: note || null };
    const key = JSON.stringify([personId, earnedOn, categoryId, hours.data, provider]);
    const earlier = firstRowOf.get(key);
    if (earlier !== undefined) return { rowNumber, values, outcome: 'duplicate' as const, reasons: [{ column: '', reason: `与第 ${earlier} 行相同（同一人、日期、类别、学时和培训机构），只计一次` }] };
    firstRowOf.set(key, rowNumber);
    const same = sameTraining(ctx.db, record);
    if (same) {
      const where = same.importFileName ? `已由文件「${same.importFileName}」导入` : same.kind === 'external' ? '已登记为外部培训' : '培训学时中已有';
      return { rowNumber, values, outcome: 'duplicate' as const, reasons: [{ column: '', reason: `${where}（同一人、日期、类别、学时和培训机构），不再重复计入` }] };
    }
    return { rowNumber, values, outcome: 'new' as const, reasons: [], record };
  });
}

/** A header row of training hours: it names 身份证号 and 学时 (under any of their aliases). */
const namesHours = (columns: TrainingHoursColumn[]) => (headers: string[]) => {
  const fields = new Set([...matchColumns(columns, headers).values()].map((c) => c.field));
  return fields.has('idNumber') && fields.has('hours');
};

export async function runTrainingHoursImport(
  ctx: Context,
  upload: { fileName: string; data: Buffer },
  { mode, onlyValidRows = false }: HoursImportOptions,
  job: JobHandle,
): Promise<{ result: HoursImportSummary; file?: { fileName: string; data: Buffer } }> {
  job.progress(0, 0, '正在读取工作簿…');
  const allColumns = trainingHoursColumns(courseCategories(ctx.db).map((c) => c.name));
  const { headers, rows } = await readFirstSheet(upload.data, {
    onRows: async (n) => {
      job.progress(n, 0, `正在读取第 ${n.toLocaleString('zh-CN')} 行…`);
      await job.checkpoint();
    },
    isHeader: namesHours(allColumns),
  });
  const columns = matchColumns(allColumns, headers);
  const missing = allColumns.filter((c) => c.required && ![...columns.values()].includes(c)).map((c) => c.header);
  if (missing.length) throw new AppError('VALIDATION', `未找到列：${missing.join('、')}。请确认表头（列名）在前 10 行内，或下载导入模板对照填写`, 'file');
  if (rows.length === 0) throw new AppError('VALIDATION', '工作表中只有列名，没有数据行', 'file');
  await job.checkpoint(); // the last chance to cancel: what follows runs at once

  const sha256 = crypto.createHash('sha256').update(upload.data).digest('hex');
  const now = ctx.clock.now();
  const audit = { actorId: ctx.actor.id, actorName: ctx.actor.name, operation: `training.import${mode === 'commit' ? 'Commit' : 'Preview'}`, at: now };
  let checks: RowCheck[] = [];
  let written = 0;
  let blocked = false;
  const previousImports = importsOfFile(ctx.db, sha256).map(({ importedAt, importedBy, rowCount }) => ({ importedAt, importedBy, rowCount }));
  job.progress(rows.length, rows.length, mode === 'preview' ? '正在校验…' : '正在校验并写入…');
  if (mode === 'preview') checks = checkRows(ctx, headers, columns, rows);
  else {
    if (ctx.jobs.writer) throw conflict(`正在执行“${ctx.jobs.writer}”，完成或取消后才能导入`);
    // Checked again and written in one transaction: nothing can change in between.
    ctx.db.transaction(() =>
      withAuditContext(ctx.db, audit, () => {
        checks = checkRows(ctx, headers, columns, rows);
        const valid = checks.filter((c) => c.outcome === 'new');
        blocked = !onlyValidRows && checks.some((c) => c.outcome === 'refused');
        if (blocked || valid.length === 0) return;
        // What the import creates is logged as one entry per table naming the file, like the registry import's.
        const endBulkAudit = beginBulkInsertAudit(ctx.db, { [IMPORT_FILE]: upload.fileName, [IMPORT_FILE_SHA256]: sha256 });
        try {
          const importId = insertImport(ctx.db, { fileName: upload.fileName, fileSha256: sha256, rowCount: valid.length, importedAt: now, importedBy: ctx.actor.name });
          for (const { record } of valid) {
            insertRecord(ctx.db, { ...record!, kind: 'external', sessionId: null, enrolmentId: null, importId, verifiedAt: now, verifiedBy: ctx.actor.name }, now);
          }
        } catch (error) {
          endBulkAudit('failed');
          throw error;
        }
        endBulkAudit();
        written = valid.length;
        refreshOpenReviews(ctx, [...new Set(valid.map((c) => c.record!.personId))]);
      }),
    ).immediate();
  }

  const counts: Record<HoursOutcome, number> = { new: 0, duplicate: 0, refused: 0 };
  for (const c of checks) counts[c.outcome]++;
  const refusedRows = checks.filter((c) => c.outcome === 'refused');
  const matched = new Set(columns.keys());
  return {
    result: {
      mode,
      rows: rows.length,
      counts,
      refused: refusedRows.flatMap((c) => c.reasons.map((r) => ({ rowNumber: c.rowNumber, ...r }))).slice(0, 1000),
      duplicates: checks.filter((c) => c.outcome === 'duplicate').slice(0, 1000).map((c) => ({ rowNumber: c.rowNumber, reason: c.reasons[0]!.reason })),
      ignoredHeaders: headers.filter((h, i) => h && !matched.has(i)),
      errorFile: refusedRows.length > 0,
      file: { name: upload.fileName, sha256 },
      previousImports,
      written,
      blocked,
    },
    file: refusedRows.length ? { fileName: '学时导入未通过的行.xlsx', data: await refusedWorkbook(headers, refusedRows) } : undefined,
  };
}

/** The refused rows as they were, with 原行号 and 错误原因 (every reason of the row), to fix and import again. */
async function refusedWorkbook(headers: string[], refused: RowCheck[]): Promise<Buffer> {
  const columns = [
    { header: '原行号', kind: 'number' as const, width: 8 },
    ...headers.map((h) => ({ header: h, kind: 'code' as const })),
    { header: '错误原因', kind: 'text' as const, width: 60 },
  ];
  async function* batches() {
    yield refused.map((r) => [
      r.rowNumber,
      ...headers.map((_h, i) => {
        const v = r.values[i];
        return v instanceof Date ? isoFromExcelDate(v) : v;
      }),
      r.reasons.map((x) => `【${x.column}】${x.reason}`).join('；'),
    ]);
  }
  return writeWorkbook('未通过的行', columns, batches());
}

export const trainingHoursTemplateFootnote = (categoryNames: readonly string[]) =>
  `第一个工作表的第一行是列名（红色为必填），从第二行起每行一条培训记录；示例行可直接覆盖或删除。按身份证号匹配“人员”中已有的人员（不会新增人员）。学时类别可填：${categoryNames.join('、')}。同一人、同一日期、类别、学时和培训机构的记录只计一次：同一文件重复导入不会重复计入。导入的学时记为“导入”，注明来源文件，按已核实的外部培训计入学时达标。`;
