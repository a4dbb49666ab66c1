import { normalizeDateText } from '../../../../core/dates.ts';

/** `2027-03-15`, `2027/3/15`, `2027年3月15日`, or a month alone (`2027-03`, `2027年3月`: its first day) as `YYYY-MM-DD`; otherwise null. */
export function jumpDate(text: string): string | null {
  const month = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(text.trim());
  const date = month ? `${month[1]}-${month[2]!.padStart(2, '0')}-01` : normalizeDateText(text);
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!parts) return null;
  // A real day of the calendar (not 2027-02-30).
  const day = new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])));
  return day.toISOString().slice(0, 10) === date ? date : null;
}
