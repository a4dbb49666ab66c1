import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadedFile, finishJob, makeIdNumber, openTestCore, type TestCore } from '../support/core.ts';

let core: TestCore;
beforeEach(async () => {
  core = await openTestCore();
});
afterEach(() => core.close());

async function exported(name: Parameters<TestCore['ok']>[0], input: object) {
  const { jobId } = core.ok(name, input as never) as { jobId: string };
  const status = await finishJob(core, jobId);
  expect(status.state).toBe('done');
  const { fileName, data } = downloadedFile(core, jobId);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return { fileName, sheet: wb.worksheets[0]! };
}

describe('list exports', () => {
  it('write what the list shows: its filter and sort, Chinese headers, text 身份证号, real dates, frozen header, auto-filter', async () => {
    const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    const town = core.ok('regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
    core.ok('people.create', { idNumber: makeIdNumber('442000', '19850315', '123'), name: '陈晓明', regionId: town.id, practiceStart: '2010-07-01' });
    core.ok('people.create', { idNumber: makeIdNumber('442000', '19900101', '111'), name: '=HYPERLINK("http://x","点我")' });
    core.ok('people.create', { idNumber: makeIdNumber('442000', '19920101', '113'), name: '李娜', regionId: town.id });

    const { fileName, sheet } = await exported('people.export', { regionId: town.id, sortField: 'name', sortDir: 'desc' });
    expect(fileName).toBe('人员_2026-11-24.xlsx');
    expect(sheet.getRow(1).values).toEqual([undefined, '姓名', '身份证号', '性别', '出生日期', '手机号码', '所在机构', '所在区划', '从业起始日期', '最高证书']);
    expect(sheet.rowCount).toBe(3); // the filter applied: 2 people in 石岐街道
    expect([sheet.getRow(2).getCell(1).value, sheet.getRow(3).getCell(1).value]).toEqual(['李娜', '陈晓明']); // by name descending, in pinyin order: li, then chen
    const chen = [2, 3].map((r) => sheet.getRow(r)).find((r) => r.getCell(1).value === '陈晓明')!;
    expect(chen.getCell(2).value).toBe(makeIdNumber('442000', '19850315', '123'));
    expect(chen.getCell(4).value).toEqual(new Date('1985-03-15T00:00:00Z'));
    expect(chen.getCell(8).value).toEqual(new Date('2010-07-01T00:00:00Z'));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(18);

    // User text never becomes a formula, and nothing is added to it (Excel's quotePrefix marks it: see excel-export-format.test.ts).
    const all = await exported('people.export', {});
    const cells = all.sheet.getColumn(1).values as unknown[];
    expect(cells).toContain('=HYPERLINK("http://x","点我")');
    all.sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  it('every list has its export', async () => {
    core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    core.ok('organizations.create', { name: '启航社工', kind: 'social_work_agency', creditCode: '12442000MB2C12345X' });
    expect((await exported('regions.export', {})).sheet.getRow(2).values).toEqual([undefined, '中山市', '442000', '市']);
    expect((await exported('organizations.export', {})).sheet.getRow(2).getCell(2).value).toBe('社工服务机构');
    expect((await exported('supervisors.export', { status: 'active' })).sheet.getRow(1).getCell(3).value).toBe('督导等级');
    const due = await exported('certificates.exportDue', { status: 'expired' });
    expect(due.fileName).toBe('证书登记已过期_2026-11-24.xlsx');
    expect(due.sheet.getRow(1).getCell(6).value).toBe('再登记窗口开始');
  });
});

describe('exports and personal data', () => {
  it('an auditor exports, with 身份证号 and phone numbers masked; a coordinator may not export', async () => {
    const idNumber = makeIdNumber('442000', '19850315', '123');
    core.ok('people.create', { idNumber, name: '陈晓明', phone: '13800138000' });
    const auditor = { id: 50, name: '审计员', role: 'auditor' as const };
    const { jobId } = core.ok('people.export', {}, auditor);
    await finishJob(core, jobId, auditor);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(downloadedFile(core, jobId, auditor).data as unknown as ArrayBuffer);
    const row = wb.worksheets[0]!.getRow(2);
    expect(row.getCell(2).value).toBe('4420**********1231'.slice(0, 4) + '**********' + idNumber.slice(14));
    expect(row.getCell(5).value).toBe('*******8000');
    expect(core.call('people.export', {}, { id: 51, name: '协调员', role: 'coordinator' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
