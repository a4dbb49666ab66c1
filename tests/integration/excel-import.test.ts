import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadedFile, finishJob, makeIdNumber, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';
import type { ImportSummary } from '../../core/excel/registry-import.ts';
import { triggerDefinitions } from '../support/catalog.ts';
import { IMPORT_IN_WORKER_FROM_BYTES } from '../../core/services/excel.ts';

let core: TestCore;
beforeEach(async () => {
  core = await openTestCore();
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  core.ok('regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  core.ok('organizations.create', { name: '启航社工', kind: 'social_work_agency' });
});
afterEach(() => core.close());

const HEADERS = [
  '姓名',
  '身份证号码',
  '手机',
  '所在机构',
  '所在区划',
  '从业起始日期',
  '证书等级',
  '证书编号',
  '发证日期',
  '登记有效期至',
  '督导等级',
  '服务区划',
  '聘任日期',
  '督导有效期至',
];

async function workbook(rows: unknown[][], headers = HEADERS): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('名册');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

async function run(
  mode: 'importPreview' | 'importCommit',
  base64: string,
  options: { clearBlank?: boolean; createOrganizations?: boolean; overrides?: Record<string, string | null> } = {},
) {
  const { jobId } = core.ok(`registry.${mode}`, { fileName: '名册.xlsx', base64, ...options });
  const status = await finishJob(core, jobId);
  return { status, summary: status.result as ImportSummary, jobId };
}

const id = (i: number) =>
  makeIdNumber(
    '442000',
    `19${String(70 + (i % 30)).padStart(2, '0')}0101`,
    String(100 + (i % 900))
      .padStart(3, '0')
      .slice(0, 3),
  );

describe('Excel import of the registry', () => {
  it('a roster large enough for the worker, with bad ones: the preview says exactly what happens, and commit writes only the good rows', async () => {
    // ~75 bytes a row of these 14 columns: 300 rows make a workbook of ~23 KB, past the size imported in a worker with margin.
    const ROWS = 300;
    const BAD = 6;
    const rows: unknown[][] = [];
    const used = new Set<string>();
    for (let i = 0; rows.length < ROWS; i++) {
      const idNumber = makeIdNumber('442000', `19${70 + (i % 30)}${String(1 + (i % 12)).padStart(2, '0')}15`, String(i).padStart(3, '0').slice(-3));
      if (used.has(idNumber)) continue;
      used.add(idNumber);
      rows.push([
        `人员${i}`,
        idNumber,
        '13800138000',
        '启航社工',
        '石岐街道',
        new Date('2012-07-01T00:00:00Z'),
        '助理社会工作师',
        `ZL${i}`,
        '2014-06-20',
        '2027-06-19',
        '',
        '',
        '',
        '',
      ]);
    }
    const wrongCheck = String(rows[10]![1]).slice(0, 17) + (String(rows[10]![1]).endsWith('0') ? '1' : '0');
    rows[10]![1] = wrongCheck; // row 12: wrong check digit
    rows[20]![4] = '不存在镇'; // row 22: unknown region
    rows[30]![8] = '2030-01-01'; // row 32: certificate issued in the future
    rows[40]![1] = rows[39]![1]; // row 42: duplicate of row 41 within the file
    rows[50]![0] = ''; // row 52: empty required cell
    rows[60]![10] = '初级督导'; // row 62: appointed without 服务区划
    rows[61]!.splice(10, 4, '初级督导', '石岐街道', '2020-03-01', '2027-12-31'); // row 63: a historical appointment
    const base64 = await workbook(rows);
    expect(Buffer.from(base64, 'base64').length).toBeGreaterThan(IMPORT_IN_WORKER_FROM_BYTES);
    const before = snapshotCounts(core);

    const { summary } = await run('importPreview', base64);
    expect(summary.counts).toEqual({ created: ROWS - BAD, updated: 0, unchanged: 0, refused: BAD, skipped: 0 });
    expect(summary.samples.refused.map((r) => [r.rowNumber, r.problems![0]!.column])).toEqual([
      [12, '身份证号码'], // the file's own heading, not the app's
      [22, '所在区划'],
      [32, '发证日期'],
      [42, '身份证号码'],
      [52, '姓名'],
      [62, '服务区划'],
    ]);
    expect(summary.samples.refused.map((r) => r.problems!.map((p) => p.reason))).toEqual([
      ['身份证号校验位不正确，请逐位核对'],
      ['区划「不存在镇」不存在：请先在“行政区划”中新增，或核对名称'],
      ['发证日期不能晚于今天'],
      ['与第 41 行的身份证号重复'],
      ['请填写姓名'],
      ['请选择服务区划', '请填写聘任日期', '请填写督导有效期至'], // every problem of the row at once
    ]);
    expect(snapshotCounts(core)).toEqual(before); // a preview writes nothing

    const { summary: committed } = await run('importCommit', base64);
    expect(committed.counts).toEqual(summary.counts);
    expect(committed.samples.refused.map((r) => r.problems)).toEqual(summary.samples.refused.map((r) => r.problems));
    expect(core.ok('people.list', {}).total).toBe(ROWS - BAD);
    expect(core.ok('supervisors.list', {}).total).toBe(1);
    const [appointed] = core.ok('supervisors.list', {}).rows;
    const events = core.ok('supervisors.get', { id: appointed!.id }).events;
    expect(events[0]).toMatchObject({ kind: 'appointed', effectiveOn: '2020-03-01' });

    // The same file again changes nothing.
    const snapshot = snapshotCounts(core);
    const { summary: again } = await run('importCommit', base64);
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: ROWS - BAD, refused: BAD, skipped: 0 });
    expect(snapshotCounts(core)).toEqual(snapshot);
  });

  it('updates people matched by 身份证号 and says so', async () => {
    const p = core.ok('people.create', { idNumber: makeIdNumber(), name: '陈晓明' });
    const { summary } = await run('importCommit', await workbook([['陈晓明', p.idNumber, '13900139000']], ['姓名', '身份证号', '手机号码']));
    expect(summary.counts).toEqual({ created: 0, updated: 1, unchanged: 0, refused: 0, skipped: 0 });
    expect(summary.samples.updated).toEqual([
      { rowNumber: 2, outcome: 'updated', label: `陈晓明 ${p.idNumber}`, changes: [{ column: '手机号码', before: '', after: '13900139000' }] },
    ]);
    expect(core.ok('people.get', { id: p.id }).person.phone).toBe('13900139000');
  });

  it('logs what it creates as one chained entry per table naming the file, and each change to an existing record row by row', async () => {
    const triggerSql = () => triggerDefinitions(core.db);
    const triggersBefore = triggerSql();
    const existing = core.ok('people.create', { idNumber: makeIdNumber('442000', '19800101', '111'), name: '陈晓明', phone: '13800138000' });
    const base64 = await workbook([
      ['陈晓明', existing.idNumber, '13900139000'],
      ['李芳', makeIdNumber('442000', '19810101', '122'), '', '', '', '', '助理社会工作师', 'ZL1', '2014-06-20'],
      ['张伟', makeIdNumber('442000', '19820101', '133')],
      ['王五', '442000199001011230'], // refused: wrong check digit
    ]);
    const actor = { id: 2, name: '工作人员甲', role: 'staff' as const };
    const { jobId } = core.ok('registry.importCommit', { fileName: '名册.xlsx', base64 }, actor);
    expect((await finishJob(core, jobId, actor)).result).toMatchObject({ counts: { created: 2, updated: 1, refused: 1 } });
    expect(triggerSql()).toEqual(triggersBefore);

    const entries = core.ok('audit.list', { operation: 'registry.importCommit', pageSize: 100 }).rows.sort((a, b) => a.id - b.id);
    const sha256 = crypto.createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
    const people = core.ok('people.list', { sortField: 'name' }).rows;
    const ids = people
      .filter((p) => p.id !== existing.id)
      .map((p) => p.id)
      .sort((a, b) => a - b);
    expect(entries.map((e) => [e.tableName, e.action, e.rowId, e.actorName])).toEqual([
      ['person', 'update', existing.id, '工作人员甲'],
      ['certificate', 'insert', null, '工作人员甲'],
      ['person', 'insert', null, '工作人员甲'],
    ]);
    expect(entries[2]!.after).toEqual({
      批量写入行数: 2,
      起始编号: ids[0],
      结束编号: ids[1],
      来源文件: '名册.xlsx',
      文件SHA256: sha256,
      行内容SHA256: expect.stringMatching(/^[0-9a-f]{64}$/),
      校验列: expect.arrayContaining(['id', 'name', 'id_number']),
    });
    expect(entries[0]).toMatchObject({ before: { phone: '13800138000' }, after: { phone: '13900139000' } });
    expect(core.ok('audit.verify', {})).toMatchObject({ intact: true });
    // An imported person's 操作记录 starts with the import; what comes after is logged row by row.
    const [first] = ids;
    core.ok('people.update', { id: first!, idNumber: people.find((p) => p.id === first)!.idNumber, name: '改名测试' }, actor);
    expect(core.ok('audit.list', { tableName: 'person', rowId: first! }).rows.map((r) => [r.action, r.operation])).toEqual([
      ['update', 'people.update'],
      ['insert', 'registry.importCommit'],
    ]);
    // A preview logs nothing and leaves the triggers as they were.
    const logged = core.ok('audit.list', {}).total;
    await run('importPreview', base64);
    expect(core.ok('audit.list', {}).total).toBe(logged);
    expect(triggerSql()).toEqual(triggersBefore);
  });

  it('offers the refused rows as a workbook with 错误原因', async () => {
    const { jobId } = await run(
      'importCommit',
      await workbook(
        [
          ['王五', '442000199001011230'],
          ['', makeIdNumber()],
        ],
        ['姓名', '身份证号'],
      ),
    );
    const { fileName, data } = downloadedFile(core, jobId);
    expect(fileName).toBe('导入未通过的行.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '原行号', '姓名', '身份证号', '错误原因']);
    expect(sheet.getRow(2).getCell(4).value).toMatch(/【身份证号】/);
    expect(sheet.getRow(3).getCell(4).value).toBe('【姓名】请填写姓名');
  });

  it('refuses files that are not .xlsx, are empty, or have no recognisable header, writing nothing', async () => {
    const before = snapshotCounts(core);
    const failed = async (base64: string) => (await run('importPreview', base64)).status;
    expect(await failed(Buffer.from('姓名,身份证号\n张三,1').toString('base64'))).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('不是 Excel 工作簿'),
    });
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('空');
    expect(await failed(Buffer.from(await empty.xlsx.writeBuffer()).toString('base64'))).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('工作簿是空的'),
    });
    expect(await failed(await workbook([['x', 'y']], ['甲', '乙']))).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('未找到“姓名”和“身份证号”列'),
    });
    expect(await failed(await workbook([], ['姓名', '身份证号']))).toMatchObject({ state: 'failed', error: expect.stringContaining('没有数据行') });
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('a sheet with a title and a note above its header row imports from the header row on, with Excel row numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('名册');
    sheet.addRow(['2026年度督导名册']);
    sheet.mergeCells('A1:D1');
    sheet.addRow([]);
    sheet.addRow(['填报单位：启航社工', '', '填报日期：2026-11-20']);
    sheet.addRow(['序号', '姓名', '身份证', '手机号码']);
    sheet.addRow([1, '陈晓明', id(1), '13800138000']);
    sheet.addRow([2, '李娜', '44200019900101123X', '13800138001']); // wrong check digit
    const base64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const { summary } = await run('importPreview', base64);
    expect(summary.counts).toEqual({ created: 1, updated: 0, unchanged: 0, refused: 1, skipped: 0 });
    expect(summary.samples.refused.map((r) => [r.rowNumber, r.problems![0]!.column])).toEqual([[6, '身份证']]); // the file's own heading
    expect(summary.columns.map((c) => [c.heading, c.field])).toEqual([
      ['序号', null],
      ['姓名', 'name'],
      ['身份证', 'idNumber'],
      ['手机号码', 'phone'],
    ]);

    // A header row further down than the first 10 non-empty rows is not looked for.
    const late = new ExcelJS.Workbook();
    const notes = late.addWorksheet('名册');
    for (let i = 1; i <= 10; i++) notes.addRow([`说明第 ${i} 行`]);
    notes.addRow(['姓名', '身份证号']);
    notes.addRow(['陈晓明', id(1)]);
    const { status } = await run('importPreview', Buffer.from(await late.xlsx.writeBuffer()).toString('base64'));
    expect(status).toMatchObject({ state: 'failed', error: expect.stringContaining('请确认表头（列名）在前 10 行内') });
  });

  it('reads dates however they were typed: date cells, 2012/07/01, 2012.7.1, 2012年7月1日, 20120701 as text or as a number', async () => {
    const typed: unknown[] = [new Date('2012-07-01T00:00:00Z'), '2012/07/01', '2012.7.1', '2012年7月1日', '20120701', 20120701];
    const rows = typed.map((practiceStart, i) => [`人员${i}`, id(i), practiceStart]);
    const { summary } = await run('importCommit', await workbook(rows, ['姓名', '身份证号', '从业起始日期']));
    expect(summary.counts).toEqual({ created: 6, updated: 0, unchanged: 0, refused: 0, skipped: 0 });
    expect(core.db.prepare('SELECT DISTINCT practice_start FROM person').pluck().all()).toEqual(['2012-07-01']);
  });

  it('a cancelled import writes nothing; other writes go through while it runs and are kept', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [`人员${i}`, makeIdNumber('442000', `19${70 + (i % 30)}0101`, String(i % 1000).padStart(3, '0'))]);
    const unique = [...new Map(rows.map((r) => [r[1], r])).values()];
    const base64 = await workbook(unique, ['姓名', '身份证号']);
    const before = snapshotCounts(core);
    const { jobId } = core.ok('registry.importCommit', { fileName: 'x.xlsx', base64 });
    // While it reads its file, another write goes through (the import holds no transaction then).
    expect(core.ok('jobs.status', { id: jobId }).state).toBe('running');
    core.ok('organizations.create', { name: '新机构', kind: 'other' });
    core.ok('jobs.cancel', { id: jobId });
    const status = await finishJob(core, jobId);
    expect(status.state).toBe('cancelled');
    expect(snapshotCounts(core)).toEqual({ ...before, organization: before.organization! + 1, audit_log: before.audit_log! + 1 });
  });

  it('the template has Chinese headers, an example row and a 说明 sheet; its example row left in is skipped with a note', async () => {
    const { jobId } = core.ok('registry.template', {});
    await finishJob(core, jobId);
    const { data } = downloadedFile(core, jobId);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['人员与督导', '说明']);
    expect(wb.worksheets[0]!.getRow(1).getCell(2).value).toBe('身份证号');
    const { summary } = await run('importPreview', data.toString('base64'));
    expect(summary.counts).toMatchObject({ created: 0, skipped: 1 });
    expect(summary.samples.skipped[0]!.notes).toEqual(['与导入模板的示例行相同，已跳过（示例不是真实人员）']);
  });
});
