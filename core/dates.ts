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

/** The first day of an ISO date's month. */
export const monthStart = (date: string): string => `${date.slice(0, 8)}01`;

/** An ISO date moved by whole days (negative goes back). Integer arithmetic: it runs for every person in a province. */
export function addDays(date: string, days: number): string {
  return dateFromDayNumber(dayNumber(date) + days);
}

/** Days since 1970-01-01 of an ISO date (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function dayNumber(date: string): number {
  let y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The ISO date of a day number (civil_from_days). */
export function dateFromDayNumber(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * An ISO date moved by whole years, keeping month and day; 29 February becomes 28 February in a
 * common year (as dayjs does). Plain string arithmetic: it runs for every person in a province.
 */
export function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const monthDay = date.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, '0')}-${monthDay === '02-29' && !leap ? '02-28' : monthDay}`;
}

/**
 * The time zone used when none is configured (core/time-zone.ts keeps the configured one). Sessions'
 * date-times are wall-clock times there; every "today", displayed time, export and log line is read there.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** `YYYY-MM-DDTHH:mm:ss` on the wall clock of `timeZone` at an instant (ISO text or milliseconds). */
function wallClock(instant: string | number, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

/** Whether `name` is an IANA time zone name this runtime knows (Asia/Shanghai, Europe/Berlin, UTC); offsets like +08:00 are not names. */
export function isTimeZone(name: string): boolean {
  if (!/^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2})$/.test(name)) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** An instant (ISO UTC) as a wall-clock date-time in `timeZone`, `YYYY-MM-DDTHH:mm`, comparable with a session's `startsAt`. */
export function localDateTime(iso: string, timeZone: string): string {
  return wallClock(iso, timeZone).slice(0, 16);
}

/** The date of an instant in `timeZone`, `YYYY-MM-DD`: what "today" means there. */
export function localDate(iso: string, timeZone: string): string {
  return wallClock(iso, timeZone).slice(0, 10);
}

/** An instant as people read it in `timeZone`: `2026-12-07 00:30`, or with seconds. */
export function formatInstant(iso: string, timeZone: string, options: { seconds?: boolean } = {}): string {
  return wallClock(iso, timeZone)
    .slice(0, options.seconds ? 19 : 16)
    .replace('T', ' ');
}

/** Minutes `timeZone` is ahead of UTC at an instant (480 for Asia/Shanghai). */
function offsetMinutes(ms: number, timeZone: string): number {
  const minute = Math.floor(ms / 60_000) * 60_000;
  return Math.round((Date.parse(`${wallClock(minute, timeZone)}Z`) - minute) / 60_000);
}

/** The zone's offset from UTC at an instant as ISO writes it: `+08:00`, `-07:00`. */
export function utcOffset(iso: string, timeZone: string): string {
  const m = offsetMinutes(Date.parse(iso), timeZone);
  const abs = Math.abs(m);
  return `${m < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An instant with the zone's offset, for log lines: `2026-12-07T00:30:00.000+08:00`. */
export function zonedTimestamp(iso: string, timeZone: string): string {
  return `${wallClock(iso, timeZone)}.${iso.slice(20, 23) || '000'}${utcOffset(iso, timeZone)}`;
}

/**
 * The instant (ISO UTC) at which the wall clock of `timeZone` shows `local` (`YYYY-MM-DD` for the
 * start of that day, or `YYYY-MM-DDTHH:mm`). In a gap of daylight saving time, the later side.
 */
export function instantOf(local: string, timeZone: string): string {
  const asUtc = Date.parse(`${local.length === 10 ? `${local}T00:00` : local.slice(0, 16)}:00Z`);
  let t = asUtc - offsetMinutes(asUtc, timeZone) * 60_000;
  const again = asUtc - offsetMinutes(t, timeZone) * 60_000;
  if (again !== t) t = Math.max(t, again);
  return new Date(t).toISOString();
}
