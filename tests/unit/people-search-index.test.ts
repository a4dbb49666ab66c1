import { describe, expect, it } from 'vitest';
import { PeopleSearchIndex, type SearchedRow } from '../../core/people/search-index.ts';
import { fragmentTargets, SEARCHED_COLUMNS } from '../../db/repos/people-search.ts';
import { Random } from '../../core/demo/random.ts';

// The copy must find exactly whom a person-by-person test of the same rule finds (instr() in SQL).
const naive = (rows: Map<number, SearchedRow>, fragment: string) => {
  const targets = fragmentTargets(fragment);
  return [...rows.values()]
    .filter((row) => targets.some(([column, text]) => (row[SEARCHED_COLUMNS.indexOf(column) + 1] as string | null)?.includes(text)))
    .map((row) => row[0])
    .sort((a, b) => a - b);
};

describe('the search worker’s copy of the searched columns', () => {
  it('finds exactly whom testing each person finds, across blocks, after changes, removals and reloads', () => {
    const rng = new Random(7);
    const chars = ['陈', '明', '李', '晓', '欧', '阳', '红', '静'];
    const letters = 'chenmingxiaoly';
    const row = (id: number): SearchedRow => {
      const name = Array.from({ length: rng.int(1, 4) }, () => rng.pick(chars)).join('');
      const pinyin = Array.from({ length: rng.int(2, 10) }, () => rng.pick([...letters])).join('');
      const idNumber = `4420${rng.int(1000, 9999)}${rng.int(1000, 9999)}${rng.pick(['X', '1', '7'])}`;
      return [id, name, pinyin, pinyin.slice(0, 3), idNumber, rng.int(0, 3) ? `138${rng.int(10000000, 99999999)}` : null];
    };
    const truth = new Map<number, SearchedRow>();
    const index = new PeopleSearchIndex();
    // Ids across several blocks, with gaps.
    const first = Array.from({ length: 3000 }, (_, i) => row(i * 3 + 1));
    first.forEach((r) => truth.set(r[0], r));
    index.load(first);
    const fragments = ['陈', '陈明', '明晓', 'chen', 'cm', 'x', '138', '4420', '1x', '7', 'a1', '陈a', 'zzz', '欧阳红静明'];
    const same = () => {
      for (const fragment of fragments) expect(index.matching(fragmentTargets(fragment)), fragment).toEqual(naive(truth, fragment));
    };
    same();
    for (let round = 0; round < 5; round++) {
      const changed = Array.from({ length: 200 }, () => rng.int(1, 9500));
      const now = changed.filter(() => rng.int(0, 4) > 0).map(row); // some removed, some new, most changed
      for (const id of changed) truth.delete(id);
      const latest = new Map(now.map((r) => [r[0], r]));
      for (const r of latest.values()) truth.set(r[0], r);
      index.replace(changed, [...latest.values()]);
      same();
    }
    expect(index.size).toBe(truth.size);
    index.load([...truth.values()]);
    same();
  });

  it('tests a fragment holding the separator or nothing person by person, with the same answer', () => {
    const index = new PeopleSearchIndex();
    const rows: SearchedRow[] = [
      [1, '甲', 'jia', 'j', '1', null],
      [2, '乙', 'yi', 'y', '2', '138'],
    ];
    index.load(rows);
    expect(index.matching([['name', '甲\u0000乙']])).toEqual([]);
    expect(index.matching([['phone', '']])).toEqual([2]); // an empty fragment is in every value; a person without a phone has none
  });
});
