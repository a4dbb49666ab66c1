/**
 * The part of importing a registry row that needs no database: its cells as text, names looked up
 * in the import's lookups, and the person checked against the form's schema, with the name's search
 * keys. The import prepares a batch of rows this way before it writes them: doing one kind of work
 * at a time keeps each in the CPU's caches (a 50,000-row import ran ~30 % faster than row by row).
 */
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { isoFromExcelDate, normalizeDateText } from '../dates.ts';
import { parseInput } from '../validation.ts';
import { personFields } from '../schemas/people.ts';
import { nameSearchKeys, type NameSearchKeys } from '../../db/search-keys.ts';
import { EDUCATION_LABELS, REGISTRY_COLUMNS, type RegistryColumn, type RegistryField } from './registry-columns.ts';
import type { SheetRow } from './workbook.ts';
import { FormulaWithoutResult } from './cell-values.ts';

export const header = (field: RegistryField) => REGISTRY_COLUMNS.find((c) => c.field === field)!.header;

/** Which column an operation's field error belongs to, per step of a row. */
const FIELD_COLUMNS: Record<RowStep, Record<string, RegistryField>> = {
  person: { idNumber: 'idNumber', name: 'name', phone: 'phone', email: 'email', education: 'education', major: 'major', organizationId: 'organization', regionId: 'region', practiceStart: 'practiceStart', jobGrade: 'jobGrade' },
  certificate: { level: 'certificateLevel', number: 'certificateNumber', issuedOn: 'issuedOn', registrationValidUntil: 'registrationValidUntil', personId: 'idNumber' },
  supervisor: { levelId: 'supervisorLevel', regionId: 'supervisorRegion', appointedOn: 'appointedOn', validUntil: 'validUntil', personId: 'idNumber', overrideReason: 'supervisorLevel', status: 'supervisorLevel' },
};
const FALLBACK_COLUMN: Record<RowStep, RegistryField> = { person: 'idNumber', certificate: 'certificateNumber', supervisor: 'supervisorLevel' };
export type RowStep = 'person' | 'certificate' | 'supervisor';

/** A row refused: the column it concerns (its header) and why, in Chinese. */
export class RowError extends Error {
  readonly column: string;
  constructor(column: string, message: string) {
    super(message);
    this.column = column;
  }
}

/** Runs a rule; its refusal becomes the row's, under the column it concerns. */
export function underRules<T>(step: RowStep, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof AppError) {
      const field = error.field?.split('.')[0] ?? '';
      throw new RowError(header(FIELD_COLUMNS[step][field] ?? FALLBACK_COLUMN[step]), error.message);
    }
    throw error;
  }
}

/** Names the rows may use, read from the database when the import starts. */
export interface Lookups {
  regionByName: Map<string, number[]>;
  regionByCode: Map<string, number>;
  organizationByName: Map<string, number>;
  levelByName: Map<string, number>;
}

export function region(l: Lookups, text: string, field: RegistryField): number | null {
  if (!text) return null;
  const byCode = l.regionByCode.get(text);
  if (byCode) return byCode;
  const byName = l.regionByName.get(text) ?? [];
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new RowError(header(field), `区划名称「${text}」不唯一，请改填区划代码`);
  throw new RowError(header(field), `区划「${text}」不存在：请先在“行政区划”中新增，或核对名称`);
}

export function labelled<T extends string>(labels: Record<T, string>, text: string, field: RegistryField, what: string): T | null {
  if (!text) return null;
  const found = (Object.entries(labels) as [T, string][]).find(([code, label]) => label === text || code === text);
  if (!found) throw new RowError(header(field), `无法识别的${what}「${text}」：可填 ${Object.values(labels).join('、')}`);
  return found[0];
}

function textOf(value: unknown, column: RegistryColumn): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoFromExcelDate(value);
  if (value instanceof FormulaWithoutResult) throw new RowError(column.header, '该单元格是公式，但文件中没有保存计算结果：请在 Excel 或 WPS 中打开、保存后再导入');
  if (typeof value === 'number') {
    if (column.field === 'idNumber' && !Number.isSafeInteger(value)) {
      throw new RowError(column.header, '身份证号被 Excel 存成了数字，末几位可能已丢失：请把该列设为“文本”后重新填写');
    }
    // A date typed as 20120701 is a number cell in Excel.
    return column.kind === 'date' ? normalizeDateText(String(value)) : String(value);
  }
  const text = String(value).trim();
  return column.kind === 'date' ? normalizeDateText(text) : text;
}

export type RowTexts = Record<RegistryField, string>;

/** A row ready to be written, or why it is refused. */
export interface PreparedRow {
  /** The cells as text by field; null when a cell could not be read (then `refused` says why). */
  texts: RowTexts | null;
  /** Why the row is refused; the import reports it after its duplicate check, as if done in order. */
  refused: RowError | null;
  person: { fields: z.output<typeof personFields>; keys: NameSearchKeys } | null;
}

const asRowError = (error: unknown): RowError => {
  if (error instanceof RowError) return error;
  throw error;
};

/** Prepares rows of a sheet whose columns were matched to the registry's (see matchHeaders). */
export function rowPreparer(columns: Map<number, RegistryColumn>, l: Lookups): (row: SheetRow) => PreparedRow {
  const matched = [...columns];
  return (row) => {
    const texts = {} as RowTexts;
    for (const c of REGISTRY_COLUMNS) texts[c.field] = '';
    try {
      for (const [index, column] of matched) texts[column.field] = textOf(row.values[index], column);
    } catch (error) {
      return { texts: null, refused: asRowError(error), person: null };
    }
    try {
      const organizationId = texts.organization ? (l.organizationByName.get(texts.organization) ?? null) : null;
      if (texts.organization && organizationId === null) throw new RowError(header('organization'), `机构「${texts.organization}」不存在：请先在“机构”中新增，或核对名称`);
      const personInput = {
        idNumber: texts.idNumber,
        name: texts.name,
        phone: texts.phone,
        email: texts.email,
        education: labelled(EDUCATION_LABELS, texts.education, 'education', '学历'),
        major: texts.major,
        organizationId,
        regionId: region(l, texts.region, 'region'),
        practiceStart: texts.practiceStart,
        jobGrade: texts.jobGrade,
      };
      const fields = underRules('person', () => parseInput(personFields, personInput));
      return { texts, refused: null, person: { fields, keys: nameSearchKeys(fields.name) } };
    } catch (error) {
      return { texts, refused: asRowError(error), person: null };
    }
  };
}
