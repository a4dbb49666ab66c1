import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeIdNumber, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';
import { checkEntryConditions, daysActiveAtLevel } from '../../core/supervision/entry-conditions.ts';
import { statusTransition } from '../../core/supervision/lifecycle.ts';

let core: TestCore;
let townId: number;
let levels: { id: number; name: string }[];
const level = (name: string) => levels.find((l) => l.name === name)!.id;

beforeEach(async () => {
  core = await openTestCore();
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  townId = core.ok('regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id }).id;
  levels = core.ok('supervisors.levels', {});
});
afterEach(() => core.close());

function person(seq: string, practiceStart: string | null, certificate: 'assistant' | 'social_worker' | null) {
  const p = core.ok('people.create', { idNumber: makeIdNumber('442000', '19800101', seq), name: `人员${seq}`, regionId: townId, practiceStart });
  if (certificate) core.ok('certificates.create', { personId: p.id, level: certificate, number: `C${seq}`, issuedOn: '2012-01-01' });
  return p;
}

function refusedUnchanged(name: Parameters<TestCore['fail']>[0], input: unknown) {
  const before = snapshotCounts(core);
  const error = core.fail(name, input);
  expect(snapshotCounts(core)).toEqual(before);
  return error;
}

describe('entry conditions (TODAY 2026-11-24)', () => {
  it('初级督导: certificate 助理社会工作师+, 3 years of practice', () => {
    const ok = person('111', '2020-01-01', 'assistant');
    expect(core.ok('supervisors.checkEntry', { personId: ok.id, levelId: level('初级督导') })).toMatchObject({ allMet: true });

    const short = person('113', '2024-01-01', null);
    const check = core.ok('supervisors.checkEntry', { personId: short.id, levelId: level('初级督导') });
    expect(check.allMet).toBe(false);
    expect(check.conditions).toEqual([
      { key: 'certificate', met: false, text: '未登记职业水平证书（要求：助理社会工作师及以上）' },
      // 2024-01-01 → 2026-11-24 is 1,058 days: 2 years 10 months
      { key: 'practice', met: false, text: '从业 2 年 10 个月（要求 ≥ 3 年）' },
    ]);
  });

  it('中级督导 asks for 2 years as an active 初级督导, counted from the history', () => {
    const p = person('115', '2010-01-01', 'social_worker');
    const s = core.ok('supervisors.appoint', {
      personId: p.id,
      levelId: level('初级督导'),
      regionId: townId,
      appointedOn: '2025-06-01',
      validUntil: '2027-12-31',
    });
    const check = core.ok('supervisors.checkEntry', { personId: p.id, levelId: level('中级督导'), supervisorId: s.id });
    // 2025-06-01 → 2026-11-24 = 541 days = 1 year 5 months
    expect(check.conditions.find((c) => c.key === 'lower')).toEqual({ key: 'lower', met: false, text: '任初级督导 1 年 5 个月（要求 ≥ 2 年）' });
  });

  it('boundary: exactly the required practice counts as met', () => {
    const facts = { certificateLevels: [] as never[], practiceStart: '2023-11-24', daysAtLower: 0 };
    const lvl = { name: 'x', minCertificateLevel: null, minPracticeYears: 3, minYearsAtLower: 0 };
    expect(checkEntryConditions(lvl, null, facts, '2026-11-24')[0]!.met).toBe(true); // 1,096 days ≥ 3 × 365.25
    expect(checkEntryConditions(lvl, null, facts, '2026-11-23')[0]!.met).toBe(false);
  });

  it('time at a level counts only active periods', () => {
    const events = [
      { id: 1, effectiveOn: '2020-01-01', levelId: 2, status: 'active' },
      { id: 2, effectiveOn: '2021-01-01', levelId: 2, status: 'suspended' }, // 366 days active
      { id: 3, effectiveOn: '2022-01-01', levelId: 2, status: 'active' }, // +365 days to 2023-01-01
      { id: 4, effectiveOn: '2023-01-01', levelId: 3, status: 'active' },
    ];
    expect(daysActiveAtLevel(events, 2, '2026-11-24')).toBe(366 + 365);
  });

  it('appointing someone who falls short needs a reason, which is recorded', () => {
    const p = person('117', '2025-01-01', null);
    const error = refusedUnchanged('supervisors.appoint', {
      personId: p.id,
      levelId: level('初级督导'),
      regionId: townId,
      appointedOn: '2026-01-01',
      validUntil: '2027-12-31',
    });
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'overrideReason' });
    expect(error.message).toContain('未登记职业水平证书');
    const s = core.ok('supervisors.appoint', {
      personId: p.id,
      levelId: level('初级督导'),
      regionId: townId,
      appointedOn: '2026-01-01',
      validUntil: '2027-12-31',
      overrideReason: '镇区急需，经协会理事会同意',
    });
    expect(core.ok('supervisors.get', { id: s.id }).events[0]).toMatchObject({
      kind: 'appointed',
      overrideReason: '镇区急需，经协会理事会同意',
      regionName: '石岐街道',
    });
  });
});

describe('lifecycle', () => {
  function appointed() {
    const p = person('121', '2010-01-01', 'social_worker');
    return core.ok('supervisors.appoint', {
      personId: p.id,
      levelId: level('初级督导'),
      regionId: townId,
      appointedOn: '2022-01-01',
      validUntil: '2026-12-31',
    });
  }

  it('promotion checks conditions (override with reason); demotion needs only a reason; each is an event', () => {
    const s = appointed(); // 初级 since 2022-01-01: almost 5 years
    const promoted = core.ok('supervisors.changeLevel', { id: s.id, levelId: level('中级督导'), effectiveOn: '2026-11-01', reason: '年度考核优秀' });
    expect(promoted.levelName).toBe('中级督导');
    // 高级 needs 3 years as 中级: refused without an override, allowed with one.
    const error = refusedUnchanged('supervisors.changeLevel', { id: s.id, levelId: level('高级督导'), effectiveOn: '2026-11-20', reason: '晋升' });
    expect(error.message).toMatch(/任中级督导 0 年.*要求 ≥ 3 年/);
    core.ok('supervisors.changeLevel', { id: s.id, levelId: level('高级督导'), effectiveOn: '2026-11-20', reason: '晋升', overrideReason: '特殊贡献' });
    core.ok('supervisors.changeLevel', { id: s.id, levelId: level('中级督导'), effectiveOn: '2026-11-21', reason: '更正' });
    const kinds = core.ok('supervisors.get', { id: s.id }).events.map((e) => [e.kind, e.levelName, e.reason, e.overrideReason]);
    expect(kinds).toEqual([
      ['demoted', '中级督导', '更正', null],
      ['promoted', '高级督导', '晋升', '特殊贡献'],
      ['promoted', '中级督导', '年度考核优秀', null],
      ['appointed', '初级督导', null, null],
    ]);
  });

  it('status moves only along allowed transitions', () => {
    const s = appointed();
    const change = (status: 'active' | 'suspended' | 'expired' | 'revoked', extra: object = {}) => ({
      id: s.id,
      status,
      effectiveOn: '2026-11-01',
      reason: '测试',
      ...extra,
    });
    expect(refusedUnchanged('supervisors.changeStatus', change('active')).message).toContain('无需变更');
    core.ok('supervisors.changeStatus', change('suspended'));
    expect(refusedUnchanged('supervisors.changeStatus', change('expired')).message).toContain('暂停中的督导不能直接改为过期');
    core.ok('supervisors.changeStatus', change('active'));
    core.ok('supervisors.changeStatus', change('revoked'));
    const back = refusedUnchanged('supervisors.changeStatus', change('active'));
    expect(back).toMatchObject({ code: 'VALIDATION', field: 'status' });
    expect(back.message).toContain('已注销的督导不能直接恢复在册');
    expect(core.ok('supervisors.get', { id: s.id }).events.map((e) => e.kind)).toEqual(['revoked', 'reinstated', 'suspended', 'appointed']);
  });

  it('a revoked supervisor can be appointed again, continuing the same history', () => {
    const s = appointed();
    core.ok('supervisors.changeStatus', { id: s.id, status: 'revoked', effectiveOn: '2026-03-01', reason: '本人申请' });
    const again = core.ok('supervisors.appoint', {
      personId: s.personId,
      levelId: level('初级督导'),
      regionId: townId,
      appointedOn: '2026-11-01',
      validUntil: '2027-12-31',
    });
    expect(again.id).toBe(s.id);
    expect(again.status).toBe('active');
    expect(core.ok('supervisors.get', { id: s.id }).events.map((e) => e.kind)).toEqual(['reappointed', 'revoked', 'appointed']);
  });

  it('reinstating an expired appointment needs a new term', () => {
    const s = appointed();
    core.ok('supervisors.changeStatus', { id: s.id, status: 'expired', effectiveOn: '2026-11-01', reason: '到期' });
    core.ok('supervisors.changeValidity', { id: s.id, validUntil: '2026-10-31', effectiveOn: '2026-11-01', reason: '更正到期日' });
    const error = refusedUnchanged('supervisors.changeStatus', { id: s.id, status: 'active', effectiveOn: '2026-11-20', reason: '续聘' });
    expect(error).toMatchObject({ field: 'validUntil' });
    const renewed = core.ok('supervisors.changeStatus', { id: s.id, status: 'active', effectiveOn: '2026-11-20', reason: '续聘', validUntil: '2027-12-31' });
    expect(renewed).toMatchObject({ status: 'active', validUntil: '2027-12-31' });
  });

  it('validity and region changes are events; nothing changes silently', () => {
    const s = appointed();
    const city = core.ok('regions.list', { search: '442000' }).rows.find((r) => r.level === 'town')!;
    const east = core.ok('regions.create', { code: '442000002', name: '东区街道', level: 'town', parentId: city.parentId });
    core.ok('supervisors.changeRegion', { id: s.id, regionId: east.id, effectiveOn: '2026-05-01', reason: '工作调动' });
    core.ok('supervisors.changeValidity', { id: s.id, validUntil: '2027-12-31', effectiveOn: '2026-11-01', reason: '年度再审核通过' });
    const { supervisor, events } = core.ok('supervisors.get', { id: s.id });
    expect(supervisor).toMatchObject({ regionName: '东区街道', validUntil: '2027-12-31' });
    expect(events.slice(0, 2).map((e) => [e.kind, e.regionName, e.validUntil])).toEqual([
      ['validity_changed', '东区街道', '2027-12-31'],
      ['region_changed', '东区街道', '2026-12-31'],
    ]);
    expect(refusedUnchanged('supervisors.changeValidity', { id: s.id, validUntil: '2027-12-31', effectiveOn: '2026-11-01', reason: 'x' }).message).toContain(
      '未改变',
    );
    expect(refusedUnchanged('supervisors.changeRegion', { id: s.id, regionId: east.id, effectiveOn: '2021-01-01', reason: 'x' })).toMatchObject({
      field: 'effectiveOn',
    });
    expect(refusedUnchanged('supervisors.changeLevel', { id: s.id, levelId: level('中级督导'), effectiveOn: '2026-11-01', reason: '' })).toMatchObject({
      field: 'reason',
    });
  });

  it('the transition table itself', () => {
    expect(statusTransition('active', 'suspended')).toEqual({ kind: 'suspended' });
    expect(statusTransition('suspended', 'active')).toEqual({ kind: 'reinstated' });
    expect(statusTransition('expired', 'revoked')).toEqual({ kind: 'revoked' });
    expect('refusal' in statusTransition('revoked', 'suspended')).toBe(true);
  });
});

describe('the ladder is data', () => {
  it('admins rename, add, reorder levels and set conditions; duplicates and impossible moves are refused', () => {
    const added = core.ok('levels.create', { name: '资深督导', minCertificateLevel: 'senior', minPracticeYears: 12, minYearsAtLower: 3 });
    expect(core.ok('supervisors.levels', {}).map((l) => l.name)).toEqual(['见习督导', '初级督导', '中级督导', '高级督导', '资深督导']);
    core.ok('levels.update', { id: level('见习督导'), name: '预备督导', minCertificateLevel: null, minPracticeYears: 1, minYearsAtLower: 0 });
    core.ok('levels.move', { id: added.id, direction: 'up' });
    expect(core.ok('supervisors.levels', {}).map((l) => l.name)).toEqual(['预备督导', '初级督导', '中级督导', '资深督导', '高级督导']);
    expect(refusedUnchanged('levels.create', { name: '初级督导', minPracticeYears: 0, minYearsAtLower: 0 })).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect(refusedUnchanged('levels.move', { id: level('初级督导') === 0 ? 0 : core.ok('supervisors.levels', {})[0]!.id, direction: 'up' }).message).toContain(
      '已是最低一级',
    );
    expect(refusedUnchanged('levels.create', { name: '负数', minPracticeYears: -1, minYearsAtLower: 0 })).toMatchObject({ field: 'minPracticeYears' });
    const staff = { id: 9, name: '工作人员', role: 'staff' as const };
    expect(core.call('levels.create', { name: 'x', minPracticeYears: 0, minYearsAtLower: 0 }, staff)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
