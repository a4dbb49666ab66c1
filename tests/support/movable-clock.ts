import { zonedClock, type Clock } from '../../core/clock.ts';
import { DEFAULT_TIME_ZONE } from '../../core/dates.ts';

/** A clock in the association's default zone that the test moves forward. */
export function movableClock(start = '2026-11-24T08:00:00.000Z'): { clock: Clock; advance(minutes: number): void } {
  let now = Date.parse(start);
  const clock = zonedClock(
    () => DEFAULT_TIME_ZONE,
    () => new Date(now).toISOString(),
  );
  return { clock, advance: (minutes: number) => void (now += minutes * 60_000) };
}
