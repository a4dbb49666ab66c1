/**
 * The one owner of the configured time zone (服务器设置 › 时区, default Asia/Shanghai): it decides
 * "today", every displayed time, every export and every log line, whatever the server's or the
 * browser's zone. The conversions themselves are in dates.ts (the renderer uses the same ones).
 */
import type { Db } from '../db/engine/types.ts';
import { DEFAULT_TIME_ZONE, isTimeZone } from './dates.ts';
import { getSetting, setSetting, TIME_ZONE_KEY } from '../db/repos/settings.ts';

/** Read once per open database (a restore opens another), renewed when it is set. */
const cache = new WeakMap<Db, string>();

export function configuredTimeZone(db: Db): string {
  let zone = cache.get(db);
  if (zone === undefined) {
    try {
      const stored = getSetting(db, TIME_ZONE_KEY);
      zone = stored && isTimeZone(stored) ? stored : DEFAULT_TIME_ZONE;
    } catch {
      return DEFAULT_TIME_ZONE; // a closed database (a log line written after close)
    }
    cache.set(db, zone);
  }
  return zone;
}

/** Stores the zone (the caller has checked it with isTimeZone); the default is stored as no setting. */
export function setConfiguredTimeZone(db: Db, zone: string, now: string): void {
  setSetting(db, TIME_ZONE_KEY, zone === DEFAULT_TIME_ZONE ? null : zone, now);
  cache.set(db, zone);
}
