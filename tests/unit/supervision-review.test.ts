/**
 * 督导工作 in the annual re-review (issue 22), evaluated by hand: the sentence the proposal
 * states, what is missing, prorating for a mid-year appointment, remediable or not, and rule
 * sets (and frozen cycles) from before the minimums existed reading exactly as before.
 */
import { describe, expect, it } from 'vitest';
import { evaluateReview, type SupervisorForReview } from '../../core/compliance/review.ts';
import { supervisionSentence } from '../../core/compliance/supervision-check.ts';
import { summarizeRules } from '../../core/compliance/summary.ts';
import { trainingRulesBody, type TrainingRules } from '../../core/schemas/recert.ts';

const OLD_BODY = {
  periodHours: { worker: null, assistant: 72, social_worker: 90, senior: 90 },
  windowYears: 5,
  windowHours: 120,
  yearlyMinimumHours: null,
  countedCategoryIds: [1, 2],
  externalNeedsVerification: true,
  review: {
    default: { unifiedTrainings: 0, yearHours: 24 },
    byLevel: [{ levelId: 3, unifiedTrainings: 0, yearHours: 30 }],
    requireRegistration: false,
    requireActive: true,
  },
  remediable: { unifiedTraining: true, yearHours: true, registration: true },
  conditionalDeadlineMonths: 6,
};
const OLD: TrainingRules = trainingRulesBody.parse(OLD_BODY);
const withMinimums = (minimums: Partial<TrainingRules['review']['default']>, remediable = true): TrainingRules => ({
  ...OLD,
  review: { ...OLD.review, byLevel: [{ ...OLD.review.byLevel[0]!, ...minimums }] },
  remediable: { ...OLD.remediable, supervision: remediable },
});
const names = { registrationYears: 3, categoryName: (id: number) => `类别${id}` };
const ledger = [{ id: 1, categoryId: 1, hours: 30, earnedOn: '2026-03-01', kind: 'session' as const, verified: false, sessionId: null, unified: false }];
const supervisor = (over: Partial<SupervisorForReview> = {}): SupervisorForReview => ({
  levelId: 3,
  status: 'active',
  appointedOn: '2020-01-01',
  certificates: [],
  records: ledger,
  supervision: { sessions: 14, minutes: 28 * 60, subjects: 6 },
  ...over,
});

describe('supervision in the re-review', () => {
  it('a rule set saved before issue 22 parses with no minimums; its proposal and reasons are what they were', () => {
    expect(OLD.review.byLevel[0]).toMatchObject({ supervisionHours: null, supervisionSessions: null, supervisionSubjects: null });
    expect(OLD.remediable.supervision).toBe(true);
    const r = evaluateReview(supervisor({ supervision: { sessions: 0, minutes: 0, subjects: 0 } }), OLD, 2026, names);
    expect(r).toMatchObject({ proposal: 'pass', reasons: ['各项要求均已满足'] });
    expect(r.facts.checks.map((c) => c.key)).toEqual(['yearHours', 'active']);
    // The facts are kept all the same.
    expect(r.facts.supervision).toEqual({ sessions: 0, hours: 0, subjects: 0, requiredHours: null, requiredSessions: null, requiredSubjects: null });
    // A body frozen before (no keys at all, not parsed again) reads the same.
    const frozen = OLD_BODY as unknown as TrainingRules;
    expect(evaluateReview(supervisor(), frozen, 2026, names)).toMatchObject({ proposal: 'pass', reasons: ['各项要求均已满足'] });
    const summaryNames = { category: (id: number) => `类别${id}`, level: (id: number) => `级别${id}`, registrationYears: 3 };
    expect(summarizeRules(OLD, summaryNames)).toEqual(summarizeRules(frozen, summaryNames));
    expect(summarizeRules(OLD, summaryNames).join('')).not.toContain('督导工作');
  });

  it('states the year’s supervision against the minimum, met', () => {
    const r = evaluateReview(supervisor(), withMinimums({ supervisionHours: 24 }), 2026, names);
    expect(r.proposal).toBe('pass');
    expect(r.facts.checks.find((c) => c.key === 'supervision')).toEqual({
      key: 'supervision',
      met: true,
      remediable: true,
      text: '2026年提供督导 14 次、共 28 小时，督导对象 6 人；要求 ≥ 24 小时',
    });
    expect(r.facts.supervision).toEqual({ sessions: 14, hours: 28, subjects: 6, requiredHours: 24, requiredSessions: null, requiredSubjects: null });
  });

  it('says what is missing, and proposes 有条件通过 or 不通过 as the rule says, like the year’s hours', () => {
    const rules = withMinimums({ supervisionHours: 24, supervisionSessions: 20, supervisionSubjects: 8 });
    const short = supervisor({ supervision: { sessions: 10, minutes: 20 * 60 + 30, subjects: 6 } });
    const r = evaluateReview(short, rules, 2026, names);
    expect(r.proposal).toBe('conditional');
    expect(r.reasons).toEqual([
      '2026年提供督导 10 次、共 20.5 小时，督导对象 6 人；要求 ≥ 24 小时、≥ 20 次、督导对象 ≥ 8 人，尚差 3.5 小时、10 次、督导对象 2 人',
    ]);
    expect(evaluateReview(short, withMinimums({ supervisionHours: 24 }, false), 2026, names).proposal).toBe('fail');
    expect(evaluateReview(supervisor({ supervision: undefined }), rules, 2026, names).reasons).toEqual([
      '2026年未提供督导；要求 ≥ 24 小时、≥ 20 次、督导对象 ≥ 8 人，尚差 24 小时、20 次、督导对象 8 人',
    ]);
    // Other levels keep the default: no minimum.
    expect(evaluateReview({ ...short, levelId: 2 }, rules, 2026, names).proposal).toBe('pass');
  });

  it('a supervisor appointed mid-year owes hours and sessions for the months from the appointment on, subjects in full', () => {
    const rules = withMinimums({ supervisionHours: 24, supervisionSessions: 12, supervisionSubjects: 3 });
    const r = evaluateReview(supervisor({ appointedOn: '2026-07-15', supervision: { sessions: 5, minutes: 600, subjects: 3 } }), rules, 2026, names);
    expect(r.facts.supervision).toMatchObject({ requiredHours: 12, requiredSessions: 6, requiredSubjects: 3 });
    expect(r.facts.checks.find((c) => c.key === 'supervision')!.text).toBe(
      '2026年提供督导 5 次、共 10 小时，督导对象 3 人；要求 ≥ 12 小时、≥ 6 次、督导对象 ≥ 3 人（2026-07-15 聘任，按 6 个月折算），尚差 2 小时、1 次',
    );
  });

  it('the summary names the minimums per level and what may be made good', () => {
    const lines = summarizeRules(withMinimums({ supervisionHours: 24, supervisionSubjects: 5 }), {
      category: (id) => `类别${id}`,
      level: (id) => `级别${id}`,
      registrationYears: 3,
    });
    expect(lines.join('\n')).toContain('级别3：统一培训至少 0 次，年度学时至少 30，年度提供督导至少 24 小时，督导对象至少 5 人');
    expect(lines.join('\n')).toContain('督导工作未达最低要求');
  });

  it('hours are shown to one decimal; a zero minimum is no minimum', () => {
    const facts = { sessions: 1, hours: 0.3, subjects: 1, requiredHours: 0, requiredSessions: 1, requiredSubjects: null };
    expect(supervisionSentence(2027, facts, '')).toEqual({ met: true, text: '2027年提供督导 1 次、共 0.3 小时，督导对象 1 人；要求 ≥ 1 次' });
  });
});
