/**
 * 培训学时导入 (historical training hours) on a real SQLite file: the shared preview (columns and
 * their mapping, every row with its outcome), all-or-nothing commit, duplicates, refusals with every
 * reason at once, the file's SHA-256, the compliance it changes, and the mapping step's choices
 * (made now, remembered per set of headings).
 */
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  downloadedFile,
  finishJob,
  finishJobCountingCpu,
  makeIdNumber,
  openTestCore,
  snapshotCounts,
  SERVING_CPU_SAYS_WHERE_IMPORTS_RAN,
  type TestCore,
} from '../support/core.ts';
import type { HoursImportSummary } from '../../core/excel/training-hours-import.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';

let core: TestCore;
let person: { id: number; idNumber: string };
let other: { id: number; idNumber: string };
beforeEach(async () => {
  core = await openTestCore();
  person = core.ok('people.create', { idNumber: makeIdNumber('442000', '19800101', '111'), name: '陈晓明', practiceStart: '2010-01-01' });
  other = core.ok('people.create', { idNumber: makeIdNumber('442000', '19810101', '122'), name: '李芳' });
  core.ok('certificates.create', { personId: person.id, level: 'social_worker', number: 'C111', issuedOn: '2024-03-01', registrationValidUntil: '2027-02-28' });
});
afterEach(() => core.close());

const STAFF = { id: 2, name: '工作人员甲', role: 'staff' as const };

async function workbook(rows: unknown[][], headers = ['姓名', '身份证号', '培训时间', '培训类别', '学时数', '主办单位', '证明材料']): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('学时');
  sheet.addRow(['2021—2026 年继续教育学时台账']); // a title above the headers, as kept by hand
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

async function run(mode: 'importPreview' | 'importCommit', base64: string, extra: { onlyValidRows?: boolean; overrides?: Record<string, string | null> } = {}) {
  const { jobId } = core.ok(`training.${mode}`, { fileName: '历史学时.xlsx', base64, ...extra }, STAFF);
  const status = await finishJob(core, jobId, STAFF);
  if (status.state !== 'done') throw new Error(`job ${status.state}: ${status.error}`);
  return { summary: status.result as HoursImportSummary, jobId };
}

const good = () => [
  ['陈晓明', person.idNumber, new Date('2024-05-20T00:00:00Z'), '社工知识普及培训', 40, '中山市社会工作协会', '结业证书 ZS-2024-018'],
  ['陈晓明', person.idNumber, '2025/3/8', '督导实务', '40学时', '广东省社会工作师联合会', ''],
  ['陈晓明', person.idNumber, '20260115', '社会工作骨干人才培训', 40, '中山市社会工作协会', null],
];

describe('培训学时导入', () => {
  it("previews, commits in one go with the file's name and SHA-256, counts towards compliance, and a second import adds nothing", async () => {
    const before = core.ok('compliance.ofPerson', { personId: person.id });
    expect(before.compliant).toBe(false);
    expect(core.ok('compliance.list', { compliant: 'no' }).rows.map((r) => r.personName)).toContain('陈晓明'); // computed, then kept until data changes
    const base64 = await workbook(good());
    const counts = snapshotCounts(core);
    const preview = (await run('importPreview', base64)).summary;
    expect(preview).toMatchObject({
      mode: 'preview',
      rows: 3,
      counts: { created: 3, updated: 0, unchanged: 0, refused: 0, skipped: 0 },
      written: 0,
      previousImports: [],
      reportFile: true,
    });
    expect(preview.columns.map((c) => [c.heading, c.field, c.source])).toEqual([
      ['姓名', 'name', 'header'],
      ['身份证号', 'idNumber', 'header'],
      ['培训时间', 'earnedOn', 'alias'],
      ['培训类别', 'category', 'alias'],
      ['学时数', 'hours', 'alias'],
      ['主办单位', 'provider', 'alias'],
      ['证明材料', 'note', 'alias'],
    ]);
    expect(preview.samples.created.map((r) => [r.rowNumber, r.label])).toEqual([3, 4, 5].map((n) => [n, `陈晓明 ${person.idNumber}`]));
    expect(snapshotCounts(core)).toEqual(counts); // a preview writes nothing

    const sha256 = crypto.createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
    const commit = (await run('importCommit', base64)).summary;
    expect(commit).toMatchObject({ mode: 'commit', counts: { created: 3 }, written: 3, blocked: false, file: { name: '历史学时.xlsx', sha256 } });
    const ledger = core.ok('training.ofPerson', { personId: person.id });
    expect(ledger.totalHours).toBe(120);
    expect(
      ledger.rows.map((r) => [r.earnedOn, r.categoryName, r.hours, r.provider, r.kind, r.importFileName, r.importFileSha256, r.verifiedBy, r.counted]),
    ).toEqual([
      ['2026-01-15', '社会工作骨干人才培训', 40, '中山市社会工作协会', 'external', '历史学时.xlsx', sha256, '工作人员甲', true],
      ['2025-03-08', '督导实务培训', 40, '广东省社会工作师联合会', 'external', '历史学时.xlsx', sha256, '工作人员甲', true],
      ['2024-05-20', '社工知识普及培训', 40, '中山市社会工作协会', 'external', '历史学时.xlsx', sha256, '工作人员甲', true],
    ]);
    expect(ledger.rows[2]!.note).toBe('结业证书 ZS-2024-018');
    expect(core.db.prepare('SELECT file_name, file_sha256, row_count, imported_by FROM training_import').all()).toEqual([
      { file_name: '历史学时.xlsx', file_sha256: sha256, row_count: 3, imported_by: '工作人员甲' },
    ]);
    // Every hour says where it counts; the person is now compliant, on their page and in the list.
    expect(ledger.rows[0]!.countsToward).toContain('计入登记期 2024-03-01 至 2027-02-28');
    expect(core.ok('compliance.ofPerson', { personId: person.id }).compliant).toBe(true);
    expect(core.ok('compliance.list', { compliant: 'yes' }).rows.map((r) => r.personName)).toContain('陈晓明');
    // Logged as one entry per table naming the file.
    const entries = core.ok('audit.list', { operation: 'training.importCommit', pageSize: 100 }).rows;
    expect(entries.map((e) => e.tableName).sort()).toEqual(['training_import', 'training_record']);
    expect(entries.find((e) => e.tableName === 'training_record')!.after).toMatchObject({ 批量写入行数: 3, 来源文件: '历史学时.xlsx', 文件SHA256: sha256 });
    expect(core.ok('audit.verify', {})).toMatchObject({ intact: true });

    // The same file again: every row is a duplicate, nothing is written, and the preview says the file was imported before.
    const again = (await run('importPreview', base64)).summary;
    expect(again).toMatchObject({ counts: { created: 0, unchanged: 3, refused: 0 }, previousImports: [{ importedBy: '工作人员甲', rowCount: 3 }] });
    expect(again.samples.unchanged[0]!.notes).toEqual(['已导入过：由文件「历史学时.xlsx」导入（同一人、日期、类别、学时和培训机构），不再重复计入']);
    const after = snapshotCounts(core);
    expect((await run('importCommit', base64)).summary).toMatchObject({ written: 0, counts: { unchanged: 3 } });
    expect(snapshotCounts(core)).toEqual(after);
    expect(core.ok('training.ofPerson', { personId: person.id }).totalHours).toBe(120);
  });

  it('refuses rows with every reason at once; any refused row stops the commit unless only the valid rows are chosen', async () => {
    const base64 = await workbook([
      ...good().slice(0, 1),
      ['王五', makeIdNumber('442000', '19900101', '999'), '2024-13-01', '瑜伽', 0.3, '', ''], // unknown person, bad date, category, hours, no provider
      ['张三', other.idNumber, '2099-01-01', '考前公益培训', 6, '某中心', ''], // wrong name, future date
      ['陈晓明', person.idNumber, new Date('2024-05-20T00:00:00Z'), '社工知识普及培训', 40, '中山市社会工作协会', '同一条再填一次'],
    ]);
    const { summary, jobId } = await run('importPreview', base64);
    expect(summary.counts).toEqual({ created: 1, updated: 0, unchanged: 0, skipped: 1, refused: 2 });
    expect(summary.samples.skipped).toEqual([
      { rowNumber: 6, outcome: 'skipped', label: `陈晓明 ${person.idNumber}`, notes: ['与第 3 行相同（同一人、日期、类别、学时和培训机构），只计一次'] },
    ]);
    const problems = (row: number) => summary.samples.refused.find((r) => r.rowNumber === row)!.problems!;
    expect(problems(4).map((r) => [r.column, r.reason])).toEqual([
      ['身份证号', `身份证号 ${makeIdNumber('442000', '19900101', '999')} 不在“人员”中：请先新增或导入该人员`],
      ['培训时间', '培训日期不是有效日期（格式如 2026-11-22）'],
      ['培训类别', expect.stringMatching(/^无法识别的学时类别「瑜伽」：可填 社工知识普及培训、/)],
      ['学时数', '学时以 0.5 为单位'],
      ['主办单位', '请填写培训机构'],
    ]);
    expect(problems(5).map((r) => r.reason)).toEqual(['姓名「张三」与该身份证号登记的「李芳」不符', '培训日期不能晚于今天']);
    // The preview's workbook: first the refused rows as they were, each with all its reasons (as the registry import's).
    const { fileName, data } = downloadedFile(core, jobId, STAFF);
    expect(fileName).toBe('学时导入预览明细.xlsx');
    const sheet = await readFirstSheet(data);
    expect(sheet.rows.map((r) => r.values[0])).toEqual([4, 5]);
    expect(String(sheet.rows[1]!.values.at(-1))).toBe('【姓名】姓名「张三」与该身份证号登记的「李芳」不符；【培训时间】培训日期不能晚于今天');

    const counts = snapshotCounts(core);
    expect((await run('importCommit', base64)).summary).toMatchObject({ blocked: true, written: 0, counts: { refused: 2 } });
    expect(snapshotCounts(core)).toEqual(counts);
    const onlyValid = await run('importCommit', base64, { onlyValidRows: true });
    expect(onlyValid.summary).toMatchObject({ blocked: false, written: 1, counts: { created: 1, refused: 2 }, options: { onlyValidRows: true } });
    // The commit's workbook holds the refused rows alone, to fix and import again.
    expect(downloadedFile(core, onlyValid.jobId, STAFF).fileName).toBe('学时导入未通过的行.xlsx');
    expect(core.ok('training.ofPerson', { personId: person.id }).totalHours).toBe(40);
  });

  it('refuses every row of a sheet without a required column, naming it; a sheet without 身份证号 and roles that may not write the registry', async () => {
    const noHours = await workbook([['陈晓明', person.idNumber, '2024-01-01']], ['姓名', '身份证号', '日期']);
    const { summary } = await run('importPreview', noHours);
    expect(summary.samples.refused[0]!.problems).toEqual([
      { column: '学时类别（文件中无此列）', reason: '请填写学时类别' },
      { column: '学时（文件中无此列）', reason: '请填写学时' },
      { column: '培训机构（文件中无此列）', reason: '请填写培训机构' },
    ]);
    const noId = await workbook([['陈晓明', '2024-01-01', 6]], ['姓名', '日期', '学时']);
    const { jobId } = core.ok('training.importPreview', { fileName: 'x.xlsx', base64: noId });
    expect(await finishJob(core, jobId)).toMatchObject({ state: 'failed', error: expect.stringContaining('未找到“身份证号”列') });
    const base64 = await workbook(good());
    for (const role of ['coordinator', 'auditor'] as const) {
      for (const op of ['training.importPreview', 'training.importCommit'] as const) {
        expect(core.fail(op, { fileName: 'x.xlsx', base64 }, { id: 7, name: role, role, baseIds: [] })).toMatchObject({ code: 'FORBIDDEN' });
      }
    }
  });

  it('offers a template whose columns it reads back as they are', async () => {
    const template = downloadedFile(core, (await finishJob(core, core.ok('training.hoursTemplate', {}).jobId)).id);
    expect(template.fileName).toBe('培训学时导入模板.xlsx');
    const sheet = await readFirstSheet(template.data);
    expect(sheet.headers).toEqual(['姓名', '身份证号', '培训日期', '学时类别', '学时', '培训机构', '备注']);
    // The example row names a person who is not there: refused for that alone.
    const { jobId } = core.ok('training.importPreview', { fileName: '模板.xlsx', base64: template.data.toString('base64') });
    const summary = (await finishJob(core, jobId)).result as HoursImportSummary;
    expect(summary.samples.refused.flatMap((r) => r.problems!.map((p) => p.column))).toEqual(['身份证号']);
  });

  it('reads cells as the registry import does: a date serial, a date typed as a number, a formula without its result, an invisible character', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('学时');
    sheet.addRow(['姓名', '身份证号', '培训日期', '学时类别', '学时', '培训机构']);
    sheet.addRow(['陈晓明', person.idNumber, 45000, '督导实务', 6, '协会']); // a date cell without date format: Excel's day serial (2023-03-15)
    sheet.addRow(['陈晓明', person.idNumber, 20230401, '督导实务', '３小时', '协会']);
    sheet.addRow(['陈晓明', person.idNumber, '2023-05-01', '督导实务', { formula: '2*3' }, '协会']);
    sheet.addRow(['陈\u200B晓明', person.idNumber, '2023-06-01', '督导实务', 6, '协会']);
    const { summary } = await run('importPreview', Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'));
    expect(summary.counts).toMatchObject({ created: 2, refused: 2 });
    expect(summary.samples.refused.map((r) => [r.rowNumber, r.problems])).toEqual([
      [4, [{ column: '学时', reason: '该单元格是公式但没有计算结果：请在 Excel/WPS 中打开并保存后再导入' }]],
      [5, [{ column: '姓名', reason: '姓名含有不可见字符或控制字符（U+200B），可能使两个看似相同的名称不同：请删除后重新输入' }]],
    ]);
    await run('importCommit', Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'), { onlyValidRows: true });
    expect(core.ok('training.ofPerson', { personId: person.id }).rows.map((r) => [r.earnedOn, r.hours])).toEqual([
      ['2023-04-01', 3],
      ['2023-03-15', 6],
    ]);
  });

  it('maps an unknown column as the user chose and ignores another on purpose; the commit remembers the choice for the same headings', async () => {
    const headers = ['姓名', '身份证号', '培训时间', '培训类别', '获得学时', '主办单位', '证明材料'];
    const base64 = await workbook(good(), headers);
    const first = (await run('importPreview', base64)).summary;
    expect(first.columns.find((c) => c.heading === '获得学时')).toMatchObject({ index: 4, field: null, source: 'none', example: '40' });
    expect(first.counts).toMatchObject({ created: 0, refused: 3 });
    expect(first.samples.refused[0]!.problems).toEqual([{ column: '学时（文件中无此列）', reason: '请填写学时' }]);
    expect(first.fields.map((f) => f.header)).toEqual(['姓名', '身份证号', '培训日期', '学时类别', '学时', '培训机构', '备注']);

    const overrides = { '4': 'hours', '6': null };
    const mapped = (await run('importPreview', base64, { overrides })).summary;
    expect(mapped.columns.slice(4).map((c) => [c.heading, c.field, c.source])).toEqual([
      ['获得学时', 'hours', 'user'],
      ['主办单位', 'provider', 'alias'],
      ['证明材料', null, 'user'],
    ]);
    expect(mapped.counts).toMatchObject({ created: 3, refused: 0 });
    expect(mapped.options).toEqual({ overrides, onlyValidRows: false });
    // A preview remembers nothing; a blocked commit neither.
    expect(core.db.prepare(`SELECT count(*) FROM setting WHERE key LIKE 'import.mapping.%'`).pluck().get()).toBe(0);

    await run('importCommit', base64, { overrides });
    const ledger = core.ok('training.ofPerson', { personId: person.id });
    expect(ledger.totalHours).toBe(120);
    expect(ledger.rows.map((r) => r.note)).toEqual([null, null, null]); // 证明材料 ignored on purpose

    // Another file with the same headings, in another order: the choices come back, marked as remembered.
    const next = await workbook(
      [['李芳', other.idNumber, '2024-06-01', '督导实务', '主办方甲', 8, '证书 1']],
      ['姓名', '身份证号', '培训时间', '培训类别', '主办单位', '获得学时', '证明材料'],
    );
    const again = (await run('importPreview', next)).summary;
    expect(again.columns.slice(4).map((c) => [c.heading, c.field, c.source])).toEqual([
      ['主办单位', 'provider', 'alias'],
      ['获得学时', 'hours', 'remembered'],
      ['证明材料', null, 'remembered'],
    ]);
    expect(again.counts).toMatchObject({ created: 1, refused: 0 });
    // The user can still change a remembered choice; and the registry import's remembered mappings are its own.
    expect((await run('importPreview', next, { overrides: { '6': 'note' } })).summary.columns[6]).toMatchObject({ field: 'note', source: 'user' });
    const registry = await finishJob(core, core.ok('registry.importPreview', { fileName: '名册.xlsx', base64: next }, STAFF).jobId, STAFF);
    expect((registry.result as { columns: { heading: string; source: string }[] }).columns.find((c) => c.heading === '获得学时')!.source).toBe('none');
  });

  it('a blocked commit remembers no mapping and writes nothing', async () => {
    const base64 = await workbook(
      [...good().slice(0, 1), ['王五', makeIdNumber('442000', '19900101', '999'), '2024-01-01', '督导实务', 6, '某中心', '']],
      ['姓名', '身份证号', '培训时间', '培训类别', '获得学时', '主办单位', '证明材料'],
    );
    const counts = snapshotCounts(core);
    expect((await run('importCommit', base64, { overrides: { '4': 'hours' } })).summary).toMatchObject({
      blocked: true,
      written: 0,
      counts: { created: 1, refused: 1 },
    });
    expect(snapshotCounts(core)).toEqual(counts);
    expect(core.db.prepare(`SELECT count(*) FROM setting WHERE key LIKE 'import.mapping.%'`).pluck().get()).toBe(0);
  });
});

describe('培训学时导入 of a large workbook, in a worker thread', () => {
  it("reads, checks and writes off the serving thread (its CPU a small part of the import), as the caller's one operation, and a second import adds nothing", async () => {
    const day = (i: number) => new Date(Date.UTC(2019, 0, 1) + i * 86_400_000);
    const rows = Array.from({ length: 3000 }, (_, i) => ['陈晓明', person.idNumber, day(i % 1500), '督导实务', 2, `第${i + 1}期督导实务研修班`, '']);
    const base64 = await workbook(rows);
    expect(Buffer.from(base64, 'base64').byteLength).toBeGreaterThanOrEqual(16 * 1024); // large enough for the worker
    const { status, cpuMs: spent } = await finishJobCountingCpu(
      core,
      () => core.ok('training.importCommit', { fileName: '历史学时.xlsx', base64 }, STAFF),
      STAFF,
    );
    console.log(`[thread] training.importCommit of 3,000 rows: ${Math.round(spent)} ms of the serving thread's CPU`);
    expect(status.state, status.error ?? '').toBe('done');
    expect((status.result as HoursImportSummary).written).toBe(3000);
    expect(core.db.prepare("SELECT count(*) FROM training_record WHERE person_id = ? AND kind = 'external'").pluck().get(person.id)).toBe(3000);
    const operations = core.db.prepare('SELECT DISTINCT operation, actor_name FROM audit_log WHERE id > (SELECT max(id) - 10 FROM audit_log)').all();
    expect(operations).toContainEqual({ operation: 'training.importCommit', actor_name: STAFF.name });
    // On the serving thread the same import cost it ~230 ms of CPU; CPU time, not wall time, and on SQLite only: on
    // PostgreSQL the job's heartbeat costs this thread per second the job runs (SERVING_CPU_SAYS_WHERE_IMPORTS_RAN).
    if (SERVING_CPU_SAYS_WHERE_IMPORTS_RAN) expect(spent).toBeLessThan(150);
    const again = await run('importCommit', base64);
    expect(again.summary.written).toBe(0);
    expect(again.summary.counts.unchanged).toBe(3000);
  }, 120_000);
});
