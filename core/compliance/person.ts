/**
 * A person's training-hour compliance on a given day (民发〔2009〕123号 per registration period,
 * the rolling window, an optional yearly minimum), and where every ledger row's hours went.
 * Pure: the same facts and rules always give the same result.
 */
import type { TrainingRules } from '../schemas/recert.ts';
import { CERTIFICATE_LABELS, type CertificateLevel } from '../supervision/entry-conditions.ts';
import { notCountedBecause, type LedgerEntry } from './ledger.ts';
import { governingCertificate, registrationPeriods, registrationValidUntil, rollingWindow, type CertificateFact } from './periods.ts';

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

const requirement = (required: number | null, done: number, note: string | null = null): Requirement => ({
  required,
  done,
  shortfall: required === null ? 0 : Math.max(0, required - done),
  note,
});

const range = (start: string, end: string) => `${start} 至 ${end}`;

export function evaluateCompliance(facts: PersonTrainingFacts, rules: TrainingRules, asOf: string, options: ComplianceOptions): Compliance {
  const certificate = governingCertificate(facts.certificates);
  const periods = certificate ? registrationPeriods(certificate, options.registrationYears) : [];
  const periodRequired = certificate ? rules.periodHours[certificate.level] : null;
  const window = rollingWindow(asOf, rules.windowYears);
  const year = Number(asOf.slice(0, 4));
  const doneInPeriod = periods.map(() => 0);
  let windowDone = 0;
  let yearDone = 0;
  const attributions: Attribution[] = [];

  for (const entry of facts.records) {
    const refusal = notCountedBecause(entry, rules, options.categoryName);
    const periodIndex = refusal ? -1 : periods.findIndex((p) => p.start <= entry.earnedOn && entry.earnedOn <= p.end);
    const inWindow = !refusal && window.start <= entry.earnedOn && entry.earnedOn <= window.end;
    if (periodIndex >= 0) doneInPeriod[periodIndex]! += entry.hours;
    if (inWindow) windowDone += entry.hours;
    if (!refusal && entry.earnedOn.startsWith(`${year}-`) && entry.earnedOn <= asOf) yearDone += entry.hours;
    if (options.withAttributions) {
      const period = periodIndex >= 0 ? range(periods[periodIndex]!.start, periods[periodIndex]!.end) : null;
      attributions.push({ recordId: entry.id, hours: entry.hours, counted: !refusal, period, inWindow, text: refusal ?? attributionText(entry, period, inWindow, certificate, rules.windowYears, window) });
    }
  }

  const periodResults: PeriodResult[] = periods.map((p, i) => {
    const note = !p.full ? '发证日在该期内，不足一个完整登记期，不设要求' : periodRequired === null && certificate ? `${CERTIFICATE_LABELS[certificate.level]}不设登记期学时要求` : null;
    return { ...requirement(p.full ? periodRequired : null, doneInPeriod[i]!, note), start: p.start, end: p.end, state: p.end < asOf ? 'past' : 'current' };
  });
  const current = periodResults.find((p) => p.start <= asOf && asOf <= p.end) ?? periodResults.at(-1) ?? null;

  const experienceStart = facts.practiceStart ?? [...facts.certificates].map((c) => c.issuedOn).sort()[0] ?? null;
  const windowNote =
    experienceStart === null ? '未登记从业起始日期，暂不适用' : experienceStart > window.start ? `从业起始 ${experienceStart} 晚于滚动期起点，未满 ${rules.windowYears} 年，暂不适用` : null;
  const windowResult = { ...requirement(windowNote ? null : rules.windowHours, windowDone, windowNote), ...window };
  const yearResult = rules.yearlyMinimumHours === null ? null : { ...requirement(rules.yearlyMinimumHours, yearDone), year };

  const shortfalls: string[] = [];
  if (current && current.shortfall > 0) {
    shortfalls.push(`登记期 ${range(current.start, current.end)} 计入 ${current.done} 学时，要求 ${current.required}，尚差 ${current.shortfall}`);
  }
  if (windowResult.shortfall > 0) shortfalls.push(`近 ${rules.windowYears} 年（${range(window.start, window.end)}）计入 ${windowDone} 学时，要求 ${rules.windowHours}，尚差 ${windowResult.shortfall}`);
  if (yearResult && yearResult.shortfall > 0) shortfalls.push(`${year} 年计入 ${yearDone} 学时，要求每年至少 ${yearResult.required}，尚差 ${yearResult.shortfall}`);

  return {
    asOf,
    certificate: certificate && {
      level: certificate.level,
      label: CERTIFICATE_LABELS[certificate.level],
      issuedOn: certificate.issuedOn,
      validUntil: registrationValidUntil(certificate, options.registrationYears),
    },
    periods: periodResults,
    current,
    window: windowResult,
    year: yearResult,
    compliant: shortfalls.length === 0,
    shortfalls,
    attributions,
  };
}

function attributionText(
  entry: LedgerEntry,
  period: string | null,
  inWindow: boolean,
  certificate: CertificateFact | null,
  windowYears: number,
  window: { start: string; end: string },
): string {
  const parts: string[] = [];
  if (period) parts.push(`计入登记期 ${period}`);
  else if (!certificate) parts.push('未持证，不计入登记期');
  else if (entry.earnedOn < certificate.issuedOn) parts.push(`早于发证日 ${certificate.issuedOn}，不计入登记期`);
  else parts.push('晚于登记有效期，不计入登记期');
  parts.push(inWindow ? `计入近 ${windowYears} 年` : entry.earnedOn > window.end ? '晚于核算日' : `早于近 ${windowYears} 年起点 ${window.start}`);
  return parts.join('；');
}
