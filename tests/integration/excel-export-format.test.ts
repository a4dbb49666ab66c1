import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { readFirstSheet, templateWorkbook, textWidth, writeSheets, writeWorkbook, type ColumnSpec } from '../../core/excel/workbook.ts';
import { REGISTRY_COLUMNS } from '../../core/excel/registry-columns.ts';
import { downloadedFile, finishJob, makeIdNumber, openTestCore, type TestCore } from '../support/core.ts';
import { cellFormats, sheetCells, xlsxParts } from '../support/xlsx.ts';

const COLUMNS: ColumnSpec[] = [
  { header: '姓名', kind: 'text' },
  { header: '身份证号', kind: 'code' },
  { header: '出生日期', kind: 'date' },
  { header: '备注', kind: 'text' },
  { header: '学时', kind: 'number' },
];
const LONG = '很长的备注'.repeat(40);
const ROWS = [
  ['欧阳思敏', '44200019900101123X', '1990-01-01', '=1+2 文本', 12.5],
  ['陈俊', '442000198503151234', '1985-03-15', LONG, 3],
  ['Li', '442000199201011130', null, '-5', null],
  ['𠀾𪚥', '442000199201011149', '1992-01-01', '@all +1', 0],
];

async function* once(rows: unknown[][]) {
  yield rows;
}

/** <col> widths of a sheet's XML, by column. */
const colWidths = (sheetXml: string) => [...sheetXml.matchAll(/<col [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));

let core: TestCore | null = null;
afterEach(() => {
  core?.close();
  core = null;
});

describe('exported workbooks', () => {
  it('write text exactly as it is, as inline strings, never formulas: text that starts like a formula carries Excel’s quotePrefix, nothing is added to it', async () => {
    const data = await writeWorkbook('人员', COLUMNS, once(ROWS));
    const parts = await xlsxParts(data);
    const sheet = parts.get('xl/worksheets/sheet1.xml')!;
    const formats = cellFormats(parts.get('xl/styles.xml')!);
    const cells = new Map(sheetCells(sheet).map((c) => [c.ref, c]));
    expect(sheet).not.toContain('<f>');
    expect(sheet).not.toContain("'=1+2");
    expect(cells.get('D2')).toMatchObject({ t: 'inlineStr', inner: '<is><t>=1+2 文本</t></is>' });
    expect(formats[cells.get('D2')!.s]).toMatchObject({ quotePrefix: '1' });
    expect(formats[cells.get('D4')!.s]).toMatchObject({ quotePrefix: '1' }); // -5
    expect(formats[cells.get('D5')!.s]).toMatchObject({ quotePrefix: '1' }); // @all +1
    expect(formats[cells.get('D3')!.s]?.quotePrefix).toBeUndefined();
    expect(formats[cells.get('A2')!.s]?.quotePrefix).toBeUndefined();
    // 身份证号 as text in a text-formatted (@, id 49) column.
    expect(cells.get('B2')!.t).toBe('inlineStr');
    expect(formats[cells.get('B2')!.s]).toMatchObject({ numFmtId: '49' });

    const { headers, rows } = await readFirstSheet(data);
    expect(headers).toEqual(COLUMNS.map((c) => c.header));
    // (A row ends at its last cell: an empty last cell is simply not there.)
    const trimmed = (values: unknown[]) => values.slice(0, values.findLastIndex((v) => v != null) + 1);
    expect(rows.map((r) => trimmed(r.values))).toEqual(ROWS.map((r) => trimmed([r[0], r[1], r[2] ? new Date(`${r[2]}T00:00:00Z`) : undefined, r[3], r[4]])));

    // ExcelJS's own reader sees plain text cells too.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getCell('D2').value).toBe('=1+2 文本');
    expect(wb.worksheets[0]!.getCell('D2').type).toBe(ExcelJS.ValueType.String);
  });

  it('size columns from their content (CJK twice as wide, at least the header, 身份证号 fits 18 digits, at most 60)', async () => {
    const data = await writeWorkbook('人员', COLUMNS, once(ROWS));
    const widths = colWidths((await xlsxParts(data)).get('xl/worksheets/sheet1.xml')!);
    expect(widths[0]).toBe(textWidth('欧阳思敏') + 2); // 10, wider than the header 姓名 (4)
    expect(widths[1]).toBeGreaterThanOrEqual(20);
    expect(widths[2]).toBeGreaterThanOrEqual(10);
    expect(widths[3]).toBe(60);
    expect(widths[4]).toBeGreaterThanOrEqual(textWidth('学时'));
    expect(textWidth('𠀾𪚥')).toBe(4);
    expect(textWidth('ＡＢ')).toBe(4);
    // A streamed sheet is sized from its first 1,000 rows, across batches.
    async function* batches() {
      for (let b = 0; b < 5; b++)
        yield Array.from({ length: 300 }, (_, i) => [b === 2 && i === 7 ? '一个在第三批里的很长很长的名字' : '张三', '', null, '', 1]);
    }
    const streamed = await writeWorkbook('人员', COLUMNS, batches());
    expect(colWidths((await xlsxParts(streamed)).get('xl/worksheets/sheet1.xml')!)[0]).toBe(textWidth('一个在第三批里的很长很长的名字') + 2);
    expect((await readFirstSheet(streamed)).rows).toHaveLength(1500);
  });

  it('print landscape, one page wide, with the header row on every page, the title above and the page count below: every sheet', async () => {
    const data = await writeSheets([
      { name: '督导名册', columns: COLUMNS, rows: once(ROWS) },
      { name: 'A&B 汇总', columns: COLUMNS.slice(0, 2), rows: once([['陈俊', '442000198503151234']]) },
    ]);
    const parts = await xlsxParts(data);
    for (const [file, title] of [
      ['xl/worksheets/sheet1.xml', '督导名册'],
      ['xl/worksheets/sheet2.xml', 'A&amp;&amp;B 汇总'],
    ] as const) {
      const sheet = parts.get(file)!;
      expect(sheet).toMatch(/<pageSetUpPr fitToPage="1"\/>/);
      expect(sheet).toMatch(/<pageSetup [^>]*orientation="landscape"/);
      expect(sheet).toMatch(/<pageSetup [^>]*fitToWidth="1"/);
      expect(sheet).toMatch(/<pageSetup [^>]*fitToHeight="0"/);
      expect(sheet).toContain(`<oddHeader>&amp;C${title}</oddHeader>`);
      expect(sheet).toContain('<oddFooter>&amp;C第 &amp;P 页 / 共 &amp;N 页</oddFooter>');
    }
    const workbook = parts.get('xl/workbook.xml')!;
    expect(workbook).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;督导名册&apos;!$1:$1</definedName>`);
    expect(workbook).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="1">&apos;A&amp;B 汇总&apos;!$1:$1</definedName>`);
    // ExcelJS reads the same settings back.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
    expect(wb.worksheets[0]!.headerFooter).toMatchObject({ oddHeader: '&C督导名册', oddFooter: '&C第 &P 页 / 共 &N 页' });
  });

  it('the import template prints the same way and sizes its columns', async () => {
    const data = await templateWorkbook('人员与督导', REGISTRY_COLUMNS);
    const parts = await xlsxParts(data);
    const sheet = parts.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toMatch(/<pageSetup [^>]*orientation="landscape"[^>]*fitToWidth="1"[^>]*fitToHeight="0"/);
    expect(sheet).toContain('<oddHeader>&amp;C人员与督导</oddHeader>');
    expect(parts.get('xl/workbook.xml')).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;人员与督导&apos;!$1:$1</definedName>`);
    const idColumn = REGISTRY_COLUMNS.findIndex((c) => c.field === 'idNumber');
    expect(colWidths(sheet)[idColumn]).toBeGreaterThanOrEqual(20);
  });

  it('the refused rows of an import keep dates as dates and text exactly as it was', async () => {
    core = await openTestCore();
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('名册');
    sheet.addRow(['姓名', '身份证号', '从业起始日期', '备注']);
    const row = sheet.addRow(['', makeIdNumber(), new Date('2012-07-01T00:00:00Z'), '=1+2 文本']);
    row.getCell(3).numFmt = 'yyyy"年"m"月"d"日"';
    const { jobId } = core.ok('registry.importPreview', { fileName: '名册.xlsx', base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') });
    expect((await finishJob(core, jobId)).state).toBe('done');
    const { data } = downloadedFile(core, jobId);
    const { headers, rows } = await readFirstSheet(data);
    expect(headers).toEqual(['原行号', '姓名', '身份证号', '从业起始日期', '备注', '错误原因']);
    expect(rows[0]!.values).toEqual([2, undefined, makeIdNumber(), new Date('2012-07-01T00:00:00Z'), '=1+2 文本', '【姓名】请填写姓名']);
    const parts = await xlsxParts(data);
    const formats = cellFormats(parts.get('xl/styles.xml')!);
    const cells = new Map(sheetCells(parts.get('xl/worksheets/sheet1.xml')!).map((c) => [c.ref, c]));
    expect(cells.get('D2')!.t).toBeUndefined(); // a number: the date's serial
    expect(formats[cells.get('D2')!.s]!.numFmtId).not.toBe('49');
    expect(formats[cells.get('E2')!.s]).toMatchObject({ quotePrefix: '1' });
  });
});
