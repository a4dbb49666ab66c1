/** Dates as users type or paste them (2026-11-22, 2026/11/22, 2026.11.22, 20261122, 2026年11月22日) to ISO text. */
export function normalizeDateText(text: string): string {
  const trimmed = text.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(trimmed);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  const parts = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(trimmed);
  if (parts) return `${parts[1]}-${parts[2]!.padStart(2, '0')}-${parts[3]!.padStart(2, '0')}`;
  return trimmed;
}

/** An Excel date cell (ExcelJS gives it at midnight UTC) as ISO text. */
export function isoFromExcelDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A wall-clock date-time as typed (2026-12-01 09:00, 2026-12-01T09:00, 2026/12/1 9:00) to the
 * stored form `YYYY-MM-DDTHH:MM`; anything else comes back unchanged for the caller to refuse.
 */
export function normalizeDateTimeText(text: string): string {
  const m = /^(.+?)[T\s]+(\d{1,2}):(\d{2})(?::00(?:\.0+)?)?$/.exec(text.trim());
  if (!m) return text.trim();
  return `${normalizeDateText(m[1]!)}T${m[2]!.padStart(2, '0')}:${m[3]}`;
}

/** Hours between two stored date-times (whole minutes; no daylight saving in China). */
export function hoursBetween(startsAt: string, endsAt: string): number {
  return (Date.parse(`${endsAt}:00Z`) - Date.parse(`${startsAt}:00Z`)) / 3_600_000;
}

/** A session's time as people write it: 2026-12-01 09:00–12:00, or with both dates when it crosses midnight. */
export function formatTimeRange(startsAt: string, endsAt: string): string {
  const [startDate, startTime] = startsAt.split('T');
  const [endDate, endTime] = endsAt.split('T');
  return startDate === endDate ? `${startDate} ${startTime}–${endTime}` : `${startDate} ${startTime}–${endDate} ${endTime}`;
}

/** An ISO date moved by whole days (negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
