import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateFromDayNumber } from '../../core/dates.ts';
import { lapsesOn, registrationStatus } from '../../core/supervision/registration.ts';
import {
  forecastDays,
  forecastTowns,
  memberships,
  type ForecastSettings,
  type ForecastSupervisor,
  type SupervisorState,
} from '../../core/supervision/coverage-forecast.ts';

const settings: ForecastSettings = { today: '2026-11-24', months: 12, windowMonths: 3, cycle: null };
const names = { level: (id: number) => `L${id}`, region: (id: number) => `R${id}` };
const state = (over: Partial<SupervisorState> = {}): SupervisorState => ({ levelId: 2, regionId: 10, status: 'active', validUntil: '2030-12-31', ...over });
const supervisor = (over: Partial<ForecastSupervisor> = {}, st = state()): ForecastSupervisor => ({
  supervisorId: 1,
  personId: 1,
  name: '甲',
  now: st,
  pieces: [{ from: settings.today, state: st, cause: null }],
  registrationEnd: null,
  outcome: null,
  ...over,
});
const months = (s: ForecastSupervisor, cfg = settings) => memberships(s, forecastDays(cfg.today, cfg.months), cfg, names).months.map((m) => (m ? 1 : 0));

describe('coverage forecast, month by month', () => {
  it('reads today, then the first day of each following month', () => {
    expect(forecastDays('2026-11-24', 3)).toEqual(['2026-11-24', '2026-12-01', '2027-01-01', '2027-02-01']);
    expect(forecastDays('2027-01-31', 2)).toEqual(['2027-01-31', '2027-02-01', '2027-03-01']);
  });

  it('有效期至 on a month’s last day counts through that month; the next day it is gone', () => {
    expect(months(supervisor({}, state({ validUntil: '2027-02-28' })))).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(months(supervisor({}, state({ validUntil: '2027-03-01' })))).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('a certificate registration lapses the day after it ends (registrationStatus), whatever the re-registration window', () => {
    expect(months(supervisor({ registrationEnd: '2026-12-01' }))).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // Lapsed already: 镇区覆盖 still counts it today (the register says 在册); from next month it does not.
    expect(months(supervisor({ registrationEnd: '2025-01-01' }))).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('the cycle: a pass extends to the end of next year, a fail ends with the cycle year', () => {
    const cycle = { ...settings, cycle: { year: 2026 } };
    const ending = state({ validUntil: '2026-12-31' });
    expect(months(supervisor({ outcome: 'pass' }, ending), cycle)).toEqual(Array(13).fill(1));
    expect(months(supervisor({ outcome: 'fail' }, state()), cycle)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(months(supervisor({ outcome: null }, ending), cycle)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('counts per town and level with the quota, and the first short month', () => {
    const quotas = { levels: [{ id: 2, name: '初级', rank: 2 }], quotaOf: () => ({ quota: 1, overridden: false }) };
    const towns = [{ regionId: 10, code: '1', name: '甲镇', parentName: null }];
    const [town] = forecastTowns(towns, [supervisor({}, state({ validUntil: '2027-03-31' }))], quotas as never, settings, names);
    expect(town!.months.map((m) => m.gap)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(town!.firstShort).toBe(5);
    expect(town!.changes).toEqual([expect.objectContaining({ month: 5, direction: 'out', reason: 'validity', on: '2027-03-31' })]);
  });

  it('lapsesOn is the first day registrationStatus says expired (the forecast reads it once per person)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10_000, max: 30_000 }), fc.integer({ min: 1, max: 12 }), (n, months) => {
        const end = dateFromDayNumber(n);
        expect(registrationStatus(end, months, lapsesOn(end))).toBe('expired');
        expect(registrationStatus(end, months, end)).not.toBe('expired');
      }),
    );
  });
});
