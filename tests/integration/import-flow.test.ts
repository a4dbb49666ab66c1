/**
 * The registry import never alters data silently: round trips of every export, absent
 * columns and blank cells, the mapping step, every reason of a row, rows skipped on purpose,
 * organisations created only with consent, towns written without their suffix.
 */
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadedFile, finishJob, makeIdNumber, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';
import type { ImportSummary } from '../../core/excel/registry-import.ts';
import type { Actor } from '../../core/permissions.ts';
import { setAssociationCity } from '../../core/regions/association-city.ts';
import { openExampleDataCore } from '../support/example-data.ts';

let core: TestCore;
/** Each test on an empty database of its own (the round trips start on the example data instead). */
function onAnEmptyDatabase(): void {
  beforeEach(async () => {
    core = await openTestCore();
  });
  afterEach(() => core.close());
}

function towns() {
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  for (const [code, name] of [
    ['442000001', '石岐街道'],
    ['442000002', '东区街道'],
    ['442000003', '西区街道'],
    ['442000100', '小榄镇'],
    ['442000101', '小榄南镇'],
  ] as const)
    core.ok('regions.create', { code, name, level: 'town', parentId: city.id });
}

async function workbook(headers: unknown[], rows: unknown[][], above: unknown[][] = []): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('名册');
  for (const row of above) sheet.addRow(row);
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

type Options = { clearBlank?: boolean; createOrganizations?: boolean; overrides?: Record<string, string | null> };
async function run(mode: 'importPreview' | 'importCommit', base64: string, options: Options = {}, actor?: Actor) {
  const { jobId } = core.ok(`registry.${mode}`, { fileName: '名册.xlsx', base64, ...options }, actor);
  const status = await finishJob(core, jobId);
  if (status.state !== 'done') throw new Error(`import failed: ${JSON.stringify(status)}`);
  return { summary: status.result as ImportSummary, jobId };
}

const auditCount = () => core.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

describe('round trips change nothing', () => {
  // On the example data rather than the empty database the other tests start from: one copy for the round trips that
  // write nothing (each checks it); the one that adds towns first has a copy of its own.
  let shared: TestCore | undefined; // none when the template could not be made
  beforeAll(async () => {
    shared = await openExampleDataCore();
  }, 120_000);
  afterAll(() => shared?.close());
  beforeEach(() => {
    core = shared!;
  });

  it('example data → every list export the import accepts → re-import: the preview shows no change and a commit writes nothing', async () => {
    const exports = [
      ['people.export', {}],
      ['supervisors.export', {}],
      ['certificates.exportDue', { status: 'window' }],
      ['certificates.exportDue', { status: 'expired' }],
    ] as const;
    for (const [operation, query] of exports) {
      const { jobId } = core.ok(operation, query as never);
      expect((await finishJob(core, jobId)).state).toBe('done');
      const base64 = downloadedFile(core, jobId).data.toString('base64');
      const before = { counts: snapshotCounts(core), audit: auditCount() };
      const { summary } = await run('importPreview', base64);
      expect(summary.rows, operation).toBeGreaterThan(0);
      // Every column is known: imported, or one the exports write and the import leaves aside (出生日期…).
      expect(
        summary.columns.filter((c) => c.source === 'none'),
        operation,
      ).toEqual([]);
      expect({ operation, counts: summary.counts, refused: summary.samples.refused.slice(0, 3), updated: summary.samples.updated.slice(0, 3) }).toEqual({
        operation,
        counts: { created: 0, updated: 0, unchanged: summary.rows, refused: 0, skipped: 0 },
        refused: [],
        updated: [],
      });
      const { summary: committed } = await run('importCommit', base64);
      expect(committed.counts.unchanged).toBe(summary.rows);
      expect({ counts: snapshotCounts(core), audit: auditCount() }).toEqual(before);
    }
  });

  it('an export masked for a role without pii.read imported back changes nothing: its rows are refused saying why', async () => {
    const auditor: Actor = { id: 9, name: '审计甲', role: 'auditor' };
    const { jobId } = core.ok('people.export', {}, auditor);
    await finishJob(core, jobId, auditor);
    const base64 = downloadedFile(core, jobId, auditor).data.toString('base64');
    const before = { counts: snapshotCounts(core), audit: auditCount() };
    const { summary } = await run('importCommit', base64);
    expect(summary.counts).toMatchObject({ created: 0, updated: 0 });
    expect(summary.samples.refused[0]!.problems![0]).toEqual({ column: '身份证号', reason: expect.stringContaining('身份证号是打码后的值') });
    expect({ counts: snapshotCounts(core), audit: auditCount() }).toEqual(before);
  });

  describe('on a copy of its own', () => {
    let opened: TestCore | undefined;
    beforeEach(async () => {
      opened = undefined;
      core = opened = await openExampleDataCore();
    }, 120_000);
    afterEach(() => opened?.close());

    it("towns whose names other cities' towns share (广东省 has three 三角镇) round-trip unchanged; someone new there is refused", async () => {
      // Another city with a town of each name the example data uses: every row's 所在区划 (and
      // 服务区划) is now a name several towns share, and the exports write the name alone.
      const city = core.ok('regions.create', { code: '441900', name: '东莞市', level: 'city' });
      const names = core.db.prepare(`SELECT DISTINCT name FROM region WHERE level = 'town'`).pluck().all() as string[];
      names.forEach((name, i) => core.ok('regions.create', { code: `4419${String(90000 + i)}`, name, level: 'town', parentId: city.id }));
      for (const operation of ['people.export', 'supervisors.export'] as const) {
        const { jobId } = core.ok(operation, {});
        await finishJob(core, jobId);
        const base64 = downloadedFile(core, jobId).data.toString('base64');
        const before = { counts: snapshotCounts(core), audit: auditCount() };
        const { summary } = await run('importPreview', base64);
        expect({ operation, counts: summary.counts, refused: summary.samples.refused.slice(0, 2) }).toEqual({
          operation,
          counts: { created: 0, updated: 0, unchanged: summary.rows, refused: 0, skipped: 0 },
          refused: [],
        });
        expect((await run('importCommit', base64)).summary.counts.unchanged).toBe(summary.rows);
        expect({ counts: snapshotCounts(core), audit: auditCount() }).toEqual(before);
      }
      // Someone new, or moved, cannot be placed by such a name: refused, asking for the code.
      const town = names[0]!;
      const moved = core.db
        .prepare(`SELECT p.name, p.id_number FROM person p JOIN region r ON r.id = p.region_id WHERE r.name <> ? LIMIT 1`)
        .raw()
        .get(town) as [string, string];
      const file = await workbook(
        ['姓名', '身份证号', '所在区划'],
        [
          ['新人甲', makeIdNumber('442000', '19900101', '135'), town],
          [...moved, town],
        ],
      );
      const { summary } = await run('importPreview', file);
      expect(summary.counts).toMatchObject({ created: 0, updated: 0, refused: 2 });
      for (const row of summary.samples.refused) expect(row.problems).toEqual([{ column: '所在区划', reason: `区划名称「${town}」不唯一，请改填区划代码` }]);
    });
  });
});

describe('absent columns and blank cells', () => {
  onAnEmptyDatabase();

  it('a column the file lacks leaves the stored value; a blank cell too, unless 用空白单元格清空原有内容 is ticked', async () => {
    towns();
    const org = core.ok('organizations.create', { name: '启航社工', kind: 'social_work_agency' });
    const p = core.ok('people.create', {
      idNumber: makeIdNumber(),
      name: '陈晓明',
      phone: '13800138000',
      education: 'bachelor',
      major: '社会工作',
      organizationId: org.id,
    });
    const stored = () => core.ok('people.get', { id: p.id }).person;

    // No 学历 and 专业 columns: they stay (an earlier build blanked them for 400 people).
    const absent = await workbook(['姓名', '身份证号', '手机号码'], [['陈晓明', p.idNumber, '13800138000']]);
    expect((await run('importCommit', absent)).summary.counts).toMatchObject({ unchanged: 1 });
    expect(stored()).toMatchObject({ education: 'bachelor', major: '社会工作', phone: '13800138000', organizationId: org.id });

    // Blank cells in present columns: left alone by default…
    const blank = await workbook(['姓名', '身份证号', '手机号码', '学历', '专业', '所在机构'], [['陈晓明', p.idNumber, '', '', '', '']]);
    const { summary: kept } = await run('importPreview', blank);
    expect(kept.counts).toMatchObject({ unchanged: 1, updated: 0 });
    // …and cleared when asked, each change shown old → new under the file's heading.
    const { summary: cleared } = await run('importCommit', blank, { clearBlank: true });
    expect(cleared.samples.updated[0]!.changes).toEqual([
      { column: '手机号码', before: '13800138000', after: '' },
      { column: '学历', before: '本科', after: '' },
      { column: '专业', before: '社会工作', after: '' },
      { column: '所在机构', before: '启航社工', after: '' },
    ]);
    expect(stored()).toMatchObject({ education: null, major: null, phone: null, organizationId: null, name: '陈晓明' });
  });

  it("a blank name keeps a registered person's name and is refused for someone new", async () => {
    const p = core.ok('people.create', { idNumber: makeIdNumber(), name: '陈晓明' });
    const { summary } = await run(
      'importCommit',
      await workbook(
        ['姓名', '身份证号', '专业'],
        [
          ['', p.idNumber, '社会工作'],
          ['', makeIdNumber('442000', '19900101', '321')],
        ],
      ),
    );
    expect(summary.counts).toMatchObject({ updated: 1, refused: 1 });
    expect(core.ok('people.get', { id: p.id }).person).toMatchObject({ name: '陈晓明', major: '社会工作' });
    expect(summary.samples.refused[0]!.problems).toEqual([{ column: '姓名', reason: '请填写姓名' }]);
  });
});

describe('a hand-kept roster', () => {
  onAnEmptyDatabase();

  it('imports with a title row, a 合计 row, aliased headings, colloquial certificate levels and towns without suffix', async () => {
    towns();
    core.ok('organizations.create', { name: '启航社工', kind: 'social_work_agency' });
    const headers = ['序号', '姓名', '性别', '身份证号码', '所属镇街', '工作单位', '持证等级', '证书编号', '取得证书日期', '备注'];
    const rows = [
      [1, '钟嘉豪', '男', makeIdNumber('442000', '19850315', '123'), '石岐', '启航社工', '中级社工师', 'ZS001', new Date('2015-06-20T00:00:00Z'), ''],
      [2, '谭美玲', '男', makeIdNumber('442000', '19900101', '246'), '西区', '启航社工', '助理社工师', 'ZL002', '2018-06-20', '性别填错了'],
      [3, '黄志强', '男', makeIdNumber('442000', '19880808', '111'), '东区街道', '启航社工', '社工员', 'SY003', 42000, ''], // a date serial: 2014-12-27
      [4, '梁小燕', '女', makeIdNumber('442000', '19920202', '222'), '小榄', '启航社工', '初级社会工作师', 'ZL004', '2019-06-20', ''],
      ['合计', '4 人', '', '', '', '', '', '', '', ''],
    ];
    const base64 = await workbook(headers, rows, [['2026年督导名册（启航社工报送）']]);
    const { summary } = await run('importPreview', base64);
    expect(summary.columns.map((c) => [c.heading, c.field])).toEqual([
      ['序号', null],
      ['姓名', 'name'],
      ['性别', 'sex'],
      ['身份证号码', 'idNumber'],
      ['所属镇街', 'region'],
      ['工作单位', 'organization'],
      ['持证等级', 'certificateLevel'],
      ['证书编号', 'certificateNumber'],
      ['取得证书日期', 'issuedOn'],
      ['备注', null],
    ]);
    expect(summary.counts).toEqual({ created: 3, updated: 0, unchanged: 0, refused: 1, skipped: 1 });
    const created = summary.samples.created;
    expect(created[0]!.notes).toEqual(['所属镇街「石岐」按“石岐街道”匹配（在本协会所在城市中山市的镇区·街道中）', '持证等级「中级社工师」按“社会工作师”导入']);
    expect(created[1]!.warnings).toEqual(['性别「男」与身份证号不符：按身份证号记为女']);
    // 小榄 could be 小榄镇 or 小榄南镇: refused naming both.
    expect(summary.samples.refused[0]).toMatchObject({
      rowNumber: 6,
      problems: [{ column: '所属镇街', reason: '区划「小榄」可能是中山市的小榄镇、小榄南镇：请填写完整名称或区划代码' }],
    });
    expect(summary.samples.skipped).toEqual([{ rowNumber: 7, outcome: 'skipped', label: '合计', notes: ['合计行，已跳过'] }]);

    await run('importCommit', base64);
    const people = core.ok('people.list', { sortField: 'name' }).rows;
    // By name in pinyin order: huang, tan, zhong.
    expect(people.map((p) => [p.name, p.regionName, p.topCertificateLevel])).toEqual([
      ['黄志强', '东区街道', 'worker'],
      ['谭美玲', '西区街道', 'assistant'],
      ['钟嘉豪', '石岐街道', 'social_worker'],
    ]);
    const huang = core.ok('people.get', { id: people[0]!.id });
    expect(huang.certificates[0]).toMatchObject({ number: 'SY003', issuedOn: '2014-12-27' });
  });

  it("lists every problem of a refused row at once, under the file's headings, and names a column the file does not have", async () => {
    towns();
    const base64 = await workbook(
      ['姓名', '身份证', '手机', '所在镇区', '学历', '证书等级', '证书编号'],
      [['陈\u200B晓明', '442000199001011230', '12345', '不存在镇', '小学', '社会工作师', 'ZS9']],
    );
    const { summary } = await run('importPreview', base64);
    expect(summary.samples.refused[0]!.problems).toEqual([
      { column: '姓名', reason: '姓名含有不可见字符或控制字符（U+200B），可能使两个看似相同的名称不同：请删除后重新输入' },
      { column: '学历', reason: '无法识别的学历「小学」：可填 高中、中专及以下、高职、大专、本科、硕士研究生、博士研究生' },
      { column: '所在镇区', reason: '区划「不存在镇」不存在：请先在“行政区划”中新增，或核对名称' },
      { column: '身份证', reason: '身份证号校验位不正确，请逐位核对' },
      { column: '手机', reason: '手机号码应为 11 位手机号或带区号的固话（如 0760-88888888）' },
      { column: '发证日期（文件中无此列）', reason: '填写证书时，请填写发证日期' },
    ]);
  });

  it('refuses a formula cell saved without its result, saying what to do', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('名册');
    sheet.addRow(['姓名', '身份证号', '专业']);
    sheet.addRow(['陈晓明', makeIdNumber(), { formula: '"社会"&"工作"' }]);
    const { summary } = await run('importPreview', Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'));
    expect(summary.samples.refused[0]!.problems).toEqual([{ column: '专业', reason: '该单元格是公式但没有计算结果：请在 Excel/WPS 中打开并保存后再导入' }]);
  });
});

describe("towns within the association's city", () => {
  onAnEmptyDatabase();

  /** Two cities, each with a 西区街道 and a 西区-something, the way 中山 and 广州 could clash. */
  function twoCities() {
    const zs = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    const other = core.ok('regions.create', { code: '445100', name: '潮州市', level: 'city' });
    core.ok('regions.create', { code: '442000003', name: '西区街道', level: 'town', parentId: zs.id });
    core.ok('regions.create', { code: '445102001', name: '西区街道', level: 'town', parentId: other.id });
    core.ok('regions.create', { code: '445102002', name: '西湖街道', level: 'town', parentId: other.id });
    core.ok('regions.create', { code: '442000101', name: '小榄镇', level: 'town', parentId: zs.id });
    core.ok('regions.create', { code: '442000102', name: '小榄南镇', level: 'town', parentId: zs.id });
    return { zs, other };
  }
  const rowsFor = (towns: string[]) => towns.map((town, i) => [`人员${'甲乙丙丁'[i]}`, makeIdNumber('442000', `1990010${i + 1}`, '123'), town]);

  it("matches a prefix among the association city's towns only, says so, and names the candidates when it is ambiguous", async () => {
    const { zs } = twoCities();
    setAssociationCity(core.db, zs.id, '2026-01-01T00:00:00Z');
    const base64 = await workbook(['姓名', '身份证号', '所在镇区'], rowsFor(['西区', '小榄', '西湖', '445102001']));
    const { summary } = await run('importPreview', base64);
    expect(summary.samples.created.map((r) => [r.rowNumber, r.notes])).toEqual([
      [2, ['所在镇区「西区」按“西区街道”匹配（在本协会所在城市中山市的镇区·街道中）']],
      [5, undefined], // a code matches anywhere
    ]);
    expect(summary.samples.refused.map((r) => [r.rowNumber, r.problems])).toEqual([
      [3, [{ column: '所在镇区', reason: '区划「小榄」可能是中山市的小榄镇、小榄南镇：请填写完整名称或区划代码' }]],
      // 西湖街道 is in the other city: a prefix does not reach it.
      [4, [{ column: '所在镇区', reason: '区划「西湖」不存在：请先在“行政区划”中新增，或核对名称' }]],
    ]);
    await run('importCommit', base64);
    const people = core.ok('people.list', { sortField: 'name' }).rows;
    expect(people.map((p) => [p.name, p.regionName])).toEqual([
      ['人员丁', '西区街道'],
      ['人员甲', '西区街道'],
    ]);
    const codes = core.db.prepare('SELECT p.name, r.code FROM person p JOIN region r ON r.id = p.region_id ORDER BY p.name').all();
    expect(codes).toEqual([
      { name: '人员丁', code: '445102001' },
      { name: '人员甲', code: '442000003' },
    ]);
  });

  it('without a known city, a prefix matches every town, and towns of the same name are told apart by their code', async () => {
    twoCities();
    const base64 = await workbook(['姓名', '身份证号', '所在镇区'], rowsFor(['西区', '西湖', '西区街道']));
    const { summary } = await run('importPreview', base64);
    expect(summary.samples.created.map((r) => [r.rowNumber, r.notes])).toEqual([[3, ['所在镇区「西湖」按“西湖街道”匹配']]]);
    expect(summary.samples.refused.map((r) => [r.rowNumber, r.problems![0]!.reason])).toEqual([
      [2, '区划「西区」可能是 西区街道（442000003）、西区街道（445102001）：请填写完整名称或区划代码'],
      [4, '区划名称「西区街道」不唯一，请改填区划代码'],
    ]);
  });
});

describe('the mapping step', () => {
  onAnEmptyDatabase();

  it('maps an unknown column as the user chose, or ignores it on purpose, and remembers the choice for the same headings', async () => {
    const headers = ['姓名', '身份证号', '毕业院校专业', '联系手机'];
    const base64 = await workbook(headers, [['陈晓明', makeIdNumber(), '社会工作', '13800138000']]);
    const { summary } = await run('importPreview', base64);
    expect(summary.columns.map((c) => [c.heading, c.field, c.source, c.example])).toEqual([
      ['姓名', 'name', 'header', '陈晓明'],
      ['身份证号', 'idNumber', 'header', makeIdNumber()],
      ['毕业院校专业', null, 'none', '社会工作'],
      ['联系手机', null, 'none', '13800138000'],
    ]);
    const auditBefore = auditCount();
    await run('importCommit', base64, { overrides: { '2': 'major', '3': 'phone' } });
    expect(auditCount()).toBeGreaterThan(auditBefore);
    expect(core.ok('people.list', {}).rows[0]).toMatchObject({ phone: '13800138000' });

    // The next file with the same headings (in another order, other spacing) gets the same mapping.
    const next = await workbook(
      ['联系手机', '姓 名', '身份证号', '毕业院校专业'],
      [['13900139000', '李娜', makeIdNumber('442000', '19900101', '246'), '心理学']],
    );
    const { summary: again } = await run('importPreview', next);
    expect(again.columns.map((c) => [c.heading, c.field, c.source])).toEqual([
      ['联系手机', 'phone', 'remembered'],
      ['姓 名', 'name', 'header'],
      ['身份证号', 'idNumber', 'header'],
      ['毕业院校专业', 'major', 'remembered'],
    ]);
    // Ignoring a column on purpose is remembered too.
    await run('importCommit', next, { overrides: { '3': null } });
    const { summary: third } = await run('importPreview', next);
    expect(third.columns[3]).toMatchObject({ field: null, source: 'remembered' });
    expect(third.counts).toMatchObject({ unchanged: 1 });
  });
});

describe('organisations from the roster', () => {
  onAnEmptyDatabase();

  it('lists the organisations that do not exist; refuses their rows without consent, creates them with it in the same transaction', async () => {
    const headers = ['姓名', '身份证号', '所在机构'];
    const base64 = await workbook(headers, [
      ['陈晓明', makeIdNumber('442000', '19900101', '111'), '新航社工'],
      ['李娜', makeIdNumber('442000', '19900101', '222'), '新航社工'],
      ['张伟', makeIdNumber('442000', '19900101', '333'), '长青社工'],
      ['王芳', makeIdNumber('442000', '19900101', '444'), ''],
    ]);
    const { summary } = await run('importCommit', base64);
    expect(summary.newOrganizations).toEqual([
      { name: '新航社工', rows: 2 },
      { name: '长青社工', rows: 1 },
    ]);
    expect(summary.counts).toMatchObject({ created: 1, refused: 3 });
    expect(summary.samples.refused[0]!.problems![0]).toEqual({
      column: '所在机构',
      reason: '机构「新航社工」不存在：勾选“新建文件中没有登记的机构”可在导入时一并新建，或先在“机构”中新增',
    });
    expect(core.ok('organizations.list', {}).total).toBe(0);

    // A preview with consent creates them only in its rolled-back transaction.
    const { summary: preview } = await run('importPreview', base64, { createOrganizations: true });
    expect(preview.counts).toMatchObject({ created: 3, unchanged: 1 });
    expect(core.ok('organizations.list', {}).total).toBe(0);

    // A commit that fails midway takes its new organisations back with it.
    const { jobId } = core.ok('registry.importCommit', { fileName: '名册.xlsx', base64, createOrganizations: true });
    core.ok('jobs.cancel', { id: jobId });
    expect((await finishJob(core, jobId)).state).toBe('cancelled');
    expect(core.ok('organizations.list', {}).total).toBe(0);

    const { summary: committed } = await run('importCommit', base64, { createOrganizations: true });
    expect(committed.counts).toMatchObject({ created: 3, unchanged: 1 });
    expect(
      core
        .ok('organizations.list', { sortField: 'name' })
        .rows.map((o) => o.name)
        .sort(),
    ).toEqual(['新航社工', '长青社工'].sort());
    expect(core.ok('people.list', { search: '陈晓明' }).rows[0]).toMatchObject({ organizationName: '新航社工' });
  });
});
