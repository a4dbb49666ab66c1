/** 基地评估 on real SQLite files: scoring and grading by hand, the template kept, roles, ranking and what a result may change. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadedFile, finishJob, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { gradeFor, scoreProblem, totalScore } from '../../core/evaluation/scoring.ts';
import { templateBody } from '../../core/schemas/evaluations.ts';

let core: TestCore;
let bases: { id: number; name: string }[];
beforeEach(async () => {
  core = await openTestCore();
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  const org = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
  bases = ['石岐基地', '东区基地', '西区基地'].map(
    (name) =>
      core.ok('bases.create', {
        name,
        organizationId: org.id,
        regionId: city.id,
        grade: 'ordinary',
        accreditationStatus: 'accredited',
        accreditedUntil: '2028-12-31',
      }).base,
  );
});
afterEach(() => core.close());

const coordinatorOf = (baseId: number) => ({ id: 7, name: '石岐协调员', role: 'coordinator' as const, baseIds: [baseId] });
const staff = { id: 5, name: '评审员', role: 'staff' as const };
// The default template: 10 items, maxima 10,10,10,10,10,10,15,10,8,7 (100 in all).
const full = [10, 10, 10, 10, 10, 10, 15, 10, 8, 7];
const evidence = full.map(() => null);

describe('scoring and grading (hand-computed)', () => {
  const body = templateBody.parse({
    indicators: [
      {
        name: '硬件',
        items: [
          { name: '场地', maxScore: 30 },
          { name: '设备', maxScore: 20 },
        ],
      },
      { name: '成效', items: [{ name: '人次', maxScore: 50 }] },
    ],
    grades: { excellent: 90, good: 75, pass: 60 },
  });
  it('totals are the sum, as a percentage of the maximum; grades at the exact thresholds', () => {
    expect(totalScore(body, [27, 18, 45])).toBe(90);
    expect(gradeFor(body, 90)).toBe('excellent');
    expect(gradeFor(body, 89.9)).toBe('good');
    expect(gradeFor(body, 75)).toBe('good');
    expect(gradeFor(body, 60)).toBe('pass');
    expect(gradeFor(body, 59.5)).toBe('fail');
    expect(totalScore(body, [27, null, 45])).toBeNull();
    const half = templateBody.parse({ ...body, indicators: [{ name: '唯一', items: [{ name: '一项', maxScore: 40 }] }] });
    expect(totalScore(half, [30])).toBe(75); // 30 of 40
    expect(totalScore(half, [13.5])).toBe(33.8); // 33.75 rounded to one decimal
  });
  it('refuses a score above the item’s maximum, negative, off the half point, or missing when complete, naming the item', () => {
    expect(scoreProblem(body, [31, 18, 45], false)).toEqual({ index: 0, message: '「硬件 / 场地」的得分 31 超过满分 30' });
    expect(scoreProblem(body, [20, -1, 45], false)).toEqual({ index: 1, message: '「硬件 / 设备」的得分不能为负数' });
    expect(scoreProblem(body, [20, 1.2, 45], false)).toEqual({ index: 1, message: '「硬件 / 设备」的得分以 0.5 分为单位' });
    expect(scoreProblem(body, [20, null, 45], true)).toEqual({ index: 1, message: '「硬件 / 设备」尚未评分' });
    expect(scoreProblem(body, [20, null, 45], false)).toBeNull();
    expect(scoreProblem(body, [20, 45], false)?.message).toContain('与评估模板（3 项）不一致');
  });
});

describe('a base’s evaluation', () => {
  it('the coordinator self-assesses and submits; staff review; total and grade; ranking and its export; a result recorded as events', async () => {
    const [shiqi, east] = bases as [{ id: number; name: string }, { id: number; name: string }];
    const coordinator = coordinatorOf(shiqi.id);
    core.ok('evaluations.saveSelf', { baseId: shiqi.id, year: 2026, scores: [9, 9, null, null, null, null, null, null, null, null], evidence }, coordinator);
    expect(
      core.fail('evaluations.saveSelf', { baseId: shiqi.id, year: 2026, scores: full.map(() => null), evidence, submit: true }, coordinator),
    ).toMatchObject({ field: 'scores.0', message: '「硬件设施 / 场地与教室」尚未评分' });
    const submitted = core.ok('evaluations.saveSelf', { baseId: shiqi.id, year: 2026, scores: full, evidence, submit: true }, coordinator);
    expect(submitted).toMatchObject({ status: 'submitted', selfTotal: 100, submittedBy: '石岐协调员' });
    expect(core.fail('evaluations.saveSelf', { baseId: shiqi.id, year: 2026, scores: full, evidence }, coordinator)).toMatchObject({
      message: expect.stringContaining('自评已于'),
    });
    // Coordinators neither see other bases nor review.
    expect(core.fail('evaluations.get', { baseId: east.id, year: 2026 }, coordinator)).toMatchObject({ code: 'FORBIDDEN' });
    expect(core.fail('evaluations.review', { baseId: shiqi.id, year: 2026, scores: full, evidence }, coordinator)).toMatchObject({ code: 'FORBIDDEN' });

    const before = snapshotCounts(core);
    expect(core.fail('evaluations.review', { baseId: shiqi.id, year: 2026, scores: [11, ...full.slice(1)], evidence, complete: true }, staff)).toMatchObject({
      field: 'scores.0',
      message: '「硬件设施 / 场地与教室」的得分 11 超过满分 10',
    });
    expect(core.fail('evaluations.review', { baseId: east.id, year: 2026, scores: full, evidence, complete: true }, staff)).toMatchObject({
      message: '基地尚未提交2026年度自评，提交后才能完成评审',
    });
    expect(core.fail('evaluations.review', { baseId: east.id, year: 2026, scores: full, evidence }, staff)).toMatchObject({
      message: '基地尚未提交2026年度自评，提交后才能评审',
    });
    expect(snapshotCounts(core)).toEqual(before); // refused commands leave nothing, not even east's empty draft
    const reviewerScores = [8, 8, 7, 7, 8, 6, 12, 8, 6, 5]; // 75
    const reviewed = core.ok(
      'evaluations.review',
      { baseId: shiqi.id, year: 2026, scores: reviewerScores, evidence: ['场地 200 平方米', ...evidence.slice(1)], complete: true },
      staff,
    );
    expect(reviewed).toMatchObject({
      status: 'reviewed',
      reviewerTotal: 75,
      grade: 'good',
      reviewedBy: '评审员',
      evidence: ['场地 200 平方米', null, null, null, null, null, null, null, null, null],
    });

    // East: reviewed higher; ranking puts it first, 西区 (not evaluated) last without a rank.
    core.ok('evaluations.saveSelf', { baseId: east.id, year: 2026, scores: full, evidence, submit: true }, staff);
    core.ok('evaluations.review', { baseId: east.id, year: 2026, scores: full.map((s) => s - 0.5), evidence, complete: true }, staff); // 95
    expect(core.ok('evaluations.ranking', { year: 2026 }).map((r) => [r.baseName, r.rank, r.reviewerTotal, r.grade])).toEqual([
      ['东区基地', 1, 95, 'excellent'],
      ['石岐基地', 2, 75, 'good'],
      ['西区基地', null, null, null],
    ]);
    expect(core.ok('evaluations.ranking', { year: 2026 }, coordinator).map((r) => r.baseName)).toEqual(['石岐基地']);
    // The ranking exports as shown, with the annual audit workbook's columns.
    const job = await finishJob(core, core.ok('evaluations.export', { year: 2026 }).jobId);
    const { fileName, data } = downloadedFile(core, job.id);
    expect(fileName).toBe('基地评估排名_2026年.xlsx');
    const sheet = await readFirstSheet(data);
    expect(sheet.headers).toEqual(['排名', '基地', '所在区划', '基地等级', '评估状态', '自评总分', '评审总分', '评估等级', '认定待复核']);
    expect(sheet.rows.map((r) => [r.values[0], r.values[1], r.values[4], r.values[6], r.values[7]])).toEqual([
      [1, '东区基地', '已评审', 95, '优秀'],
      [2, '石岐基地', '已评审', 75, '良好'],
      [undefined, '西区基地', '未开始', undefined, undefined],
    ]);
    expect(core.fail('evaluations.export', { year: 2026 }, coordinator)).toMatchObject({ code: 'FORBIDDEN' });

    // The result sets the grade and flags accreditation, each recorded with its reason.
    const eastEvaluation = core.ok('evaluations.get', { baseId: east.id, year: 2026 }).evaluation!;
    expect(core.fail('evaluations.apply', { evaluationId: eastEvaluation.id, action: 'set_demonstration', reason: '' })).toMatchObject({ field: 'reason' });
    core.ok('evaluations.apply', { evaluationId: eastEvaluation.id, action: 'set_demonstration', reason: '连续两年优秀' });
    expect(core.ok('bases.get', { id: east.id }).base.grade).toBe('demonstration');
    expect(core.fail('evaluations.apply', { evaluationId: eastEvaluation.id, action: 'set_demonstration', reason: '重复' })).toMatchObject({
      message: '「东区基地」已是示范基地',
    });
    const shiqiEvaluation = core.ok('evaluations.get', { baseId: shiqi.id, year: 2026 });
    core.ok('evaluations.apply', { evaluationId: shiqiEvaluation.evaluation!.id, action: 'flag_accreditation', reason: '培训成效偏低' });
    expect(core.ok('evaluations.get', { baseId: shiqi.id, year: 2026 }).events).toMatchObject([
      { kind: 'accreditation_flagged', detail: '2026年度评估 75 分（良好）：认定待复核', reason: '培训成效偏低', year: 2026 },
    ]);
    expect(core.ok('evaluations.ranking', { year: 2026 }).find((r) => r.baseName === '石岐基地')).toMatchObject({ flagged: true });
    expect(
      core.fail('evaluations.apply', { evaluationId: shiqiEvaluation.evaluation!.id, action: 'flag_accreditation', reason: 'x' }, coordinator),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a template change does not alter past evaluations; the next year uses the new one', () => {
    const shiqi = bases[0]!;
    core.ok('evaluations.saveSelf', { baseId: shiqi.id, year: 2025, scores: full, evidence, submit: true });
    core.ok('evaluations.review', { baseId: shiqi.id, year: 2025, scores: full.map((s) => s - 1), evidence, complete: true }); // 90
    const { body } = core.ok('evaluations.template', {});
    const stricter = structuredClone(body);
    stricter.grades = { excellent: 95, good: 80, pass: 65 };
    stricter.indicators[0]!.items.push({ name: '无障碍设施', maxScore: 5, description: null });
    expect(core.ok('evaluations.saveTemplate', { body: stricter, note: '提高分数线' })).toEqual({ version: 2 });

    const past = core.ok('evaluations.get', { baseId: shiqi.id, year: 2025 });
    expect(past.template.version).toBe(1);
    expect(past.evaluation).toMatchObject({ reviewerTotal: 90, grade: 'excellent', templateVersion: 1 });
    expect(past.template.items).toHaveLength(10);
    const next = core.ok('evaluations.get', { baseId: shiqi.id, year: 2026 });
    expect(next.template).toMatchObject({ version: 2, maxTotal: 105 });
    expect(next.template.items).toHaveLength(11);
    expect(core.fail('evaluations.saveTemplate', { body: { ...stricter, grades: { excellent: 60, good: 80, pass: 65 } }, note: null })).toMatchObject({
      message: expect.stringContaining('分数线应为 优秀 > 良好 > 合格'),
    });
    expect(core.fail('evaluations.saveTemplate', { body: stricter, note: null }, staff)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('shows the facts the system knows beside the form', () => {
    const shiqi = bases[0]!;
    expect(core.ok('evaluations.get', { baseId: shiqi.id, year: 2026 }).facts).toEqual({
      sessionsHeld: 0,
      hoursDelivered: 0,
      trainees: 0,
      traineeHours: 0,
      mentorsInPool: 0,
      attendanceRate: null,
      courses: 0,
    });
  });
});
