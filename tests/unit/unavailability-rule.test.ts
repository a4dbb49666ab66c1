import { describe, expect, it } from 'vitest';
import { isoWeekday, unavailableDuring, type Unavailability } from '../../domain/index.ts';

const weekly = (extra: Partial<Extract<Unavailability, { kind: 'weekly' }>> = {}): Unavailability => ({
  kind: 'weekly',
  weekday: 2,
  startTime: '14:00',
  endTime: '17:00',
  validFrom: null,
  validUntil: null,
  ...extra,
});
const t = (startsAt: string, endsAt: string) => ({ startsAt, endsAt });

describe('不可用时间 (domain/rules/time-holding.ts)', () => {
  it('weekdays run Monday = 1 … Sunday = 7', () => {
    expect(['2026-11-30', '2026-12-01', '2026-12-05', '2026-12-06'].map(isoWeekday)).toEqual([1, 2, 6, 7]);
  });

  it('a weekly entry holds its weekday’s hours; touching is fine, other days are free', () => {
    expect(unavailableDuring(weekly(), t('2026-12-01T16:59', '2026-12-01T18:00'))).toBe(true);
    expect(unavailableDuring(weekly(), t('2026-12-01T17:00', '2026-12-01T18:00'))).toBe(false);
    expect(unavailableDuring(weekly(), t('2026-12-01T09:00', '2026-12-01T14:00'))).toBe(false);
    expect(unavailableDuring(weekly(), t('2026-12-02T14:00', '2026-12-02T17:00'))).toBe(false);
  });

  it('a weekly entry holds only within its dates, both included', () => {
    const dated = weekly({ validFrom: '2026-12-08', validUntil: '2026-12-15' });
    expect(unavailableDuring(dated, t('2026-12-01T15:00', '2026-12-01T16:00'))).toBe(false);
    expect(unavailableDuring(dated, t('2026-12-08T15:00', '2026-12-08T16:00'))).toBe(true);
    expect(unavailableDuring(dated, t('2026-12-15T15:00', '2026-12-15T16:00'))).toBe(true);
    expect(unavailableDuring(dated, t('2026-12-22T15:00', '2026-12-22T16:00'))).toBe(false);
  });

  it('a session of several days meets a weekly entry on any of them', () => {
    expect(unavailableDuring(weekly(), t('2026-11-29T09:00', '2026-12-01T15:00'))).toBe(true);
    expect(unavailableDuring(weekly(), t('2026-11-29T09:00', '2026-12-01T13:00'))).toBe(false);
  });

  it('a one-off entry holds from its start to its end, across midnight', () => {
    const once: Unavailability = { kind: 'once', startsAt: '2026-12-03T13:00', endsAt: '2026-12-04T12:00' };
    expect(unavailableDuring(once, t('2026-12-04T08:00', '2026-12-04T10:00'))).toBe(true);
    expect(unavailableDuring(once, t('2026-12-04T12:00', '2026-12-04T14:00'))).toBe(false);
    expect(unavailableDuring(once, t('2026-12-03T09:00', '2026-12-03T13:00'))).toBe(false);
  });
});
