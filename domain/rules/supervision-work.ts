/**
 * 督导工作记录 (issue 22): a supervision record's length, defined once. core writes it into
 * supervision_record.minutes when a record is saved or imported, so every sum (the re-review's
 * facts, the audit workbook, coverage) adds stored integers on either engine instead of
 * subtracting timestamps in SQL.
 */

/**
 * Whole minutes between a record's start and end. They are stored as training_session's are:
 * wall-clock `YYYY-MM-DDTHH:mm` in the configured zone (China has no daylight saving), so the two
 * compare directly in the time-holding check; a full ISO instant is read as well.
 */
export function supervisionMinutes(startsAt: string, endsAt: string): number {
  const instant = (t: string) => Date.parse(t.length === 16 ? `${t}:00Z` : t);
  return Math.round((instant(endsAt) - instant(startsAt)) / 60_000);
}

/** 「2 小时 30 分」: how a record's length reads. */
export function supervisionDurationText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} 分钟`;
  return rest === 0 ? `${hours} 小时` : `${hours} 小时 ${rest} 分`;
}

/** A relationship is current on a date when it has started and not ended before it (ends_on NULL: open-ended). */
export const relationshipCurrentOn = (r: { startsOn: string; endsOn: string | null }, date: string): boolean =>
  r.startsOn <= date && (r.endsOn === null || r.endsOn >= date);
export const relationshipCurrentOnSql = (r = 'r', dateParameter = '?'): string =>
  `${r}.starts_on <= ${dateParameter} AND (${r}.ends_on IS NULL OR ${r}.ends_on >= ${dateParameter})`;
