/**
 * Personal data (个人信息): which fields are 身份证号, birth dates and phone numbers, declared once
 * per resource here, and how roles without `pii.read` see them. One policy for every way data
 * leaves core: operation results (lists, details, search results, job results) in dispatch, Excel
 * exports (streamed-export.ts, the annual audit workbook), and the 操作日志's before/after rows.
 *
 * A masked value must not be completable from what else is shown: a 身份证号 keeps its
 * first and last four characters, so the birth date beside it is shown as its year only (the
 * hidden digits are the county and the birth date; the year alone leaves thousands of candidates);
 * a phone keeps its last four digits. Searching by 身份证号 or phone, or sorting by them or by birth
 * date, would reveal the hidden digits one guess at a time, so those are refused (guardPiiQuery).
 */
import { AppError } from './errors.ts';
import type { z } from 'zod';
import { roleAllows, type Actor } from './permissions.ts';
import { piiMarks, type PiiKind } from './outputs/marks.ts';

export type { PiiKind };

/**
 * Per resource, the fields of rows by name: the exports' rows (streamed-export.ts, the annual audit
 * workbook), which are not operation outputs, and the parts of an output its schema leaves open
 * (z.unknown(): a job's result). Operation outputs are masked from the marks in their schema
 * (maskBySchema; core/outputs/marks.ts `pii.*`). Rows that join a person carry
 * the person's fields under these same names (the repositories alias them so); the completeness
 * test (tests/integration/pii-masking.test.ts) reads every list an auditor and a coordinator can
 * reach on generated data and finds no full value, so an unmarked personal field fails it.
 */
export const PII_FIELDS = {
  person: { idNumber: 'idNumber', birthDate: 'birthDate', phone: 'phone' },
  organization: { contactPhone: 'phone' },
} as const satisfies Record<string, Record<string, PiiKind>>;

/** The same, per table and column, as the audit triggers record rows (the 操作日志's before/after JSON). */
export const PII_COLUMNS: Readonly<Record<string, Readonly<Record<string, PiiKind>>>> = {
  person: { id_number: 'idNumber', birth_date: 'birthDate', phone: 'phone' },
  organization: { contact_phone: 'phone' },
};

/** Sort fields that would order rows by hidden digits. */
const PII_SORT_FIELDS: ReadonlySet<string> = new Set(['idNumber', 'birthDate', 'phone']);

/** Operations whose search box reaches a person's 身份证号 or phone (db/repos/people.ts addPersonSearch, the compliance list). */
const PERSON_SEARCH_OPERATIONS: ReadonlySet<string> = new Set([
  'people.list',
  'people.export',
  'supervisors.list',
  'supervisors.export',
  'compliance.list',
  'compliance.export',
]);

export const SEARCH_REFUSED = '按身份证号或手机号搜索需要查看个人信息的权限，请按姓名或拼音搜索';
const SORT_REFUSED = '按身份证号、出生日期或手机号排序需要查看个人信息的权限';

const OUTPUT_FIELDS: ReadonlyMap<string, PiiKind> = new Map(Object.values(PII_FIELDS).flatMap((fields) => Object.entries(fields) as [string, PiiKind][]));

export const seesPii = (actor: Actor): boolean => roleAllows(actor.role, 'pii.read');

/** 前4后4: the region's first four digits and the last four (sequence and check digit). */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length === 18 ? `${idNumber.slice(0, 4)}**********${idNumber.slice(14)}` : '******************';
}

/** Only the last four digits: `*******9903`. */
export function maskPhone(phone: string): string {
  const digits = phone.trim();
  return digits.length > 4 ? `*******${digits.slice(-4)}` : '****';
}

/** The year only (`1985年`): with the month and day the masked 身份证号 could be completed. */
export function maskBirthDate(date: string): string {
  const year = /^\d{4}/.exec(date)?.[0];
  return year ? `${year}年` : '****';
}

const MASKS: Record<PiiKind, (value: string) => string> = { idNumber: maskIdNumber, birthDate: maskBirthDate, phone: maskPhone };

export function maskValue(kind: PiiKind, value: unknown): unknown {
  return typeof value === 'string' && value !== '' ? MASKS[kind](value) : value;
}

/** A row of an export (or a part of an output its schema leaves open), masked by field name, for a role without `pii.read`. */
export function maskOutput<T>(value: T): T {
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(walk);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = byName(key, v);
  return out;
}

function byName(key: string, value: unknown): unknown {
  const kind = OUTPUT_FIELDS.get(key);
  return kind ? maskValue(kind, value) : walk(value);
}

/**
 * An operation's result as a role without `pii.read` may see it: the fields its output schema marks
 * (`pii.idNumber(…)`, core/outputs/marks.ts) are masked wherever they sit; a part the schema leaves
 * open (z.unknown(), z.any()) or a union no option of which matches falls back to the names above.
 */
export function maskBySchema<T>(schema: z.ZodType, value: T): T {
  return bySchema(schema, value) as T;
}

function bySchema(schema: z.ZodType, value: unknown): unknown {
  const kind = piiMarks.get(schema)?.pii;
  if (kind) return maskValue(kind, value);
  if (value === null || value === undefined) return value;
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return walk(value);
      const shape = def.shape as Record<string, z.ZodType>;
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) out[key] = Object.hasOwn(shape, key) ? bySchema(shape[key]!, v) : byName(key, v);
      return out;
    }
    case 'array':
      return Array.isArray(value) ? value.map((v) => bySchema(def.element as z.ZodType, v)) : walk(value);
    case 'tuple':
      return Array.isArray(value)
        ? value.map((v, i) => bySchema((def.items as z.ZodType[])[i] ?? (def.rest as z.ZodType | null) ?? unknownSchema, v))
        : walk(value);
    case 'record':
      return typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bySchema(def.valueType as z.ZodType, v)])) : value;
    case 'nullable':
    case 'optional':
    case 'nonoptional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return bySchema(def.innerType as z.ZodType, value);
    case 'lazy':
      return bySchema((def.getter as () => z.ZodType)(), value);
    case 'pipe':
      return bySchema(def.in as z.ZodType, value);
    case 'union': {
      const option = (def.options as z.ZodType[]).find((o) => o.safeParse(value).success);
      return option ? bySchema(option, value) : walk(value);
    }
    case 'unknown':
    case 'any':
      return walk(value);
    default:
      return value;
  }
}

const unknownSchema = { _zod: { def: { type: 'unknown' } } } as unknown as z.ZodType;

/** A recorded row (before/after of an 操作日志 entry) of `table`, masked by its declared columns. */
export function maskRecordedRow(table: string, row: Record<string, unknown> | null): Record<string, unknown> | null {
  const columns = PII_COLUMNS[table];
  if (!row || !columns) return row;
  return Object.fromEntries(Object.entries(row).map(([column, v]) => [column, columns[column] ? maskValue(columns[column], v) : v]));
}

/** An 操作日志 entry as a role without `pii.read` may see it. */
export function maskAuditEntry<E extends { tableName: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>(entry: E): E {
  return { ...entry, before: maskRecordedRow(entry.tableName, entry.before), after: maskRecordedRow(entry.tableName, entry.after) };
}

/**
 * Refuses, for roles without `pii.read`, the queries that would find hidden digits: a person
 * search holding a digit (a 身份证号 or phone fragment; names and pinyin have none) and a sort by
 * a personal field. Called by dispatch on every operation's parsed input.
 */
export function guardPiiQuery(operation: string, input: unknown, actor: Actor): void {
  if (seesPii(actor) || input === null || typeof input !== 'object') return;
  const { search, sortField } = input as { search?: unknown; sortField?: unknown };
  if (PERSON_SEARCH_OPERATIONS.has(operation) && typeof search === 'string' && /[0-9０-９]/.test(search)) {
    throw new AppError('FORBIDDEN', SEARCH_REFUSED, 'search');
  }
  if (typeof sortField === 'string' && PII_SORT_FIELDS.has(sortField)) throw new AppError('FORBIDDEN', SORT_REFUSED, 'sortField');
}
