import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TODAY, type TestCore } from '../support/core.ts';
import { openExampleDataCore } from '../support/example-data.ts';

// The forecast on generated data (the example data: towns at, below and above quota, suspended and expired appointments, certificates of every age).
let core: TestCore;
beforeAll(async () => {
  core = await openExampleDataCore();
}, 120_000);
afterAll(() => core.close());

describe('coverage forecast on generated data', () => {
  it('month 0 equals today’s 镇区覆盖 for every town and level', () => {
    const today = core.ok('coverage.list', { pageSize: 100 });
    const forecast = core.ok('coverage.forecast', { months: 36, pageSize: 100 });
    expect(forecast.total).toBe(today.total);
    expect(forecast.summary.shortTowns[0]).toBe(today.summary.shortTowns);
    const byRegion = new Map(forecast.rows.map((r) => [r.regionId, r]));
    for (const r of today.rows) {
      const m = byRegion.get(r.regionId)!.months[0]!;
      expect([m.quota, m.total, m.gap]).toEqual([r.quota, r.actual, r.gap]);
      forecast.summary.levels.forEach((l, i) => expect(m.actual[i]).toBe(r.levels.find((x) => x.levelId === l.levelId)?.actual ?? 0));
    }
    // Nobody joins without a reason: every change out names why.
    for (const r of forecast.rows) for (const c of r.changes) expect(c.text).not.toBe('');
  });

  it('a promotion what-if never lowers any town’s count of the higher level, in any month', () => {
    const levels = core.ok('supervisors.levels', {});
    const active = core.ok('supervisors.list', { status: 'active', pageSize: 100 }).rows.filter((s) => s.levelId !== levels.at(-1)!.id);
    const base = core.ok('coverage.forecast', { months: 24, pageSize: 100 });
    const count = (levelsInUse: { levelId: number }[], actual: number[], levelId: number) => {
      const i = levelsInUse.findIndex((l) => l.levelId === levelId);
      return i < 0 ? 0 : actual[i]!; // a level nobody holds and no town asks for is left out
    };
    fc.assert(
      fc.property(fc.constantFrom(...active), fc.integer({ min: 0, max: 24 }), (s, month) => {
        const rank = levels.findIndex((l) => l.id === s.levelId);
        const higher = levels[rank + 1]!.id;
        const res = core.call('coverage.forecast', {
          months: 24,
          pageSize: 100,
          assumptions: [{ action: 'promote', supervisorId: s.id, levelId: higher, month }],
        });
        if (!res.ok) return expect(res.error.message).toMatch(/不在册/); // left the register before that month
        const result = res.result as typeof base;
        const after = new Map(result.rows.map((r) => [r.regionId, r]));
        for (const r of base.rows)
          r.months.forEach((m, k) => {
            const a = after.get(r.regionId)!.months[k]!;
            expect(count(result.summary.levels, a.actual, higher)).toBeGreaterThanOrEqual(count(base.summary.levels, m.actual, higher));
            expect(a.total).toBe(m.total); // a promotion moves nobody in or out
          });
      }),
      { numRuns: 15 },
    );
  });

  it('a transfer what-if from this month forecasts what saving the transfer then gives (the what-if counts only the supervisors it changes)', () => {
    const s = core.ok('supervisors.list', { status: 'active', pageSize: 1, sortField: 'validUntil', sortDir: 'desc' }).rows[0]!;
    const to = core.ok('coverage.list', { pageSize: 100 }).rows.find((r) => r.regionId !== s.regionId)!.regionId;
    const figures = (rows: { regionId: number; months: { actual: number[]; gap: number }[]; firstShort: number | null }[]) =>
      rows.map((r) => [r.regionId, r.firstShort, r.months.map((m) => [m.actual, m.gap])]).sort((a, b) => (a[0] as number) - (b[0] as number));
    const whatIf = core.ok('coverage.forecast', {
      months: 36,
      pageSize: 100,
      assumptions: [{ action: 'transfer', supervisorId: s.id, regionId: to, month: 0 }],
    });
    expect(whatIf.rows.some((r) => r.months.some((m) => m.changed))).toBe(true);
    core.ok('supervisors.changeRegion', { id: s.id, regionId: to, effectiveOn: TODAY, reason: '工作调动' });
    const saved = core.ok('coverage.forecast', { months: 36, pageSize: 100 });
    expect(figures(whatIf.rows)).toEqual(figures(saved.rows));
  });
});
