/**
 * The training-hour rules, evaluated by hand: period boundaries, leap years, a certificate that
 * expires inside the cycle year, a supervisor appointed mid-year, hours exactly at the threshold,
 * hours on the boundary day of a window. Then properties over random facts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { registrationPeriods, rollingWindow } from '../../core/compliance/periods.ts';
import { evaluateCompliance } from '../../core/compliance/person.ts';
import { conditionDeadline, evaluateReview, extendedValidity, type SupervisorForReview } from '../../core/compliance/review.ts';
import type { LedgerEntry } from '../../core/compliance/ledger.ts';
import { trainingRulesBody, type Outcome, type TrainingRules } from '../../core/schemas/recert.ts';
import { summarizeRules } from '../../core/compliance/summary.ts';

const RULES: TrainingRules = trainingRulesBody.parse({
  periodHours: { worker: null, assistant: 72, social_worker: 90, senior: 90 },
  windowYears: 5,
  windowHours: 120,
  yearlyMinimumHours: null,
  countedCategoryIds: [1, 2],
  externalNeedsVerification: true,
  review: {
    default: { unifiedTrainings: 1, yearHours: 24 },
    byLevel: [{ levelId: 3, unifiedTrainings: 2, yearHours: 30 }],
    requireRegistration: true,
    requireActive: true,
  },
  remediable: { unifiedTraining: true, yearHours: true, registration: true },
  conditionalDeadlineMonths: 6,
});
const names = { registrationYears: 3, categoryName: (id: number) => `类别${id}` };

let nextId = 1;
const entry = (earnedOn: string, hours: number, extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
  id: nextId++,
  categoryId: 1,
  hours,
  earnedOn,
  kind: 'session',
  verified: false,
  sessionId: null,
  unified: false,
  ...extra,
});

describe('registration periods', () => {
  it('count back from the registration end in steps of the term, down to the issue date', () => {
    expect(registrationPeriods({ level: 'assistant', issuedOn: '2018-03-01', validUntil: '2027-02-28' }, 3)).toEqual([
      { start: '2018-03-01', end: '2021-02-28', full: true },
      { start: '2021-03-01', end: '2024-02-28', full: true },
      { start: '2024-02-29', end: '2027-02-28', full: true },
    ]);
  });

  it('a certificate issued on 29 February: its first registration ends on 28 February three years on', () => {
    expect(registrationPeriods({ level: 'assistant', issuedOn: '2024-02-29', validUntil: null }, 3)).toEqual([
      { start: '2024-02-29', end: '2027-02-28', full: true },
    ]);
  });

  it('a certificate issued on 1 March before a leap day: its term still ends on the last day of February, and is full', () => {
    expect(registrationPeriods({ level: 'social_worker', issuedOn: '2024-03-01', validUntil: '2027-02-28' }, 3)).toEqual([
      { start: '2024-03-01', end: '2027-02-28', full: true },
    ]);
  });

  it('a registration end entered out of step with the issue date leaves a short first period', () => {
    expect(registrationPeriods({ level: 'social_worker', issuedOn: '2022-06-15', validUntil: '2026-12-31' }, 3)).toEqual([
      { start: '2022-06-15', end: '2023-12-31', full: false },
      { start: '2024-01-01', end: '2026-12-31', full: true },
    ]);
  });

  it('the rolling window ends on the day of reckoning and starts the day after five years back (leap day included)', () => {
    expect(rollingWindow('2026-11-24', 5)).toEqual({ start: '2021-11-25', end: '2026-11-24' });
    expect(rollingWindow('2028-02-29', 5)).toEqual({ start: '2023-03-01', end: '2028-02-29' });
  });
});

describe('compliance of a person', () => {
  const certificate = { level: 'assistant' as const, issuedOn: '2020-07-01', validUntil: '2026-06-30' };

  it('hours exactly at the threshold meet it; one half hour less does not, and the shortfall says so', () => {
    const met = evaluateCompliance(
      { practiceStart: '2015-01-01', certificates: [certificate], records: [entry('2024-01-10', 72), entry('2022-05-01', 48)] },
      RULES,
      '2025-12-31',
      names,
    );
    expect(met.current).toMatchObject({ start: '2023-07-01', end: '2026-06-30', required: 72, done: 72, shortfall: 0, state: 'current' });
    expect(met.window).toMatchObject({ start: '2021-01-01', end: '2025-12-31', required: 120, done: 120, shortfall: 0 });
    expect(met.compliant).toBe(true);

    const short = evaluateCompliance(
      { practiceStart: '2015-01-01', certificates: [certificate], records: [entry('2024-01-10', 71.5), entry('2022-05-01', 48)] },
      RULES,
      '2025-12-31',
      names,
    );
    expect(short.compliant).toBe(false);
    expect(short.shortfalls).toEqual([
      '登记期 2023-07-01 至 2026-06-30 计入 71.5 学时，要求 72，尚差 0.5',
      '近 5 年（2021-01-01 至 2025-12-31）计入 119.5 学时，要求 120，尚差 0.5',
    ]);
  });

  it('hours on the first and last day of a period count in it, the day before in the previous one', () => {
    const c = evaluateCompliance(
      { practiceStart: '2015-01-01', certificates: [certificate], records: [entry('2023-07-01', 10), entry('2026-06-30', 5), entry('2023-06-30', 7)] },
      RULES,
      '2026-06-30',
      { ...names, withAttributions: true },
    );
    expect(c.periods.map((p) => [p.start, p.done])).toEqual([
      ['2020-07-01', 7],
      ['2023-07-01', 15],
    ]);
    expect(c.attributions.map((a) => a.period)).toEqual(['2023-07-01 至 2026-06-30', '2023-07-01 至 2026-06-30', '2020-07-01 至 2023-06-30']);
  });

  it('hours on the boundary day of the window count; the day before does not', () => {
    const c = evaluateCompliance(
      { practiceStart: '2010-01-01', certificates: [], records: [entry('2021-11-25', 60), entry('2021-11-24', 60), entry('2026-11-24', 60)] },
      RULES,
      '2026-11-24',
      { ...names, withAttributions: true },
    );
    expect(c.window).toMatchObject({ done: 120, shortfall: 0 });
    expect(c.attributions.map((a) => a.inWindow)).toEqual([true, false, true]);
    expect(c.attributions[1]!.text).toBe('未持证，不计入登记期；早于近 5 年起点 2021-11-25');
  });

  it('says why hours do not count: a category outside the rules, unverified external training, before the certificate', () => {
    const c = evaluateCompliance(
      {
        practiceStart: '2010-01-01',
        certificates: [certificate],
        records: [
          entry('2024-01-01', 6, { categoryId: 9 }),
          entry('2024-02-01', 8, { kind: 'external' }),
          entry('2024-03-01', 8, { kind: 'external', verified: true }),
          entry('2019-01-01', 3),
        ],
      },
      RULES,
      '2025-01-01',
      { ...names, withAttributions: true },
    );
    expect(c.attributions.map((a) => [a.counted, a.text])).toEqual([
      [false, '培训类别「类别9」不计入学时'],
      [false, '外部培训尚未核实，核实后计入'],
      [true, '计入登记期 2023-07-01 至 2026-06-30；计入近 5 年'],
      [true, '早于发证日 2020-07-01，不计入登记期；早于近 5 年起点 2020-01-02'],
    ]);
    expect(c.current!.done).toBe(8);
  });

  it('the window does not apply before five years of practice; a 社会工作员 certificate has no period requirement', () => {
    const c = evaluateCompliance(
      { practiceStart: '2023-03-01', certificates: [{ level: 'worker', issuedOn: '2023-05-01', validUntil: null }], records: [] },
      RULES,
      '2026-11-24',
      names,
    );
    expect(c.window).toMatchObject({ required: null, note: '从业起始 2023-03-01 晚于滚动期起点，未满 5 年，暂不适用' });
    expect(c.current).toMatchObject({ required: null, note: '社会工作员不设登记期学时要求' });
    expect(c.compliant).toBe(true);
  });

  it('the highest certificate governs: 社会工作师 needs 90 hours per period', () => {
    const c = evaluateCompliance(
      {
        practiceStart: '2010-01-01',
        certificates: [certificate, { level: 'social_worker', issuedOn: '2024-01-01', validUntil: null }],
        records: [entry('2025-01-01', 80)],
      },
      RULES,
      '2025-12-31',
      names,
    );
    expect(c.certificate).toMatchObject({ level: 'social_worker', validUntil: '2026-12-31' });
    expect(c.current).toMatchObject({ required: 90, done: 80, shortfall: 10 });
  });
});

describe('annual re-review', () => {
  const supervisor = (over: Partial<SupervisorForReview> = {}): SupervisorForReview => ({
    levelId: 2,
    status: 'active',
    appointedOn: '2020-01-01',
    certificates: [{ level: 'social_worker', issuedOn: '2024-03-01', validUntil: null }],
    records: [entry('2026-05-10', 24, { sessionId: 1, unified: true })],
    ...over,
  });

  it('passes when every requirement is met, exactly at the threshold', () => {
    const r = evaluateReview(supervisor(), RULES, 2026, names);
    expect(r.proposal).toBe('pass');
    expect(r.reasons).toEqual(['各项要求均已满足']);
    expect(r.facts).toMatchObject({ yearHours: 24, requiredYearHours: 24, unifiedTrainings: 1, registrationValidUntil: '2027-02-28' });
  });

  it('proposes 有条件通过 when only remediable things are missing, in plain Chinese', () => {
    const r = evaluateReview(supervisor({ records: [entry('2026-05-10', 20)] }), RULES, 2026, names);
    expect(r.proposal).toBe('conditional');
    expect(r.reasons).toEqual(['2026年未参加统一培训', '2026年计入 20 学时，要求 24，尚差 4']);
  });

  it('a certificate that expires inside the cycle year: registration is not valid through the year end', () => {
    const r = evaluateReview(supervisor({ certificates: [{ level: 'assistant', issuedOn: '2023-09-01', validUntil: '2026-08-31' }] }), RULES, 2026, names);
    expect(r.proposal).toBe('conditional');
    expect(r.reasons).toEqual(['助理社会工作师证书登记有效期至 2026-08-31，未覆盖至 2026-12-31，需办理再登记']);
    expect(evaluateReview(supervisor({ certificates: [] }), RULES, 2026, names).reasons).toEqual(['未登记职业水平证书']);
  });

  it('a supervisor appointed mid-year owes hours only for the months from the appointment on', () => {
    const r = evaluateReview(
      supervisor({ appointedOn: '2026-07-15', records: [entry('2026-09-01', 12, { sessionId: 4, unified: true })] }),
      RULES,
      2026,
      names,
    );
    expect(r.facts.requiredYearHours).toBe(12);
    expect(r.proposal).toBe('pass');
    const late = evaluateReview(supervisor({ appointedOn: '2026-12-01', records: [] }), RULES, 2026, names);
    expect(late.facts.requiredYearHours).toBe(2);
    expect(late.reasons).toContain('2026年计入 0 学时，要求 2（2026-12-01 聘任，按 1 个月折算），尚差 2');
  });

  it('a suspended supervisor fails; per-level requirements apply; hours of other years do not count', () => {
    expect(evaluateReview(supervisor({ status: 'suspended' }), RULES, 2026, names)).toMatchObject({ proposal: 'fail', reasons: ['督导当前处于暂停状态'] });
    const senior = evaluateReview(
      supervisor({ levelId: 3, records: [entry('2026-01-01', 30, { sessionId: 1, unified: true }), entry('2025-12-31', 30, { sessionId: 2, unified: true })] }),
      RULES,
      2026,
      names,
    );
    expect(senior.reasons).toEqual(['2026年参加统一培训 1 次，要求 2 次']);
  });

  it('a unified training whose hours were corrected to zero does not count as attended', () => {
    const r = evaluateReview(
      supervisor({
        records: [
          entry('2026-05-10', 24, { sessionId: 1, unified: true }),
          entry('2026-05-10', -24, { sessionId: 1, unified: true, kind: 'correction' }),
          entry('2026-06-01', 24),
        ],
      }),
      RULES,
      2026,
      names,
    );
    expect(r.facts.unifiedTrainings).toBe(0);
  });

  it('an unmet requirement that is not remediable fails', () => {
    const strict = { ...RULES, remediable: { ...RULES.remediable, unifiedTraining: false } };
    expect(evaluateReview(supervisor({ records: [entry('2026-05-10', 24)] }), strict, 2026, names).proposal).toBe('fail');
  });

  it('deadlines and validity: the end of the rule month next year; validity to the end of next year, never shortened', () => {
    expect(conditionDeadline(RULES, 2026)).toBe('2027-06-30');
    expect(conditionDeadline({ ...RULES, conditionalDeadlineMonths: 2 }, 2027)).toBe('2028-02-29');
    expect(extendedValidity(2026, '2026-12-31')).toBe('2027-12-31');
    expect(extendedValidity(2026, '2029-01-31')).toBe('2029-01-31');
  });

  const outcomeRank: Record<Outcome, number> = { fail: 0, conditional: 1, pass: 2 };
  const arbitraryRecord = fc.record({
    day: fc.integer({ min: 0, max: 900 }),
    hours: fc.integer({ min: 1, max: 40 }).map((h) => h / 2),
    categoryId: fc.constantFrom(1, 2, 9),
    kind: fc.constantFrom('session' as const, 'external' as const),
    verified: fc.boolean(),
    unified: fc.boolean(),
  });
  const arbitrarySupervisor = fc.record({
    levelId: fc.constantFrom(1, 2, 3),
    status: fc.constantFrom('active' as const, 'suspended' as const),
    appointedOn: fc.constantFrom('2019-05-01', '2026-03-15', '2026-10-01'),
    validUntil: fc.constantFrom(null, '2026-06-30', '2027-12-31'),
    records: fc.array(arbitraryRecord, { maxLength: 12 }),
  });
  type Generated = typeof arbitrarySupervisor extends fc.Arbitrary<infer T> ? T : never;
  const build = (s: Generated): SupervisorForReview => ({
    levelId: s.levelId,
    status: s.status,
    appointedOn: s.appointedOn,
    certificates: [{ level: 'social_worker', issuedOn: '2023-07-01', validUntil: s.validUntil }],
    records: s.records.map((r, i) => ({
      id: i + 1,
      categoryId: r.categoryId,
      hours: r.hours,
      earnedOn: new Date(Date.UTC(2025, 6, 1) + r.day * 86_400_000).toISOString().slice(0, 10),
      kind: r.kind,
      verified: r.verified,
      sessionId: r.unified ? i + 1 : null,
      unified: r.unified,
    })),
  });

  it('property: the same facts under the same frozen rules always give the same outcome', () => {
    fc.assert(
      fc.property(arbitrarySupervisor, (s) => {
        const frozen = JSON.parse(JSON.stringify(RULES)) as TrainingRules;
        const a = evaluateReview(build(s), frozen, 2026, names);
        const b = evaluateReview(build(JSON.parse(JSON.stringify(s))), JSON.parse(JSON.stringify(frozen)), 2026, names);
        expect(b).toEqual(a);
      }),
    );
  });

  it('property: adding training hours never makes an outcome worse, nor a compliance shortfall larger', () => {
    fc.assert(
      fc.property(arbitrarySupervisor, arbitraryRecord, (s, extra) => {
        const before = evaluateReview(build(s), RULES, 2026, names);
        const more = build({ ...s, records: [...s.records, extra] });
        const after = evaluateReview(more, RULES, 2026, names);
        expect(outcomeRank[after.proposal]).toBeGreaterThanOrEqual(outcomeRank[before.proposal]);
        const facts = (sup: SupervisorForReview) => ({ practiceStart: '2015-01-01', certificates: sup.certificates, records: sup.records });
        const c1 = evaluateCompliance(facts(build(s)), RULES, '2026-12-31', names);
        const c2 = evaluateCompliance(facts(more), RULES, '2026-12-31', names);
        expect(c2.window.shortfall).toBeLessThanOrEqual(c1.window.shortfall);
        expect(c2.current!.shortfall).toBeLessThanOrEqual(c1.current!.shortfall);
      }),
    );
  });
});

describe('the readable summary', () => {
  it('states every rule in Chinese with the names of categories and levels', () => {
    const lines = summarizeRules(RULES, { category: (id) => `类别${id}`, level: (id) => ['', '见习督导', '初级督导', '中级督导'][id]!, registrationYears: 3 });
    expect(lines[0]).toBe('每个登记期（3 年，按证书登记有效期推算）须完成继续教育：助理社会工作师 72 学时，社会工作师 90 学时，高级社会工作师 90 学时。');
    expect(lines.join('\n')).toContain('中级督导：统一培训至少 2 次，年度学时至少 30');
    expect(lines.join('\n')).toContain('须于次年 6 月底前补足');
  });
});

describe('date arithmetic the rules run on', () => {
  it('adds days and years exactly as the calendar does, around month ends, leap days and centuries', async () => {
    const { addDays, addYears } = await import('../../core/dates.ts');
    const viaDate = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), fc.integer({ min: -4000, max: 4000 }), (ms, n) => {
        const d = new Date(ms).toISOString().slice(0, 10);
        expect(addDays(d, n)).toBe(viaDate(d, n));
      }),
    );
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2100-02-28', -100)).toBe('2000-02-28');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
  });
});

describe('学时达标 explains itself (issue 23: past periods, a window that does not apply)', () => {
  const assistant = { level: 'assistant' as const, issuedOn: '2020-07-01', validUntil: '2026-06-30' };

  it('a period that has ended is marked as past and says what it required, what counted and what was missing at its end', () => {
    const c = evaluateCompliance(
      { practiceStart: '2010-01-01', certificates: [assistant], records: [entry('2024-01-10', 72), entry('2021-01-10', 48), entry('2022-01-10', 72)] },
      RULES,
      '2024-06-30',
      names,
    );
    expect(c.compliant).toBe(true); // only the current period decides
    const [past, current] = c.periods;
    expect(past).toMatchObject({ state: 'past', required: 72, done: 120, shortfall: 0, note: '已结束的周期：要求 72 学时，计入 120，已达到' });
    expect(current).toMatchObject({ state: 'current', note: null });
    const short = evaluateCompliance(
      { practiceStart: '2010-01-01', certificates: [assistant], records: [entry('2024-01-10', 72)] },
      RULES,
      '2024-06-30',
      names,
    );
    expect(short.periods[0]).toMatchObject({ state: 'past', shortfall: 72, note: '已结束的周期：要求 72 学时，计入 0，期末尚差 72（不影响当前是否达标）' });
  });

  it('a ledger row of someone with neither certificate nor practice start says the window does not apply, not 计入近 5 年', () => {
    const c = evaluateCompliance({ practiceStart: null, certificates: [], records: [entry('2026-05-01', 6)] }, RULES, '2026-11-24', {
      ...names,
      withAttributions: true,
    });
    expect(c.window).toMatchObject({ required: null, note: '未登记从业起始日期，暂不适用' });
    expect(c.attributions[0]).toMatchObject({ counted: true, text: '未持证，不计入登记期；近 5 年要求暂不适用' });
  });
});
