import { DEFAULT_TIME_ZONE, localDate } from './dates.ts';

/**
 * Time as core sees it; injectable so rules around dates can be tested on fixed days and instants.
 * Instants are ISO UTC; "today" is the date in the configured time zone (core/time-zone.ts), never the
 * server's or the browser's.
 */
export interface Clock {
  /** Today's date in the configured time zone, `YYYY-MM-DD`. */
  today(): string;
  /** Current instant as an ISO UTC timestamp. */
  now(): string;
  /** The configured time zone (IANA name), for every displayed or exported time. */
  timeZone(): string;
}

/** A clock reading instants from `instant` (the system's by default) and "today" in the zone `timeZone` names at each call. */
export function zonedClock(timeZone: () => string, instant: () => string = () => new Date().toISOString()): Clock {
  return { now: instant, timeZone, today: () => localDate(instant(), timeZone()) };
}

/** The system's time in the default zone: for scripts and checks outside an open core (core's own clock follows the setting). */
export const systemClock: Clock = zonedClock(() => DEFAULT_TIME_ZONE);

/** A fixed day (for tests): now is that day's 08:00 UTC, the same date in every zone from UTC−8 to UTC+15. */
export function fixedClock(today: string, timeZone = DEFAULT_TIME_ZONE): Clock {
  return { today: () => today, now: () => `${today}T08:00:00.000Z`, timeZone: () => timeZone };
}
