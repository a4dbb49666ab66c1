/**
 * 年度审计报表 read back by a second, independent reader (read-excel-file: its own unzip and XML
 * parsing, nothing shared with ExcelJS): every sheet, its headers, its row count, known values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import readXlsxFile from 'read-excel-file/node';
import { downloadedFile, finishJob, type TestCore } from '../support/core.ts';
import { openExampleDataCore } from '../support/example-data.ts';
import { openCycle, closeCycle } from '../support/recert.ts';

let core: TestCore;
let sheets: Map<string, unknown[][]>;
let supervision: { first: number; second: number };
const count = (sql: string) => core.db.prepare(sql).pluck().get() as number;
const REVIEWS_2026 = 'SELECT count(*) FROM recert_review WHERE cycle_id = (SELECT id FROM recert_cycle WHERE year = 2026)';

async function workbook(actor?: { id: number; name: string; role: 'auditor' }) {
  const job = await finishJob(core, core.ok('audit.annualWorkbook', { year: 2026 }, actor).jobId, actor);
  expect(job.state).toBe('done');
  const file = downloadedFile(core, job.id, actor).data;
  return { name: job.result as { fileName: string }, sheets: new Map((await readXlsxFile(file)).map((s) => [s.sheet, s.data as unknown[][]])) };
}

beforeAll(async () => {
  core = await openExampleDataCore();
  // The year's re-review, closed; one base evaluated.
  const { id } = core.ok('recert.create', { year: 2026 });
  await openCycle(core, id);
  const reviews = core.ok('recert.reviews', { cycleId: id, pageSize: 100 }).rows;
  core.ok('recert.confirm', { cycleId: id, reviewIds: reviews.map((r) => r.id), reason: '示例：按系统建议确认' });
  await closeCycle(core, id);
  // A base the generator left unreviewed this year: its self-assessment submitted (if not yet), then reviewed.
  const base = core.ok('evaluations.ranking', { year: 2026 }).find((r) => r.status !== 'reviewed')!;
  const scores = [9, 9, 8, 8, 8, 8, 13, 9, 7, 6];
  if (base.status !== 'submitted') core.ok('evaluations.saveSelf', { baseId: base.baseId, year: 2026, scores, evidence: scores.map(() => null), submit: true });
  core.ok('evaluations.review', { baseId: base.baseId, year: 2026, scores, evidence: scores.map(() => null), complete: true });
  supervision = recordSupervision();
  sheets = (await workbook()).sheets;
}, 60_000);

/**
 * Supervision given in 2026 (issue 22) by the roster's first two supervisors, written with SQL (the
 * tables of migration 0033; their operations are h22a's part): the first supervises a social worker
 * twice (2 h + 1.5 h), the second an organization and that worker at once (1 h); one 2025 record.
 */
function recordSupervision() {
  const [first, second] = core.db
    .prepare('SELECT s.id FROM supervisor s JOIN region r ON r.id = s.region_id ORDER BY r.code, s.id LIMIT 2')
    .pluck()
    .all() as number[];
  // The example data gives supervision of its own: removed, so the sheet's figures are the test's alone.
  core.db.exec('DELETE FROM supervision_record_subject; DELETE FROM supervision_record; DELETE FROM supervision_relationship;');
  const worker = core.db.prepare('SELECT id, organization_id FROM person WHERE organization_id IS NOT NULL ORDER BY id LIMIT 1').get() as {
    id: number;
    organization_id: number;
  };
  const otherOrg = core.db.prepare('SELECT id FROM organization WHERE id <> ? ORDER BY id LIMIT 1').pluck().get(worker.organization_id) as number;
  const relationship = (supervisorId: number, personId: number | null, organizationId: number | null) =>
    Number(
      core.db
        .prepare(
          `INSERT INTO supervision_relationship (supervisor_id, person_id, organization_id, form, starts_on, created_at, updated_at) VALUES (?, ?, ?, ?, '2026-01-01', 'x', 'x')`,
        )
        .run(supervisorId, personId, organizationId, personId ? 'individual' : 'organizational').lastInsertRowid,
    );
  const record = (supervisorId: number, startsAt: string, endsAt: string, minutes: number, subjects: number[]) => {
    const id = core.db
      .prepare(
        `INSERT INTO supervision_record (supervisor_id, starts_at, ends_at, minutes, form, topic, created_at, updated_at, created_by) VALUES (?, ?, ?, ?, 'individual', '个案督导', 'x', 'x', '测试')`,
      )
      .run(supervisorId, startsAt, endsAt, minutes).lastInsertRowid;
    for (const r of subjects) core.db.prepare('INSERT INTO supervision_record_subject (record_id, relationship_id) VALUES (?, ?)').run(id, r);
  };
  const firstWorker = relationship(first!, worker.id, null);
  const secondWorker = relationship(second!, worker.id, null);
  const secondOrg = relationship(second!, null, otherOrg);
  record(first!, '2026-03-10T09:00', '2026-03-10T11:00', 120, [firstWorker]);
  record(first!, '2026-04-10T09:00', '2026-04-10T10:30', 90, [firstWorker]);
  record(second!, '2026-05-10T09:00', '2026-05-10T10:00', 60, [secondWorker, secondOrg]);
  record(second!, '2025-05-10T09:00', '2025-05-10T10:00', 60, [secondOrg]);
  return { first: first!, second: second! };
}
afterAll(() => core.close());

describe('the annual audit workbook (2026)', () => {
  it('has the nine sheets in order', () => {
    expect([...sheets.keys()]).toEqual(['概览', '督导名册', '督导工作', '年度再审核结果', '培训学时', '基地与课程', '基地评估', '镇区覆盖', '操作记录摘要']);
  });

  it('概览: the year and its key figures', () => {
    const rows = new Map(
      sheets
        .get('概览')!
        .slice(1)
        .map((r) => [r[0], r[1]]),
    );
    expect(rows.get('年度')).toBe(2026);
    expect(rows.get('人员总数')).toBe(400);
    expect(rows.get('完成班期')).toBe(
      count("SELECT count(*) FROM training_session WHERE status = 'completed' AND starts_at >= '2026-01-01' AND starts_at < '2027-01-01'"),
    );
    expect(rows.get('再审核状态')).toBe('已结束');
    expect(Number(rows.get('再审核通过')) + Number(rows.get('再审核有条件通过')) + Number(rows.get('再审核不通过'))).toBe(count(REVIEWS_2026));
  });

  it('督导工作: every supervisor with the supervision given in the year; its totals in 概览', () => {
    const [header, ...rows] = sheets.get('督导工作')!;
    expect(header).toEqual(['姓名', '等级', '镇区', '督导次数', '督导小时', '督导对象人数', '覆盖机构数']);
    expect(rows).toHaveLength(count('SELECT count(*) FROM supervisor'));
    const nameOf = (id: number) => core.db.prepare('SELECT p.name FROM supervisor s JOIN person p ON p.id = s.person_id WHERE s.id = ?').pluck().get(id);
    const row = (id: number) => rows.find((r) => r[0] === nameOf(id))!;
    expect(row(supervision.first).slice(3)).toEqual([2, 3.5, 1, 1]);
    expect(row(supervision.second).slice(3)).toEqual([1, 1, 2, 2]);
    expect(rows.filter((r) => r[3] !== 0)).toHaveLength(2); // everyone else gave none (0, not blank)
    expect(rows.every((r) => typeof r[1] === 'string' && typeof r[2] === 'string')).toBe(true);
    const overview = new Map(
      sheets
        .get('概览')!
        .slice(1)
        .map((r) => [r[0], r[1]]),
    );
    expect(overview.get('督导次数')).toBe(3);
    expect(overview.get('督导小时')).toBe(4.5);
    expect(overview.get('提供督导的督导人数')).toBe(2);
    expect(overview.get('督导对象')).toBe(2); // the worker (once for both supervisors) and the organization
    expect(overview.get('督导覆盖机构数')).toBe(2);
    expect(typeof overview.get('有督导但无督导记录的镇区')).toBe('number');
  });

  it('督导名册: every supervisor; 身份证号 as text exactly; dates as dates', () => {
    const [header, ...rows] = sheets.get('督导名册')!;
    expect(header).toEqual([
      '姓名',
      '身份证号',
      '性别',
      '督导等级',
      '服务镇区',
      '所在机构',
      '证书等级',
      '证书编号',
      '登记有效期至',
      '聘任日期',
      '聘期至',
      '状态',
    ]);
    expect(rows).toHaveLength(count('SELECT count(*) FROM supervisor'));
    const ids = new Set(core.db.prepare('SELECT p.id_number FROM supervisor s JOIN person p ON p.id = s.person_id').pluck().all() as string[]);
    expect(rows.every((r) => typeof r[1] === 'string' && ids.has(r[1] as string))).toBe(true);
    expect(rows.every((r) => r[9] instanceof Date)).toBe(true);
  });

  it('年度再审核结果: one row per review with its decision and reason', () => {
    const [header, ...rows] = sheets.get('年度再审核结果')!;
    expect(header!.slice(10, 15)).toEqual(['系统建议', '建议依据', '审核结论', '整改期限', '结论理由']);
    expect(rows).toHaveLength(count(REVIEWS_2026));
    expect(rows.filter((r) => r[12] === '不通过').every((r) => r[14] === '示例：按系统建议确认')).toBe(true);
  });

  it('培训学时: everyone, hours by category in the year, and compliance', () => {
    const [header, ...rows] = sheets.get('培训学时')!;
    expect(header!.slice(0, 5)).toEqual(['姓名', '身份证号', '镇区', '所在机构', '证书等级']);
    expect(header).toContain('2026年合计');
    expect(header!.slice(-5)).toEqual(['当前登记期止', '登记期尚差', '滚动期尚差', '是否达标', '未达标说明']);
    expect(rows).toHaveLength(400);
    const total = header!.indexOf('2026年合计');
    const sum = rows.reduce((n, r) => n + Number(r[total] ?? 0), 0);
    expect(sum).toBe(count("SELECT coalesce(sum(hours), 0) FROM training_record WHERE earned_on BETWEEN '2026-01-01' AND '2026-12-31'"));
  });

  it('基地与课程, 基地评估, 镇区覆盖 and 操作记录摘要', () => {
    expect(sheets.get('基地与课程')!.slice(1)).toHaveLength(
      count('SELECT count(*) FROM course') + count('SELECT count(*) FROM training_base b WHERE NOT EXISTS (SELECT 1 FROM course c WHERE c.base_id = b.id)'),
    );
    const evaluation = sheets.get('基地评估')!;
    expect(evaluation[0]).toEqual(['排名', '基地', '所在区划', '基地等级', '评估状态', '自评总分', '评审总分', '评估等级', '认定待复核']);
    expect(evaluation.slice(1)).toHaveLength(count('SELECT count(*) FROM training_base'));
    expect([evaluation[1]![0], evaluation[1]![4], evaluation[1]![6], evaluation[1]![7]]).toEqual([1, '已评审', 85, '良好']);
    expect(sheets.get('镇区覆盖')!.slice(1)).toHaveLength(count("SELECT count(*) FROM region WHERE level = 'town'"));
    const log = sheets.get('操作记录摘要')!;
    // Names, never codes: operations by their title, tables by domain/audit-names.ts.
    expect(log[0]).toEqual(['月份', '操作', '数据类型', '变更类型', '记录数']);
    expect(log.slice(1).some((r) => r[1] === '结束再审核' && r[2] === '年度再审核')).toBe(true);
    // The example data was logged as one entry per table: the summary counts the records it stands for.
    expect(log.slice(1).find((r) => r[1] === '载入示例数据' && r[2] === '人员' && r[3] === '新增')?.[4]).toBe(400);
    const cells = log.slice(1).flatMap((r) => [r[1], r[2]].map(String));
    expect(cells.filter((c) => /^[a-z_.]+$/i.test(c))).toEqual([]);
  });

  it('an auditor gets the same workbook with 身份证号 and phone numbers masked', async () => {
    const masked = (await workbook({ id: 9, name: '审计员', role: 'auditor' })).sheets;
    const row = masked.get('督导名册')![1]!;
    expect(String(row[1])).toMatch(/\*/);
  });
});
