/**
 * 督导工作 in the annual re-review (issue 22): the supervision a supervisor gave in the cycle
 * year against the level's minimums, stated in one sentence. The one owner of that wording:
 * the proposal, its reasons and anything that quotes them read it from here.
 */
import type { ReviewRequirement, TrainingRules } from '../schemas/recert.ts';

/** A supervisor's supervision in one year, as the database sums it (db/repos/supervision.ts). */
export interface SupervisionYearFacts {
  sessions: number;
  minutes: number;
  /** Distinct 督导对象 present in the year's records: people and organizations. */
  subjects: number;
}

/** What the review keeps: the year's figures and the minimums they were held against (null: none). */
export interface SupervisionReviewFacts {
  sessions: number;
  hours: number;
  subjects: number;
  requiredHours: number | null;
  requiredSessions: number | null;
  requiredSubjects: number | null;
}

export const NO_SUPERVISION: SupervisionYearFacts = { sessions: 0, minutes: 0, subjects: 0 };

/** Hours to one decimal, as the sentence shows them (28, 1.5, 0.3). */
export const supervisionHours = (minutes: number): number => Math.round(minutes / 6) / 10;

/** The level's minimums, prorated like the year's hours for a supervisor appointed in the year (subjects are not). */
export function supervisionMinimums(requirement: ReviewRequirement, months: number) {
  // A rule set or a frozen cycle from before issue 22 has no such keys: no minimum.
  const hours = requirement.supervisionHours ?? null;
  const sessions = requirement.supervisionSessions ?? null;
  const subjects = requirement.supervisionSubjects ?? null;
  return {
    hours: hours === null ? null : Math.ceil(((hours * months) / 12) * 2) / 2,
    sessions: sessions === null ? null : Math.ceil((sessions * months) / 12),
    subjects,
  };
}

export const hasSupervisionMinimum = (m: ReturnType<typeof supervisionMinimums>) => (m.hours ?? 0) > 0 || (m.sessions ?? 0) > 0 || (m.subjects ?? 0) > 0;

/** Whether any level of a rule set (a cycle's frozen copy) asks for supervision: its exports then carry the facts. */
export const rulesAskSupervision = (rules: TrainingRules): boolean =>
  [rules.review.default, ...rules.review.byLevel].some((r) => hasSupervisionMinimum(supervisionMinimums(r, 12)));

/** The minimums asked (「≥ 24 小时、≥ 12 次」) and what is missing (「4 小时、督导对象 2 人」), as the sentence words them. */
export function supervisionRequirement(facts: SupervisionReviewFacts): { wanted: string[]; missing: string[] } {
  const wanted: string[] = [];
  const missing: string[] = [];
  if (facts.requiredHours !== null && facts.requiredHours > 0) {
    wanted.push(`≥ ${facts.requiredHours} 小时`);
    if (facts.hours < facts.requiredHours) missing.push(`${Math.round((facts.requiredHours - facts.hours) * 10) / 10} 小时`);
  }
  if (facts.requiredSessions !== null && facts.requiredSessions > 0) {
    wanted.push(`≥ ${facts.requiredSessions} 次`);
    if (facts.sessions < facts.requiredSessions) missing.push(`${facts.requiredSessions - facts.sessions} 次`);
  }
  if (facts.requiredSubjects !== null && facts.requiredSubjects > 0) {
    wanted.push(`督导对象 ≥ ${facts.requiredSubjects} 人`);
    if (facts.subjects < facts.requiredSubjects) missing.push(`督导对象 ${facts.requiredSubjects - facts.subjects} 人`);
  }
  return { wanted, missing };
}

/**
 * 「2026年提供督导 14 次、共 28 小时，督导对象 6 人；要求 ≥ 24 小时」, and what is missing
 * (「，尚差 4 小时」), like the year's hours. `prorated` is the hours rule's own note on a mid-year appointment.
 */
export function supervisionSentence(year: number, facts: SupervisionReviewFacts, prorated: string): { met: boolean; text: string } {
  const { wanted, missing } = supervisionRequirement(facts);
  const given = facts.sessions === 0 ? `${year}年未提供督导` : `${year}年提供督导 ${facts.sessions} 次、共 ${facts.hours} 小时，督导对象 ${facts.subjects} 人`;
  const text = `${given}；要求 ${wanted.join('、')}${prorated}${missing.length ? `，尚差 ${missing.join('、')}` : ''}`;
  return { met: missing.length === 0, text };
}
