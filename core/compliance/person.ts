/**
 * A person's training-hour compliance on a given day (民发〔2009〕123号 per registration period,
 * the rolling window, an optional yearly minimum), and where every ledger row's hours went.
 * Pure: the same facts and rules always give the same result.
 *
 * In three steps, so that the list of everyone can add the hours up in SQL (core/compliance/
 * population.ts) and still be judged here: the spans (periods, window, year), the hours in each,
 * and the judgement of those hours against the rules.
 */
import type { TrainingRules } from '../schemas/recert.ts';

import { notCountedBecause, type LedgerEntry } from './ledger.ts';
import { governingCertificate, registrationPeriods, registrationValidUntil, rollingWindow, type CertificateFact, type Period } from './periods.ts';
import { CertificateLevel } from '../../domain/vocabulary.ts';

export interface PersonTrainingFacts {
  practiceStart: string | null;
  certificates: readonly CertificateFact[];
  records: readonly LedgerEntry[];
}

export interface Requirement {
  /** Null: no requirement applies (the note says why). */
  required: number | null;
  done: number;
  shortfall: number;
  note: string | null;
}

export interface PeriodResult extends Requirement {
  start: string;
  end: string;
  state: 'past' | 'current';
}

export interface Attribution {
  recordId: number;
  hours: number;
  counted: boolean;
  /** The registration period (start–end) the hours count toward, if any. */
  period: string | null;
  inWindow: boolean;
  text: string;
}

export interface Compliance {
  asOf: string;
  certificate: { level: CertificateLevel; label: string; issuedOn: string; validUntil: string } | null;
  periods: PeriodResult[];
  /** The period that contains `asOf`, or the last one when the registration has lapsed. */
  current: PeriodResult | null;
  window: Requirement & { start: string; end: string };
  year: (Requirement & { year: number }) | null;
  compliant: boolean;
  /** Plain Chinese, one line per unmet requirement. */
  shortfalls: string[];
  attributions: Attribution[];
}

export interface ComplianceOptions {
  registrationYears: number;
  categoryName: (id: number) => string;
  withAttributions?: boolean;
}

/** Step 1: the spans hours are counted in. */
export interface Spans {
  asOf: string;
  certificate: CertificateFact | null;
  periods: Period[];
  /** Index in `periods` of the one containing `asOf`, else the last (lapsed), else -1. */
  currentIndex: number;
  window: { start: string; end: string };
  /** 1 January of the year of `asOf`. */
  yearStart: string;
  experienceStart: string | null;
}

/** `window` may be passed in when many people share the day of reckoning; `currentOnly` skips past periods (the list shows only the current one). */
export function complianceSpans(
  practiceStart: string | null,
  certificates: readonly CertificateFact[],
  rules: TrainingRules,
  asOf: string,
  registrationYears: number,
  shared: { window?: { start: string; end: string }; currentOnly?: boolean } = {},
): Spans {
  const certificate = governingCertificate(certificates);
  const periods = certificate ? registrationPeriods(certificate, registrationYears, shared.currentOnly ? asOf : undefined) : [];
  const containing = periods.findIndex((p) => p.start <= asOf && asOf <= p.end);
  let experienceStart = practiceStart;
  if (experienceStart === null) for (const c of certificates) if (experienceStart === null || c.issuedOn < experienceStart) experienceStart = c.issuedOn;
  return {
    asOf,
    certificate,
    periods,
    currentIndex: containing >= 0 ? containing : periods.length - 1,
    window: shared.window ?? rollingWindow(asOf, rules.windowYears),
    yearStart: `${asOf.slice(0, 4)}-01-01`,
    experienceStart,
  };
}

/** Step 2 (one person's rows): the counted hours in each span. The list does the same sums in SQL. */
export interface SpanHours {
  periods: number[];
  window: number;
  year: number;
}

/** Step 3: the hours judged against the rules. */
export function judgeCompliance(
  spans: Spans,
  hours: SpanHours,
  rules: TrainingRules,
  options: ComplianceOptions,
): Omit<Compliance, 'attributions' | 'shortfalls'> {
  const { certificate, periods, window, asOf } = spans;
  const periodRequired = certificate ? rules.periodHours[certificate.level] : null;
  const periodResults: PeriodResult[] = periods.map((p, i) => {
    const note = !p.full
      ? '发证日在该期内，不足一个完整登记期，不设要求'
      : periodRequired === null && certificate
        ? `${CertificateLevel.label(certificate.level)}不设登记期学时要求`
        : null;
    const result = requirement(p.full ? periodRequired : null, hours.periods[i] ?? 0, note);
    const state = p.end < asOf ? 'past' : 'current';
    // The current one (or the last, when the registration has lapsed) is judged; one before it has ended and only explains itself.
    const ended = state === 'past' && i !== spans.currentIndex;
    return { ...result, note: ended ? pastPeriodNote(result) : note, start: p.start, end: p.end, state };
  });
  const current = periodResults[spans.currentIndex] ?? null;
  const windowNote = windowNotApplicable(spans, rules);
  const windowResult = { ...requirement(windowNote ? null : rules.windowHours, hours.window, windowNote), ...window };
  const year = Number(asOf.slice(0, 4));
  const yearResult = rules.yearlyMinimumHours === null ? null : { ...requirement(rules.yearlyMinimumHours, hours.year), year };

  return {
    asOf,
    certificate: certificate && {
      level: certificate.level,
      label: CertificateLevel.label(certificate.level),
      issuedOn: certificate.issuedOn,
      validUntil: registrationValidUntil(certificate, options.registrationYears),
    },
    periods: periodResults,
    current,
    window: windowResult,
    year: yearResult,
    compliant: !(current && current.shortfall > 0) && windowResult.shortfall === 0 && !(yearResult && yearResult.shortfall > 0),
  };
}

/** Each unmet requirement in plain Chinese. Apart from the numbers, so a list of 100,000 writes only the lines it shows. */
export function describeShortfalls(
  judged: { current: PeriodResult | null; window: Requirement & { start: string; end: string }; year: (Requirement & { year: number }) | null },
  rules: TrainingRules,
): string[] {
  const { current, window, year } = judged;
  const lines: string[] = [];
  if (current && current.shortfall > 0)
    lines.push(`登记期 ${range(current.start, current.end)} 计入 ${current.done} 学时，要求 ${current.required}，尚差 ${current.shortfall}`);
  if (window.shortfall > 0)
    lines.push(`近 ${rules.windowYears} 年（${range(window.start, window.end)}）计入 ${window.done} 学时，要求 ${rules.windowHours}，尚差 ${window.shortfall}`);
  if (year && year.shortfall > 0) lines.push(`${year.year} 年计入 ${year.done} 学时，要求每年至少 ${year.required}，尚差 ${year.shortfall}`);
  return lines;
}

/** All three steps for one person, with where every row's hours went. */
export function evaluateCompliance(facts: PersonTrainingFacts, rules: TrainingRules, asOf: string, options: ComplianceOptions): Compliance {
  const spans = complianceSpans(facts.practiceStart, facts.certificates, rules, asOf, options.registrationYears);
  const { periods, window, certificate } = spans;
  const hours: SpanHours = { periods: periods.map(() => 0), window: 0, year: 0 };
  const attributions: Attribution[] = [];
  for (const entry of facts.records) {
    const refusal = notCountedBecause(entry, rules, options.categoryName);
    const periodIndex = refusal ? -1 : periods.findIndex((p) => p.start <= entry.earnedOn && entry.earnedOn <= p.end);
    const inWindow = !refusal && window.start <= entry.earnedOn && entry.earnedOn <= window.end;
    if (periodIndex >= 0) hours.periods[periodIndex]! += entry.hours;
    if (inWindow) hours.window += entry.hours;
    if (!refusal && spans.yearStart <= entry.earnedOn && entry.earnedOn <= asOf) hours.year += entry.hours;
    if (options.withAttributions) {
      const period = periodIndex >= 0 ? range(periods[periodIndex]!.start, periods[periodIndex]!.end) : null;
      attributions.push({
        recordId: entry.id,
        hours: entry.hours,
        counted: !refusal,
        period,
        inWindow,
        text: refusal ?? attributionText(entry, period, inWindow, certificate, rules.windowYears, window, windowNotApplicable(spans, rules)),
      });
    }
  }
  const judged = judgeCompliance(spans, hours, rules, options);
  return { ...judged, shortfalls: describeShortfalls(judged, rules), attributions };
}

/**
 * A registration period that has ended explains itself: what it required, what counted, and what was
 * missing at its end. Only the current period decides whether requirements are met today.
 */
function pastPeriodNote({ required, done, shortfall, note }: Requirement): string {
  if (required === null) return `已结束的周期：${note ?? '不设要求'}；计入 ${done} 学时`;
  return shortfall > 0
    ? `已结束的周期：要求 ${required} 学时，计入 ${done}，期末尚差 ${shortfall}（不影响当前是否达标）`
    : `已结束的周期：要求 ${required} 学时，计入 ${done}，已达到`;
}

/** Why the rolling window does not apply to someone (no practice start known, or fewer years than the window), or null when it does. */
function windowNotApplicable({ experienceStart, window }: Pick<Spans, 'experienceStart' | 'window'>, rules: TrainingRules): string | null {
  if (experienceStart === null) return '未登记从业起始日期，暂不适用';
  if (experienceStart > window.start) return `从业起始 ${experienceStart} 晚于滚动期起点，未满 ${rules.windowYears} 年，暂不适用`;
  return null;
}

const requirement = (required: number | null, done: number, note: string | null = null): Requirement => ({
  required,
  done,
  shortfall: required === null ? 0 : Math.max(0, required - done),
  note,
});

const range = (start: string, end: string) => `${start} 至 ${end}`;

function attributionText(
  entry: LedgerEntry,
  period: string | null,
  inWindow: boolean,
  certificate: CertificateFact | null,
  windowYears: number,
  window: { start: string; end: string },
  /** Why the window does not apply to this person, if it does not: the row then says so instead of 计入近 5 年. */
  windowNotApplies: string | null,
): string {
  const parts: string[] = [];
  if (period) parts.push(`计入登记期 ${period}`);
  else if (!certificate) parts.push('未持证，不计入登记期');
  else if (entry.earnedOn < certificate.issuedOn) parts.push(`早于发证日 ${certificate.issuedOn}，不计入登记期`);
  else parts.push('晚于登记有效期，不计入登记期');
  if (windowNotApplies) parts.push(`近 ${windowYears} 年要求暂不适用`);
  else parts.push(inWindow ? `计入近 ${windowYears} 年` : entry.earnedOn > window.end ? '晚于核算日' : `早于近 ${windowYears} 年起点 ${window.start}`);
  return parts.join('；');
}
