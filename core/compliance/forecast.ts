/**
 * The compliance forecast (学时达标 › 预测): everyone projected to a day of their own, the end of
 * their current registration period when it falls within the horizon, else the horizon's end,
 * with the counted hours they have and the hours of the seats they already hold in sessions to
 * come (only sessions after today, only in categories the rules count, by the projected day).
 *
 * The same three steps as 学时达标 (core/compliance/person.ts): `complianceSpans` at the projected
 * day, the hours in those spans (summed by the database under the same counting rule, plus the
 * seats held), and `judgeCompliance`. At horizon 0 the projected day is today and no session is
 * after it, so a row is exactly the 学时达标 row (tests/unit/compliance-forecast.test.ts proves it).
 */
import type { Db } from '../../db/engine/types.ts';
import { certificatesByPerson } from '../../db/repos/training-facts.ts';
import { compliancePeople, regionAndOrganizationNames, supervisorsOnRegister } from '../../db/repos/recert.ts';
import { bookedSeatRows, projectedSpanSums, unifiedAttended, type BookedSeat, type BookedSeatRow, type PersonSpans } from '../../db/repos/forecast-facts.ts';
import { hoursCount } from '../../domain/index.ts';
import { addDays, dayNumber } from '../dates.ts';
import { complianceSpans, judgeCompliance, type Spans } from './person.ts';
import { countingRule } from './ledger.ts';
import { rollingWindow } from './periods.ts';
import { requirementFor } from './review.ts';
import { personColumns } from './population.ts';
import type { RuleContext } from './rule-context.ts';

/** Whether the review year's unified-training requirement is met, met once the seats held are attended, or not. */
export type UnifiedState = 'met' | 'booked' | 'missing';

export interface ForecastRow {
  personId: number;
  personName: string;
  namePinyin: string;
  idNumber: string;
  phone: string | null;
  regionId: number | null;
  regionName: string | null;
  organizationId: number | null;
  organizationName: string | null;
  certificateLevel: string | null;
  /** The day the person is projected to. */
  projectedOn: string;
  /** Their current registration period ends within the horizon (on `projectedOn`). */
  periodEndsInHorizon: boolean;
  periodStart: string | null;
  periodEnd: string | null;
  periodRequired: number | null;
  /** Counted hours so far in the period (null: no period). */
  periodDone: number | null;
  /** Counted hours of seats held in sessions to come, by the projected day. */
  periodBooked: number;
  /** What will still be missing on the projected day, with the seats held attended. */
  periodShortfall: number;
  windowRequired: number | null;
  windowDone: number;
  windowBooked: number;
  windowShortfall: number;
  yearDone: number | null;
  yearBooked: number;
  yearShortfall: number;
  /**
   * The hours still missing when they count: the period's shortfall when the period ends within the
   * horizon, the rolling window's on the projected day (it must hold every day). A period that ends
   * later is not yet due, however far along it is; the yearly minimum is shown, not planned for.
   */
  shortfall: number;
  /** `shortfall` > 0. */
  atRisk: boolean;
  /** As 学时达标 judges it on the projected day (mid-period, a period not yet complete is judged too). */
  compliant: boolean;
  /** Null: not a supervisor on the review year's register, or no unified training required. */
  unified: UnifiedState | null;
  unifiedRequired: number;
  unifiedDone: number;
  unifiedBooked: number;
}

/** The ISO date `months` months after `date` (the last day of a shorter month: 31 August + 6 months is 28/29 February). */
export function addMonths(date: string, months: number): string {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const last = dayNumber(`${String(m === 12 ? y + 1 : y).padStart(4, '0')}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`) - 1;
  const wanted = dayNumber(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`) + Number(date.slice(8, 10)) - 1;
  return addDays('1970-01-01', Math.min(last, wanted));
}

export interface ForecastHorizon {
  today: string;
  /** The horizon's last day (today at horizon 0). */
  until: string;
}

export const horizonOf = (today: string, months: number): ForecastHorizon => ({ today, until: addMonths(today, months) });

/** The day a person is projected to, and whether it is their period's end. */
function projectedDay(spansToday: Spans, h: ForecastHorizon): { day: string; periodEnds: boolean } {
  const current = spansToday.periods[spansToday.currentIndex];
  if (current && current.end >= h.today && current.end <= h.until) return { day: current.end, periodEnds: true };
  return { day: h.until, periodEnds: false };
}

/**
 * Everyone's forecast (or only the given people's), in person id order. `seats`: the seats held
 * in sessions to come, when the caller has them (tests add sessions); read here otherwise.
 *
 * Built for 100,000 people within the 2 s budget: one query sums everyone's period, window and year
 * (db/repos/forecast-facts.ts), and the seats come as rows, each person's linked by position (no
 * object or list per seat or per person beyond the row answered).
 */
export function forecastOfEveryone(db: Db, rc: RuleContext, h: ForecastHorizon, personIds?: readonly number[], seats?: readonly BookedSeat[]): ForecastRow[] {
  const { rules } = rc;
  const people = compliancePeople(db, personIds);
  const ids = personIds && people.map((p) => p.id);
  const { regions, organizations } = regionAndOrganizationNames(db);
  const certificates = certificatesByPerson(db, ids);
  const reviewYear = h.today.slice(0, 4);
  const yearEnd = `${reviewYear}-12-31`;

  // Most people are projected to the horizon's end: their window and year are the shared ones.
  const sharedWindow = rollingWindow(h.until, rules.windowYears);
  const sharedYear = `${h.until.slice(0, 4)}-01-01`;
  const todayWindow = rollingWindow(h.today, rules.windowYears);
  const periodEnds = new Uint8Array(people.length);
  const spans = people.map((p, i): Spans => {
    const today = complianceSpans(p.practiceStart, certificates.get(p.id) ?? [], rules, h.today, rc.registrationYears, {
      window: todayWindow,
      currentOnly: true,
    });
    const { day, periodEnds: ends } = projectedDay(today, h);
    periodEnds[i] = ends ? 1 : 0;
    if (day === h.today) return today;
    // The period containing today contains the projected day too (it ends on it or later), or the registration has lapsed and
    // the last period stays the one judged: the spans at that day are today's with the day's window and year.
    today.asOf = day;
    today.window = day === h.until ? sharedWindow : rollingWindow(day, rules.windowYears);
    today.yearStart = day === h.until ? sharedYear : `${day.slice(0, 4)}-01-01`;
    return today;
  });
  const rule = countingRule(rules);
  // The year's hours are judged only under a yearly minimum (judgeCompliance): without one they are not summed.
  const sumYear = rules.yearlyMinimumHours !== null;
  const sums = projectedSpanSums(
    db,
    rule,
    (function* (): Generator<PersonSpans> {
      for (let i = 0; i < people.length; i++) {
        const s = spans[i]!;
        const current = s.periods[s.currentIndex];
        yield [
          people[i]!.id,
          current?.start ?? null,
          current?.end ?? null,
          s.window.start,
          s.window.end,
          sumYear ? s.yearStart : null,
          sumYear ? s.asOf : null,
        ];
      }
    })(),
  );

  // Seats held from tomorrow on: to the horizon's end, and to the review year's end for the unified trainings. Each person's
  // rows are linked by position (their first row, then each row's next): no list per person.
  const seatsUntil = h.until > yearEnd ? h.until : yearEnd;
  const held: BookedSeatRow[] = seats
    ? seats.map((b): BookedSeatRow => [b.personId, b.sessionId, b.day, b.hours, b.categoryId, b.unified ? 1 : 0])
    : bookedSeatRows(db, addDays(h.today, 1), seatsUntil, ids);
  const firstSeat = new Map<number, number>();
  const nextSeat = new Int32Array(held.length);
  for (let k = held.length - 1; k >= 0; k--) {
    const personId = held[k]![0];
    nextSeat[k] = firstSeat.get(personId) ?? -1;
    firstSeat.set(personId, k);
  }
  const categoryCounts = new Map<number, boolean>();
  const counts = (categoryId: number) => {
    let yes = categoryCounts.get(categoryId);
    if (yes === undefined) categoryCounts.set(categoryId, (yes = hoursCount({ categoryId, kind: 'session', verified: false }, rule)));
    return yes;
  };

  const levelOf = new Map<number, number>();
  for (const r of supervisorsOnRegister(db, yearEnd)) if (!levelOf.has(r.personId)) levelOf.set(r.personId, r.levelId);
  const unifiedDone = unifiedAttended(db, `${reviewYear}-01-01`, yearEnd);

  return people.map((person, i) => {
    const s = spans[i]!;
    const periodEndsHere = periodEnds[i] === 1;
    const current = s.periods[s.currentIndex];
    const done = sums.get(person.id);
    const donePeriod = done?.[1] ?? 0;
    const doneWindow = done?.[2] ?? 0;
    const doneYear = done?.[3] ?? 0;
    let bookedPeriod = 0;
    let bookedWindow = 0;
    let bookedYear = 0;
    let unifiedBooked = 0;
    for (let seat = firstSeat.get(person.id) ?? -1; seat >= 0; seat = nextSeat[seat]!) {
      const row = held[seat]!;
      const day = row[2];
      const hours = row[3];
      if (day <= h.today) continue;
      if (row[5] === 1 && day <= yearEnd) unifiedBooked++;
      if (day > s.asOf || !counts(row[4])) continue;
      if (current && current.start <= day && day <= current.end) bookedPeriod += hours;
      if (s.window.start <= day) bookedWindow += hours;
      if (s.yearStart <= day) bookedYear += hours;
    }
    const periods = s.periods.map((_p, k) => (k === s.currentIndex ? donePeriod + bookedPeriod : 0));
    const c = judgeCompliance(s, { periods, window: doneWindow + bookedWindow, year: doneYear + bookedYear }, rules, rc);
    const levelId = levelOf.get(person.id);
    const unifiedRequired = levelId === undefined ? 0 : requirementFor(rules, levelId).unifiedTrainings;
    const attended = unifiedDone.get(person.id) ?? 0;
    const periodShortfall = c.current?.shortfall ?? 0;
    const yearShortfall = c.year?.shortfall ?? 0;
    const shortfall = Math.max(periodEndsHere ? periodShortfall : 0, c.window.shortfall);
    return {
      ...personColumns(person, regions, organizations),
      certificateLevel: c.certificate?.level ?? null,
      projectedOn: s.asOf,
      periodEndsInHorizon: periodEndsHere,
      periodStart: c.current?.start ?? null,
      periodEnd: c.current?.end ?? null,
      periodRequired: c.current?.required ?? null,
      periodDone: c.current ? c.current.done - bookedPeriod : null,
      periodBooked: bookedPeriod,
      periodShortfall,
      windowRequired: c.window.required,
      windowDone: doneWindow,
      windowBooked: bookedWindow,
      windowShortfall: c.window.shortfall,
      yearDone: c.year ? doneYear : null,
      yearBooked: bookedYear,
      yearShortfall,
      shortfall,
      atRisk: shortfall > 0,
      compliant: c.compliant,
      unified: unifiedRequired === 0 ? null : attended >= unifiedRequired ? 'met' : attended + unifiedBooked >= unifiedRequired ? 'booked' : 'missing',
      unifiedRequired,
      unifiedDone: attended,
      unifiedBooked,
    };
  });
}

/** Whom the forecast lists: those whose registration period ends within the horizon, and anyone at risk on their day (the rolling window). */
export const listedInForecast = (r: ForecastRow): boolean => r.periodEndsInHorizon || r.atRisk;
