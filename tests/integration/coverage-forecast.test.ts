import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadedFile, finishJob, makeIdNumber, openTestCore, type TestCore } from '../support/core.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { openCycle } from '../support/recert.ts';

// Today is 2026-11-24 (tests/support/core.ts): month 0 is today, month k the first day of the k-th month after November 2026.
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
  ] as const)
    towns[name] = core.ok('regions.create', { code, name, level: 'town', parentId: city.id }).id;
  const levels = core.ok('supervisors.levels', {});
  level = (name) => levels.find((l) => l.name === name)!.id;
});
afterEach(() => core.close());

function person(town: string, registrationValidUntil = '2030-12-31', name = `人员${seq + 1}`) {
  const p = core.ok('people.create', { idNumber: makeIdNumber('442000', '19800101', String(++seq)), name, regionId: towns[town], practiceStart: '2005-01-01' });
  core.ok('certificates.create', { personId: p.id, level: 'social_worker', number: `C${seq}`, issuedOn: '2012-01-01', registrationValidUntil });
  return p;
}

function appoint(town: string, levelName: string, options: { validUntil?: string; registrationValidUntil?: string; name?: string } = {}) {
  const p = person(town, options.registrationValidUntil, options.name);
  return core.ok('supervisors.appoint', {
    personId: p.id,
    levelId: level(levelName),
    regionId: towns[town]!,
    appointedOn: '2020-01-01',
    validUntil: options.validUntil ?? '2029-12-31',
    overrideReason: '测试数据',
  });
}

/** A town at quota (3 中级 + 2 初级) with one more 初级. */
function fullTown(town: string, middleOptions: Parameters<typeof appoint>[2] = {}) {
  const first = appoint(town, '中级督导', middleOptions);
  appoint(town, '中级督导');
  appoint(town, '中级督导');
  const juniors = [appoint(town, '初级督导'), appoint(town, '初级督导'), appoint(town, '初级督导')];
  return { first, juniors };
}

const forecast = (input: object = {}) => core.ok('coverage.forecast', { pageSize: 100, ...input });
const town = (rows: ReturnType<typeof forecast>['rows'], name: string) => rows.find((r) => r.name === name)!;

describe('coverage forecast', () => {
  it('month 0 is today’s 镇区覆盖, town by town and level by level', () => {
    fullTown('石岐街道');
    appoint('东区街道', '中级督导');
    const suspended = appoint('东区街道', '初级督导');
    core.ok('supervisors.changeStatus', { id: suspended.id, status: 'suspended', effectiveOn: '2026-01-01', reason: '暂停' });
    const today = core.ok('coverage.list', { pageSize: 100 });
    const { rows, summary } = forecast();
    expect(summary.days[0]).toBe('2026-11-24');
    expect(summary.days[1]).toBe('2026-12-01');
    expect(summary.days).toHaveLength(13);
    for (const r of today.rows) {
      const f = town(rows, r.name);
      const m = f.months[0]!;
      expect([m.quota, m.total, m.gap]).toEqual([r.quota, r.actual, r.gap]);
      summary.levels.forEach((l, i) => expect(m.actual[i]).toBe(r.levels.find((x) => x.levelId === l.levelId)!.actual));
    }
    expect(summary.shortTowns[0]).toBe(today.summary.shortTowns);
  });

  it('an appointment ending moves its supervisor out in the month after 有效期至, and says so (unless every year’s review is assumed to pass)', () => {
    fullTown('石岐街道', { validUntil: '2027-03-31', name: '陈有效' });
    expect(town(forecast({ cycleOutcome: 'everyYear' }).rows, '石岐街道').firstShort).toBe(null);
    const { rows } = forecast();
    const f = town(rows, '石岐街道');
    const middle = core.ok('coverage.forecast', {}).summary.levels.findIndex((l) => l.levelName === '中级督导');
    expect(f.months.map((m) => m.actual[middle])).toEqual([3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(f.firstShort).toBe(5); // 2027-04-01
    expect(f.reasons).toEqual([
      expect.objectContaining({
        name: '陈有效',
        direction: 'out',
        reason: 'validity',
        on: '2027-03-31',
        levelName: '中级督导',
        month: 5,
        text: expect.stringContaining('聘任有效期至 2027-03-31'),
      }),
    ]);
  });

  it('a certificate registration lapsing moves its supervisor out the month after, naming the re-registration window', () => {
    fullTown('石岐街道', { registrationValidUntil: '2027-06-15', name: '李登记' });
    const f = town(forecast().rows, '石岐街道');
    expect(f.firstShort).toBe(8); // 2027-07-01: on 2027-06-01 the registration is still valid
    expect(f.reasons[0]).toMatchObject({ name: '李登记', reason: 'registration', on: '2027-06-15' });
    expect(f.reasons[0]!.text).toContain('再登记窗口 2027-03-16 起');
  });

  it('a planned event (a transfer recorded with a later date) moves the supervisor on that date; today the register already counts it', () => {
    fullTown('石岐街道');
    const mover = appoint('东区街道', '中级督导', { name: '王调动' });
    core.ok('supervisors.changeRegion', { id: mover.id, regionId: towns['石岐街道']!, effectiveOn: '2027-02-15', reason: '工作调动' });
    const { rows, summary } = forecast();
    const middle = summary.levels.findIndex((l) => l.levelName === '中级督导');
    expect(
      town(rows, '东区街道')
        .months.map((m) => m.actual[middle])
        .slice(0, 5),
    ).toEqual([0, 1, 1, 1, 0]);
    expect(town(rows, '石岐街道').changes).toContainEqual(expect.objectContaining({ name: '王调动', direction: 'in', month: 4, reason: 'event' }));
    // Next month the register's row (already 石岐街道) gives way to the state before the change, and says why.
    expect(town(rows, '东区街道').changes.map((c) => [c.month, c.direction, c.text])).toEqual([
      [1, 'in', '已登记 2027-02-15 起调整服务区划，生效前按原状态计'],
      [4, 'out', '已登记 2027-02-15 调整服务区划'],
    ]);
  });

  it('the open cycle: a proposed fail ends the appointment at the cycle end, a pass extends 有效期至 (and 全部通过 keeps everyone)', async () => {
    const { first } = fullTown('石岐街道', { validUntil: '2026-12-31', name: '赵审核' });
    // Everyone else's validity runs to 2029; 赵审核's ends with this year. Without training everyone is proposed 有条件通过,
    // which extends 赵审核 to 2027-12-31; decided 不通过, the appointment ends with the cycle.
    const cycle = core.ok('recert.create', { year: 2026 });
    await openCycle(core, cycle.id);
    expect(town(forecast().rows, '石岐街道').firstShort).toBe(null);
    const review = core.ok('recert.reviews', { cycleId: cycle.id, pageSize: 100 }).rows.find((r) => r.supervisorId === first.id)!;
    core.ok('recert.decide', { id: review.id, decision: 'fail', reason: '未参加统一培训' });
    const f = town(forecast().rows, '石岐街道');
    expect(f.firstShort).toBe(2); // 2027-01-01
    expect(f.reasons).toEqual([
      expect.objectContaining({ supervisorId: first.id, reason: 'review', on: '2026-12-31', text: '2026年度再审核拟不通过，聘任于 2026-12-31 终止' }),
    ]);
    const pass = forecast({ cycleOutcome: 'allPass' });
    expect(town(pass.rows, '石岐街道').firstShort).toBe(null); // passing extends 赵审核 to 2027-12-31, beyond the 12 months
    expect(pass.summary.assumptions).toEqual(['假设2026年度再审核全部通过']);
    expect(town(pass.rows, '石岐街道').months[2]!.changed).toBe(true);
    // Every year passing: no appointment reaches its end within the horizon (certificates still lapse).
    const yearly = forecast({ cycleOutcome: 'everyYear', months: 36 });
    expect(town(yearly.rows, '石岐街道').firstShort).toBe(null);
    expect(yearly.summary.assumptions).toEqual(['假设今后各年度再审核均通过（聘任逐年续至次年底）']);
  });

  it('a promotion what-if never lowers the higher level and can close the drop; nothing is saved', () => {
    fullTown('石岐街道', { validUntil: '2027-03-31' });
    const junior = appoint('东区街道', '初级督导', { name: '孙晋升' });
    const before = core.ok('supervisors.get', { id: junior.id });
    const { rows, summary } = forecast();
    const middle = summary.levels.findIndex((l) => l.levelName === '中级督导');
    const short = town(rows, '石岐街道');
    expect(short.firstShort).toBe(5);
    const someJunior = core.ok('supervisors.list', { regionId: towns['石岐街道']!, levelId: level('初级督导'), pageSize: 10 }).rows[0]!;
    const promoted = forecast({ assumptions: [{ action: 'promote', supervisorId: someJunior.id, levelId: level('中级督导'), month: 4 }] });
    const after = town(promoted.rows, '石岐街道');
    after.months.forEach((m, k) => expect(m.actual[middle]).toBeGreaterThanOrEqual(short.months[k]!.actual[middle]!));
    expect(after.firstShort).toBe(null); // 4 中级 from March, 3 after April; 2 初级 left
    expect(after.baseFirstShort).toBe(5);
    expect(after.months[4]!.changed).toBe(true);
    expect(after.months[3]!.changed).toBe(false);
    expect(promoted.summary.assumptions[0]).toContain('晋升为中级督导');
    expect(core.ok('supervisors.get', { id: junior.id })).toEqual(before);
    expect(core.ok('supervisors.get', { id: someJunior.id }).supervisor.levelId).toBe(level('初级督导'));
  });

  it('appoint and transfer what-ifs add to the town they name; impossible ones are refused with a reason', () => {
    const east = appoint('东区街道', '中级督导', { name: '周调入' });
    const candidate = person('石岐街道', '2030-12-31', '吴候选');
    const { summary } = forecast();
    const middle = summary.levels.findIndex((l) => l.levelName === '中级督导');
    const moved = forecast({
      assumptions: [
        { action: 'transfer', supervisorId: east.id, regionId: towns['石岐街道']!, month: 0 },
        { action: 'appoint', personId: candidate.id, levelId: level('中级督导'), regionId: towns['石岐街道']!, month: 2 },
      ],
    });
    expect(
      town(moved.rows, '石岐街道')
        .months.map((m) => m.actual[middle])
        .slice(0, 4),
    ).toEqual([1, 1, 2, 2]);
    expect(town(moved.rows, '东区街道').months[0]!.actual[middle]).toBe(0);
    // From this month on: the change is named in month 0 itself, in both towns; the appointment in its month.
    expect(town(moved.rows, '石岐街道').changes.map((c) => [c.month, c.direction, c.name, c.reason])).toEqual([
      [0, 'in', '周调入', 'whatIf'],
      [2, 'in', '吴候选', 'whatIf'],
    ]);
    expect(town(moved.rows, '东区街道').changes.map((c) => [c.month, c.direction, c.name, c.text])).toEqual([
      [0, 'out', '周调入', '假设「周调入」本月起由东区街道调往石岐街道'],
    ]);
    expect(core.fail('coverage.forecast', { assumptions: [{ action: 'promote', supervisorId: east.id, levelId: level('初级督导') }] }).message).toContain(
      '晋升须高于现任等级',
    );
    expect(
      core.fail('coverage.forecast', {
        assumptions: [{ action: 'appoint', personId: east.personId, levelId: level('中级督导'), regionId: towns['石岐街道']! }],
      }).message,
    ).toContain('已在督导库中');
  });

  it('is computed again after any change (the kept forecast is keyed by the audit log): a quota, an appointment', () => {
    fullTown('石岐街道');
    expect(town(forecast().rows, '石岐街道').firstShort).toBe(null);
    core.ok('quotas.set', { regionId: towns['石岐街道']!, quotas: [{ levelId: level('中级督导'), quota: 4 }] });
    expect(town(forecast().rows, '石岐街道').firstShort).toBe(0);
    appoint('石岐街道', '中级督导');
    expect(town(forecast().rows, '石岐街道').firstShort).toBe(null);
  });

  it('exports a row per town and level with a column per month, the first shortfall and why', async () => {
    fullTown('石岐街道', { validUntil: '2027-03-31', name: '陈有效' });
    const job = await finishJob(core, core.ok('coverage.forecastExport', { months: 24 }).jobId);
    expect(job.state).toBe('done');
    const { fileName, data } = downloadedFile(core, job.id);
    expect(fileName).toBe('镇区覆盖预测_24个月_2026-11-24.xlsx');
    const sheet = await readFirstSheet(data);
    expect(sheet.headers.slice(0, 6)).toEqual(['区划代码', '上级区划', '镇区', '督导等级', '定额', '当前（2026-11-24）']);
    expect(sheet.headers).toHaveLength(5 + 25 + 2);
    expect(sheet.headers.at(-2)).toBe('首次低于定额');
    const total = sheet.rows.find((r) => r.values[2] === '石岐街道' && r.values[3] === '合计')!;
    expect(total.values.at(-2)).toBe('2027-04');
    expect(String(total.values.at(-1))).toContain('陈有效（中级督导）：聘任有效期至 2027-03-31');
    const middle = sheet.rows.find((r) => r.values[2] === '石岐街道' && r.values[3] === '中级督导')!;
    expect(middle.values.slice(4, 11)).toEqual([3, 3, 3, 3, 3, 3, 2]);
  });
});
