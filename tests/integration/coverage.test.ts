import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadedFile, finishJob, makeIdNumber, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';

let core: TestCore;
let towns: Record<string, number>;
let level: (name: string) => number;
let seq = 100;

beforeEach(async () => {
  core = await openTestCore();
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  towns = {};
  for (const [code, name] of [
    ['442000001', '石岐街道'],
    ['442000002', '东区街道'],
    ['442000101', '黄圃镇'],
  ] as const)
    towns[name] = core.ok('regions.create', { code, name, level: 'town', parentId: city.id }).id;
  const levels = core.ok('supervisors.levels', {});
  level = (name) => levels.find((l) => l.name === name)!.id;
});
afterEach(() => core.close());

function qualified(town: string, certificate: 'assistant' | 'social_worker' = 'social_worker', practiceStart = '2010-01-01') {
  const p = core.ok('people.create', { idNumber: makeIdNumber('442000', '19800101', String(++seq)), name: `人员${seq}`, regionId: towns[town], practiceStart });
  core.ok('certificates.create', { personId: p.id, level: certificate, number: `C${seq}`, issuedOn: '2012-01-01' });
  return p;
}

function appoint(town: string, levelName: string, appointedOn = '2020-01-01') {
  const p = qualified(town);
  return core.ok('supervisors.appoint', {
    personId: p.id,
    levelId: level(levelName),
    regionId: towns[town]!,
    appointedOn,
    validUntil: '2027-12-31',
    overrideReason: '测试数据',
  });
}

describe('coverage against quotas (default: 3 中级 + 2 初级 per town)', () => {
  it('lists every town with quota, active supervisors and gap, short ones first', () => {
    for (let i = 0; i < 3; i++) appoint('石岐街道', '中级督导');
    for (let i = 0; i < 2; i++) appoint('石岐街道', '初级督导');
    appoint('东区街道', '中级督导');
    const suspended = appoint('东区街道', '初级督导');
    core.ok('supervisors.changeStatus', { id: suspended.id, status: 'suspended', effectiveOn: '2026-01-01', reason: '暂停' });
    const { rows, summary } = core.ok('coverage.list', {});
    expect(rows.map((r) => [r.name, r.quota, r.actual, r.gap])).toEqual([
      ['黄圃镇', 5, 0, 5],
      ['东区街道', 5, 1, 4], // the suspended one does not count
      ['石岐街道', 5, 5, 0],
    ]);
    const east = rows[1]!.levels.find((l) => l.levelName === '中级督导')!;
    expect(east).toMatchObject({ quota: 3, actual: 1, gap: 2 });
    expect(summary).toMatchObject({ towns: 3, shortTowns: 2, gap: 9 });
    expect(core.ok('coverage.list', { onlyShort: true }).total).toBe(2);
    expect(core.ok('coverage.list', { search: '黄圃' }).rows.map((r) => r.name)).toEqual(['黄圃镇']);
  });

  it('exports what the page shows: its search and the short-only switch, short towns first, a column triple per level in use', async () => {
    for (let i = 0; i < 3; i++) appoint('石岐街道', '中级督导');
    for (let i = 0; i < 2; i++) appoint('石岐街道', '初级督导');
    appoint('东区街道', '中级督导');
    const exported = async (query: object) => {
      const job = await finishJob(core, core.ok('coverage.export', query).jobId);
      expect(job.state).toBe('done');
      const { fileName, data } = downloadedFile(core, job.id);
      return { fileName, ...(await readFirstSheet(data)) };
    };
    const all = await exported({});
    expect(all.fileName).toBe('镇区覆盖_2026-11-24.xlsx');
    const levels = ['初级督导', '中级督导']; // the levels in use, as on the page: 见习 and 高级 have no quota and nobody
    expect(all.headers).toEqual([
      '区划代码',
      '上级区划',
      '镇区',
      ...levels.flatMap((l) => [`${l}定额`, `${l}在册`, `${l}缺口`]),
      '合计定额',
      '合计在册',
      '合计缺口',
      '2026年督导次数',
      '2026年督导小时',
      '2026年受督导机构数',
      '有督导但无督导记录',
    ]);
    const gap = all.headers.indexOf('合计缺口');
    const middle = levels.indexOf('中级督导');
    expect(all.rows.map((r) => [r.values[2], r.values[3 + middle * 3], r.values[4 + middle * 3], r.values[5 + middle * 3], r.values[gap]])).toEqual([
      ['黄圃镇', 3, 0, 3, 5],
      ['东区街道', 3, 1, 2, 4],
      ['石岐街道', 3, 3, 0, 0],
    ]);
    expect(all.rows[0]!.values.slice(0, 2)).toEqual(['442000101', '中山市']);
    expect((await exported({ onlyShort: true })).rows.map((r) => r.values[2])).toEqual(['黄圃镇', '东区街道']);
    expect((await exported({ search: '东区' })).rows.map((r) => r.values[2])).toEqual(['东区街道']);
    expect(core.fail('coverage.export', {}, { id: 0, name: '基地协调员', role: 'coordinator', baseIds: [1] })).toMatchObject({ code: 'FORBIDDEN' });
  });

  it("admins override a town's quota and change the default; others may not", () => {
    core.ok('quotas.set', {
      regionId: towns['黄圃镇']!,
      quotas: [
        { levelId: level('中级督导'), quota: 1 },
        { levelId: level('初级督导'), quota: 0 },
      ],
    });
    core.ok('quotas.setDefault', {
      quotas: [
        { levelId: level('中级督导'), quota: 2 },
        { levelId: level('初级督导'), quota: 2 },
      ],
    });
    const byName = Object.fromEntries(core.ok('coverage.list', {}).rows.map((r) => [r.name, r.quota]));
    expect(byName).toEqual({ 黄圃镇: 1, 石岐街道: 4, 东区街道: 4 });
    core.ok('quotas.set', {
      regionId: towns['黄圃镇']!,
      quotas: [
        { levelId: level('中级督导'), quota: null },
        { levelId: level('初级督导'), quota: null },
      ],
    });
    expect(core.ok('coverage.list', { search: '黄圃' }).rows[0]!.quota).toBe(4);

    const before = snapshotCounts(core);
    expect(core.fail('quotas.set', { regionId: towns['黄圃镇']!, quotas: [{ levelId: level('中级督导'), quota: -1 }] })).toMatchObject({
      code: 'VALIDATION',
      message: '定额不能为负数',
    });
    expect(core.fail('quotas.set', { regionId: 999, quotas: [] })).toMatchObject({ code: 'NOT_FOUND', field: 'regionId' });
    expect(core.fail('quotas.setDefault', { quotas: [] }, { id: 3, name: '工作人员', role: 'staff' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(snapshotCounts(core)).toEqual(before);
  });

  it("candidates for a gap meet the level's entry conditions: people to appoint and supervisors to promote", () => {
    const ready = qualified('黄圃镇', 'assistant', '2015-01-01'); // 初级: 助理社会工作师, 3 years ✓
    qualified('黄圃镇', 'assistant', '2025-06-01'); // too little practice
    qualified('东区街道', 'assistant', '2010-01-01'); // another town
    const junior = appoint('黄圃镇', '初级督导', '2022-01-01'); // 中级 candidate: social worker, 4+ years as 初级
    appoint('黄圃镇', '初级督导', '2026-01-01'); // as 初级 for under a year: not yet

    const forJunior = core.ok('coverage.candidates', { regionId: towns['黄圃镇']!, levelId: level('初级督导') });
    expect(forJunior.map((c) => [c.personId, c.route])).toEqual([[ready.id, 'appoint']]);
    const forMiddle = core.ok('coverage.candidates', { regionId: towns['黄圃镇']!, levelId: level('中级督导') });
    expect(forMiddle.map((c) => [c.supervisorId, c.route])).toEqual([[junior.id, 'promote']]);
    expect(forMiddle[0]!.conditions.every((c) => c.met)).toBe(true);
  });
});
