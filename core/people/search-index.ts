/**
 * The search worker's copy of everyone's searched columns (name, full pinyin, initials, 身份证号,
 * phone), tested in memory. Who matches is decided by the same rule as in SQL
 * (db/repos/people-search.ts fragmentTargets: a person matches when one of the columns contains the
 * text, case-sensitive, as instr() does).
 *
 * Testing each person's strings one by one cost ~10 ms at 100,000 people, no less than SQLite's
 * scan. So the people are kept in blocks of ids, and each block's values of a column joined in one
 * string, a separator after each value: one indexOf over it finds the next person containing the
 * text (a separator never occurs in a value or a fragment, so no match spans two people). A change
 * rebuilds only its block's strings, at the next search.
 */
import { SEARCHED_COLUMNS, type SearchedColumn, type SearchedRow } from '../../db/repos/people-search.ts';

export type { SearchedRow } from '../../db/repos/people-search.ts';

/** A column's place in a SearchedRow (after the id). */
const positionOf = (column: SearchedColumn) => SEARCHED_COLUMNS.indexOf(column) + 1;
/** People per block of ids. */
const BLOCK = 1024;
const blockOf = (id: number) => Math.floor(id / BLOCK);
/** After each value; never in a value or a fragment (a fragment holding it, or an empty one, is tested person by person). */
const SEPARATOR = '\u0000';

interface Block {
  members: Set<number>;
  /** Built at the next search after a change: the members in id order, and per column their values joined and where each starts. */
  built?: { ids: number[]; joined: string[]; starts: Int32Array[] };
}

export class PeopleSearchIndex {
  private readonly rows = new Map<number, SearchedRow>();
  private readonly blocks = new Map<number, Block>();
  /** Block numbers ascending; undefined after a block was added or removed. */
  private order: number[] | undefined;

  get size(): number {
    return this.rows.size;
  }

  /** Everyone, afresh. */
  load(rows: readonly SearchedRow[]): void {
    this.rows.clear();
    this.blocks.clear();
    this.order = undefined;
    for (const row of rows) this.put(row);
  }

  /** Builds every block's strings now (after a load: the next search then does not wait for them). */
  buildAll(): void {
    for (const block of this.blocks.values()) this.build(block);
  }

  /** These people as they are now: `rows` holds those that still exist. */
  replace(ids: Iterable<number>, rows: readonly SearchedRow[]): void {
    for (const id of ids) {
      this.rows.delete(id);
      const block = this.blocks.get(blockOf(id));
      if (!block) continue;
      block.members.delete(id);
      block.built = undefined;
      if (block.members.size === 0) {
        this.blocks.delete(blockOf(id));
        this.order = undefined;
      }
    }
    for (const row of rows) this.put(row);
  }

  /** The ids, ascending, of the people one of whose `targets` columns contains its text. */
  matching(targets: readonly [SearchedColumn, string][]): number[] {
    if (targets.some(([, text]) => text === '' || text.includes(SEPARATOR))) return this.matchingOneByOne(targets);
    this.order ??= [...this.blocks.keys()].sort((a, b) => a - b);
    const matched: number[] = [];
    for (const number of this.order) {
      const built = this.build(this.blocks.get(number)!);
      const hits = new Set<number>();
      for (const [column, text] of targets) {
        const at = positionOf(column) - 1;
        const joined = built.joined[at]!;
        const starts = built.starts[at]!;
        for (let from = joined.indexOf(text); from !== -1;) {
          const person = lastStartAtOrBefore(starts, from);
          hits.add(person);
          from = joined.indexOf(text, starts[person + 1]!); // the next person's value on
        }
      }
      if (hits.size) matched.push(...[...hits].sort((a, b) => a - b).map((i) => built.ids[i]!));
    }
    return matched;
  }

  private put(row: SearchedRow): void {
    this.rows.set(row[0], row);
    const number = blockOf(row[0]);
    let block = this.blocks.get(number);
    if (!block) {
      this.blocks.set(number, (block = { members: new Set() }));
      this.order = undefined;
    }
    block.members.add(row[0]);
    block.built = undefined;
  }

  private build(block: Block): NonNullable<Block['built']> {
    if (block.built) return block.built;
    const ids = [...block.members].sort((a, b) => a - b);
    const joined: string[] = [];
    const starts: Int32Array[] = [];
    for (let c = 1; c <= SEARCHED_COLUMNS.length; c++) {
      const values = ids.map((id) => (this.rows.get(id)![c] as string | null) ?? '');
      const at = new Int32Array(ids.length + 1);
      for (let i = 0; i < values.length; i++) at[i + 1] = at[i]! + values[i]!.length + SEPARATOR.length;
      joined.push(values.join(SEPARATOR) + SEPARATOR);
      starts.push(at);
    }
    return (block.built = { ids, joined, starts });
  }

  private matchingOneByOne(targets: readonly [SearchedColumn, string][]): number[] {
    const matched: number[] = [];
    for (const row of this.rows.values()) {
      if (targets.some(([column, text]) => (row[positionOf(column)] as string | null)?.includes(text))) matched.push(row[0]);
    }
    return matched.sort((a, b) => a - b);
  }
}

/** The index of the last start at or before `position` (starts ascending, starts[0] = 0). */
function lastStartAtOrBefore(starts: Int32Array, position: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= position) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
