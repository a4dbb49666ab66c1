import { describe, expect, it } from 'vitest';
import { registrationEnd, registrationStatus, ruleText, windowOpenThrough, windowStart } from '../../core/supervision/registration.ts';

describe('certificate registration dates (民发〔2009〕44号, default 3 years / 3 months)', () => {
  it('a registration ends the day before its anniversary', () => {
    expect(registrationEnd('2015-06-20', 3)).toBe('2018-06-19');
    expect(registrationEnd('2020-01-01', 3)).toBe('2022-12-31');
    expect(registrationEnd('2023-03-01', 3)).toBe('2026-02-28');
    expect(registrationEnd('2021-03-01', 3)).toBe('2024-02-29'); // ends in a leap February
  });

  it('leap day starts: 29 February runs to 28 February of a common year', () => {
    expect(registrationEnd('2024-02-29', 3)).toBe('2027-02-28');
    expect(registrationEnd('2024-02-29', 4)).toBe('2028-02-28'); // 2028-02-29 exists: the anniversary, so the day before
  });

  it('the window is the last 3 months up to the end, month ends clamped', () => {
    expect(windowStart('2027-06-19', 3)).toBe('2027-03-20');
    expect(windowStart('2027-05-31', 3)).toBe('2027-03-01'); // 31 May − 3 months = 28 Feb (clamped) + 1 day
    expect(windowStart('2028-05-31', 3)).toBe('2028-03-01'); // 29 Feb 2028 + 1 day
    expect(windowStart('2026-12-31', 3)).toBe('2026-10-01');
    expect(windowStart('2027-03-31', 1)).toBe('2027-03-01');
  });

  it('status on the boundary days', () => {
    expect(registrationStatus('2027-06-19', 3, '2027-03-19')).toBe('valid');
    expect(registrationStatus('2027-06-19', 3, '2027-03-20')).toBe('window');
    expect(registrationStatus('2027-06-19', 3, '2027-06-19')).toBe('window');
    expect(registrationStatus('2027-06-19', 3, '2027-06-20')).toBe('expired');
  });

  it('windowOpenThrough is exactly the last end date whose window has opened', () => {
    for (const today of ['2026-11-24', '2026-11-30', '2026-12-01', '2027-02-28', '2027-03-01', '2028-02-29', '2026-08-31']) {
      const through = windowOpenThrough(today, 3);
      expect(windowStart(through, 3) <= today, today).toBe(true);
      const next = new Date(Date.parse(`${through}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      expect(windowStart(next, 3) > today, today).toBe(true);
    }
    expect(windowOpenThrough('2026-11-24', 3)).toBe('2027-02-23');
  });

  it('names the rule it applied', () => {
    expect(ruleText({ registrationYears: 3, windowMonths: 3 })).toBe('民发〔2009〕44号：登记有效期 3 年，期满前 3 个月内可申请再登记');
  });
});
