/**
 * A closed vocabulary defined once: each value with its Chinese and English label, in display
 * order. The TypeScript type, the zod enum's values, the SQL IN-lists and CHECK constraints, the
 * Excel labels and the renderer's i18n entries all derive from it, so the copies cannot drift.
 */
export interface EnumEntry<V extends string> {
  value: V;
  zh: string;
  en: string;
}

export interface DomainEnum<V extends string> {
  /** In display order; a non-empty tuple, as z.enum wants. */
  readonly values: readonly [V, ...V[]];
  readonly zh: Readonly<Record<V, string>>;
  readonly en: Readonly<Record<V, string>>;
  /** Position in display order (for sorting). */
  /** The Chinese label (what Excel files and core's messages say). */
  label(value: V): string;
  order(value: V): number;
  has(value: unknown): value is V;
  /** `'a', 'b'`: a SQL list of the given values (all by default), for `column IN (…)`. */
  sqlList(values?: readonly V[]): string;
  /** `column IN ('a', 'b')`: the CHECK constraint a new table's column gets. */
  check(column: string): string;
}

/** Values are plain identifiers (sex is stored as M/F), so quoting them into SQL needs no escaping; anything else is refused here. */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

export function defineEnum<const V extends string>(entries: readonly [EnumEntry<V>, ...EnumEntry<V>[]]): DomainEnum<V> {
  for (const e of entries) if (!IDENTIFIER.test(e.value)) throw new Error(`enum value ${e.value} is not an identifier`);
  const values = entries.map((e) => e.value) as unknown as readonly [V, ...V[]];
  if (new Set(values).size !== values.length) throw new Error(`enum values repeat: ${values.join(', ')}`);
  const zh = Object.fromEntries(entries.map((e) => [e.value, e.zh])) as Record<V, string>;
  const en = Object.fromEntries(entries.map((e) => [e.value, e.en])) as Record<V, string>;
  const sqlList = (list: readonly V[] = values) => {
    for (const v of list) if (!values.includes(v)) throw new Error(`${v} is not one of ${values.join(', ')}`);
    return list.map((v) => `'${v}'`).join(', ') || 'NULL';
  };
  return {
    values,
    zh,
    en,
    label: (value) => zh[value],
    order: (value) => values.indexOf(value),
    has: (value): value is V => typeof value === 'string' && (values as readonly string[]).includes(value),
    sqlList,
    check: (column) => `${column} IN (${sqlList()})`,
  };
}

/** The value type of a defined vocabulary: `type X = ValueOf<typeof X>`. */
export type ValueOf<E> = E extends DomainEnum<infer V> ? V : never;
