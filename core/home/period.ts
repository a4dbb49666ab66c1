/** The 工作台's periods, from core's clock in the configured time zone: this week (Monday first) and this year. */
import { addDays, dayNumber } from '../dates.ts';

/** This week: Monday through Sunday, as `from` (inclusive) and `to` (the next Monday, exclusive) — the session list's range. */
export function weekOf(today: string): { from: string; to: string } {
  const monday = addDays(today, -((dayNumber(today) + 3) % 7)); // 1970-01-01 was a Thursday
  return { from: monday, to: addDays(monday, 7) };
}

/** A year as the session list's range: from 1 January to before 1 January of the next. */
export const yearRange = (year: number): { from: string; to: string } => ({ from: `${year}-01-01`, to: `${year + 1}-01-01` });

/** Whole days from `today` to `date` (negative when past). */
export const daysFrom = (today: string, date: string): number => dayNumber(date) - dayNumber(today);
