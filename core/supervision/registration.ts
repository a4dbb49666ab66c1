/**
 * Certificate registration (民发〔2009〕44号): a registration is valid for a number of years and may be
 * renewed only in the last months before it expires. Pure date rules; the numbers come from the
 * rule settings (defaults 3 years and 3 months).
 */
import dayjs from 'dayjs';
import { addDays, addYears } from '../dates.ts';

export interface RegistrationRule {
  registrationYears: number;
  windowMonths: number;
}

export const DEFAULT_REGISTRATION_RULE: RegistrationRule = { registrationYears: 3, windowMonths: 3 };

export type RegistrationStatus = 'valid' | 'window' | 'expired';

/** The last day of `years` registration years from `start` (a 29 February start ends on 28 February). */
export function registrationEnd(start: string, years: number): string {
  // The day before the anniversary; a 29 February start has its anniversary on 1 March in a common year.
  const anniversary = addYears(start, years);
  return addDays(start.slice(5) === '02-29' && anniversary.slice(5) === '02-28' ? addDays(anniversary, 1) : anniversary, -1);
}

/** First day of the re-registration window: the window is the last `months` months up to `validUntil`. */
export function windowStart(validUntil: string, months: number): string {
  return dayjs(validUntil).subtract(months, 'month').add(1, 'day').format('YYYY-MM-DD');
}

/** The first day a registration valid until `validUntil` has lapsed ('expired'): the coverage forecast reads it once per person. */
export function lapsesOn(validUntil: string): string {
  return addDays(validUntil, 1);
}

export function registrationStatus(validUntil: string, months: number, today: string): RegistrationStatus {
  if (today >= lapsesOn(validUntil)) return 'expired';
  return today >= windowStart(validUntil, months) ? 'window' : 'valid';
}

/**
 * The latest valid-until date whose window has opened by `today`: certificates expiring up to
 * this date (and not yet expired) are in their window. Exact around month ends.
 */
export function windowOpenThrough(today: string, months: number): string {
  let candidate = dayjs(today).add(months, 'month');
  while (windowStart(candidate.format('YYYY-MM-DD'), months) > today) candidate = candidate.subtract(1, 'day');
  while (windowStart(candidate.add(1, 'day').format('YYYY-MM-DD'), months) <= today) candidate = candidate.add(1, 'day');
  return candidate.format('YYYY-MM-DD');
}

export function ruleText(rule: RegistrationRule): string {
  return `民发〔2009〕44号：登记有效期 ${rule.registrationYears} 年，期满前 ${rule.windowMonths} 个月内可申请再登记`;
}
