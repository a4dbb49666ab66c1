import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFirstWorksheet, isDateFormat, dateFromSerial, type CellValue } from '../../core/excel/xlsx-reader.ts';
import { readFirstSheet, writeWorkbook } from '../../core/excel/workbook.ts';
import { FormulaWithoutResult } from '../../core/excel/cell-values.ts';
import { isoFromExcelDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import { handBuiltXlsx, xlsxParts, xmlText } from '../support/xlsx.ts';
import { finishJob, makeIdNumber, openTestCore } from '../support/core.ts';
import type { ImportSummary } from '../../core/excel/registry-import.ts';

async function allRows(data: Buffer): Promise<{ rowNumber: number; values: (CellValue | undefined)[] }[]> {
  const rows = [];
  for await (const row of readFirstWorksheet(data)) rows.push(row);
  return rows;
}

// Characters that take 3 or 4 bytes in UTF-8, and sequences of several code points: a zip or
// inflate chunk boundary falls inside them somewhere in a few MB of XML.
const codePoint = (min: number, max: number) => fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp));
const unit = fc.oneof(
  { weight: 4, arbitrary: codePoint(0x4e00, 0x9fff) }, // CJK
  { weight: 2, arbitrary: codePoint(0x20000, 0x2a6df) }, // CJK Ext B (astral): 𠀀-𪛟
  { weight: 1, arbitrary: codePoint(0x1f300, 0x1faff) }, // emoji
  { weight: 1, arbitrary: fc.constantFrom('👨‍👩‍👧‍👦', '🏳️‍🌈', '🇨🇳', '🇭🇰', '👍🏽', '🧑🏻‍💻', '❤️', '👩‍❤️‍💋‍👨') }, // ZWJ sequences, flags, skin tones
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('a', 'e', 'ア', '한', '字'), fc.array(codePoint(0x300, 0x36f), { minLength: 1, maxLength: 3 }))
      .map(([base, marks]) => base + marks.join('')),
  }, // combining marks
  { weight: 1, arbitrary: fc.oneof(codePoint(0x1d400, 0x1d7ff), codePoint(0x10000, 0x1007f), codePoint(0x1f000, 0x1f02b)) }, // other astral planes
  { weight: 1, arbitrary: fc.constantFrom('a', 'Z', '0', ' ', '&', '<', '>', '"', "'", '\n', '-', '·', 'é') },
);
const text = fc.array(unit, { minLength: 4, maxLength: 30 }).map((units) => units.join(''));
const workbookShape = fc.record({ pool: fc.array(text, { minLength: 20, maxLength: 60 }), rows: fc.integer({ min: 3000, max: 7000 }) });

/** Row i's cells: a plain text, a text in three rich-text runs, a number. */
function rowOf(pool: string[], i: number): { plain: string; runs: [string, string, string]; number: number } {
  const pick = (k: number) => pool[k % pool.length]!;
  return { plain: pick(i) + pick(i * 7 + 1) + pick(i * 13 + 5), runs: [pick(i * 3 + 2), pick(i * 5 + 3), pick(i * 11 + 4)], number: i * 1.25 };
}

const expected = (pool: string[], rows: number) =>
  Array.from({ length: rows }, (_, i) => {
    const r = rowOf(pool, i);
    return { rowNumber: i + 1, values: [r.plain, r.runs.join(''), r.number] };
  });

const richText = (runs: [string, string, string]) => ({
  richText: [{ text: runs[0] }, { font: { bold: true }, text: runs[1] }, { font: { italic: true, color: { argb: 'FFC00000' } }, text: runs[2] }],
});

async function streamedWorkbook(pool: string[], rows: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      chunks.push(chunk);
      done();
    },
  });
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false });
  const sheet = writer.addWorksheet('人员');
  for (let i = 0; i < rows; i++) {
    const r = rowOf(pool, i);
    sheet.addRow([r.plain, richText(r.runs), r.number]).commit();
  }
  sheet.commit();
  await writer.commit();
  return Buffer.concat(chunks);
}

async function sharedStringsWorkbook(pool: string[], rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('人员');
  for (let i = 0; i < rows; i++) {
    const r = rowOf(pool, i);
    sheet.addRow([r.plain, richText(r.runs), r.number]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('the .xlsx reader', () => {
  it('reads every character exactly, across every zip and inflate chunk boundary: inline strings and rich text (streaming writer)', async () => {
    let checkedSize = false;
    await fc.assert(
      fc.asyncProperty(workbookShape, async ({ pool, rows }) => {
        const data = await streamedWorkbook(pool, rows);
        if (!checkedSize) {
          // The sheet's XML is 0.8 MB even at the smallest shape (3,000 rows of four ASCII characters per text)
          // and several MB usually: dozens to hundreds of chunk boundaries, many inside a multi-byte character.
          const sheet = (await xlsxParts(data)).get('xl/worksheets/sheet1.xml')!;
          expect(Buffer.byteLength(sheet)).toBeGreaterThan(750_000);
          expect(sheet).toContain('t="inlineStr"');
          checkedSize = true;
        }
        expect(await allRows(data)).toEqual(expected(pool, rows));
      }),
      { numRuns: 3 },
    );
  }, 120_000);

  it('reads every character exactly from a shared strings table with rich text (ExcelJS workbook writer)', async () => {
    await fc.assert(
      fc.asyncProperty(workbookShape, async ({ pool, rows }) => {
        const data = await sharedStringsWorkbook(pool, rows);
        const parts = await xlsxParts(data);
        expect(parts.get('xl/worksheets/sheet1.xml')).toContain('t="s"');
        expect(parts.get('xl/sharedStrings.xml')).toContain('<r>');
        expect(await allRows(data)).toEqual(expected(pool, rows));
      }),
      { numRuns: 3 },
    );
  }, 120_000);

  it('reads hand-written XML exactly: inline and shared strings, rich runs without their phonetic guides, formula strings, escapes, stored or deflated at any level', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 200, maxLength: 400 }), fc.constantFrom(0, 1, 6, 9), async (texts, level) => {
        const shared = texts.map((t, i) =>
          i % 2
            ? `<si><t xml:space="preserve">${xmlText(t)}</t></si>`
            : `<si><r><t>${xmlText([...t].slice(0, 3).join(''))}</t></r><r><rPr><b/></rPr><t>${xmlText([...t].slice(3).join(''))}</t></r><rPh sb="0" eb="1"><t>フリガナ</t></rPh></si>`,
        );
        const sheetData = texts
          .map(
            (t, i) =>
              `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${i}</v></c><c r="B${i + 1}" t="inlineStr"><is><t>${xmlText(t)}</t></is></c><c r="C${i + 1}" t="str"><f>"x"&amp;"y"</f><v>${xmlText(t)}</v></c><c r="E${i + 1}" t="inlineStr"><is><r><t>${xmlText(t)}</t></r><r><t>_x000D_尾</t></r></is></c></row>`,
          )
          .join('');
        const data = handBuiltXlsx({ sheets: [{ name: '名单', file: 'worksheets/sheet1.xml', sheetData }], sharedStrings: shared, level });
        expect(await allRows(data)).toEqual(texts.map((t, i) => ({ rowNumber: i + 1, values: [t, t, t, undefined, `${t}\r尾`] })));
      }),
      { numRuns: 8 },
    );
  }, 120_000);

  it('re-imports the app’s own export of 5,000 Chinese names exactly (ExcelJS 4.4’s streaming reader misread 2 of them), and the same names from a shared strings table', async () => {
    const surnames = '陈李张王刘黄林吴郑何罗梁谢欧阳司马𠀾𡈼';
    const given = '俊杰思敏淑芬志强丽娟建华秀英子涵𪚥𠮷㐂';
    const names = Array.from({ length: 5000 }, (_, i) => [...surnames][i % 19]! + [...given][(i * 7) % 18]! + [...given][(i * 11 + 3) % 18]!);
    const idNumber = (i: number) => `44200019900101${String(i).padStart(4, '0')}`;
    const exported = await writeWorkbook(
      '人员',
      [
        { header: '姓名', kind: 'text' },
        { header: '身份证号', kind: 'code' },
      ],
      (async function* () {
        yield names.map((name, i) => [name, idNumber(i)]);
      })(),
    );
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('人员');
    sheet.addRow(['姓名', '身份证号']);
    names.forEach((name, i) => sheet.addRow([name, idNumber(i)]));
    for (const data of [exported, Buffer.from(await workbook.xlsx.writeBuffer())]) {
      const { headers, rows } = await readFirstSheet(data);
      expect(headers).toEqual(['姓名', '身份证号']);
      expect(rows.map((r) => r.values[0])).toEqual(names);
      expect(rows.map((r) => r.values[1])).toEqual(names.map((_n, i) => idNumber(i)));
      expect(rows.at(-1)!.rowNumber).toBe(5001);
    }
  });

  it('gives a formula’s cached value, and a FormulaWithoutResult when the file has none', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('公式');
    sheet.addRow(['数', '有结果', '无结果', '文本结果', '布尔', '错误']);
    sheet.addRow([2, { formula: 'A2+1', result: 3 }, { formula: 'A2*10' }, { formula: '"陈"&"俊"', result: '陈俊' }, true, { error: '#DIV/0!' }]);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    expect((await xlsxParts(data)).get('xl/worksheets/sheet1.xml')).toMatch(/<f>A2\*10<\/f>(?!<v>)/);
    const { rows } = await readFirstSheet(data);
    expect(rows[0]!.values).toEqual([2, 3, new FormulaWithoutResult('A2*10'), '陈俊', true, null]);
    expect(rows[0]!.values[2]).toBeInstanceOf(FormulaWithoutResult);
  });

  it('the registry import refuses a formula saved without its result, naming the column, instead of importing nothing or "[object Object]"', async () => {
    const core = await openTestCore();
    try {
      const id = makeIdNumber();
      const sheetData =
        '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t></is></c></row>' +
        `<row r="2"><c r="A2" t="str"><f>"陈"&amp;"俊"</f></c><c r="B2" t="inlineStr"><is><t>${id}</t></is></c></row>`;
      const base64 = handBuiltXlsx({ sheets: [{ name: '名册', file: 'worksheets/sheet1.xml', sheetData }] }).toString('base64');
      const status = await finishJob(core, core.ok('registry.importPreview', { fileName: '名册.xlsx', base64 }).jobId);
      const refused = (status.result as ImportSummary).samples.refused;
      expect(refused.map((r) => [r.rowNumber, r.problems])).toEqual([[2, [{ column: '姓名', reason: expect.stringContaining('公式') }]]]);
    } finally {
      core.close();
    }
  });

  it('gives numbers in a date format as dates: built-in 14, a custom 年月日 format, a date-time; other formats stay numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('日期');
    const row = sheet.addRow([new Date('2026-03-05T00:00:00Z'), new Date('2012-07-01T00:00:00Z'), new Date('2026-12-01T09:30:00Z'), 45000, 1234.5, 0.25]);
    row.getCell(1).numFmt = 'mm-dd-yy'; // ExcelJS writes built-in id 14
    row.getCell(2).numFmt = 'yyyy"年"m"月"d"日"';
    row.getCell(3).numFmt = 'yyyy-mm-dd hh:mm';
    row.getCell(4).numFmt = '#,##0';
    row.getCell(5).numFmt = '0.00_);[Red](0.00)';
    row.getCell(6).numFmt = '0%';
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const styles = (await xlsxParts(data)).get('xl/styles.xml')!;
    expect(styles).toContain('numFmtId="14"');
    expect(styles).toContain('yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;');
    const [values] = (await allRows(data)).map((r) => r.values);
    expect(values).toEqual([new Date('2026-03-05T00:00:00Z'), new Date('2012-07-01T00:00:00Z'), new Date('2026-12-01T09:30:00Z'), 45000, 1234.5, 0.25]);
    expect(isoFromExcelDate(values![1] as Date)).toBe('2012-07-01');
  });

  it('honours the 1904 date system', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.properties.date1904 = true;
    const sheet = workbook.addWorksheet('日期');
    sheet.addRow([new Date('2026-03-05T00:00:00Z')]).getCell(1).numFmt = 'yyyy-mm-dd';
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    expect((await xlsxParts(data)).get('xl/workbook.xml')).toContain('date1904="1"');
    expect((await allRows(data))[0]!.values).toEqual([new Date('2026-03-05T00:00:00Z')]);
    // The same serial in both systems, by hand: 0 is 1904-01-01 in one and (1900-01-00) in the other.
    const sheetData = '<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>46086</v></c></row>';
    const cellXfs = '<xf numFmtId="0"/><xf numFmtId="14"/>';
    const dates1904 = (await allRows(handBuiltXlsx({ sheets: [{ name: 'a', file: 'worksheets/sheet1.xml', sheetData }], cellXfs, date1904: true })))[0]!
      .values as Date[];
    const dates1900 = (await allRows(handBuiltXlsx({ sheets: [{ name: 'a', file: 'worksheets/sheet1.xml', sheetData }], cellXfs })))[0]!.values as Date[];
    expect(dates1904.map(isoFromExcelDate)).toEqual(['1904-01-01', '2030-03-06']);
    expect(isoFromExcelDate(dates1900[1]!)).toBe('2026-03-05');
  });

  it('reads the first worksheet in the workbook’s tab order (not the first sheet file, not a chart sheet)', async () => {
    const sheetData = (label: string) => `<row r="1"><c r="A1" t="inlineStr"><is><t>${label}</t></is></c></row>`;
    for (const entryOrder of ['normal', 'reverse'] as const) {
      const data = handBuiltXlsx({
        sheets: [
          { name: '图表', file: 'chartsheets/sheet1.xml', sheetData: '', chart: true },
          { name: '名单', file: 'worksheets/sheet3.xml', sheetData: sheetData('第一个标签') },
          { name: '说明', file: 'worksheets/sheet1.xml', sheetData: sheetData('说明') },
          { name: '旧', file: '/xl/worksheets/sheet2.xml', sheetData: sheetData('旧') },
        ],
        entryOrder,
      });
      expect((await readFirstSheet(data)).headers, entryOrder).toEqual(['第一个标签']);
    }
  });

  it('keeps cell positions: gaps are holes (undefined), rows without r attributes count on, blank rows are skipped by readFirstSheet', async () => {
    const sheetData =
      '<row r="2"><c r="B2" t="inlineStr"><is><t>姓名</t></is></c><c r="D2" t="inlineStr"><is><t>身份证号</t></is></c></row>' +
      '<row r="3"/><row r="5"><c r="AA5"><v>1</v></c><c r="B5" t="inlineStr"><is><t>陈俊</t></is></c></row><row><c t="b"><v>0</v></c></row>';
    const rows = await allRows(handBuiltXlsx({ sheets: [{ name: 'a', file: 'worksheets/sheet1.xml', sheetData }] }));
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 3, 5, 6]);
    expect(rows[0]!.values).toEqual([undefined, '姓名', undefined, '身份证号']);
    expect(rows[2]!.values[26]).toBe(1);
    expect(rows[2]!.values[1]).toBe('陈俊');
    expect(rows[3]!.values).toEqual([false]);
    const sheet = await readFirstSheet(handBuiltXlsx({ sheets: [{ name: 'a', file: 'worksheets/sheet1.xml', sheetData }] }));
    expect(sheet.rows.map((r) => r.rowNumber)).toEqual([5, 6]);
  });

  it('refuses a sheet that is not valid UTF-8 rather than guessing a character', async () => {
    const data = handBuiltXlsx({
      sheets: [{ name: 'a', file: 'worksheets/sheet1.xml', sheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>陈\u0000</t></is></c></row>' }],
    });
    // Replace the NUL byte (stored, level 0, so the bytes are in the zip as they are) by a lone continuation byte.
    const stored = handBuiltXlsx({
      sheets: [{ name: 'a', file: 'worksheets/sheet1.xml', sheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>陈~~</t></is></c></row>' }],
      level: 0,
    });
    const at = stored.indexOf(Buffer.from('陈~~'));
    expect(at).toBeGreaterThan(0);
    stored[at + 3] = 0x80;
    await expect(readFirstSheet(stored)).rejects.toThrow(AppError);
    await expect(readFirstSheet(data)).rejects.toThrow('无法读取该文件');
  });

  it('recognises date formats', () => {
    for (const code of [
      'yyyy"年"m"月"d"日"',
      '[$-804]yyyy/m/d',
      'yyyy-mm-dd hh:mm',
      'h:mm',
      '[h]:mm:ss',
      'mm:ss',
      'd-mmm',
      'e"年"m"月"d"日"'.replace('e', 'yyyy'),
    ])
      expect(isDateFormat(code), code).toBe(true);
    for (const code of ['General', '0.00', '#,##0', '@', '0_);[Red](0)', '"d"0', '0" days"', '\\d0', '[Red]0.0', '0%', '0.00E+00'])
      expect(isDateFormat(code), code).toBe(false);
    expect(dateFromSerial(1, false).toISOString()).toBe('1900-01-01T00:00:00.000Z');
    expect(dateFromSerial(61, false).toISOString()).toBe('1900-03-01T00:00:00.000Z');
    expect(dateFromSerial(46086.375, false).toISOString()).toBe('2026-03-05T09:00:00.000Z');
  });
});
