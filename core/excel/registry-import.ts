/**
 * Importing the registry workbook (people, with an optional certificate and appointment per row).
 * Every row goes through the same schemas and rules as the forms (people's create and change,
 * certificates.create/update, supervisors.appoint) on a connection of its own: a preview rolls
 * everything back, a commit keeps the good rows in one transaction.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Context } from '../contract.ts';
import { registry } from '../api.ts';
import { invoke } from '../dispatch.ts';
import { parseInput } from '../validation.ts';
import { changePerson, createPerson } from '../services/people.ts';
import { AppError } from '../errors.ts';
import { normalizeIdNumber } from '../idcard.ts';
import { personFields } from '../schemas/people.ts';
import { isoFromExcelDate, normalizeDateText } from '../dates.ts';
import type { JobHandle } from '../jobs.ts';
import { openDatabase } from '../../db/open.ts';
import { prepared } from '../../db/statements.ts';
import { beginBulkInsertAudit, IMPORT_FILE, IMPORT_FILE_SHA256, withAuditContext } from '../../db/audit.ts';
import { allRegions } from '../../db/repos/regions.ts';
import { organizationOptions } from '../../db/repos/organizations.ts';
import { findPersonByIdNumber, getPerson } from '../../db/repos/people.ts';
import { findCertificateByNumber } from '../../db/repos/certificates.ts';
import { findSupervisorByPerson, supervisorLevels } from '../../db/repos/supervisors.ts';
import { CERTIFICATE_LABELS } from '../supervision/entry-conditions.ts';
import { EDUCATION_LABELS, matchHeaders, REGISTRY_COLUMNS, type RegistryColumn, type RegistryField } from './registry-columns.ts';
import { readFirstSheet, writeWorkbook } from './workbook.ts';

export type Outcome = 'created' | 'updated' | 'unchanged' | 'refused';

export interface ImportSummary {
  mode: 'preview' | 'commit';
  rows: number;
  counts: Record<Outcome, number>;
  /** Refused rows: Excel row number, column and a Chinese reason (first 1,000). */
  refused: { rowNumber: number; column: string; reason: string }[];
  ignoredHeaders: string[];
  errorFile: boolean;
}

const header = (field: RegistryField) => REGISTRY_COLUMNS.find((c) => c.field === field)!.header;

/** Which column an operation's field error belongs to, per step of a row. */
const FIELD_COLUMNS: Record<'person' | 'certificate' | 'supervisor', Record<string, RegistryField>> = {
  person: { idNumber: 'idNumber', name: 'name', phone: 'phone', email: 'email', education: 'education', major: 'major', organizationId: 'organization', regionId: 'region', practiceStart: 'practiceStart', jobGrade: 'jobGrade' },
  certificate: { level: 'certificateLevel', number: 'certificateNumber', issuedOn: 'issuedOn', registrationValidUntil: 'registrationValidUntil', personId: 'idNumber' },
  supervisor: { levelId: 'supervisorLevel', regionId: 'supervisorRegion', appointedOn: 'appointedOn', validUntil: 'validUntil', personId: 'idNumber', overrideReason: 'supervisorLevel', status: 'supervisorLevel' },
};

class RowError extends Error {
  readonly column: string;
  constructor(column: string, message: string) {
    super(message);
    this.column = column;
  }
}

function textOf(value: unknown, column: RegistryColumn): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoFromExcelDate(value);
  if (typeof value === 'number') {
    if (column.field === 'idNumber' && !Number.isSafeInteger(value)) {
      throw new RowError(column.header, '身份证号被 Excel 存成了数字，末几位可能已丢失：请把该列设为“文本”后重新填写');
    }
    return String(value);
  }
  const text = String(value).trim();
  return column.kind === 'date' ? normalizeDateText(text) : text;
}

interface Lookups {
  regionByName: Map<string, number[]>;
  regionByCode: Map<string, number>;
  organizationByName: Map<string, number>;
  levelByName: Map<string, number>;
}

function lookups(db: Database.Database): Lookups {
  const regionByName = new Map<string, number[]>();
  const regionByCode = new Map<string, number>();
  for (const r of allRegions(db)) {
    regionByName.set(r.name, [...(regionByName.get(r.name) ?? []), r.id]);
    regionByCode.set(r.code, r.id);
  }
  return {
    regionByName,
    regionByCode,
    organizationByName: new Map(organizationOptions(db).map((o) => [o.name, o.id])),
    levelByName: new Map(supervisorLevels(db).map((l) => [l.name, l.id])),
  };
}

function region(l: Lookups, text: string, field: RegistryField): number | null {
  if (!text) return null;
  const byCode = l.regionByCode.get(text);
  if (byCode) return byCode;
  const byName = l.regionByName.get(text) ?? [];
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new RowError(header(field), `区划名称「${text}」不唯一，请改填区划代码`);
  throw new RowError(header(field), `区划「${text}」不存在：请先在“行政区划”中新增，或核对名称`);
}

function labelled<T extends string>(labels: Record<T, string>, text: string, field: RegistryField, what: string): T | null {
  if (!text) return null;
  const found = (Object.entries(labels) as [T, string][]).find(([code, label]) => label === text || code === text);
  if (!found) throw new RowError(header(field), `无法识别的${what}「${text}」：可填 ${Object.values(labels).join('、')}`);
  return found[0];
}

/** Runs a rule; its refusal becomes the row's, under the column it concerns. */
function underRules<T>(kind: keyof typeof FIELD_COLUMNS, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof AppError) {
      const field = error.field?.split('.')[0];
      throw new RowError(header(FIELD_COLUMNS[kind][field ?? ''] ?? (kind === 'person' ? 'idNumber' : kind === 'certificate' ? 'certificateNumber' : 'supervisorLevel')), error.message);
    }
    throw error;
  }
}

const PERSON_COLUMNS = ['name', 'phone', 'email', 'education', 'major', 'organizationId', 'regionId', 'practiceStart', 'jobGrade'] as const;

/** Runs one row's work; throws RowError (with its column) when the row is refused. */
function applyRow(ctx: Context, l: Lookups, v: Record<RegistryField, string>): Exclude<Outcome, 'refused'> {
  const step = <T>(kind: keyof typeof FIELD_COLUMNS, name: string, input: unknown): T => underRules(kind, () => invoke(registry, ctx, name, input) as T);
  const organizationId = v.organization ? (l.organizationByName.get(v.organization) ?? null) : null;
  if (v.organization && organizationId === null) throw new RowError(header('organization'), `机构「${v.organization}」不存在：请先在“机构”中新增，或核对名称`);
  const personInput = {
    idNumber: v.idNumber,
    name: v.name,
    phone: v.phone,
    email: v.email,
    education: labelled(EDUCATION_LABELS, v.education, 'education', '学历'),
    major: v.major,
    organizationId,
    regionId: region(l, v.region, 'region'),
    practiceStart: v.practiceStart,
    jobGrade: v.jobGrade,
  };
  // People go through the form's schema and rules, without the form's read-back of the saved record.
  const fields = underRules('person', () => parseInput(personFields, personInput));
  let outcome: 'created' | 'updated' | 'unchanged' = 'unchanged';
  const existing = findPersonByIdNumber(ctx.db, fields.idNumber);
  let personId: number;
  if (existing) {
    personId = existing.id;
    // Write only what changes: an identical row is no update (and leaves no trace in the audit log).
    const before = getPerson(ctx.db, existing.id)!;
    if (PERSON_COLUMNS.some((f) => before[f] !== fields[f])) {
      underRules('person', () => changePerson(ctx, existing.id, fields));
      outcome = 'updated';
    }
  } else {
    personId = underRules('person', () => createPerson(ctx, fields));
    outcome = 'created';
  }

  if (v.certificateLevel || v.certificateNumber || v.issuedOn || v.registrationValidUntil) {
    const certificateInput = {
      level: labelled(CERTIFICATE_LABELS, v.certificateLevel, 'certificateLevel', '证书等级'),
      number: v.certificateNumber,
      issuedOn: v.issuedOn,
      registrationValidUntil: v.registrationValidUntil,
    };
    const same = v.certificateNumber ? findCertificateByNumber(ctx.db, v.certificateNumber) : undefined;
    if (same && same.personId !== personId) throw new RowError(header('certificateNumber'), `证书编号 ${v.certificateNumber} 已登记在另一人名下，请核对`);
    if (same) {
      const changed =
        same.level !== certificateInput.level ||
        same.issuedOn !== certificateInput.issuedOn ||
        (v.registrationValidUntil ? same.registrationValidUntil !== v.registrationValidUntil : same.registrationSource !== 'computed');
      if (changed) {
        step('certificate', 'certificates.update', { ...certificateInput, id: same.id });
        if (outcome === 'unchanged') outcome = 'updated';
      }
    } else {
      step('certificate', 'certificates.create', { ...certificateInput, personId });
      if (outcome === 'unchanged') outcome = 'updated';
    }
  }

  if (v.supervisorLevel) {
    const levelId = l.levelByName.get(v.supervisorLevel);
    if (!levelId) throw new RowError(header('supervisorLevel'), `督导等级「${v.supervisorLevel}」不存在：可填 ${[...l.levelByName.keys()].join('、')}`);
    const regionId = region(l, v.supervisorRegion, 'supervisorRegion');
    const current = findSupervisorByPerson(ctx.db, personId);
    if (current && current.status !== 'revoked') {
      const same = current.levelId === levelId && current.regionId === regionId && current.appointedOn === v.appointedOn && current.validUntil === v.validUntil;
      if (!same) throw new RowError(header('supervisorLevel'), `已在督导库中（${current.levelName}）：等级、区划、有效期的变更请在督导详情中办理，以保留记录`);
    } else {
      // Historical appointments may predate today's entry conditions: recorded as such, never silently.
      step('supervisor', 'supervisors.appoint', { personId, levelId, regionId, appointedOn: v.appointedOn, validUntil: v.validUntil, overrideReason: 'Excel 导入的历史聘任记录' });
      if (outcome === 'unchanged') outcome = 'updated';
    }
  }
  return outcome;
}

/**
 * A row with only a person's columns writes one statement, which SQLite makes atomic; a row that
 * also carries a certificate or an appointment needs a savepoint, so that refusing its later part
 * takes back the earlier ones. (A savepoint for every row cost an import of 50,000 people 0.8 s.)
 */
function writesOneRecord(v: Record<RegistryField, string>): boolean {
  return !(v.certificateLevel || v.certificateNumber || v.issuedOn || v.registrationValidUntil || v.supervisorLevel);
}

function inSavepoint<T>(db: Database.Database, fn: () => T): T {
  prepared(db, 'SAVEPOINT import_row').run();
  try {
    const result = fn();
    prepared(db, 'RELEASE import_row').run();
    return result;
  } catch (error) {
    prepared(db, 'ROLLBACK TO import_row').run();
    prepared(db, 'RELEASE import_row').run();
    throw error;
  }
}

export interface UploadedWorkbook {
  fileName: string;
  data: Buffer;
}

export async function runRegistryImport(ctx: Context, upload: UploadedWorkbook, mode: 'preview' | 'commit', job: JobHandle): Promise<{ result: ImportSummary; file?: { fileName: string; data: Buffer } }> {
  job.progress(0, 0, '正在读取工作簿…');
  const { headers, rows } = await readFirstSheet(upload.data, async (n) => {
    job.progress(n, 0, `正在读取第 ${n.toLocaleString('zh-CN')} 行…`);
    await job.checkpoint();
  });
  const columns = matchHeaders(headers);
  const has = (field: RegistryField) => [...columns.values()].some((c) => c.field === field);
  if (!has('name') || !has('idNumber')) {
    throw new AppError('VALIDATION', '未找到“姓名”和“身份证号”列：请确认第一行是列名，或下载导入模板对照填写', 'file');
  }
  if (rows.length === 0) throw new AppError('VALIDATION', '工作表中只有列名，没有数据行', 'file');

  const counts: Record<Outcome, number> = { created: 0, updated: 0, unchanged: 0, refused: 0 };
  const refused: { rowNumber: number; column: string; reason: string; values: unknown[] }[] = [];
  const firstRowOf = new Map<string, number>();
  // Its own connection: the preview's uncommitted rows stay invisible to everyone else. A savepoint's
  // journal stays in memory (in a temporary file it cost ~20 µs a row).
  const db = openDatabase(ctx.dataFile);
  db.pragma('temp_store = MEMORY');
  // One import, one instant: every row is stamped with the time the import started.
  const now = ctx.clock.now();
  const today = ctx.clock.today();
  const rowCtx: Context = { ...ctx, db, clock: { now: () => now, today: () => today } };
  ctx.jobs.writer = mode === 'preview' ? '导入预览' : '导入';
  // Every row is logged as this import's work, by whoever started it: changes to existing records
  // row by row as always, what it creates as one entry per table that names the file.
  const audit = { actorId: ctx.actor.id, actorName: ctx.actor.name, operation: `registry.import${mode === 'commit' ? 'Commit' : 'Preview'}`, at: now };
  try {
    db.exec('BEGIN IMMEDIATE');
    const l = lookups(db);
    const endBulkAudit = beginBulkInsertAudit(db, { [IMPORT_FILE]: upload.fileName, [IMPORT_FILE_SHA256]: crypto.createHash('sha256').update(upload.data).digest('hex') });
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const values = {} as Record<RegistryField, string>;
      for (const c of REGISTRY_COLUMNS) values[c.field] = '';
      try {
        for (const [index, column] of columns) values[column.field] = textOf(row.values[index], column);
        const key = normalizeIdNumber(values.idNumber);
        const first = firstRowOf.get(key);
        if (key && first !== undefined) throw new RowError(header('idNumber'), `与第 ${first} 行的身份证号重复`);
        if (key) firstRowOf.set(key, row.rowNumber);
        const apply = () => withAuditContext(db, audit, () => applyRow(rowCtx, l, values));
        counts[writesOneRecord(values) ? apply() : inSavepoint(db, apply)]++;
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        counts.refused++;
        refused.push({ rowNumber: row.rowNumber, column: error.column, reason: error.message, values: row.values });
      }
      if (i % 200 === 199) {
        job.progress(i + 1, rows.length, `正在${mode === 'preview' ? '校验' : '写入'}第 ${(i + 1).toLocaleString('zh-CN')} / ${rows.length.toLocaleString('zh-CN')} 行`);
        await job.checkpoint();
      }
    }
    job.progress(rows.length, rows.length, mode === 'preview' ? '校验完成' : '正在提交…');
    withAuditContext(db, audit, () => endBulkAudit());
    db.exec(mode === 'commit' ? 'COMMIT' : 'ROLLBACK');
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    ctx.jobs.writer = null;
  }

  const file = refused.length ? { fileName: '导入未通过的行.xlsx', data: await errorWorkbook(headers, refused) } : undefined;
  const matched = new Set(columns.keys());
  return {
    result: {
      mode,
      rows: rows.length,
      counts,
      refused: refused.slice(0, 1000).map(({ values: _values, ...r }) => r),
      ignoredHeaders: headers.filter((h, i) => h && !matched.has(i)),
      errorFile: refused.length > 0,
    },
    file,
  };
}

/** The refused rows as they were, with 行号 and 错误原因 added, so they can be fixed and imported again. */
async function errorWorkbook(headers: string[], refused: { rowNumber: number; column: string; reason: string; values: unknown[] }[]): Promise<Buffer> {
  const columns = [
    { header: '原行号', kind: 'number' as const, width: 8 },
    ...headers.map((h) => ({ header: h, kind: 'code' as const })),
    { header: '错误原因', kind: 'text' as const, width: 60 },
  ];
  async function* batches() {
    yield refused.map((r) => [r.rowNumber, ...headers.map((_h, i) => { const v = r.values[i]; return v instanceof Date ? isoFromExcelDate(v) : v; }), `【${r.column}】${r.reason}`]);
  }
  return writeWorkbook('未通过的行', columns, batches());
}
