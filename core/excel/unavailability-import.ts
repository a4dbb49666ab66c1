/**
 * 导入不可用时间: mentors' 不可用时间 kept in a sheet, one entry per row, for the mentors of one
 * base's pool, through the shared import machinery (import-mapping.ts, import-cells.ts): the
 * mapping step (remembered per set of headings), a preview of every row (new / already recorded /
 * repeated in the file / refused with every reason), then the commit: all or nothing unless the user
 * ticks 只导入无误的行, in one transaction that checks every row again as the data is then. A row is
 * weekly when it names a 星期 (开始/结束 are then times of day, optionally with 起始日期/截止日期),
 * one-off otherwise (开始/结束 are date-times).
 */
import type { Context } from '../contract.ts';
import { AppError } from '../errors.ts';
import { normalizeIdNumber } from '../idcard.ts';
import { publishHoldingGate, type JobHandle } from '../jobs.ts';
import { normalizeDateTimeText } from '../dates.ts';
import { isoDate } from '../schemas/common.ts';
import { timeOfDay } from '../schemas/unavailability.ts';
import { withAuditContext } from '../../db/audit.ts';
import { mentorsOfBase } from '../../db/repos/mentors.ts';
import { insertUnavailability, unavailabilityOfPerson, type UnavailabilityFields } from '../../db/repos/mentor-unavailability.ts';
import {
  MappedFile,
  mapHeadings,
  rememberedMapping,
  rememberMapping,
  type ImportChoices,
  type ImportColumn,
  type ImportPreview,
  type PreviewRow,
  type RowProblem,
} from './import-mapping.ts';
import { examplesOf, collectCheckedRows, commitBlocked, importResult, readImportSheet, rowTexts } from './import-cells.ts';

export const IMPORT_KIND = 'mentorUnavailability';

type Field = 'name' | 'idNumber' | 'weekday' | 'starts' | 'ends' | 'validFrom' | 'validUntil' | 'reason';

export const UNAVAILABILITY_COLUMNS: ImportColumn<Field>[] = [
  { field: 'name', header: '姓名', aliases: ['导师', '导师姓名'], kind: 'text', required: false },
  { field: 'idNumber', header: '身份证号', aliases: ['身份证', '身份证号码', '证件号码', '公民身份号码'], kind: 'code', required: true },
  { field: 'weekday', header: '星期', aliases: ['每周', '周几', '每周几'], kind: 'text', required: false },
  { field: 'starts', header: '开始', aliases: ['开始时间', '开始时刻', '起', '从'], kind: 'text', required: true },
  { field: 'ends', header: '结束', aliases: ['结束时间', '结束时刻', '止', '至'], kind: 'text', required: true },
  { field: 'validFrom', header: '起始日期', aliases: ['生效日期', '有效期起'], kind: 'date', required: false },
  { field: 'validUntil', header: '截止日期', aliases: ['失效日期', '有效期至'], kind: 'date', required: false },
  { field: 'reason', header: '原因', aliases: ['说明', '备注', '事由'], kind: 'text', required: false },
];

export interface UnavailabilityImportOptions extends ImportChoices {
  onlyValidRows: boolean;
}

export interface UnavailabilityImportSummary extends ImportPreview<Field, UnavailabilityImportOptions> {
  /** Commit: entries written (0 when a refused row stopped the import). */
  written: number;
  blocked: boolean;
}

const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };

/** 周二, 星期二, 礼拜二, 二, 2 → 2. */
function weekdayOf(text: string): number | null {
  const plain = text
    .normalize('NFKC')
    .trim()
    .replace(/^(每周|星期|礼拜|周)/, '');
  return WEEKDAYS[plain] ?? null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 开始/结束 as typed, or as Excel stores a date-time (a Date at its wall-clock, UTC) or a time alone (a Date on 1899-12-30, or a day fraction). */
function whenText(value: unknown): unknown {
  if (value instanceof Date) {
    const time = `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`;
    return value.getUTCFullYear() < 1901 ? time : `${value.toISOString().slice(0, 10)} ${time}`;
  }
  if (typeof value === 'number' && value >= 0 && value < 1) {
    const minutes = Math.round(value * 24 * 60);
    return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  }
  return value;
}

const DATE = isoDate('日期');
const TIME = timeOfDay('时刻');
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/;

interface Checked {
  row: PreviewRow;
  values: unknown[];
  entry?: UnavailabilityFields & { mentorId: number; personId: number };
}

function rowChecker(ctx: Context, baseId: number, cols: MappedFile<Field, ImportColumn<Field>>) {
  const pool = new Map(mentorsOfBase(ctx.db, baseId).map((m) => [m.idNumber, m]));
  const seen = new Map<string, number>();
  /** Each person's recorded times (without the reason), read once: a checker's rows are all checked before anything is written. */
  const recorded = new Map<number, Set<string>>();
  const recordedOf = (personId: number) =>
    recorded.get(personId) ??
    recorded.set(personId, new Set(unavailabilityOfPerson(ctx.db, personId).map((u) => JSON.stringify({ ...stored(u), reason: null })))).get(personId)!;
  const empty = { name: '', idNumber: '', weekday: '', starts: '', ends: '', validFrom: '', validUntil: '', reason: '' } satisfies Record<Field, string>;
  const startsIndex = cols.indexes.find(([, c]) => c.field === 'starts')?.[0];
  const endsIndex = cols.indexes.find(([, c]) => c.field === 'ends')?.[0];
  return (r: { rowNumber: number; values: unknown[] }): Checked => {
    const problems: RowProblem[] = [];
    const values = r.values.map((v, i) => (i === startsIndex || i === endsIndex ? whenText(v) : v));
    const texts = rowTexts(values, cols.indexes, (f) => cols.heading(f), problems, { ...empty });
    const refuse = (field: Field, reason: string) => {
      if (!problems.some((p) => p.column === cols.heading(field))) problems.push({ column: cols.heading(field), reason });
    };
    const idNumber = normalizeIdNumber(texts.idNumber);
    const label = [texts.name, idNumber].filter(Boolean).join(' ');
    const mentor = idNumber ? pool.get(idNumber) : undefined;
    if (!idNumber) refuse('idNumber', '请填写身份证号');
    else if (!mentor) refuse('idNumber', `身份证号 ${idNumber} 不在本基地的导师库中：请先将其加入导师库`);
    else if (texts.name && texts.name !== mentor.personName) refuse('name', `姓名「${texts.name}」与该身份证号登记的「${mentor.personName}」不符`);

    let fields: UnavailabilityFields | null = null;
    const reason = texts.reason || null;
    if (reason && reason.length > 200) refuse('reason', '原因不超过 200 字');
    if (texts.weekday) {
      const weekday = weekdayOf(texts.weekday);
      if (weekday === null) refuse('weekday', `无法识别的星期「${texts.weekday}」：可填 周一 至 周日`);
      const start = TIME.safeParse(texts.starts);
      const end = TIME.safeParse(texts.ends);
      if (!start.success) refuse('starts', texts.starts ? `每周的开始时刻「${texts.starts}」应为如 14:00 的时刻` : '请填写开始时刻');
      if (!end.success) refuse('ends', texts.ends ? `每周的结束时刻「${texts.ends}」应为如 17:00 的时刻` : '请填写结束时刻');
      if (start.success && end.success && end.data <= start.data) refuse('ends', '结束时刻应晚于开始时刻');
      const from = texts.validFrom ? DATE.safeParse(texts.validFrom) : null;
      const until = texts.validUntil ? DATE.safeParse(texts.validUntil) : null;
      if (from && !from.success) refuse('validFrom', `起始日期「${texts.validFrom}」不是有效日期`);
      if (until && !until.success) refuse('validUntil', `截止日期「${texts.validUntil}」不是有效日期`);
      if (from?.success && until?.success && until.data < from.data) refuse('validUntil', '截止日期应不早于起始日期');
      if (weekday !== null && start.success && end.success)
        fields = {
          kind: 'weekly',
          weekday,
          startTime: start.data,
          endTime: end.data,
          validFrom: from?.success ? from.data : null,
          validUntil: until?.success ? until.data : null,
          reason,
        };
    } else {
      const startsAt = normalizeDateTimeText(texts.starts);
      const endsAt = normalizeDateTimeText(texts.ends);
      if (!DATE_TIME.test(startsAt))
        refuse('starts', texts.starts ? `开始时间「${texts.starts}」应为如 2026-12-01 09:00 的日期时间（每周固定的请填写“星期”）` : '请填写开始时间');
      if (!DATE_TIME.test(endsAt)) refuse('ends', texts.ends ? `结束时间「${texts.ends}」应为如 2026-12-01 12:00 的日期时间` : '请填写结束时间');
      if (DATE_TIME.test(startsAt) && DATE_TIME.test(endsAt) && endsAt <= startsAt) refuse('ends', '结束时间应晚于开始时间');
      fields = { kind: 'once', startsAt, endsAt, reason };
    }
    if (problems.length || !mentor || !fields) return { row: { rowNumber: r.rowNumber, outcome: 'refused', label, problems }, values: r.values };
    const key = JSON.stringify([mentor.personId, { ...fields, reason: null }]);
    const earlier = seen.get(key);
    if (earlier !== undefined)
      return { row: { rowNumber: r.rowNumber, outcome: 'skipped', label, notes: [`与第 ${earlier} 行的时间相同，只登记一次`] }, values: r.values };
    seen.set(key, r.rowNumber);
    if (recordedOf(mentor.personId).has(JSON.stringify({ ...fields, reason: null })))
      return { row: { rowNumber: r.rowNumber, outcome: 'unchanged', label, notes: ['该时间已登记为不可用时间，不再重复登记'] }, values: r.values };
    return {
      row: { rowNumber: r.rowNumber, outcome: 'created', label },
      values: r.values,
      entry: { ...fields, mentorId: mentor.id, personId: mentor.personId },
    };
  };
}

/** An entry's fields in the order the checker builds them (to compare). */
const stored = (u: UnavailabilityFields): UnavailabilityFields =>
  u.kind === 'once'
    ? { kind: 'once', startsAt: u.startsAt, endsAt: u.endsAt, reason: u.reason }
    : { kind: 'weekly', weekday: u.weekday, startTime: u.startTime, endTime: u.endTime, validFrom: u.validFrom, validUntil: u.validUntil, reason: u.reason };

const namesUnavailability = (headers: string[]) => {
  const fields = new Set(mapHeadings(UNAVAILABILITY_COLUMNS, headers).flatMap((c) => (c.field ? [c.field] : [])));
  return fields.has('idNumber') && fields.has('starts');
};

export async function runUnavailabilityImport(
  ctx: Context,
  baseId: number,
  upload: { fileName: string; data: Buffer },
  mode: 'preview' | 'commit',
  job: JobHandle,
  options: UnavailabilityImportOptions,
): Promise<{ result: UnavailabilityImportSummary; file?: { fileName: string; data: Buffer } }> {
  const { headers, rows } = await readImportSheet(upload.data, job, namesUnavailability);
  const mapped = mapHeadings(UNAVAILABILITY_COLUMNS, headers, {
    remembered: rememberedMapping(ctx.db, IMPORT_KIND, headers),
    overrides: options.overrides,
    examples: examplesOf(headers, rows),
  });
  const cols = new MappedFile(UNAVAILABILITY_COLUMNS, mapped);
  if (!cols.present.has('idNumber')) throw new AppError('VALIDATION', '未找到“身份证号”列：请确认表头（列名）在前 10 行内', 'file');
  if (rows.length === 0) throw new AppError('VALIDATION', '工作表中只有列名，没有数据行', 'file');
  let checks = rows.map(rowChecker(ctx, baseId, cols));
  job.progress(rows.length, rows.length, '校验完成');
  let blocked = false;
  let written = 0;
  if (mode === 'commit') {
    const now = ctx.clock.now();
    const audit = { actorId: ctx.actor.id, actorName: ctx.actor.name, operation: 'unavailability.importCommit', at: now };
    // One transaction, holding the write gate: every row checked again as the data is now (someone may have changed a
    // mentor or recorded a time since), then every valid row written or none; the report says what this check found.
    await publishHoldingGate(job, ctx.db, () =>
      withAuditContext(ctx.db, audit, () => {
        checks = rows.map(rowChecker(ctx, baseId, cols));
        blocked = commitBlocked(checks, options);
        if (blocked) return;
        rememberMapping(ctx.db, IMPORT_KIND, headers, mapped, now);
        const valid = checks.filter((c) => c.entry);
        for (const c of valid) insertUnavailability(ctx.db, { ...c.entry!, source: 'import' }, now);
        written = valid.length;
      }),
    );
  }
  const { collector, report } = collectCheckedRows(checks);
  const { preview, file } = await importResult({
    mode,
    headers,
    rowCount: rows.length,
    columns: UNAVAILABILITY_COLUMNS,
    mapped,
    collector,
    report,
    options,
    fileNames: { preview: '不可用时间导入预览明细.xlsx', refused: '不可用时间导入未通过的行.xlsx' },
  });
  return { result: { ...preview, blocked, written }, ...(file ? { file } : {}) };
}
