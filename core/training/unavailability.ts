/**
 * Mentors' 不可用时间 in the conflict checks: the entries come from db (a prefilter by dates), the
 * decision from the one rule in domain/rules/time-holding.ts (`unavailableDuring`), and the
 * refusal names the entry as the mentor's page shows it.
 */
import type { Db } from '../../db/engine/types.ts';
import { unavailabilityOfPeople, type UnavailabilityRow } from '../../db/repos/mentor-unavailability.ts';
import { unavailableDuring, type Interval } from '../../domain/index.ts';
import { formatTimeRange } from '../dates.ts';

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

/** 「每周二 14:00–17:00（2026-12-01 至 2027-01-31）」 or 「2026-12-01 09:00–12:00」, with the reason when there is one. */
export function describeUnavailability(u: UnavailabilityRow): string {
  let text: string;
  if (u.kind === 'once') text = formatTimeRange(u.startsAt, u.endsAt);
  else {
    const dates =
      u.validFrom && u.validUntil
        ? `（${u.validFrom} 至 ${u.validUntil}）`
        : u.validFrom
          ? `（${u.validFrom} 起）`
          : u.validUntil
            ? `（至 ${u.validUntil}）`
            : '';
    text = `每周${WEEKDAYS[u.weekday - 1]} ${u.startTime}–${u.endTime}${dates}`;
  }
  return u.reason ? `${text}，原因：${u.reason}` : text;
}

/** The first entry of these people that keeps one of them from a session at `t`. */
export function unavailableClash(db: Db, personIds: number[], t: Interval): UnavailabilityRow | undefined {
  return unavailabilityOfPeople(db, personIds, t).find((u) => unavailableDuring(u, t));
}

/** 「导师「张三」在该时段不可用（每周二 14:00–17:00）」: how a refusal names the entry. */
export const unavailableMessage = (u: UnavailabilityRow): string => `导师「${u.personName}」在该时段不可用（不可用时间：${describeUnavailability(u)}）`;
