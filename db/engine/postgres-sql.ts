/**
 * What the PostgreSQL engine does to the SQL the repositories write for both engines: placeholders
 * only. better-sqlite3 binds `?` by position and `@name`/`:name`/`$name` from one object; PostgreSQL
 * takes `$1, $2, …`. String literals, quoted identifiers and comments are skipped, and so is `::`
 * (a PostgreSQL cast). Everything else about the dialect is written portably in the repositories.
 */
export interface TranslatedSql {
  text: string;
  /** Named parameters in `$n` order (null when the statement uses `?` or none). */
  names: string[] | null;
  /** How many `?` the statement has (positional binding). */
  positional: number;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

export function translatePlaceholders(sql: string): TranslatedSql {
  let out = '';
  let positional = 0;
  const names: string[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      // A literal or quoted identifier; a doubled quote inside stays inside.
      let j = i + 1;
      while (j < n) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const j = end === -1 ? n : end;
      out += sql.slice(i, j);
      i = j;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const j = end === -1 ? n : end + 2;
      out += sql.slice(i, j);
      i = j;
    } else if (c === ':' && sql[i + 1] === ':') {
      out += '::';
      i += 2;
    } else if (c === '?') {
      positional++;
      out += `$${positional}`;
      i++;
    } else if ((c === '@' || c === ':' || c === '$') && i + 1 < n && NAME_START.test(sql[i + 1]!)) {
      let j = i + 1;
      while (j < n && NAME_PART.test(sql[j]!)) j++;
      const name = sql.slice(i + 1, j);
      let index = names.indexOf(name);
      if (index === -1) index = names.push(name) - 1;
      out += `$${index + 1}`;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  if (positional > 0 && names.length > 0) throw new Error('a statement mixes ? and named parameters');
  return { text: out, names: names.length > 0 ? names : null, positional };
}

/** The values in `$n` order, from better-sqlite3-style arguments. */
export function bindValues(sql: TranslatedSql, params: readonly unknown[]): unknown[] {
  if (sql.names) {
    const bag = params[0];
    if (params.length !== 1 || typeof bag !== 'object' || bag === null) throw new TypeError('named parameters are bound from one object');
    return sql.names.map((name) => {
      if (!Object.hasOwn(bag, name)) throw new RangeError(`Missing named parameter "${name}"`);
      return normalize((bag as Record<string, unknown>)[name]);
    });
  }
  const flat = params.length === 1 && Array.isArray(params[0]) ? (params[0] as unknown[]) : params;
  if (flat.length !== sql.positional) throw new RangeError(`Too ${flat.length > sql.positional ? 'many' : 'few'} parameter values were provided`);
  return flat.map(normalize);
}

/** As better-sqlite3 binds them: bigint as a number's text, booleans refused. */
function normalize(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') throw new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null');
  return value;
}

/** `INSERT INTO <table>` (not `… RETURNING`): the table, so the engine can return the new row's id. */
export function insertTarget(sql: string): string | null {
  const m = /^\s*INSERT\s+INTO\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/i.exec(sql);
  if (!m) return null;
  if (/\bRETURNING\b/i.test(sql)) return null;
  return m[1]!.toLowerCase();
}

/** The statement's first keyword, upper-cased. */
export const firstKeyword = (sql: string): string => (/^\s*(?:--[^\n]*\n\s*)*([A-Za-z]+)/.exec(sql)?.[1] ?? '').toUpperCase();
