/**
 * Entry conditions of a supervisor level (docs/design.md §3): minimum certificate level, years of
 * practice since 从业起始, and years as an active supervisor at the level directly below.
 * Pure: facts in, one line per condition out, each saying what was found and what is required.
 */
import type { LevelConditions } from '../../db/repos/supervisors.ts';
import { CertificateLevel } from '../../domain/vocabulary.ts';

export { CertificateLevel };

export interface LevelForCheck extends LevelConditions {
  name: string;
}

export interface EntryFacts {
  certificateLevels: CertificateLevel[];
  practiceStart: string | null;
  /** Days spent active at the level directly below (0 for someone not yet a supervisor). */
  daysAtLower: number;
}

export interface ConditionResult {
  key: 'certificate' | 'practice' | 'lower';
  met: boolean;
  text: string;
}

const DAYS_PER_YEAR = 365.25;
const rank = (level: CertificateLevel) => CertificateLevel.order(level);

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** "4 年 2 个月" for a number of days. */
export function yearsAndMonths(days: number): string {
  const years = Math.floor(days / DAYS_PER_YEAR);
  const months = Math.floor((days - years * DAYS_PER_YEAR) / (DAYS_PER_YEAR / 12));
  return months ? `${years} 年 ${months} 个月` : `${years} 年`;
}

export function checkEntryConditions(level: LevelForCheck, lower: LevelForCheck | null, facts: EntryFacts, today: string): ConditionResult[] {
  const results: ConditionResult[] = [];
  if (level.minCertificateLevel) {
    const required = level.minCertificateLevel;
    const best = facts.certificateLevels.reduce<CertificateLevel | null>((top, l) => (top === null || rank(l) > rank(top) ? l : top), null);
    const met = best !== null && rank(best) >= rank(required);
    const found = best ? `持有${CertificateLevel.label(best)}证书` : '未登记职业水平证书';
    results.push({ key: 'certificate', met, text: `${found}（要求：${CertificateLevel.label(required)}及以上）` });
  }
  if (level.minPracticeYears > 0) {
    const required = `要求 ≥ ${level.minPracticeYears} 年`;
    if (!facts.practiceStart) results.push({ key: 'practice', met: false, text: `未填写从业起始日期（${required}）` });
    else {
      const days = Math.max(0, daysBetween(facts.practiceStart, today));
      results.push({ key: 'practice', met: days >= level.minPracticeYears * DAYS_PER_YEAR, text: `从业 ${yearsAndMonths(days)}（${required}）` });
    }
  }
  if (lower && level.minYearsAtLower > 0) {
    results.push({
      key: 'lower',
      met: facts.daysAtLower >= level.minYearsAtLower * DAYS_PER_YEAR,
      text: `任${lower.name} ${yearsAndMonths(facts.daysAtLower)}（要求 ≥ ${level.minYearsAtLower} 年）`,
    });
  }
  return results;
}

/** Days a supervisor was active at `levelId`, from their event history (any order) up to `today`. */
export function daysActiveAtLevel(
  events: { effectiveOn: string; levelId: number | null; status: string | null; id: number }[],
  levelId: number,
  today: string,
): number {
  const ordered = [...events].sort((a, b) => (a.effectiveOn === b.effectiveOn ? a.id - b.id : a.effectiveOn < b.effectiveOn ? -1 : 1));
  let days = 0;
  ordered.forEach((event, i) => {
    if (event.levelId !== levelId || event.status !== 'active') return;
    const end = ordered[i + 1]?.effectiveOn ?? today;
    days += Math.max(0, daysBetween(event.effectiveOn, end < today ? end : today));
  });
  return days;
}
