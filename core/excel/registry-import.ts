/**
 * Importing the registry workbook (people, with an optional certificate and appointment per row).
 * Every row goes through the same schemas and rules as the forms (people's create and change,
 * certificates.create/update, supervisors.appoint) on a connection of its own: a preview rolls
 * everything back, a commit keeps the good rows in one transaction (how neither holds up other
 * users: runRegistryImport).
 *
 * Nothing changes that the file does not ask to change (docs/design.md §6a): a column the file does not
 * have leaves the stored value alone, and so does an empty cell unless the user asked for blank
 * cells to clear; a row identical to what is stored writes nothing, so re-importing an export of the
 * app changes nothing.
 */
import type { Db } from '../../db/engine/types.ts';
import type { Context } from '../contract.ts';
import { parseInput } from '../validation.ts';
import { createCertificate, updateCertificate } from '../services/certificates.ts';
import { createOrganization } from '../services/organizations.ts';
import { appoint } from '../services/supervisors.ts';
import { certificateCreate, certificateUpdate } from '../schemas/certificates.ts';
import { organizationFields } from '../schemas/organizations.ts';
import { appointFields } from '../schemas/supervisors.ts';
import { changePerson, createPerson } from '../services/people.ts';
import { recordPostsOfNewPeople } from '../people/service-history.ts';
import { AppError } from '../errors.ts';
import { Cancelled, gateOf, type JobHandle } from '../jobs.ts';
import { isMainThread } from 'node:worker_threads';
import { openSameData } from '../../db/open.ts';
import { prepared } from '../../db/statements.ts';
import { beginBulkInsertAudit, IMPORT_FILE, IMPORT_FILE_SHA256, withAuditContext } from '../../db/audit.ts';
import { StagedPeople, type StagedPerson } from './registry-import-staging.ts';
import { allRegions } from '../../db/repos/regions.ts';
import { associationCityRegionId } from '../regions/association-city.ts';
import { organizationOptions } from '../../db/repos/organizations.ts';
import { getPerson, peopleByIdNumbers, type PersonRow } from '../../db/repos/people.ts';
import { findCertificateByNumber } from '../../db/repos/certificates.ts';
import { findSupervisorByPerson, supervisorLevels } from '../../db/repos/supervisors.ts';
import { certificateFields } from '../schemas/certificates.ts';
import { normalizeText } from '../schemas/common.ts';
import { formatInstant } from '../dates.ts';

import { EXPORTED_ONLY_HEADINGS, REGISTRY_IMPORT_COLUMNS, type RegistryField } from './registry-columns.ts';
import {
  certificateLevel,
  FileColumns,
  region,
  RowRefused,
  rowPreparer,
  schemaProblems,
  underRules,
  type Lookups,
  type PreparedRow,
  type RowRemarks,
  type RowStep,
  type RowTexts,
} from './registry-rows.ts';
import {
  mapHeadings,
  PreviewCollector,
  rememberedMapping,
  rememberMapping,
  type ImportOptions,
  type ImportPreview,
  type PreviewRow,
  type RowOutcome,
} from './import-mapping.ts';
import { examplesOf, importResult, readImportSheet, reportChecked, sha256Of, type ReportRow } from './import-cells.ts';
import { checkpointWorkerAhead, deferCheckpoints } from '../wal-checkpoint.ts';
import { CertificateLevel, Education } from '../../domain/vocabulary.ts';

export type Outcome = RowOutcome;

export interface ImportSummary extends ImportPreview<RegistryField> {
  /** Organisations the file names that do not exist, with how many rows name each. */
  newOrganizations: { name: string; rows: number }[];
  /** The log's head when the rows were checked: the commit reports records changed after it (runRegistryImport). */
  previewMark: number;
}

export const IMPORT_KIND = 'registry';

function lookups(db: Db): Lookups {
  const regionByName = new Map<string, number[]>();
  const regionByCode = new Map<string, number>();
  const regionName = new Map<number, string>();
  const regions = allRegions(db);
  const parentOf = new Map<number, number | null>();
  for (const r of regions) {
    regionByName.set(r.name, [...(regionByName.get(r.name) ?? []), r.id]);
    regionByCode.set(r.code, r.id);
    regionName.set(r.id, r.name);
    parentOf.set(r.id, r.parentId);
  }
  // Prefixes match within the association's city when it is known (exact names and codes anywhere).
  const cityId = associationCityRegionId(db);
  const within = (id: number) => {
    for (let at: number | null | undefined = id, hops = 0; at != null && hops < 10; at = parentOf.get(at), hops++) if (at === cityId) return true;
    return false;
  };
  const towns = regions.filter((r) => r.level === 'town' && (cityId === null || within(r.id))).map((r) => ({ id: r.id, name: r.name, code: r.code }));
  const organizations = organizationOptions(db);
  return {
    regionByName,
    regionByCode,
    regionName,
    towns,
    townsCity: cityId === null ? null : (regionName.get(cityId) ?? null),
    organizationByName: new Map(organizations.map((o) => [normalizeText(o.name), o.id])),
    organizationName: new Map(organizations.map((o) => [o.id, o.name])),
    levelByName: new Map(supervisorLevels(db).map((l) => [l.name, l.id])),
  };
}

/**
 * Lets the server answer what waits between slices of the publish (which holds its transaction), when
 * the import runs on the serving thread (where no worker could be started). In its worker thread it
 * waits for no one: the publish goes at once, its length being how long other users' saves wait.
 */
const nextTurn = isMainThread ? () => new Promise<void>((resolve) => setImmediate(resolve)) : undefined;

/** A person's stored fields, each with the column it comes from. */
const PERSON_FIELDS = [
  ['name', 'name'],
  ['phone', 'phone'],
  ['email', 'email'],
  ['education', 'education'],
  ['major', 'major'],
  ['organizationId', 'organization'],
  ['regionId', 'region'],
  ['practiceStart', 'practiceStart'],
  ['jobGrade', 'jobGrade'],
] as const;
type PersonFields = NonNullable<PreparedRow['person']>['fields'];

interface RowContext {
  ctx: Context;
  l: Lookups;
  cols: FileColumns;
  options: ImportOptions;
}

/** Whether the file asks to set a field: its column is there and its cell has a value (or blank cells clear). */
function asks(rc: RowContext, field: RegistryField, texts: RowTexts): boolean {
  return rc.cols.present.has(field) && (texts[field] !== '' || rc.options.clearBlank);
}

function shown(rc: RowContext, field: (typeof PERSON_FIELDS)[number][0], value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field === 'organizationId') return rc.l.organizationName.get(value as number) ?? String(value);
  if (field === 'regionId') return rc.l.regionName.get(value as number) ?? String(value);
  if (field === 'education') return Education.label(value as Education) ?? String(value);
  return String(value);
}

interface Applied {
  outcome: Exclude<Outcome, 'refused' | 'skipped'>;
  changes: NonNullable<PreviewRow['changes']>;
}

/**
 * Checks a row against the database and writes it; throws RowRefused with every problem found
 * (the person's, the certificate's and the appointment's at once) when it is refused.
 */
function applyRow(rc: RowContext, row: PreparedRow, existing: PersonRow | undefined): Applied {
  const { ctx, cols } = rc;
  const { texts } = row;
  const remarks: RowRemarks = { problems: [...row.remarks.problems], notes: row.remarks.notes, warnings: row.remarks.warnings };
  const changes: Applied['changes'] = [];
  // Each step is the operation's own rules: its input schema, then its function (never its name).
  const step = (kind: RowStep, write: () => unknown): void => void underRules(cols, kind, write);

  // A region name several regions share: the registered person's region when it is one of them.
  const regionId = row.sharedRegionName ? region(rc.l, cols, texts.region, 'region', remarks, existing?.regionId) : undefined;
  // The person: for someone registered, the stored fields with what the file asks to change.
  let personFields: PersonFields | null = null;
  let personChanged = false;
  if (row.person) {
    if (existing) {
      const merged = { ...row.person.fields, ...(regionId !== undefined ? { regionId } : {}) } as Record<string, unknown>;
      for (const [field, column] of PERSON_FIELDS) {
        const keep = !asks(rc, column, texts) || (field === 'name' && row.nameBlank) || (field === 'phone' && row.phoneMasked);
        if (keep) merged[field] = existing[field];
        else if (merged[field] !== existing[field]) {
          personChanged = true;
          changes.push({ column: cols.heading(column), before: shown(rc, field, existing[field]), after: shown(rc, field, merged[field]) });
        }
      }
      personFields = merged as PersonFields;
    } else if (row.nameBlank) {
      remarks.problems.push({ column: cols.heading('name'), reason: '请填写姓名' });
    } else personFields = row.person.fields;
  }
  const personId = existing?.id ?? null;

  const certificate = planCertificate(rc, texts, personId, remarks, changes);
  const supervisor = planSupervisor(rc, texts, personId, remarks, changes);
  if (remarks.problems.length) throw new RowRefused(remarks.problems);

  let id: number;
  if (existing) {
    id = existing.id;
    if (personChanged) underRules(cols, 'person', () => changePerson(ctx, existing.id, personFields!, 'import'));
  } else {
    // The form's rules, without the form's read-back of the saved record.
    id = underRules(cols, 'person', () => createPerson(ctx, personFields!, row.person!.keys ?? undefined, 'import'));
  }
  if (certificate?.kind === 'update') step('certificate', () => updateCertificate(ctx, parseInput(certificateUpdate, certificate.input)));
  if (certificate?.kind === 'create') step('certificate', () => createCertificate(ctx, parseInput(certificateCreate, { ...certificate.input, personId: id })));
  if (supervisor) step('supervisor', () => appoint(parseInput(appointFields, { ...supervisor, personId: id }), ctx));
  return { outcome: existing ? (changes.length ? 'updated' : 'unchanged') : 'created', changes };
}

type CertificatePlan = { kind: 'update'; input: Record<string, unknown> } | { kind: 'create'; input: Record<string, unknown> } | null;

/** A row that fills any certificate column adds or changes a certificate. */
function carriesCertificate(v: RowTexts): boolean {
  return !!(v.certificateLevel || v.certificateNumber || v.issuedOn || v.registrationValidUntil);
}

/** The certificate the row adds or changes (matched by its number), or why not. */
function planCertificate(rc: RowContext, texts: RowTexts, personId: number | null, remarks: RowRemarks, changes: Applied['changes']): CertificatePlan {
  if (!carriesCertificate(texts)) return null;
  const { cols } = rc;
  const level = certificateLevel(cols, texts.certificateLevel, remarks);
  const number = texts.certificateNumber;
  if (!number) {
    remarks.problems.push({ column: cols.heading('certificateNumber'), reason: '填写证书时，请填写证书编号' });
    return null;
  }
  const same = findCertificateByNumber(rc.ctx.db, number);
  if (same && same.personId !== personId) {
    remarks.problems.push({ column: cols.heading('certificateNumber'), reason: `证书编号 ${number} 已登记在另一人名下，请核对` });
    return null;
  }
  if (same) {
    const validUntilAsked = asks(rc, 'registrationValidUntil', texts);
    const input = {
      id: same.id,
      level: level ?? same.level,
      number,
      issuedOn: texts.issuedOn || same.issuedOn,
      // Entered validity stays unless the file gives another; computed validity stays computed.
      registrationValidUntil: validUntilAsked
        ? texts.registrationValidUntil || null
        : same.registrationSource === 'computed'
          ? null
          : same.registrationValidUntil,
    };
    const diffs: [string, string, string][] = [];
    if (input.level !== same.level) diffs.push([cols.heading('certificateLevel'), CertificateLevel.label(same.level), CertificateLevel.label(input.level)]);
    if (input.issuedOn !== same.issuedOn) diffs.push([cols.heading('issuedOn'), same.issuedOn, input.issuedOn]);
    const validityChanged = input.registrationValidUntil
      ? input.registrationValidUntil !== same.registrationValidUntil
      : same.registrationSource !== 'computed';
    if (validityChanged)
      diffs.push([cols.heading('registrationValidUntil'), same.registrationValidUntil ?? '', input.registrationValidUntil ?? '（按规则推算）']);
    if (!diffs.length) return null;
    const { id: _id, ...fields } = input;
    if (!schemaProblems(cols, 'certificate', certificateFields, fields, remarks.problems)) return null;
    for (const [column, before, after] of diffs) changes.push({ column: `${column}（证书 ${number}）`, before, after });
    return { kind: 'update', input };
  }
  const input = { level, number, issuedOn: texts.issuedOn, registrationValidUntil: texts.registrationValidUntil };
  if (!level) {
    if (!texts.certificateLevel) remarks.problems.push({ column: cols.heading('certificateLevel'), reason: '填写证书时，请填写证书等级' });
    if (!texts.issuedOn) remarks.problems.push({ column: cols.heading('issuedOn'), reason: '填写证书时，请填写发证日期' });
    return null;
  }
  if (!texts.issuedOn) {
    remarks.problems.push({ column: cols.heading('issuedOn'), reason: '填写证书时，请填写发证日期' });
    return null;
  }
  if (!schemaProblems(cols, 'certificate', certificateFields, input, remarks.problems)) return null;
  changes.push({ column: cols.heading('certificateNumber'), before: '', after: `新增${CertificateLevel.label(level)}证书 ${number}` });
  return { kind: 'create', input };
}

/** The appointment the row records, or why not; an appointment already on the register as the file says is nothing to do. */
function planSupervisor(
  rc: RowContext,
  texts: RowTexts,
  personId: number | null,
  remarks: RowRemarks,
  changes: Applied['changes'],
): Record<string, unknown> | null {
  if (!texts.supervisorLevel) return null;
  const { cols, l } = rc;
  const levelId = l.levelByName.get(texts.supervisorLevel);
  if (!levelId)
    remarks.problems.push({
      column: cols.heading('supervisorLevel'),
      reason: `督导等级「${texts.supervisorLevel}」不存在：可填 ${[...l.levelByName.keys()].join('、')}`,
    });
  const current = personId === null ? undefined : findSupervisorByPerson(rc.ctx.db, personId);
  const regionId = region(l, cols, texts.supervisorRegion, 'supervisorRegion', remarks, current?.regionId);
  if (current && levelId) {
    // Blank cells leave the appointment's values as they are.
    const same =
      current.levelId === levelId &&
      (texts.supervisorRegion ? current.regionId === regionId : true) &&
      (texts.appointedOn ? current.appointedOn === texts.appointedOn : true) &&
      (texts.validUntil ? current.validUntil === texts.validUntil : true);
    if (same) return null;
    if (current.status !== 'revoked') {
      remarks.problems.push({
        column: cols.heading('supervisorLevel'),
        reason: `已在督导库中（${current.levelName}）：等级、区划、有效期的变更请在督导详情中办理，以保留记录`,
      });
      return null;
    }
  }
  if (!texts.supervisorRegion) remarks.problems.push({ column: cols.heading('supervisorRegion'), reason: '请选择服务区划' });
  if (!texts.appointedOn) remarks.problems.push({ column: cols.heading('appointedOn'), reason: '请填写聘任日期' });
  if (!texts.validUntil) remarks.problems.push({ column: cols.heading('validUntil'), reason: '请填写督导有效期至' });
  if (!levelId || !regionId || !texts.appointedOn || !texts.validUntil) return null;
  changes.push({ column: cols.heading('supervisorLevel'), before: '', after: `聘任为${texts.supervisorLevel}` });
  // Historical appointments may predate today's entry conditions: recorded as such, never silently.
  return { levelId, regionId, appointedOn: texts.appointedOn, validUntil: texts.validUntil, overrideReason: 'Excel 导入的历史聘任记录' };
}

/**
 * A row with only a person's columns writes one statement, which SQLite makes atomic; a row that
 * also carries a certificate or an appointment needs a savepoint, so that refusing its later part
 * takes back the earlier ones. (A savepoint for every row cost an import of 50,000 people 0.8 s.)
 */
function writesOneRecord(v: RowTexts): boolean {
  return !carriesCertificate(v) && !v.supervisorLevel;
}

function inSavepoint<T>(db: Db, fn: () => T): T {
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
  const fields = new Set(mapHeadings(REGISTRY_IMPORT_COLUMNS, headers).map((c) => c.field));
  return fields.has('name') && fields.has('idNumber');
}

/** Rows checked, then written, at a time (a publish writes all its batches at once). */
const BATCH = 200;
/** Rows checked per short transaction: the event loop and the writer are held a few milliseconds each time. */
export const CHECK_BATCH = 50;

export interface UploadedWorkbook {
  fileName: string;
  data: Buffer;
}

export const DEFAULT_OPTIONS: ImportOptions = { clearBlank: false, createOrganizations: false, overrides: {} };

/** The log's newest entry: what an import checks the records it changes against (changed since → reported). */
export function importMark(db: Db): number {
  return prepared(db, 'SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number;
}

/** A registered person's records (the person, their certificates, their appointment) changed since `mark`: by whom and when. */
function changedSince(db: Db, personId: number, mark: number): { actorName: string; at: string } | undefined {
  return prepared(
    db,
    `SELECT actor_name AS actorName, at FROM audit_log WHERE id > @mark AND (
       (table_name = 'person' AND row_id = @personId)
       OR (table_name = 'certificate' AND row_id IN (SELECT id FROM certificate WHERE person_id = @personId))
       OR (table_name = 'supervisor' AND row_id IN (SELECT id FROM supervisor WHERE person_id = @personId)))
     ORDER BY id DESC LIMIT 1`,
  ).get({ mark, personId }) as { actorName: string; at: string } | undefined;
}

/** A row another user's work got in the way of since the preview: who changed its record and when, or why it no longer passes. */
type Meanwhile = { rowNumber: number; label: string } & ({ actorName: string; at: string } | { reason: string });

/** The people whose records (the person, a certificate, the appointment) anyone changed since `mark`: the log's few newest entries. */
function peopleChangedSince(db: Db, mark: number): Set<number> {
  const ids = prepared(
    db,
    `SELECT row_id FROM audit_log WHERE id > @mark AND table_name = 'person'
     UNION SELECT c.person_id FROM audit_log a JOIN certificate c ON c.id = a.row_id WHERE a.id > @mark AND a.table_name = 'certificate'
     UNION SELECT s.person_id FROM audit_log a JOIN supervisor s ON s.id = a.row_id WHERE a.id > @mark AND a.table_name = 'supervisor'`,
  )
    .pluck()
    .all({ mark }) as number[];
  return new Set(ids);
}

/** A person's stored row by 身份证号, every column as SQLite has it. */
function personByIdNumber(db: Db, idNumber: string): Record<string, unknown> | undefined {
  return prepared(db, 'SELECT * FROM person WHERE id_number = ?').get(idNumber) as Record<string, unknown> | undefined;
}

/** Rows whose records another user changed since the preview: the import writes nothing and names them. */
class ChangedMeanwhile extends AppError {
  constructor(rows: Meanwhile[], timeZone: string) {
    const shown = rows
      .slice(0, 5)
      .map((r) =>
        'reason' in r
          ? `第 ${r.rowNumber} 行（${r.label}）：${r.reason}`
          : `第 ${r.rowNumber} 行（${r.label}）已被 ${r.actorName} 于 ${formatInstant(r.at, timeZone)} 修改`,
      )
      .join('；');
    super('CONFLICT', `${shown}${rows.length > 5 ? ` 等 ${rows.length} 行` : ''}。为免覆盖他人的修改，本次导入未写入任何数据：请重新预览后再导入`);
  }
}

/**
 * Nobody waits for an import (docs/design.md §5), and it still writes all or nothing. The job runs
 * in a worker thread (core/services/excel.ts, core/worker-jobs.ts): none of what follows runs on the
 * serving thread, which only holds the write gate (core/write-gate.ts) on the worker's behalf while
 * the worker holds SQLite's write lock (`gateOf(job)`: each check batch, the publish), so that its
 * writes wait at the gate, never in SQLite's busy handler; reads go around (core/reads-during-writes.ts).
 * Where no worker can be started, the same steps run on the serving thread, yielding in between.
 * - the file is read and its rows prepared without touching the database (the job yields throughout);
 * - the check: every row goes through the rules in batches of CHECK_BATCH, each in its own short
 *   write transaction that is rolled back, the gate held for it, so other users' saves and logins
 *   go through between batches. A preview stops here and answers the log's head when its job started
 *   (`previewMark`). A commit keeps what the check wrote for each new person (the row as the rules
 *   made it) and which rows change stored records;
 * - the publish (a commit): one transaction, the gate held throughout: the serving thread's writes
 *   wait for its end (its length is how long they wait). The new people are inserted as the check
 *   wrote them; the rows that change stored records go through the rules again. A record another
 *   user changed since the preview (or since the commit's job started, without one) that the import
 *   would write to, a person registered meanwhile, or a row that no longer passes, is reported and
 *   the transaction rolled back: nothing is silently overwritten (§6a). A cancel before the commit
 *   (seen at the job's checkpoints and just before COMMIT), or any failure, writes nothing. The new
 *   people, staged in a temporary table of the import's connection as they are checked, go in by
 *   INSERT … SELECT (one statement in the worker; slices with turns between on the serving thread),
 *   their bulk audit digest worked out before it (core/excel/registry-import-staging.ts); what it
 *   still costs is the upkeep of the person table's indexes (docs/performance.md).
 */
export async function runRegistryImport(
  ctx: Context,
  upload: UploadedWorkbook,
  mode: 'preview' | 'commit',
  job: JobHandle,
  options: ImportOptions & { previewMark?: number | undefined } = DEFAULT_OPTIONS,
): Promise<{ result: ImportSummary; file?: { fileName: string; data: Buffer } }> {
  // Taken before the file is read (by the operation, as the job starts): whatever anyone changes from then on is after the mark.
  const mark = options.previewMark ?? importMark(ctx.db);
  const { headers, rows } = await readImportSheet(upload.data, job, namesPeople);

  // Its own connection: a preview's batches, rolled back, stay invisible to everyone else. A savepoint's
  // journal stays in memory (in a temporary file it cost ~20 µs a row).
  const db = openSameData(ctx);
  db.pragma('temp_store = MEMORY');
  deferCheckpoints(db); // the publish's log is copied into the file in a worker thread (core/wal-checkpoint.ts)
  const mapped = mapHeadings(REGISTRY_IMPORT_COLUMNS, headers, {
    remembered: rememberedMapping(db, IMPORT_KIND, headers),
    overrides: options.overrides,
    examples: examplesOf(headers, rows),
    exportedOnly: EXPORTED_ONLY_HEADINGS,
  });
  const cols = new FileColumns(mapped);
  if (!cols.present.has('name') || !cols.present.has('idNumber')) {
    db.close();
    throw new AppError('VALIDATION', '未找到“姓名”和“身份证号”列：请确认表头（列名）在前 10 行内，或下载导入模板对照填写', 'file');
  }
  if (rows.length === 0) {
    db.close();
    throw new AppError('VALIDATION', '工作表中只有列名，没有数据行', 'file');
  }

  const collector = new PreviewCollector();
  const report: ReportRow[] = [];
  // The preview's workbook lists every row; a commit's only the refused ones (writing 50,000 rows
  // of detail would cost the import a second or more, for what the preview already showed).
  const detailed = mode === 'preview';
  const record = (row: PreviewRow, values?: unknown[]) => {
    collector.add(row);
    if (values) report.push({ row, values });
    else if (detailed) report.push({ row });
  };
  const firstRowOf = new Map<string, number>();
  /** Certificate numbers rows before have added: a preview's batches are rolled back, so the file's own repeats are caught here. */
  const certificateRowOf = new Map<string, number>();
  const changed: Meanwhile[] = [];
  const newOrganizations = new Map<string, number>();
  // One import, one instant: every row is stamped with the time the import started.
  const now = ctx.clock.now();
  const today = ctx.clock.today();
  const rowCtx: Context = { ...ctx, db, clock: { ...ctx.clock, now: () => now, today: () => today } };
  // Every row is logged as this import's work, by whoever started it: changes to existing records
  // row by row as always, what it creates as one entry per table that names the file.
  const audit = { actorId: ctx.actor.id, actorName: ctx.actor.name, operation: `registry.import${mode === 'commit' ? 'Commit' : 'Preview'}`, at: now };
  const fileDetails = { [IMPORT_FILE]: upload.fileName, [IMPORT_FILE_SHA256]: sha256Of(upload.data) };
  try {
    const l = lookups(db);
    // Organisations the file names that do not exist: listed, and created first when the user agreed.
    const orgIndex = cols.indexes.find(([, c]) => c.field === 'organization')?.[0];
    if (orgIndex !== undefined) {
      for (const row of rows) {
        const v = row.values[orgIndex];
        const name = typeof v === 'string' || typeof v === 'number' ? normalizeText(String(v)) : '';
        if (name && !l.organizationByName.has(name)) newOrganizations.set(name, (newOrganizations.get(name) ?? 0) + 1);
      }
    }
    /** Inside each write transaction (a preview's batches are rolled back, and the organisations with them). */
    const createOrganizations = () => {
      if (!options.createOrganizations || !newOrganizations.size) return;
      withAuditContext(db, audit, () => {
        for (const name of newOrganizations.keys()) {
          try {
            const existing = organizationOptions(db).find((o) => normalizeText(o.name) === name);
            const created = existing ?? createOrganization(rowCtx, parseInput(organizationFields, { name, kind: 'other' }));
            l.organizationByName.set(name, created.id);
            l.organizationName.set(created.id, created.name);
          } catch (error) {
            if (!(error instanceof AppError)) throw error; // e.g. a name with an invisible character: its rows are refused
          }
        }
      });
    };
    const rc: RowContext = { ctx: rowCtx, l, cols, options };
    const prepare = rowPreparer(cols, l);
    /** Organisations created in the current transaction: a staged person naming one goes through the rules again at publish (its id changes). */
    let newOrganizationIds = new Set<number>();
    const createOrganizationsHere = () => {
      if (!options.createOrganizations || !newOrganizations.size) return;
      const before = new Set(organizationOptions(db).map((o) => o.id));
      createOrganizations();
      newOrganizationIds = new Set([...l.organizationByName.values()].filter((id) => !before.has(id)));
    };
    /** A commit's new people as the rules wrote them in the check (the row without its id): inserted as they are at publish. */
    const staged = mode === 'commit' ? new StagedPeople(db) : undefined;
    /** The current batch's new people: staged once its transaction is rolled back. */
    let stagedInBatch: StagedPerson[] = [];
    /** Rows the publish runs through the rules again: they change stored records, or create more than a person. */
    const replay: number[] = [];
    /** At publish: the people whose records anyone changed since the mark. */
    let changedPeople: Set<number> | undefined;
    /** Registered people a row leaves as they are: checked at publish for changes made meanwhile. */
    const untouched: { index: number; personId: number }[] = [];

    /** Checks a row through the rules and writes it in the current transaction; records its outcome. */
    const applyPrepared = (sheetRow: (typeof rows)[number], row: PreparedRow, registeredId: number | undefined, index: number, publishing: boolean) => {
      const label = [row.texts.name, row.texts.idNumber].filter(Boolean).join(' ');
      if (row.skip) {
        record({ rowNumber: row.rowNumber, outcome: 'skipped', label: label || String(sheetRow.values.find((v) => v) ?? ''), notes: [row.skip] });
        return;
      }
      const remarks = {
        ...(row.remarks.notes.length ? { notes: row.remarks.notes } : {}),
        ...(row.remarks.warnings.length ? { warnings: row.remarks.warnings } : {}),
      };
      try {
        const key = row.idNumber;
        const number = carriesCertificate(row.texts) ? row.texts.certificateNumber : '';
        if (!publishing) {
          const first = firstRowOf.get(key);
          if (key && first !== undefined) throw new RowRefused([{ column: cols.heading('idNumber'), reason: `与第 ${first} 行的身份证号重复` }]);
          if (key) firstRowOf.set(key, row.rowNumber);
          const earlier = number ? certificateRowOf.get(number) : undefined;
          if (earlier !== undefined) throw new RowRefused([{ column: cols.heading('certificateNumber'), reason: `与第 ${earlier} 行的证书编号重复` }]);
        }
        const existing = registeredId === undefined ? undefined : getPerson(db, registeredId);
        // Looked up before the row writes (its own entries come after the mark too).
        const by = existing && publishing && changedPeople!.has(existing.id) ? changedSince(db, existing.id, mark) : undefined;
        const apply = () => applyRow(rc, row, existing);
        const { outcome, changes } = writesOneRecord(row.texts) ? apply() : inSavepoint(db, apply);
        if (publishing) {
          // A row that writes to a person another user changed since the mark would overwrite their change unseen.
          if (by && outcome !== 'unchanged') changed.push({ rowNumber: row.rowNumber, label, ...by });
          return;
        }
        if (number) certificateRowOf.set(number, row.rowNumber);
        record({ rowNumber: row.rowNumber, outcome, label, ...(outcome === 'updated' ? { changes } : {}), ...remarks });
        if (mode !== 'commit') return;
        const person = outcome === 'created' && writesOneRecord(row.texts) ? personByIdNumber(db, key) : undefined;
        if (person && !newOrganizationIds.has(person.organization_id as number)) {
          const { id: _id, ...values } = person;
          stagedInBatch.push({ rowNumber: row.rowNumber, label, values });
        } else if (outcome === 'unchanged' && existing) untouched.push({ index, personId: existing.id });
        else replay.push(index);
      } catch (error) {
        if (!(error instanceof RowRefused)) throw error;
        // At publish a row refused now that passed the check: what it depends on changed meanwhile.
        if (publishing) changed.push({ rowNumber: row.rowNumber, label, reason: error.problems.map((p) => `${p.column}：${p.reason}`).join('；') });
        else record({ rowNumber: row.rowNumber, outcome: 'refused', label, problems: error.problems, ...remarks }, sheetRow.values);
      }
    };
    /** Rows of the file by index, prepared (the checks that need no database) and matched to registered people. */
    const applyRows = (indexes: number[], publishing: boolean) => {
      const preparedRows = indexes.map((i) => prepare(rows[i]!));
      // A 身份证号 appears once in a file (a repeat is refused), so the matches hold while the rows are written.
      const registered = new Map(
        peopleByIdNumbers(
          db,
          preparedRows.flatMap((p) => (p.idNumber && !p.skip ? [p.idNumber] : [])),
        ).map((p) => [p.idNumber, p.id]),
      );
      withAuditContext(db, audit, () =>
        indexes.forEach((index, i) => applyPrepared(rows[index]!, preparedRows[i]!, registered.get(preparedRows[i]!.idNumber), index, publishing)),
      );
    };

    // The check: every row through the rules in a short write transaction, rolled back; the job yields in between.
    const gate = gateOf(job);
    for (let start = 0; start < rows.length; start += CHECK_BATCH) {
      const end = Math.min(rows.length, start + CHECK_BATCH);
      // The write gate for the batch's write lock: the serving thread's writes wait at the gate meanwhile,
      // not in SQLite's busy handler; another import's publish is awaited, not spun on in SQLite.
      const releaseBatch = await gate.holdWrites();
      db.exec('BEGIN IMMEDIATE');
      try {
        // The insert triggers stay: lifting them is a schema change, whose rollback makes the
        // connection reload the schema and every statement re-prepare (~50 ms a batch).
        createOrganizationsHere();
        applyRows(
          Array.from({ length: end - start }, (_, k) => start + k),
          false,
        );
      } finally {
        db.exec('ROLLBACK');
        releaseBatch();
      }
      staged?.add(stagedInBatch);
      stagedInBatch = [];
      reportChecked(job, end, rows.length);
      await job.checkpoint(); // a cancel before the publish writes nothing
    }
    job.progress(rows.length, rows.length, mode === 'preview' ? '校验完成' : '正在写入…');

    if (mode === 'commit') {
      // The new people's bulk digest, worked out before the publish (the job yielding between slices) for the ids they will get.
      const digest = staged?.count ? await staged.digestAfter(staged.lastPersonId(), () => job.checkpoint()) : undefined;
      const ahead = digest ? new Map([['person', digest]]) : undefined;
      // The publish: one transaction, holding the serving thread's write gate (core/write-gate.ts: its other
      // writes wait there). New people are inserted as the check wrote them (on the serving thread in slices,
      // with the server answering in between); rows that change stored records go through the rules again,
      // checked for changes since the mark.
      // The log's copy into the file, its worker started now so that the publish does not wait for a thread's start.
      const checkpoint = checkpointWorkerAhead(db);
      let copying = false;
      const releaseWrites = await gate.holdWrites();
      db.exec('BEGIN IMMEDIATE');
      try {
        const endBulkAudit = beginBulkInsertAudit(db, fileDetails);
        createOrganizationsHere();
        if (staged?.count) {
          // Registered by another user since the check: reported, nothing written.
          const taken = staged.registeredMeanwhile();
          for (const { rowNumber, label, personId } of taken)
            changed.push({ rowNumber, label, ...(changedSince(db, personId, mark) ?? { reason: '身份证号已由他人登记' }) });
          // Their organizations and posts start their 服务履历: one statement for all of them too.
          if (!taken.length) recordPostsOfNewPeople(rowCtx, await staged.publish(nextTurn), 'import');
        }
        changedPeople = peopleChangedSince(db, mark);
        const touchedMeanwhile = untouched.filter(({ personId }) => changedPeople!.has(personId)).map(({ index }) => index);
        for (let start = 0; start < replay.length; start += BATCH) applyRows(replay.slice(start, start + BATCH), true);
        applyRows(touchedMeanwhile, true);
        if (changed.length) throw new ChangedMeanwhile(changed, ctx.clock.timeZone());
        await nextTurn?.();
        withAuditContext(db, audit, () => {
          // The user's mapping is remembered for the next file with the same headings.
          rememberMapping(db, IMPORT_KIND, headers, mapped, now);
          endBulkAudit('done', ahead);
        });
        await nextTurn?.();
        // The last moment a cancel writes nothing; after the commit the job ends as done.
        if (job.cancelled) throw new Cancelled();
        db.exec('COMMIT');
        copying = true;
        await checkpoint.start(); // begun while holding the gate: no commit of the serving thread starts the same copy first
      } finally {
        if (db.inTransaction) db.exec('ROLLBACK');
        releaseWrites();
        if (!copying) checkpoint.stop();
      }
      job.progress(rows.length, rows.length, '写入完成');
    }
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }

  const { preview, file } = await importResult({
    mode,
    headers,
    rowCount: rows.length,
    columns: REGISTRY_IMPORT_COLUMNS,
    mapped,
    collector,
    report,
    options,
    fileNames: { preview: '导入预览明细.xlsx', refused: '导入未通过的行.xlsx' },
  });
  return {
    result: { ...preview, newOrganizations: [...newOrganizations].map(([name, n]) => ({ name, rows: n })), previewMark: mark },
    ...(file ? { file } : {}),
  };
}
