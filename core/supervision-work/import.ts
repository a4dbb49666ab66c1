/**
 * 督导记录导入 (issue 22): a month (or more) of supervision kept in a sheet, through the shared import
 * machinery (core/excel/import-mapping.ts, import-cells.ts): headings mapped by name, alias or the
 * user's remembered choice; a preview saying for every row whether it is new, already there (the
 * same supervisor and times: importing a file twice never doubles a record), repeated in the file,
 * or refused with all its reasons; then a commit, all or nothing unless the user chose
 * 只导入无误的行. Each row is checked as a typed record is (records.ts recordRefusal: supervisor,
 * times, 督导对象 from the relationships, the time-holding rule) and against the file's earlier rows.
 * The commit checks every row again inside its one transaction, so what it writes is what holds then.
 */
import type { Context } from '../contract.ts';
import { AppError } from '../errors.ts';
import { normalizeIdNumber } from '../idcard.ts';
import { publishHoldingGate, type JobHandle } from '../jobs.ts';
import { isoDate } from '../schemas/common.ts';
import { withAuditContext } from '../../db/audit.ts';
import { listRelationships, type RelationshipRow } from '../../db/repos/supervision-relationships.ts';
import { refreshOpenReviewsOfSupervisors } from '../recert/reviews.ts';
import { insertRecord, nextImportId, sameRecord, supervisorsNamed } from '../../db/repos/supervision-records.ts';
import { overlaps, relationshipCurrentOn, SupervisionForm } from '../../domain/index.ts';
import {
  MappedFile,
  mapHeadings,
  rememberedMapping,
  rememberMapping,
  type ImportChoices,
  type ImportPreview,
  type PreviewRow,
  type RowProblem,
} from '../excel/import-mapping.ts';
import { examplesOf, collectCheckedRows, commitBlocked, importResult, readImportSheet, rowTexts, sha256Of } from '../excel/import-cells.ts';
import { formOfText, SUBJECT_SEPARATOR, SUPERVISION_COLUMNS, timeOfText, type SupervisionColumn, type SupervisionField } from './columns.ts';
import { recordRefusal, storedFields } from './records.ts';

/** The key its remembered mappings are kept under (import-mapping.ts headingsKey). */
export const IMPORT_KIND = 'supervisionRecords';

export interface SupervisionImportOptions extends ImportChoices {
  /** Commit only: write the valid rows even though others are refused (只导入无误的行). */
  onlyValidRows: boolean;
}

export interface SupervisionImportSummary extends ImportPreview<SupervisionField, SupervisionImportOptions> {
  file: { name: string; sha256: string };
  /** Commit: records written (0 when a refused row stopped the import). */
  written: number;
  blocked: boolean;
}

type Columns = MappedFile<SupervisionField, SupervisionColumn>;

interface CheckedRecord {
  supervisorId: number;
  startsAt: string;
  endsAt: string;
  form: (typeof SupervisionForm.values)[number];
  topic: string;
  summary: string | null;
  followUp: string | null;
  subjectIds: number[];
}

interface RowCheck {
  row: PreviewRow;
  values: unknown[];
  record?: CheckedRecord;
}

const DATE_SCHEMA = isoDate('督导日期');

/** Checks the rows against the database as it is now and against each other; writes nothing. */
function checkRows(ctx: Context, cols: Columns, rows: { rowNumber: number; values: unknown[] }[]): RowCheck[] {
  const empty = Object.fromEntries(SUPERVISION_COLUMNS.map((c) => [c.field, ''])) as Record<SupervisionField, string>;
  const all = rows.map((r) => {
    const problems: RowProblem[] = [];
    const texts = rowTexts(r.values, cols.indexes, (f) => cols.heading(f), problems, { ...empty });
    return { ...r, texts, problems };
  });
  const supervisors = supervisorsNamed(ctx.db, [...new Set(all.map((r) => r.texts.supervisorName).filter(Boolean))]);
  const relationshipsOf = new Map<number, RelationshipRow[]>();
  const relationships = (supervisorId: number) =>
    relationshipsOf.get(supervisorId) ?? relationshipsOf.set(supervisorId, listRelationships(ctx.db, { supervisorId })).get(supervisorId)!;
  /** The file's rows taken so far, per supervisor: a later row may not overlap them. */
  const taken = new Map<number, { rowNumber: number; startsAt: string; endsAt: string }[]>();

  return all.map(({ rowNumber, values, texts, problems }): RowCheck => {
    const refuse = (field: SupervisionField, reason: string) => {
      if (!problems.some((p) => p.column === cols.heading(field))) problems.push({ column: cols.heading(field), reason });
    };
    const name = texts.supervisorName;
    const idNumber = normalizeIdNumber(texts.supervisorIdNumber);
    let supervisor: (typeof supervisors)[number] | undefined;
    if (!name) refuse('supervisorName', '请填写督导姓名');
    else {
      const named = supervisors.filter((s) => s.name === name && (!idNumber || s.idNumber === idNumber));
      if (named.length === 1) supervisor = named[0];
      else if (named.length === 0)
        refuse(
          idNumber ? 'supervisorIdNumber' : 'supervisorName',
          idNumber ? `督导库中没有身份证号为 ${idNumber} 的「${name}」` : `督导库中没有名为「${name}」的督导`,
        );
      else refuse('supervisorIdNumber', `督导库中有 ${named.length} 名「${name}」：请填写督导身份证号以区分`);
    }

    const date = DATE_SCHEMA.safeParse(texts.date);
    if (!date.success) refuse('date', texts.date ? date.error.issues[0]!.message : '请填写督导日期');
    const start = timeOfText(texts.startTime);
    const end = timeOfText(texts.endTime);
    if (!texts.startTime) refuse('startTime', '请填写开始时间');
    else if (!start) refuse('startTime', `开始时间「${texts.startTime}」应为 时:分，如 09:00`);
    if (!texts.endTime) refuse('endTime', '请填写结束时间');
    else if (!end) refuse('endTime', `结束时间「${texts.endTime}」应为 时:分，如 11:00`);
    if (start && end && end <= start) refuse('endTime', '结束时间应晚于开始时间');

    const form = formOfText(texts.form);
    if (!texts.form) refuse('form', '请填写督导形式');
    else if (!form) refuse('form', `无法识别的督导形式「${texts.form}」：可填 ${SupervisionForm.values.map((v) => SupervisionForm.label(v)).join('、')}`);

    const topic = texts.topic;
    if (!topic) refuse('topic', '请填写督导主题');
    else if (topic.length > 200) refuse('topic', '督导主题不超过 200 字');
    if (texts.summary.length > 2000) refuse('summary', '内容摘要不超过 2000 字');
    if (texts.followUp.length > 1000) refuse('followUp', '后续跟进不超过 1000 字');

    const startsAt = date.success && start ? `${date.data}T${start}` : '';
    const endsAt = date.success && end ? `${date.data}T${end}` : '';
    const label = [name, startsAt.replace('T', ' ')].filter(Boolean).join(' ');

    const subjectIds: number[] = [];
    if (supervisor && date.success) {
      const current = relationships(supervisor.id).filter((r) => relationshipCurrentOn(r, date.data));
      for (const subject of texts.subjects
        .split(SUBJECT_SEPARATOR)
        .map((s) => s.trim())
        .filter(Boolean)) {
        const found = current.find((r) => r.subjectName === subject);
        if (found) subjectIds.push(found.id);
        else refuse('subjects', `「${subject}」在 ${date.data} 不是${name}的督导对象：请先在“督导对象”中添加督导关系`);
      }
    }

    if (problems.length || !supervisor || !form || !startsAt || !endsAt) return { row: { rowNumber, outcome: 'refused', label, problems }, values };
    const record: CheckedRecord = {
      supervisorId: supervisor.id,
      startsAt,
      endsAt,
      form,
      topic,
      summary: texts.summary || null,
      followUp: texts.followUp || null,
      subjectIds,
    };

    const mine = taken.get(supervisor.id) ?? taken.set(supervisor.id, []).get(supervisor.id)!;
    const twin = mine.find((t) => t.startsAt === startsAt && t.endsAt === endsAt);
    if (twin)
      return {
        row: { rowNumber, outcome: 'skipped', label, notes: [`与第 ${twin.rowNumber} 行是同一次督导（同一督导、开始和结束时间），只导入一次`] },
        values,
      };
    const earlier = mine.find((t) => overlaps(t, record));
    if (earlier) {
      problems.push({
        column: cols.heading('startTime'),
        reason: `与第 ${earlier.rowNumber} 行（${earlier.startsAt.replace('T', ' ')}–${earlier.endsAt.slice(11)}）时间重叠`,
      });
      return { row: { rowNumber, outcome: 'refused', label, problems }, values };
    }
    const same = sameRecord(ctx.db, supervisor.id, startsAt, endsAt);
    if (same) {
      mine.push({ rowNumber, startsAt, endsAt });
      return {
        row: {
          rowNumber,
          outcome: 'unchanged',
          label,
          notes: [same.importId ? '已导入过（同一督导、开始和结束时间），不再重复导入' : '已有该督导记录（同一督导、开始和结束时间），不再重复导入'],
        },
        values,
      };
    }
    const refusal = recordRefusal(ctx, { ...record, baseId: null }, null);
    if (refusal) {
      const field: SupervisionField =
        refusal[0] === 'endsAt' ? 'endTime' : refusal[0] === 'subjectIds' ? 'subjects' : refusal[0] === 'supervisorId' ? 'supervisorName' : 'startTime';
      problems.push({ column: cols.heading(field), reason: refusal[1] });
      return { row: { rowNumber, outcome: 'refused', label, problems }, values };
    }
    mine.push({ rowNumber, startsAt, endsAt });
    return { row: { rowNumber, outcome: 'created', label }, values, record };
  });
}

/** A header row of supervision: it names 督导姓名 and three more of the columns (under any of their aliases). */
const namesSupervision = (headers: string[]) => {
  const fields = new Set(mapHeadings(SUPERVISION_COLUMNS, headers).flatMap((c) => (c.field ? [c.field] : [])));
  return fields.has('supervisorName') && fields.size >= 4;
};

export async function runSupervisionImport(
  ctx: Context,
  upload: { fileName: string; data: Buffer },
  mode: 'preview' | 'commit',
  job: JobHandle,
  options: SupervisionImportOptions = { overrides: {}, onlyValidRows: false },
): Promise<{ result: SupervisionImportSummary; file?: { fileName: string; data: Buffer } }> {
  const { headers, rows } = await readImportSheet(upload.data, job, namesSupervision);
  const mapped = mapHeadings(SUPERVISION_COLUMNS, headers, {
    remembered: rememberedMapping(ctx.db, IMPORT_KIND, headers),
    overrides: options.overrides,
    examples: examplesOf(headers, rows),
  });
  const cols: Columns = new MappedFile(SUPERVISION_COLUMNS, mapped);
  if (!cols.present.has('supervisorName'))
    throw new AppError('VALIDATION', '未找到“督导姓名”列：请确认表头（列名）在前 10 行内，或下载导入模板对照填写', 'file');
  if (rows.length === 0) throw new AppError('VALIDATION', '工作表中只有列名，没有数据行', 'file');
  const sha256 = sha256Of(upload.data);
  const now = ctx.clock.now();
  const audit = { actorId: ctx.actor.id, actorName: ctx.actor.name, operation: `supervision.import${mode === 'commit' ? 'Commit' : 'Preview'}`, at: now };

  job.progress(0, rows.length, '正在校验…');
  let checks = checkRows(ctx, cols, rows);
  await job.checkpoint(); // a cancel before the write writes nothing
  let written = 0;
  let blocked = false;
  if (mode === 'commit') {
    job.progress(rows.length, rows.length, '正在写入…');
    // One transaction, holding the write gate: every row checked again as the data is now, then all written or none.
    await publishHoldingGate(job, ctx.db, () =>
      withAuditContext(ctx.db, audit, () => {
        checks = checkRows(ctx, cols, rows);
        blocked = commitBlocked(checks, options);
        if (blocked) return;
        rememberMapping(ctx.db, IMPORT_KIND, headers, mapped, now);
        const valid = checks.filter((c) => c.record);
        if (!valid.length) return;
        const importId = nextImportId(ctx.db);
        for (const { record } of valid) {
          const r = record!;
          insertRecord(ctx.db, { ...storedFields({ ...r, baseId: null }), importId }, r.subjectIds, now, ctx.actor.name);
        }
        refreshOpenReviewsOfSupervisors(
          ctx,
          valid.map((c) => c.record!.supervisorId),
        ); // an open re-review states the year's supervision (issue 22)
        written = valid.length;
      }),
    );
    job.progress(rows.length, rows.length, '写入完成');
  }

  const { collector, report } = collectCheckedRows(checks);
  const { preview, file } = await importResult({
    mode,
    headers,
    rowCount: rows.length,
    columns: SUPERVISION_COLUMNS,
    mapped,
    collector,
    report,
    options,
    fileNames: { preview: '督导记录导入预览明细.xlsx', refused: '督导记录导入未通过的行.xlsx' },
  });
  return { result: { ...preview, blocked, file: { name: upload.fileName, sha256 }, written }, ...(file ? { file } : {}) };
}
