import { describe, expect, it } from 'vitest';
import { headingsKey, mapHeadings, PreviewCollector, PREVIEW_ROWS_PER_OUTCOME, type ImportColumn } from '../../core/excel/import-mapping.ts';

/** A second import kind, shaped like the registry's: the mapping knows nothing of people. */
const HOURS: ImportColumn<'idNumber' | 'hours' | 'date'>[] = [
  { field: 'idNumber', header: '身份证号', aliases: ['身份证', '证件号码'], kind: 'code', required: true },
  { field: 'hours', header: '学时', aliases: ['培训学时', '时数'], kind: 'number', required: true },
  { field: 'date', header: '培训日期', aliases: ['日期'], kind: 'date', required: false },
];

describe("mapping a file's headings to an import kind's fields", () => {
  it('matches headers and aliases (ignoring spaces, asterisks and 「（必填）」), and leaves unknown headings unmapped', () => {
    expect(mapHeadings(HOURS, ['证件号码*', '培训 学时（必填）', '备注'], { examples: ['1', '2', '3'] })).toEqual([
      { index: 0, heading: '证件号码*', field: 'idNumber', source: 'alias', example: '1' },
      { index: 1, heading: '培训 学时（必填）', field: 'hours', source: 'alias', example: '2' },
      { index: 2, heading: '备注', field: null, source: 'none', example: '3' },
    ]);
  });

  it("gives a field to one column only: the user's choice wins over an alias, and the first claim over a later one", () => {
    const mapped = mapHeadings(HOURS, ['时数', '学时', '其他'], { overrides: { '2': 'hours' } });
    expect(mapped.map((c) => [c.field, c.source])).toEqual([
      [null, 'none'],
      [null, 'none'],
      ['hours', 'user'],
    ]);
    expect(mapHeadings(HOURS, ['时数', '学时']).map((c) => c.field)).toEqual(['hours', null]);
  });

  it('applies remembered choices by heading, an override over them, and ignores fields the kind does not have', () => {
    const remembered = { 课时: 'hours', 备注: null, 单位: 'organization' };
    expect(mapHeadings(HOURS, ['身份证', '课时', '备注', '单位'], { remembered }).map((c) => [c.field, c.source])).toEqual([
      ['idNumber', 'alias'],
      ['hours', 'remembered'],
      [null, 'remembered'],
      [null, 'none'],
    ]);
    expect(mapHeadings(HOURS, ['身份证', '课时'], { remembered, overrides: { '1': null } })[1]).toMatchObject({ field: null, source: 'user' });
  });

  it('remembers a set of headings whatever their order and spacing, per import kind', () => {
    expect(headingsKey('registry', ['姓名', '身份证号'])).toBe(headingsKey('registry', ['身份证号 ', '姓 名']));
    expect(headingsKey('registry', ['姓名', '身份证号'])).not.toBe(headingsKey('hours', ['姓名', '身份证号']));
    expect(headingsKey('registry', ['姓名', '身份证号'])).not.toBe(headingsKey('registry', ['姓名', '身份证号', '备注']));
  });

  it('keeps counts of every row but only the first rows of each outcome', () => {
    const collector = new PreviewCollector();
    for (let i = 0; i < 50_000; i++)
      collector.add({ rowNumber: i + 2, outcome: i % 2 ? 'created' : 'refused', label: '', ...(i % 1000 ? {} : { notes: ['x'] }) });
    expect(collector.counts).toEqual({ created: 25_000, updated: 0, unchanged: 0, refused: 25_000, skipped: 0 });
    expect(collector.samples.created).toHaveLength(PREVIEW_ROWS_PER_OUTCOME);
    expect(collector.flagged).toBe(50);
    expect(JSON.stringify(collector.samples).length).toBeLessThan(100_000);
  });
});
