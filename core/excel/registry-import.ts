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
import { changePerson, createPerson } from '../services/people.ts';
import { AppError } from '../errors.ts';
import { normalizeIdNumber } from '../idcard.ts';
import type { JobHandle } from '../jobs.ts';
import { openDatabase } from '../../db/open.ts';
import { prepared } from '../../db/statements.ts';
import { beginBulkInsertAudit, IMPORT_FILE, IMPORT_FILE_SHA256, withAuditContext } from '../../db/audit.ts';
import { allRegions } from '../../db/repos/regions.ts';
import { organizationOptions } from '../../db/repos/organizations.ts';
import { getPerson, peopleByIdNumbers } from '../../db/repos/people.ts';
import { findCertificateByNumber } from '../../db/repos/certificates.ts';
import { findSupervisorByPerson, supervisorLevels } from '../../db/repos/supervisors.ts';
import { CERTIFICATE_LABELS } from '../supervision/entry-conditions.ts';
import { matchHeaders } from './registry-columns.ts';
import { header, labelled, region, RowError, rowPreparer, underRules, type Lookups, type PreparedRow, type RowStep, type RowTexts } from './registry-rows.ts';
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

const PERSON_COLUMNS = ['name', 'phone', 'email', 'education', 'major', 'organizationId', 'regionId', 'practiceStart', 'jobGrade'] as const;

/** Writes a row whose person passed the checks that need no database; throws RowError when the row is refused. */
function applyRow(ctx: Context, l: Lookups, v: RowTexts, person: NonNullable<PreparedRow['person']>, existingId: number | undefined): Exclude<Outcome, 'refused'> {
  const step = <T>(kind: RowStep, name: string, input: unknown): T => underRules(kind, () => invoke(registry, ctx, name, input) as T);
  const { fields, keys } = person;
  let outcome: 'created' | 'updated' | 'unchanged' = 'unchanged';
  let personId: number;
  if (existingId !== undefined) {
    personId = existingId;
    // Write only what changes: an identical row is no update (and leaves no trace in the audit log).
    const before = getPerson(ctx.db, existingId)!;
    if (PERSON_COLUMNS.some((f) => before[f] !== fields[f])) {
      underRules('person', () => changePerson(ctx, existingId, fields));
      outcome = 'updated';
    }
  } else {
    // The form's rules, without the form's read-back of the saved record.
    personId = underRules('person', () => createPerson(ctx, fields, keys));
    outcome = 'created';
  }

  if (carriesCertificate(v)) {
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
function writesOneRecord(v: RowTexts): boolean {
  return !carriesCertificate(v) && !v.supervisorLevel;
}

/** A row that fills any certificate column adds or changes a certificate. */
function carriesCertificate(v: RowTexts): boolean {
  return !!(v.certificateLevel || v.certificateNumber || v.issuedOn || v.registrationValidUntil);
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

/** A header row of people: it has a 姓名 and a 身份证号 column (under any of their aliases). */
function namesPeople(headers: string[]): boolean {
  const fields = new Set([...matchHeaders(headers).values()].map((c) => c.field));
  return fields.has('name') && fields.has('idNumber');
}

/** Rows checked, then written, at a time; also how often progress is reported and cancelling is possible. */
const BATCH = 200;

export interface UploadedWorkbook {
  fileName: string;
  data: Buffer;
}

export async function runRegistryImport(ctx: Context, upload: UploadedWorkbook, mode: 'preview' | 'commit', job: JobHandle): Promise<{ result: ImportSummary; file?: { fileName: string; data: Buffer } }> {
  job.progress(0, 0, '正在读取工作簿…');
  const { headers, rows } = await readFirstSheet(upload.data, {
    onRows: async (n) => {
      job.progress(n, 0, `正在读取第 ${n.toLocaleString('zh-CN')} 行…`);
      await job.checkpoint();
    },
    isHeader: namesPeople,
  });
  const columns = matchHeaders(headers);
  if (!namesPeople(headers)) {
    throw new AppError('VALIDATION', '未找到“姓名”和“身份证号”列：请确认表头（列名）在前 10 行内，或下载导入模板对照填写', 'file');
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
    const prepare = rowPreparer(columns, l);
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH);
      // First the batch's checks that need no database, then its writes (see registry-rows.ts).
      const prepared = batch.map(prepare);
      // A 身份证号 appears once in a file (a repeat is refused), so the batch's matches hold while it is written.
      const registered = new Map(peopleByIdNumbers(db, prepared.flatMap((p) => (p.person ? [p.person.fields.idNumber] : []))).map((p) => [p.idNumber, p.id]));
      withAuditContext(db, audit, () => {
        batch.forEach((row, i) => {
          const { texts, refused: refusal, person } = prepared[i]!;
          try {
            if (!texts) throw refusal!;
            const key = normalizeIdNumber(texts.idNumber);
            const first = firstRowOf.get(key);
            if (key && first !== undefined) throw new RowError(header('idNumber'), `与第 ${first} 行的身份证号重复`);
            if (key) firstRowOf.set(key, row.rowNumber);
            if (!person) throw refusal!;
            const apply = () => applyRow(rowCtx, l, texts, person, registered.get(person.fields.idNumber));
            counts[writesOneRecord(texts) ? apply() : inSavepoint(db, apply)]++;
          } catch (error) {
            if (!(error instanceof RowError)) throw error;
            counts.refused++;
            refused.push({ rowNumber: row.rowNumber, column: error.column, reason: error.message, values: row.values });
          }
        });
      });
      const done = start + batch.length;
      job.progress(done, rows.length, `正在${mode === 'preview' ? '校验' : '写入'}第 ${done.toLocaleString('zh-CN')} / ${rows.length.toLocaleString('zh-CN')} 行`);
      await job.checkpoint();
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
    // Cells as they were read: dates stay dates (the writer gives any Date a date format).
    yield refused.map((r) => [r.rowNumber, ...headers.map((_h, i) => r.values[i]), `【${r.column}】${r.reason}`]);
  }
  return writeWorkbook('未通过的行', columns, batches());
}
