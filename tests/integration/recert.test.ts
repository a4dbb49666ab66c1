/**
 * The re-certification cycle on real SQLite files: the what-if preview, opening (rules frozen),
 * facts recomputed while open, decisions with reasons, closing (exactly the decisions applied as
 * supervisor events), read-only afterwards; the compliance list; the exports read back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadedFile, finishJob, makeIdNumber, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { openExampleDataCore } from '../support/example-data.ts';
import { openCycle, closeCycle } from '../support/recert.ts';

let core: TestCore;
let townId: number;
let levelId: number;
let categoryId: number;
beforeEach(async () => {
  core = await openTestCore();
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  townId = core.ok('regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id }).id;
  levelId = core.ok('supervisors.levels', {}).find((l) => l.name === '中级督导')!.id;
  categoryId = core.ok('bases.lists', {}).courseCategories[0]!.id;
});
afterEach(() => core.close());

/** For the tests over a generated population: the example data as 载入示例数据 leaves it, instead of this file's own setup. */
async function onExampleData() {
  core.close();
  core = await openExampleDataCore();
  categoryId = core.ok('bases.lists', {}).courseCategories[0]!.id;
}

/** A 中级督导 with a 社会工作师 certificate (registered to 2027-02-28) and some external hours this year. */
function supervisor(seq: string, name: string, hours: number, over: { validUntil?: string } = {}) {
  const p = core.ok('people.create', {
    idNumber: makeIdNumber('442000', '19800101', seq),
    name,
    regionId: townId,
    practiceStart: '2010-01-01',
    phone: '13800000000',
  });
  core.ok('certificates.create', {
    personId: p.id,
    level: 'social_worker',
    number: `C${seq}`,
    issuedOn: '2024-03-01',
    registrationValidUntil: over.validUntil ?? '2027-02-28',
  });
  const s = core.ok('supervisors.appoint', {
    personId: p.id,
    levelId,
    regionId: townId,
    appointedOn: '2024-01-01',
    validUntil: '2026-12-31',
    overrideReason: '测试',
  });
  if (hours > 0) addHours(p.id, hours);
  return { personId: p.id, supervisorId: s.id, name };
}

function addHours(personId: number, hours: number) {
  const r = core.ok('training.addExternal', { personId, categoryId, hours, earnedOn: '2026-06-01', provider: '省社工师联合会', note: '结业证书' });
  core.ok('training.verifyExternal', { id: r.id });
}

/* eslint-disable @typescript-eslint/no-explicit-any -- these scenarios edit the rules' body as loose JSON */
/** No unified training needed: the hours decide, which keeps these scenarios small. */
function rulesWith(change: (body: ReturnType<TestCore['ok']> & any) => void) {
  const { body } = core.ok('rules.training', {});
  const next = structuredClone(body);
  change(next);
  return core.ok('rules.saveTraining', { body: next, note: '测试修订' });
}
const hoursOnly = (yearHours: number) => (b: any) => {
  b.review.byLevel = b.review.byLevel.map((r: any) => ({ ...r, unifiedTrainings: 0, yearHours }));
};
/* eslint-enable @typescript-eslint/no-explicit-any */

describe('rule sets', () => {
  it('are versioned: saving adds a version with who and why, the summary reads in Chinese, bad values are refused naming the field', () => {
    const v1 = core.ok('rules.training', {});
    expect(v1).toMatchObject({ version: 1, createdBy: '系统默认' });
    expect(v1.summary[0]).toBe('每个登记期（3 年，按证书登记有效期推算）须完成继续教育：助理社会工作师 72 学时，社会工作师 90 学时，高级社会工作师 90 学时。');
    expect(rulesWith(hoursOnly(30))).toEqual({ version: 2 });
    const v2 = core.ok('rules.training', {});
    expect(v2.history.map((h) => [h.version, h.note])).toEqual([
      [2, '测试修订'],
      [1, '系统默认（民发〔2009〕123号；本市督导管理办法）'],
    ]);
    expect(v2.summary.join('')).toContain('中级督导：统一培训至少 0 次，年度学时至少 30');

    const before = snapshotCounts(core);
    const bad = structuredClone(v2.body);
    bad.windowHours = -1;
    expect(core.fail('rules.saveTraining', { body: bad, note: null })).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('滚动期学时不能为负数'),
    });
    expect(core.fail('rules.saveTraining', { body: { ...v2.body, countedCategoryIds: [] }, note: null })).toMatchObject({
      message: expect.stringContaining('至少选择一个计入学时的培训类别'),
    });
    expect(core.fail('rules.saveTraining', { body: { ...v2.body, countedCategoryIds: [999] }, note: null })).toMatchObject({ field: 'countedCategoryIds' });
    expect(core.fail('rules.saveTraining', { body: v2.body, note: null })).toMatchObject({ message: '规则没有变化，无需保存新版本' });
    expect(core.fail('rules.saveTraining', { body: v2.body, note: null }, { id: 5, name: '工作人员', role: 'staff' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(snapshotCounts(core)).toEqual(before);
  });
});

describe('the re-certification cycle', () => {
  it('preview → open (rules frozen) → facts follow new training → decide with reasons → close applies exactly the decisions', async () => {
    rulesWith(hoursOnly(24));
    const full = supervisor('111', '甲', 30);
    const short = supervisor('112', '乙', 10);
    const overridden = supervisor('113', '丙', 24);
    const expiring = supervisor('114', '丁', 30, { validUntil: '2026-08-31' });
    const { id: cycleId } = core.ok('recert.create', { year: 2026 });
    expect(core.fail('recert.create', { year: 2026 })).toMatchObject({ code: 'CONFLICT', message: '2026年度的再审核已经建立' });

    // What-if: the draft is judged under the current rules; a stricter threshold moves the numbers.
    expect(core.ok('recert.get', { cycleId }).preview.overall).toMatchObject({ pass: 2, conditional: 2, fail: 0, total: 4 });
    rulesWith(hoursOnly(30));
    const stricter = core.ok('recert.get', { cycleId });
    expect(stricter.preview.overall).toMatchObject({ pass: 1, conditional: 3, total: 4 });
    expect(stricter.preview.byLevel).toMatchObject([{ label: '中级督导', pass: 1, conditional: 3 }]);
    expect(stricter.preview.byRegion).toMatchObject([{ label: '石岐街道', total: 4 }]);
    rulesWith(hoursOnly(24));

    expect(await openCycle(core, cycleId)).toEqual({ reviews: 4 });
    const opened = core.ok('recert.get', { cycleId });
    expect(opened).toMatchObject({ cycle: { status: 'open', openedBy: '本机管理员' }, ruleVersion: 4, undecided: 4 });

    // Editing the rules after opening does not touch the open cycle.
    rulesWith(hoursOnly(100));
    expect(core.ok('recert.get', { cycleId })).toMatchObject({ ruleVersion: 4, preview: { overall: { pass: 2, conditional: 2 } } });

    const reviewOf = (who: { name: string }) => core.ok('recert.reviews', { cycleId, search: who.name }).rows[0]!;
    expect(reviewOf(short)).toMatchObject({ proposal: 'conditional', reasons: ['2026年计入 10 学时，要求 24，尚差 14'] });
    expect(reviewOf(expiring).reasons).toEqual(['社会工作师证书登记有效期至 2026-08-31，未覆盖至 2026-12-31，需办理再登记']);

    // Training recorded while the cycle is open: the facts are computed again, under the frozen rules;
    // a plain confirmation of the old proposal is withdrawn.
    core.ok('recert.confirm', { cycleId, reviewIds: [reviewOf(short).id], reason: null });
    expect(reviewOf(short).decision).toBe('conditional');
    addHours(short.personId, 14);
    expect(reviewOf(short)).toMatchObject({ proposal: 'pass', decision: null, facts: { yearHours: 24, requiredYearHours: 24 } });

    // Decisions: bulk confirmation of passes; a different decision or a 不通过 needs a reason.
    const passes = core.ok('recert.reviews', { cycleId, proposal: 'pass' }).rows;
    expect(passes.map((r) => r.personName).sort()).toEqual(['丙', '乙', '甲']);
    const before = snapshotCounts(core);
    expect(core.fail('recert.decide', { id: reviewOf(overridden).id, decision: 'fail', reason: null })).toMatchObject({
      field: 'reason',
      message: '结论为“不通过”时须填写理由',
    });
    expect(core.fail('recert.decide', { id: reviewOf(expiring).id, decision: 'pass', reason: '' })).toMatchObject({
      message: '结论（通过）与系统建议（有条件通过）不同，须填写理由',
    });
    expect(core.fail('recert.close', { id: cycleId })).toMatchObject({ message: '还有 4 名督导尚未作出结论，全部确认后才能结束' });
    expect(snapshotCounts(core)).toEqual(before);

    core.ok('recert.confirm', { cycleId, reviewIds: passes.filter((r) => r.personName !== '丙').map((r) => r.id), reason: null });
    core.ok('recert.decide', { id: reviewOf(overridden).id, decision: 'fail', reason: '督导对象投诉查实' });
    core.ok('recert.confirm', { cycleId, reviewIds: [reviewOf(expiring).id], reason: null });
    expect(core.fail('recert.confirm', { cycleId, reviewIds: [reviewOf(overridden).id], reason: null })).toMatchObject({
      message: '「丙」已有结论（不通过）；如需改变，请打开其审核记录逐人决定',
    });
    expect(reviewOf(expiring)).toMatchObject({ decision: 'conditional', conditionDeadline: '2027-06-30' });

    expect(await closeCycle(core, cycleId)).toEqual({ pass: 2, conditional: 1, fail: 1 });
    const timeline = (who: { supervisorId: number }) => core.ok('supervisors.get', { id: who.supervisorId });
    expect(timeline(full).supervisor).toMatchObject({ status: 'active', validUntil: '2027-12-31' });
    expect(timeline(full).events[0]).toMatchObject({ kind: 'reviewed', reason: '2026年度资质再审核通过', validUntil: '2027-12-31' });
    expect(timeline(overridden).supervisor).toMatchObject({ status: 'suspended', validUntil: '2026-12-31' });
    expect(timeline(overridden).events[0]).toMatchObject({ kind: 'suspended', reason: '2026年度资质再审核不通过：督导对象投诉查实' });
    expect(timeline(expiring).events[0]).toMatchObject({
      kind: 'reviewed',
      reason: '2026年度资质再审核有条件通过，须于 2027-06-30 前：社会工作师证书登记有效期至 2026-08-31，未覆盖至 2026-12-31，需办理再登记',
    });
    expect(core.db.prepare('SELECT count(*) FROM supervisor_event WHERE cycle_id = ?').pluck().get(cycleId)).toBe(4);
    // The timeline links each event the closing wrote to its cycle (「年度再审核 2026」).
    for (const who of [full, overridden, expiring]) expect(timeline(who).events[0]).toMatchObject({ cycleId, cycleYear: 2026 });
    expect(timeline(full).events.at(-1)).toMatchObject({ kind: 'appointed', cycleId: null, cycleYear: null });

    // Closed: read-only; training recorded later does not rewrite it.
    expect(core.fail('recert.decide', { id: reviewOf(full).id, decision: 'fail', reason: '更正' })).toMatchObject({
      message: expect.stringContaining('已结束，结果不可再改'),
    });
    addHours(overridden.personId, 50);
    expect(reviewOf(overridden)).toMatchObject({ facts: { yearHours: 24 }, decision: 'fail' });

    // The results, read back.
    const job = await finishJob(core, core.ok('recert.export', { cycleId }).jobId);
    const sheet = await readFirstSheet(downloadedFile(core, job.id).data);
    expect(sheet.headers.slice(0, 6)).toEqual(['姓名', '联系电话', '所在机构', '督导等级', '服务镇区', '年度计入学时']);
    const rows = Object.fromEntries(sheet.rows.map((r) => [r.values[0], r.values]));
    expect(rows['丙']!.slice(10, 16)).toEqual(['通过', '各项要求均已满足', '不通过', null, '督导对象投诉查实', '本机管理员'].map((v) => v ?? undefined));
  });

  it('refuses what the cycle state does not allow, and a second open cycle', async () => {
    supervisor('111', '甲', 30);
    const a = core.ok('recert.create', { year: 2025 }).id;
    const b = core.ok('recert.create', { year: 2026 }).id;
    expect(core.fail('recert.confirm', { cycleId: a, reviewIds: [1], reason: null })).toMatchObject({ message: '2025年度认证尚未开启，开启后才能审核' });
    await openCycle(core, a);
    expect(core.fail('recert.open', { id: b })).toMatchObject({ code: 'CONFLICT', message: '2025年度认证尚未结束：请先结束它，再开启新的年度' });
    expect(core.fail('recert.deleteDraft', { id: a })).toMatchObject({ message: '只有尚未开启的草稿可以删除' });
    core.ok('recert.deleteDraft', { id: b });
    expect(core.ok('recert.cycles', {}).map((c) => c.year)).toEqual([2025]);
    expect(core.fail('recert.create', { year: 1999 })).toMatchObject({ field: 'year' });
  });

  it('runs over a generated population: every supervisor on the register gets a review; the tallies add up', async () => {
    await onExampleData();
    const onRegister = core.db
      .prepare("SELECT count(*) FROM supervisor WHERE status IN ('active', 'suspended') AND appointed_on <= '2026-12-31'")
      .pluck()
      .get() as number;
    const { id } = core.ok('recert.create', { year: 2026 });
    const preview = core.ok('recert.get', { cycleId: id }).preview;
    expect(preview.overall.total).toBe(onRegister);
    expect(preview.overall.pass + preview.overall.conditional + preview.overall.fail).toBe(onRegister);
    expect(preview.byLevel.reduce((n, l) => n + l.total, 0)).toBe(onRegister);
    await openCycle(core, id);
    expect(core.ok('recert.get', { cycleId: id }).preview.overall).toEqual(preview.overall);
    const fails = core.ok('recert.reviews', { cycleId: id, proposal: 'fail', pageSize: 100 }).rows;
    expect(fails.every((r) => r.reasons.length > 0 && r.reasons[0] !== '各项要求均已满足')).toBe(true);
  }, 120_000); // two worker jobs (the example data, the opening): each loads its modules and, on PostgreSQL, connects

  it('the list of everyone (hours summed by the database) says exactly what each person’s page says', async () => {
    await onExampleData();
    // Some external training left unverified, so that the counting rule matters.
    const person = core.db.prepare('SELECT id FROM person ORDER BY id LIMIT 1').pluck().get() as number;
    core.ok('training.addExternal', { personId: person, categoryId, hours: 12, earnedOn: '2026-02-01', provider: '某机构', note: '待核实' });
    const list = [];
    for (let page = 0; ; page++) {
      const { rows } = core.ok('compliance.list', { page, pageSize: 100 });
      list.push(...rows);
      if (rows.length < 100) break;
    }
    expect(list).toHaveLength(400);
    expect(list.filter((r) => !r.compliant).length).toBeGreaterThan(0);
    expect(list.filter((r) => r.periodDone).length).toBeGreaterThan(0);
    for (const row of list) {
      const own = core.ok('compliance.ofPerson', { personId: row.personId });
      expect([row.periodStart, row.periodDone, row.windowDone, row.compliant, row.shortfalls], row.personName).toEqual([
        own.current?.start ?? null,
        own.current?.done ?? null,
        own.window.done,
        own.compliant,
        own.shortfalls.join('；'),
      ]);
    }
  });
});

describe('compliance', () => {
  it('a person: periods and window with required, done and shortfall; every ledger row says where it counts', () => {
    const s = supervisor('111', '甲', 30);
    const c = core.ok('compliance.ofPerson', { personId: s.personId });
    expect(c.current).toMatchObject({ start: '2024-03-01', end: '2027-02-28', required: 90, done: 30, shortfall: 60 });
    expect(c.shortfalls[0]).toBe('登记期 2024-03-01 至 2027-02-28 计入 30 学时，要求 90，尚差 60');
    const ledger = core.ok('training.ofPerson', { personId: s.personId });
    expect(ledger.rows[0]).toMatchObject({ counted: true, countsToward: '计入登记期 2024-03-01 至 2027-02-28；计入近 5 年' });
  });

  it('the list: filters by region, certificate level and compliant or not; exported as shown', async () => {
    supervisor('111', '甲', 120);
    supervisor('112', '乙', 10);
    core.ok('people.create', { idNumber: makeIdNumber('442000', '19900101', '113'), name: '丙' });
    const all = core.ok('compliance.list', {});
    expect(all.total).toBe(3);
    expect(all.rows[0]).toMatchObject({ personName: '乙', compliant: false, periodShortfall: 80 });
    expect(core.ok('compliance.list', { compliant: 'yes' }).rows.map((r) => r.personName)).toEqual(['甲', '丙']);
    expect(core.ok('compliance.list', { certificateLevel: 'none' }).rows.map((r) => r.personName)).toEqual(['丙']);
    expect(core.ok('compliance.list', { regionId: townId, compliant: 'no' }).rows.map((r) => r.personName)).toEqual(['乙']);
    const job = await finishJob(core, core.ok('compliance.export', { compliant: 'no' }).jobId);
    const sheet = await readFirstSheet(downloadedFile(core, job.id).data);
    expect(sheet.rows.map((r) => [r.values[0], r.values[5], r.values[10], r.values[14]])).toEqual([['乙', '社会工作师', 80, '未达标']]);
  });

  it('the outstanding list names who still needs something this year, with contact details', () => {
    rulesWith(hoursOnly(24));
    supervisor('111', '甲', 30);
    supervisor('112', '乙', 10);
    const list = core.ok('recert.outstanding', { year: 2026 });
    expect(list.rows).toMatchObject([{ personName: '乙', phone: '13800000000', needs: '2026年计入 10 学时，要求 24，尚差 14' }]);
  });
});
