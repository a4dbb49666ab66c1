/**
 * 培训学时导入: historical training hours an association kept in Excel, one training per row, for
 * people already in the registry. A preview says for every row whether it is new, already there
 * (same person, date, category, hours and provider: importing a file twice never doubles the
 * hours) or refused, with all its reasons at once. The commit checks again, in batches with the
 * job yielding between them (other users' saves and logins go through meanwhile), then publishes
 * in one short transaction, all or nothing: a refused row stops the whole import unless the user
 * chose to import only the valid rows; a row whose person or ledger another user changed since the
 * commit started is checked again there, and one that no longer passes as it did is reported with
 * who changed it and when, nothing written (docs/design.md §6a). A cancel before the publish
 * writes nothing. Imported rows are external training verified at import (staff enter them from the
 * association's own records), so they count like verified external training; each points at the
 * import, which keeps the file's name and SHA-256.
 */
import type { Db } from '../../db/engine/types.ts';
import type { Context } from '../contract.ts';
import { formatInstant } from '../dates.ts';
import { AppError } from '../errors.ts';
import { normalizeIdNumber } from '../idcard.ts';
import { publishHoldingGate, type JobHandle } from '../jobs.ts';
import { halfHours, isoDate } from '../schemas/common.ts';
import { refreshOpenReviews } from '../recert/reviews.ts';
import { prepared } from '../../db/statements.ts';
import { beginBulkInsertAudit, BULK_FIRST_ID, BULK_LAST_ID, IMPORT_FILE, IMPORT_FILE_SHA256, withAuditContext } from '../../db/audit.ts';
import { courseCategories } from '../../db/repos/bases.ts';
import { peopleByIdNumbers } from '../../db/repos/people.ts';
import { changeMarker } from '../../db/repos/training-facts.ts';
import { insertRecord } from '../../db/repos/training-records.ts';
import { importsOfFile, insertImport, sameTraining } from '../../db/repos/training-imports.ts';
import {
  MappedFile,
  mapHeadings,
  rememberedMapping,
  rememberMapping,
  type ImportChoices,
  type ImportPreview,
  type PreviewRow,
  type RowProblem,
} from './import-mapping.ts';
import { examplesOf, collectCheckedRows, commitBlocked, importResult, readImportSheet, reportChecked, rowTexts, sha256Of } from './import-cells.ts';
import { trainingHoursColumns, type TrainingHoursColumn, type TrainingHoursField } from './training-hours-columns.ts';
import { jsonField } from '../../db/engine/dialect.ts';

/** The key its remembered mappings are kept under (import-mapping.ts headingsKey). */
export const IMPORT_KIND = 'trainingHours';

export interface HoursImportOptions extends ImportChoices {
  /** Commit only: write the valid rows even though others are refused (只导入无误的行). */
  onlyValidRows: boolean;
  /** The log's head when the user's click reached the server (a job in a worker starts later): what anyone changes after it is "changed meanwhile". */
  mark?: number | undefined;
}

export const DEFAULT_HOURS_OPTIONS: HoursImportOptions = { overrides: {}, onlyValidRows: false };

/**
 * The shared preview (every column and its mapping, every row: created = a new ledger row,
 * unchanged = already in the ledger (已导入过), skipped = the same training repeated in the file,
 * refused with every reason), with what is particular to this import.
 */
export interface HoursImportSummary extends ImportPreview<TrainingHoursField, HoursImportOptions> {
  file: { name: string; sha256: string };
  /** Earlier imports of the very same file. */
  previousImports: { importedAt: string; importedBy: string; rowCount: number }[];
  /** Commit: ledger rows written (0 when a refused row stopped the import). */
  written: number;
  /** Commit: nothing was written because some rows were refused and only-valid-rows was not chosen. */
  blocked: boolean;
}

type HoursRecord = { personId: number; categoryId: number; hours: number; earnedOn: string; provider: string; note: string | null };

interface RowCheck {
  row: PreviewRow;
  values: unknown[];
  record?: HoursRecord;
}

const HOURS_SCHEMA = halfHours('学时');
const DATE_SCHEMA = isoDate('培训日期');
const SAME = '（同一人、日期、类别、学时和培训机构）';

/** Hours as typed: a number cell, or text such as "6", "6.5", "6学时", "３小时". */
function hoursOf(text: string): number | null {
  const plain = text
    .normalize('NFKC')
    .trim()
    .replace(/\s*(学时|课时|小时|h)$/i, '');
  if (!plain || !/^\d+(\.\d+)?$/.test(plain)) return null;
  return Number(plain);
}

/** The file's columns as mapped: each field's heading there, or the field's name for a column it lacks. */
type HoursColumns = MappedFile<TrainingHoursField, TrainingHoursColumn>;

/** Checks rows against the database as it is now; writes nothing. Keeps the file's rows seen so far, so a repeat is caught across batches. */
function rowChecker(ctx: Context, cols: HoursColumns): (rows: { rowNumber: number; values: unknown[] }[]) => RowCheck[] {
  const today = ctx.clock.today();
  const categories = courseCategories(ctx.db);
  const categoryByName = new Map(categories.map((c) => [c.name, c.id]));
  const empty = { name: '', idNumber: '', earnedOn: '', category: '', hours: '', provider: '', note: '' } satisfies Record<TrainingHoursField, string>;
  const firstRowOf = new Map<string, number>();
  return (rows) => {
    const all = rows.map((r) => {
      const problems: RowProblem[] = [];
      // A refusal names the column as the sheet calls it (培训时间, 学时数…), so the user finds it.
      const texts = rowTexts(r.values, cols.indexes, (f) => cols.heading(f), problems, { ...empty });
      return { ...r, texts, problems };
    });
    const people = new Map(
      peopleByIdNumbers(ctx.db, [...new Set(all.map((r) => normalizeIdNumber(r.texts.idNumber)).filter(Boolean))]).map((p) => [p.idNumber, p]),
    );

    return all.map(({ rowNumber, values, texts, problems }) => {
      const refuse = (field: TrainingHoursField, reason: string) => {
        // A cell that could not be read already says so.
        if (!problems.some((p) => p.column === cols.heading(field))) problems.push({ column: cols.heading(field), reason });
      };
      const idNumber = normalizeIdNumber(texts.idNumber);
      const name = texts.name;
      const label = [name, idNumber].filter(Boolean).join(' ');
      let personId: number | null = null;
      if (!idNumber) refuse('idNumber', '请填写身份证号');
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

      const date = DATE_SCHEMA.safeParse(texts.earnedOn);
      const earnedOn = date.success ? date.data : '';
      if (!date.success) refuse('earnedOn', texts.earnedOn ? date.error.issues[0]!.message : '请填写培训日期');
      else if (earnedOn > today) refuse('earnedOn', '培训日期不能晚于今天');

      const categoryText = texts.category;
      const categoryId = categoryByName.get(categoryText) ?? categoryByName.get(`${categoryText}培训`) ?? null;
      if (!categoryText) refuse('category', '请填写学时类别');
      else if (categoryId === null) refuse('category', `无法识别的学时类别「${categoryText}」：可填 ${categories.map((c) => c.name).join('、')}`);

      const rawHours = hoursOf(texts.hours);
      const hours = rawHours === null ? null : HOURS_SCHEMA.safeParse(rawHours);
      if (!texts.hours) refuse('hours', '请填写学时');
      else if (!hours) refuse('hours', `学时「${texts.hours}」不是数字`);
      else if (!hours.success) refuse('hours', hours.error.issues[0]!.message);

      const provider = texts.provider;
      if (!provider) refuse('provider', '请填写培训机构');
      else if (provider.length > 100) refuse('provider', '培训机构不超过 100 字');
      const note = texts.note;
      if (note.length > 500) refuse('note', '备注不超过 500 字');

      if (problems.length || personId === null || categoryId === null || !hours?.success)
        return { row: { rowNumber, outcome: 'refused', label, problems }, values };
      const record = { personId, categoryId, hours: hours.data, earnedOn, provider, note: note || null };
      const key = JSON.stringify([personId, earnedOn, categoryId, hours.data, provider]);
      const earlier = firstRowOf.get(key);
      if (earlier !== undefined) return { row: { rowNumber, outcome: 'skipped', label, notes: [`与第 ${earlier} 行相同${SAME}，只计一次`] }, values };
      firstRowOf.set(key, rowNumber);
      const same = sameTraining(ctx.db, record);
      if (same) {
        const where = same.importFileName ? `已导入过：由文件「${same.importFileName}」导入` : same.kind === 'external' ? '已登记为外部培训' : '培训学时中已有';
        return { row: { rowNumber, outcome: 'unchanged', label, notes: [`${where}${SAME}，不再重复计入`] }, values };
      }
      return { row: { rowNumber, outcome: 'created', label }, values, record };
    });
  };
}

/** Rows checked at a time: the event loop is held a few milliseconds each time, the job yielding in between. */
export const CHECK_BATCH = 200;

/**
 * The people whose records an import of hours depends on (the person, their ledger) anyone changed
 * since `mark`; every one when a course category changed (a row's 类别 may read differently now).
 */
function peopleChangedSince(db: Db, mark: number): Set<number> | 'all' {
  if (prepared(db, "SELECT 1 FROM audit_log WHERE id > ? AND table_name = 'course_category' LIMIT 1").get(mark)) return 'all';
  const ids = prepared(
    db,
    `SELECT row_id FROM audit_log WHERE id > @mark AND table_name = 'person'
     UNION SELECT ${jsonField(db, 'coalesce(after_json, before_json)', 'person_id', 'integer')} FROM audit_log
       WHERE id > @mark AND table_name = 'training_record' AND row_id IS NOT NULL
     UNION SELECT t.person_id FROM audit_log a JOIN training_record t
       ON t.id BETWEEN ${jsonField(db, 'a.after_json', BULK_FIRST_ID, 'integer')} AND ${jsonField(db, 'a.after_json', BULK_LAST_ID, 'integer')}
       WHERE a.id > @mark AND a.table_name = 'training_record' AND a.row_id IS NULL`,
  )
    .pluck()
    .all({ mark }) as number[];
  return new Set(ids);
}

/** Who last changed a person or their ledger since `mark`, and when. */
function changedSince(db: Db, personId: number, mark: number): { actorName: string; at: string } | undefined {
  return prepared(
    db,
    `SELECT actor_name AS actorName, at FROM audit_log WHERE id > @mark AND (
       (table_name = 'person' AND row_id = @personId)
       OR (table_name = 'training_record' AND row_id IS NOT NULL AND ${jsonField(db, 'coalesce(after_json, before_json)', 'person_id', 'integer')} = @personId)
       OR (table_name = 'training_record' AND row_id IS NULL AND EXISTS (SELECT 1 FROM training_record t WHERE t.person_id = @personId
            AND t.id BETWEEN ${jsonField(db, 'after_json', BULK_FIRST_ID, 'integer')} AND ${jsonField(db, 'after_json', BULK_LAST_ID, 'integer')})))
     ORDER BY id DESC LIMIT 1`,
  ).get({ mark, personId }) as { actorName: string; at: string } | undefined;
}

/** Rows another user's work got in the way of while the import ran: nothing is written, each is named. */
class ChangedMeanwhile extends AppError {
  constructor(rows: ({ rowNumber: number; label: string } & ({ actorName: string; at: string } | { reason: string }))[], timeZone: string) {
    const shown = rows
      .slice(0, 5)
      .map((r) =>
        'reason' in r
          ? `第 ${r.rowNumber} 行（${r.label}）：${r.reason}`
          : `第 ${r.rowNumber} 行（${r.label}）的人员或其培训学时已被 ${r.actorName} 于 ${formatInstant(r.at, timeZone)} 修改`,
      )
      .join('；');
    super('CONFLICT', `${shown}${rows.length > 5 ? ` 等 ${rows.length} 行` : ''}。本次导入未写入任何数据：请重新预览后再导入`);
  }
}

/** A header row of training hours: it names 身份证号 and two more of the columns (under any of their aliases). */
const namesHours = (columns: TrainingHoursColumn[]) => (headers: string[]) => {
  const fields = new Set(mapHeadings(columns, headers).flatMap((c) => (c.field ? [c.field] : [])));
  return fields.has('idNumber') && fields.size >= 3;
};

export async function runTrainingHoursImport(
  ctx: Context,
  upload: { fileName: string; data: Buffer },
  mode: 'preview' | 'commit',
  job: JobHandle,
  { mark: markAtStart, ...options }: HoursImportOptions = DEFAULT_HOURS_OPTIONS,
): Promise<{ result: HoursImportSummary; file?: { fileName: string; data: Buffer } }> {
  // Taken before the file is read: whatever anyone changes from now on is after the mark.
  const mark = markAtStart ?? changeMarker(ctx.db);
  const allColumns = trainingHoursColumns(courseCategories(ctx.db).map((c) => c.name));
  const { headers, rows } = await readImportSheet(upload.data, job, namesHours(allColumns));
  const mapped = mapHeadings(allColumns, headers, {
    remembered: rememberedMapping(ctx.db, IMPORT_KIND, headers),
    overrides: options.overrides,
    examples: examplesOf(headers, rows),
  });
  const cols: HoursColumns = new MappedFile(allColumns, mapped);
  // Without 身份证号 no row names anyone; another missing column refuses every row, naming it (the mapping step can give it a column).
  if (!cols.present.has('idNumber')) throw new AppError('VALIDATION', '未找到“身份证号”列：请确认表头（列名）在前 10 行内，或下载导入模板对照填写', 'file');
  if (rows.length === 0) throw new AppError('VALIDATION', '工作表中只有列名，没有数据行', 'file');

  const sha256 = sha256Of(upload.data);
  const now = ctx.clock.now();
  const audit = { actorId: ctx.actor.id, actorName: ctx.actor.name, operation: `training.import${mode === 'commit' ? 'Commit' : 'Preview'}`, at: now };
  let written = 0;
  const previousImports = importsOfFile(ctx.db, sha256).map(({ importedAt, importedBy, rowCount }) => ({ importedAt, importedBy, rowCount }));

  // The check: the rows against the database in batches (reads only), the job yielding in between, so other users' saves and logins go through.
  const check = rowChecker(ctx, cols);
  const checks: RowCheck[] = [];
  for (let start = 0; start < rows.length; start += CHECK_BATCH) {
    const end = Math.min(rows.length, start + CHECK_BATCH);
    checks.push(...check(rows.slice(start, end)));
    reportChecked(job, end, rows.length);
    await job.checkpoint(); // a cancel before the publish writes nothing
  }
  const blocked = mode === 'commit' && commitBlocked(checks, options);
  if (mode === 'commit' && !blocked) {
    job.progress(rows.length, rows.length, '正在写入…');
    const valid = checks.filter((c) => c.record);
    // The publish (holding the serving thread's write gate; from a worker, across the bridge).
    // The rows of people someone changed since the mark (the person, their ledger) are checked again;
    // one that no longer passes as it did is reported, and nothing is written.
    await publishHoldingGate(job, ctx.db, () =>
      withAuditContext(ctx.db, audit, () => {
        const changedPeople = peopleChangedSince(ctx.db, mark);
        const recheck = valid.filter((c) => changedPeople === 'all' || changedPeople.has(c.record!.personId));
        if (recheck.length) {
          const again = rowChecker(ctx, cols)(recheck.map((c) => ({ rowNumber: c.row.rowNumber, values: c.values })));
          const meanwhile = recheck.flatMap((c, i) => {
            const fresh = again[i]!;
            if (fresh.record && JSON.stringify(fresh.record) === JSON.stringify(c.record)) return [];
            const by = changedSince(ctx.db, c.record!.personId, mark);
            const reason = fresh.row.problems?.map((p) => `${p.column}：${p.reason}`).join('；') ?? fresh.row.notes?.join('；') ?? '';
            return [{ rowNumber: c.row.rowNumber, label: c.row.label, ...(by ?? { reason }) }];
          });
          if (meanwhile.length) throw new ChangedMeanwhile(meanwhile, ctx.clock.timeZone());
        }
        // The user's mapping is remembered for the next file with the same headings.
        rememberMapping(ctx.db, IMPORT_KIND, headers, mapped, now);
        if (valid.length === 0) return;
        // What the import creates is logged as one entry per table naming the file, like the registry import's.
        const endBulkAudit = beginBulkInsertAudit(ctx.db, { [IMPORT_FILE]: upload.fileName, [IMPORT_FILE_SHA256]: sha256 });
        try {
          const importId = insertImport(ctx.db, {
            fileName: upload.fileName,
            fileSha256: sha256,
            rowCount: valid.length,
            importedAt: now,
            importedBy: ctx.actor.name,
          });
          for (const { record } of valid) {
            insertRecord(
              ctx.db,
              { ...record!, kind: 'external', sessionId: null, enrolmentId: null, importId, verifiedAt: now, verifiedBy: ctx.actor.name },
              now,
            );
          }
        } catch (error) {
          endBulkAudit('failed');
          throw error;
        }
        endBulkAudit();
        written = valid.length;
        refreshOpenReviews(ctx, [...new Set(valid.map((c) => c.record!.personId))]);
      }),
    );
    job.progress(rows.length, rows.length, '写入完成');
  }

  const { collector, report } = collectCheckedRows(checks);
  const { preview, file } = await importResult({
    mode,
    headers,
    rowCount: rows.length,
    columns: allColumns,
    mapped,
    collector,
    report,
    options,
    fileNames: { preview: '学时导入预览明细.xlsx', refused: '学时导入未通过的行.xlsx' },
  });
  return { result: { ...preview, blocked, file: { name: upload.fileName, sha256 }, previousImports, written }, ...(file ? { file } : {}) };
}

export const trainingHoursTemplateFootnote = (categoryNames: readonly string[]) =>
  `第一个工作表的第一行是列名（红色为必填），从第二行起每行一条培训记录；示例行可直接覆盖或删除。按身份证号匹配“人员”中已有的人员（不会新增人员）。学时类别可填：${categoryNames.join('、')}。同一人、同一日期、类别、学时和培训机构的记录只计一次：同一文件重复导入不会重复计入。导入的学时记为“导入”，注明来源文件，按已核实的外部培训计入学时达标。`;
