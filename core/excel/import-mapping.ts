/**
 * Which column of a file is which field, for any import kind whose columns are described the
 * same way (field, header, aliases, kind, required): the app's own headers and their aliases first,
 * then what the user chose for the same set of headings last time, then what they choose now.
 * Also the shape of an import's preview, shared by the import kinds and the dialog that shows it.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/engine/types.ts';
import { getSetting, setSetting } from '../../db/repos/settings.ts';
import type { ColumnSpec } from './workbook.ts';

export interface ImportColumn<F extends string = string> {
  field: F;
  header: string;
  aliases: string[];
  kind: ColumnSpec['kind'];
  required: boolean;
}

/**
 * How a heading of the file was matched: the app's header or an alias, remembered, chosen now, a
 * column the app's own exports write that is not imported (e.g. 出生日期, derived), or not at all.
 */
export type MappingSource = 'header' | 'alias' | 'remembered' | 'user' | 'exported' | 'none';

export interface MappedColumn<F extends string = string> {
  /** 0-based index of the column in the file. */
  index: number;
  /** The heading as the file has it. */
  heading: string;
  /** The field it fills, or null: ignored. */
  field: F | null;
  source: MappingSource;
  /** The first non-empty value below the heading, as text (for the mapping step). */
  example: string;
}

/** The user's choices: a column index (as text, JSON keys) to a field, or null to ignore it on purpose. */
export type MappingOverrides = Record<string, string | null>;

/** Headings compared without spaces, asterisks, 「（必填）」 or case. */
export const normalizeHeading = (h: string) =>
  h
    .normalize('NFKC')
    .replace(/\s|\*|（必填）|\(必填\)/g, '')
    .toLowerCase();

/** The key a set of headings is remembered under (order and spacing do not matter). */
export function headingsKey(kind: string, headings: string[]): string {
  const names = [...new Set(headings.map(normalizeHeading).filter(Boolean))].sort();
  return `import.mapping.${kind}.${crypto.createHash('sha256').update(names.join('\u0001')).digest('hex').slice(0, 32)}`;
}

/** A remembered mapping: normalised heading → field (null: ignored on purpose). */
export type RememberedMapping = Record<string, string | null>;

export function rememberedMapping(db: Db, kind: string, headings: string[]): RememberedMapping {
  const stored = getSetting(db, headingsKey(kind, headings));
  return stored ? (JSON.parse(stored) as RememberedMapping) : {};
}

/**
 * Remembers the user's choices for this set of headings (only what differs from what the app would
 * match by itself, so a file in the app's own layout leaves no setting behind). Unchanged: no write.
 */
export function rememberMapping<F extends string>(db: Db, kind: string, headings: string[], mapped: MappedColumn<F>[], now: string): void {
  const chosen: RememberedMapping = {};
  for (const c of mapped) if (c.source === 'user' || c.source === 'remembered') chosen[normalizeHeading(c.heading)] = c.field;
  const key = headingsKey(kind, headings);
  const value = Object.keys(chosen).length ? JSON.stringify(chosen) : null;
  if ((getSetting(db, key) ?? null) !== value) setSetting(db, key, value, now);
}

/**
 * Maps the file's headings to fields. A field is filled by one column at most: the first that claims
 * it; a later column claiming it again is ignored (the user can change which). Overrides and
 * remembered choices naming a field the kind does not have are ignored.
 */
export function mapHeadings<F extends string>(
  columns: readonly ImportColumn<F>[],
  headings: string[],
  {
    remembered = {},
    overrides = {},
    examples = [],
    exportedOnly = [],
  }: { remembered?: RememberedMapping; overrides?: MappingOverrides; examples?: string[]; exportedOnly?: readonly string[] } = {},
): MappedColumn<F>[] {
  const byName = new Map<string, { column: ImportColumn<F>; source: MappingSource }>();
  for (const column of columns) {
    for (const alias of column.aliases) byName.set(normalizeHeading(alias), { column, source: 'alias' });
  }
  for (const column of columns) byName.set(normalizeHeading(column.header), { column, source: 'header' });
  const fields = new Set<string>(columns.map((c) => c.field));
  const exported = new Set(exportedOnly.map(normalizeHeading));
  const taken = new Set<string>();
  // The user's choices first: a field they gave a column is not also given to another by its alias.
  const chosen = new Map<number, { field: F | null; source: MappingSource }>();
  headings.forEach((heading, index) => {
    const key = String(index);
    if (key in overrides) {
      const f = overrides[key];
      if (f === null || (f !== undefined && fields.has(f))) chosen.set(index, { field: (f ?? null) as F | null, source: 'user' });
    } else {
      const name = normalizeHeading(heading);
      if (name && name in remembered) {
        const f = remembered[name];
        if (f === null || (f !== undefined && fields.has(f))) chosen.set(index, { field: (f ?? null) as F | null, source: 'remembered' });
      }
    }
  });
  for (const c of chosen.values()) if (c.field) taken.add(c.field);
  return headings.map((heading, index) => {
    const example = examples[index] ?? '';
    const pick = chosen.get(index);
    if (pick) {
      if (pick.field && [...chosen.entries()].some(([i, c]) => i < index && c.field === pick.field))
        return { index, heading, field: null, source: 'none', example };
      return { index, heading, field: pick.field, source: pick.source, example };
    }
    const match = heading ? byName.get(normalizeHeading(heading)) : undefined;
    if (match && !taken.has(match.column.field)) {
      taken.add(match.column.field);
      return { index, heading, field: match.column.field, source: match.source, example };
    }
    return { index, heading, field: null, source: heading && exported.has(normalizeHeading(heading)) ? 'exported' : 'none', example };
  });
}

/** The file's heading of each mapped field. */
export function headingOf<F extends string>(mapped: MappedColumn<F>[]): Map<F, string> {
  return new Map(mapped.flatMap((c) => (c.field ? [[c.field, c.heading] as const] : [])));
}

/** The columns of the file being imported: which column fills which field, and what the file calls it. */
export class MappedFile<F extends string, C extends ImportColumn<F>> {
  readonly present: Set<F>;
  /** Each mapped column's index in the file, with the column it fills. */
  readonly indexes: [number, C][];
  readonly mapped: MappedColumn<F>[];
  private readonly headings: Map<F, string>;
  private readonly columns: readonly C[];
  constructor(columns: readonly C[], mapped: MappedColumn<F>[]) {
    this.columns = columns;
    this.mapped = mapped;
    const byField = new Map(columns.map((c) => [c.field, c]));
    this.indexes = mapped.flatMap((c) => (c.field ? [[c.index, byField.get(c.field)!] as [number, C]] : []));
    this.present = new Set(this.indexes.map(([, c]) => c.field));
    this.headings = headingOf(mapped);
  }
  /** The file's heading of a field (so a reason names the column as the user knows it); a field the file has no column for is named as such. */
  heading(field: F): string {
    return this.headings.get(field) || `${this.columns.find((c) => c.field === field)!.header}（文件中无此列）`;
  }
}

/** The fields a column can be mapped to, for the preview's mapping step. */
export const previewFields = <F extends string>(columns: readonly ImportColumn<F>[]) =>
  columns.map((c) => ({ field: c.field, header: c.header, required: c.required }));

// The preview, for any import kind.

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'refused' | 'skipped';

export interface RowProblem {
  /** The file's heading of the column concerned (or the field's name with 「（文件中无此列）」). */
  column: string;
  reason: string;
}

export interface PreviewRow {
  rowNumber: number;
  outcome: RowOutcome;
  /** Who or what the row is about, e.g. 「陈晓明 442000…」. */
  label: string;
  /** Updated rows: each field that changes, old → new (headings of the file). */
  changes?: { column: string; before: string; after: string }[];
  /** Refused rows: every problem at once. */
  problems?: RowProblem[];
  /** Told, not refused: e.g. a town matched by its prefix, a colloquial certificate name, a skipped 合计 row. */
  notes?: string[];
  /** Told, and worth a look: e.g. 性别 contradicting the 身份证号. */
  warnings?: string[];
}

/** How many rows of each outcome the job's result carries; the workbook of the preview holds them all. */
export const PREVIEW_ROWS_PER_OUTCOME = 200;

export interface ImportPreview<F extends string = string, O extends ImportChoices = ImportOptions> {
  mode: 'preview' | 'commit';
  rows: number;
  counts: Record<RowOutcome, number>;
  /** Every column of the file and what it maps to. */
  columns: MappedColumn<F>[];
  /** The fields a column can be mapped to (for the mapping step's select). */
  fields: { field: F; header: string; required: boolean }[];
  /** The first PREVIEW_ROWS_PER_OUTCOME rows of each outcome. */
  samples: Record<RowOutcome, PreviewRow[]>;
  /** Rows with a warning or note (first PREVIEW_ROWS_PER_OUTCOME), whatever their outcome. */
  flagged: number;
  options: O;
  /** The job has a workbook: every row with its outcome, and the refused rows as they were with their reasons. */
  reportFile: boolean;
  /**
   * A commit of a kind that imports all or nothing (the training hours): nothing was written because
   * rows were refused and the user did not choose to import only the valid rows.
   */
  blocked?: boolean;
}

/** What every import kind takes from the user: the mapping step's choices. */
export interface ImportChoices {
  overrides: MappingOverrides;
}

/** The registry import's choices. */
export interface ImportOptions extends ImportChoices {
  /** 用空白单元格清空原有内容: an empty cell of a present column clears the stored value. */
  clearBlank: boolean;
  /** 新建机构: organisations the file names that do not exist are created (in the import's transaction). */
  createOrganizations: boolean;
}

/** Collects a preview's rows: counts all, keeps the first few of each outcome. */
export class PreviewCollector {
  readonly counts: Record<RowOutcome, number> = { created: 0, updated: 0, unchanged: 0, refused: 0, skipped: 0 };
  readonly samples: Record<RowOutcome, PreviewRow[]> = { created: [], updated: [], unchanged: [], refused: [], skipped: [] };
  flagged = 0;
  add(row: PreviewRow): void {
    this.counts[row.outcome]++;
    if (row.notes?.length || row.warnings?.length) this.flagged++;
    const kept = this.samples[row.outcome];
    if (kept.length < PREVIEW_ROWS_PER_OUTCOME) kept.push(row);
  }
}

/** One line describing a row for the report workbook. */
export function describeRow(row: PreviewRow): string {
  return [
    ...(row.changes ?? []).map((c) => `${c.column}：${c.before || '（空）'} → ${c.after || '（空）'}`),
    ...(row.problems ?? []).map((p) => `【${p.column}】${p.reason}`),
    ...(row.warnings ?? []).map((w) => `注意：${w}`),
    ...(row.notes ?? []),
  ].join('；');
}
