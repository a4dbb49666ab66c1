import { describe, expect, it } from 'vitest';
import { jumpDate } from '../../renderer/src/resources/sessions/jump-date.ts';

describe('班期日历 跳转到日期: what may be typed', () => {
  it('takes a date or a month, written as people write them', () => {
    expect(jumpDate('2027-03-15')).toBe('2027-03-15');
    expect(jumpDate('2027/3/5')).toBe('2027-03-05');
    expect(jumpDate('2027年3月15日')).toBe('2027-03-15');
    expect(jumpDate('2027-03')).toBe('2027-03-01');
    expect(jumpDate('2027年3月')).toBe('2027-03-01');
  });
  it('refuses what is not a day of the calendar', () => {
    expect(jumpDate('2027-02-30')).toBeNull();
    expect(jumpDate('2027-13')).toBeNull();
    expect(jumpDate('下个月')).toBeNull();
    expect(jumpDate('')).toBeNull();
  });
});
