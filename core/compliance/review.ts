/**
 * The annual re-review (年度资质再审核) of one supervisor: the facts of the cycle year, each
 * requirement met or not in plain Chinese, and the proposed outcome. Pure, so that a frozen
 * rule set and the same facts always give the same proposal.
 */
import dayjs from 'dayjs';
import { type Outcome, type ReviewRequirement, type TrainingRules } from '../schemas/recert.ts';
import { notCountedBecause, type LedgerEntry } from './ledger.ts';
import { registrationValidUntil, type CertificateFact } from './periods.ts';
import { CertificateLevel } from '../../domain/vocabulary.ts';
import {
  hasSupervisionMinimum,
  NO_SUPERVISION,
  supervisionHours,
  supervisionMinimums,
  supervisionSentence,
  type SupervisionReviewFacts,
  type SupervisionYearFacts,
} from './supervision-check.ts';

export interface SupervisorForReview {
  levelId: number;
  status: 'active' | 'suspended' | 'expired' | 'revoked';
  appointedOn: string;
  certificates: readonly CertificateFact[];
  records: readonly LedgerEntry[];
  /** The supervision they gave in the cycle year; absent: none recorded. */
  supervision?: SupervisionYearFacts;
}

export type CheckKey = 'unifiedTraining' | 'yearHours' | 'supervision' | 'registration' | 'active';

export interface Check {
  key: CheckKey;
  met: boolean;
  /** Can be made good later: an unmet remediable check leads to 有条件通过, not 不通过. */
  remediable: boolean;
  text: string;
}

export interface ReviewFacts {
  year: number;
  yearHours: number;
  requiredYearHours: number;
  unifiedTrainings: number;
  requiredUnifiedTrainings: number;
  registrationValidUntil: string | null;
  status: SupervisorForReview['status'];
  appointedOn: string;
  /** The supervision given in the year and its minimums (issue 22); absent in reviews computed before. */
  supervision?: SupervisionReviewFacts;
  checks: Check[];
}

export interface ReviewEvaluation {
  facts: ReviewFacts;
  proposal: Outcome;
  /** Why, in plain Chinese: the unmet checks, or that everything is met. */
  reasons: string[];
}

export function requirementFor(rules: TrainingRules, levelId: number): ReviewRequirement {
  return rules.review.byLevel.find((r) => r.levelId === levelId) ?? rules.review.default;
}

/** Rounded up to the half hour, as hours are kept. */
const ceilHalf = (hours: number) => Math.ceil(hours * 2) / 2;

export function evaluateReview(
  supervisor: SupervisorForReview,
  rules: TrainingRules,
  year: number,
  options: { registrationYears: number; categoryName: (id: number) => string },
): ReviewEvaluation {
  const requirement = requirementFor(rules, supervisor.levelId);
  const inYear = (date: string) => date.startsWith(`${year}-`);
  let yearHours = 0;
  const unifiedHours = new Map<number, number>();
  for (const entry of supervisor.records) {
    if (!inYear(entry.earnedOn)) continue;
    if (entry.unified && entry.sessionId !== null) unifiedHours.set(entry.sessionId, (unifiedHours.get(entry.sessionId) ?? 0) + entry.hours);
    if (notCountedBecause(entry, rules, options.categoryName) === null) yearHours += entry.hours;
  }
  const unifiedTrainings = [...unifiedHours.values()].filter((h) => h > 0).length;

  // Appointed during the cycle year: the hours are due for the months from the appointment on.
  const appointedThisYear = inYear(supervisor.appointedOn);
  const months = appointedThisYear ? 13 - Number(supervisor.appointedOn.slice(5, 7)) : 12;
  const requiredYearHours = ceilHalf((requirement.yearHours * months) / 12);
  const prorated = appointedThisYear ? `（${supervisor.appointedOn} 聘任，按 ${months} 个月折算）` : '';

  // Any certificate's registration will do; the one that runs longest is shown.
  let certificate: { level: CertificateFact['level']; validUntil: string } | null = null;
  for (const c of supervisor.certificates) {
    const until = registrationValidUntil(c, options.registrationYears);
    if (!certificate || until > certificate.validUntil) certificate = { level: c.level, validUntil: until };
  }
  const validUntil = certificate?.validUntil ?? null;
  const yearEnd = `${year}-12-31`;

  const checks: Check[] = [];
  if (requirement.unifiedTrainings > 0) {
    checks.push({
      key: 'unifiedTraining',
      met: unifiedTrainings >= requirement.unifiedTrainings,
      remediable: rules.remediable.unifiedTraining,
      text:
        unifiedTrainings === 0
          ? `${year}年未参加统一培训`
          : `${year}年参加统一培训 ${unifiedTrainings} 次${unifiedTrainings >= requirement.unifiedTrainings ? '' : `，要求 ${requirement.unifiedTrainings} 次`}`,
    });
  }
  if (requiredYearHours > 0) {
    checks.push({
      key: 'yearHours',
      met: yearHours >= requiredYearHours,
      remediable: rules.remediable.yearHours,
      text:
        yearHours >= requiredYearHours
          ? `${year}年计入 ${yearHours} 学时，要求 ${requiredYearHours}${prorated}`
          : `${year}年计入 ${yearHours} 学时，要求 ${requiredYearHours}${prorated}，尚差 ${requiredYearHours - yearHours}`,
    });
  }
  const given = supervisor.supervision ?? NO_SUPERVISION;
  const minimums = supervisionMinimums(requirement, months);
  const supervision: SupervisionReviewFacts = {
    sessions: given.sessions,
    hours: supervisionHours(given.minutes),
    subjects: given.subjects,
    requiredHours: minimums.hours,
    requiredSessions: minimums.sessions,
    requiredSubjects: minimums.subjects,
  };
  if (hasSupervisionMinimum(minimums)) {
    const { met, text } = supervisionSentence(year, supervision, minimums.hours !== null || minimums.sessions !== null ? prorated : '');
    // A rule set saved before issue 22 has no such key: like the year's hours.
    checks.push({ key: 'supervision', met, remediable: rules.remediable.supervision ?? true, text });
  }
  if (rules.review.requireRegistration) {
    checks.push({
      key: 'registration',
      met: validUntil !== null && validUntil >= yearEnd,
      remediable: rules.remediable.registration,
      text: !certificate
        ? '未登记职业水平证书'
        : validUntil! >= yearEnd
          ? `${CertificateLevel.label(certificate.level)}证书登记有效期至 ${validUntil}`
          : `${CertificateLevel.label(certificate.level)}证书登记有效期至 ${validUntil}，未覆盖至 ${yearEnd}，需办理再登记`,
    });
  }
  if (rules.review.requireActive) {
    checks.push({
      key: 'active',
      met: supervisor.status === 'active',
      remediable: false,
      text: supervisor.status === 'active' ? '督导在册' : '督导当前处于暂停状态',
    });
  }

  const unmet = checks.filter((c) => !c.met);
  const proposal: Outcome = unmet.length === 0 ? 'pass' : unmet.every((c) => c.remediable) ? 'conditional' : 'fail';
  return {
    facts: {
      year,
      yearHours,
      requiredYearHours,
      unifiedTrainings,
      requiredUnifiedTrainings: requirement.unifiedTrainings,
      registrationValidUntil: validUntil,
      status: supervisor.status,
      appointedOn: supervisor.appointedOn,
      ...(supervisor.supervision ? { supervision } : {}),
      checks,
    },
    proposal,
    reasons: unmet.length === 0 ? ['各项要求均已满足'] : unmet.map((c) => c.text),
  };
}

/** 有条件通过: conditions are due by the last day of the rule's month in the year after the cycle. */
export function conditionDeadline(rules: TrainingRules, year: number): string {
  return dayjs(`${year + 1}-${String(rules.conditionalDeadlineMonths).padStart(2, '0')}-01`)
    .endOf('month')
    .format('YYYY-MM-DD');
}

/** 通过 and 有条件通过 extend the appointment to the end of the year after the cycle. */
export function extendedValidity(year: number, current: string): string {
  const extended = `${year + 1}-12-31`;
  return extended > current ? extended : current;
}
