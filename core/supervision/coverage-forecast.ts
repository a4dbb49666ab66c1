/**
 * 镇区覆盖 › 未来 12/24/36 个月: who will still be on the register at the start of each coming month,
 * per town and level, and why someone leaves. Pure: the inputs are loaded in coverage-forecast-inputs.ts
 * and what-ifs rewrite them (coverage-what-if.ts), so a what-if is the same computation on other inputs.
 *
 * Month 0 is today and counts what 镇区覆盖 counts (every appointment whose status is 在册), through the
 * same townFigures; month k ≥ 1 is the first day of the k-th month after this one, when someone counts
 * if their appointment is 在册 then (planned events included), its 有效期至 has not passed (extended to
 * the end of next year if the open cycle passes them), the cycle does not fail them (a failure ends
 * the appointment at the cycle's end), and one of their certificates' registrations has not lapsed
 * (lapsesOn, the day registrationStatus turns 'expired': a lapsed registration stops counting unless renewed).
 */
import dayjs from 'dayjs';
import type { SupervisorStatus } from '../../domain/index.ts';
import { extendedValidity } from '../compliance/review.ts';
import { monthStart } from '../dates.ts';
import { lapsesOn, windowStart } from './registration.ts';
import { townFigures, type townQuotas } from './coverage.ts';

export interface SupervisorState {
  levelId: number;
  regionId: number;
  status: SupervisorStatus;
  validUntil: string;
}

/** Why a supervisor's state changes on a day: an event recorded with a later effective date, or an assumption. */
export interface Cause {
  source: 'event' | 'whatIf';
  text: string;
  /** A what-if from today on: the register's state it replaces (null: not on it), so month 0 can name the change. */
  replacesNow?: SupervisorState | null;
}

/** From `from` on, the appointment is `state` (null: not appointed yet). */
export interface Piece {
  from: string;
  state: SupervisorState | null;
  cause: Cause | null;
}

export interface ForecastSupervisor {
  /** Null for someone a what-if appoints. */
  supervisorId: number | null;
  personId: number;
  name: string;
  /** The register today: what 镇区覆盖 counts in month 0. */
  now: SupervisorState | null;
  /** From today on, in date order; the first piece starts today. */
  pieces: Piece[];
  /** The latest registration end over the person's certificates (null: no certificate, nothing to lapse). */
  registrationEnd: string | null;
  /** The open cycle's outcome for them as it stands (decision, else proposal); null when not reviewed. */
  outcome: 'pass' | 'conditional' | 'fail' | null;
  /** What-if: every annual re-review passes, so the appointment is renewed each year (its 有效期至 never reached). */
  renewedYearly?: boolean;
}

export interface ForecastSettings {
  today: string;
  months: number;
  windowMonths: number;
  /** The re-review cycle in progress (open, with reviews), ending on its year's last day. */
  cycle: { year: number } | null;
}

export interface Names {
  level(id: number): string;
  region(id: number): string;
}

export type ChangeReason = 'validity' | 'registration' | 'review' | 'event' | 'whatIf' | 'status';

export interface Change {
  /** The month (index) in which the change first shows. */
  month: number;
  on: string;
  direction: 'out' | 'in';
  supervisorId: number | null;
  name: string;
  levelId: number;
  levelName: string;
  reason: ChangeReason;
  text: string;
}

export interface Town {
  regionId: number;
  code: string;
  name: string;
  parentName: string | null;
}

/** The day each month column is read: today, then the first day of each following month. */
export function forecastDays(today: string, months: number): string[] {
  const first = dayjs(monthStart(today));
  return [today, ...Array.from({ length: months }, (_, i) => first.add(i + 1, 'month').format('YYYY-MM-DD'))];
}

export const cycleEnd = (year: number) => `${year}-12-31`;

type Membership = { regionId: number; levelId: number } | null;
interface Leaving {
  reason: ChangeReason;
  on: string;
  text: string;
}

/** The piece in force on `day` (pieces start today and are in date order). */
export function pieceOn(pieces: readonly Piece[], day: string): Piece | undefined {
  let found: Piece | undefined;
  for (const p of pieces) {
    if (p.from > day) break;
    found = p;
  }
  return found;
}

/** The first month (index ≥ 1) in which a registration has lapsed (a forecast assumes no renewal), or Infinity. */
function lapseIndex(s: ForecastSupervisor, days: readonly string[]): number {
  if (!s.registrationEnd) return Infinity;
  const lapsed = lapsesOn(s.registrationEnd);
  const k = days.findIndex((day, i) => i > 0 && day >= lapsed);
  return k < 0 ? Infinity : k;
}

/** Where a supervisor counts on a day after today, and (asked only when it matters) why they do not: the earliest cause. */
function memberOn(
  s: ForecastSupervisor,
  day: string,
  lapsed: boolean,
  settings: ForecastSettings,
): { member: Membership; piece: Piece | undefined; why: () => Leaving } {
  const piece = pieceOn(s.pieces, day);
  const state = piece?.state;
  if (!state || state.status !== 'active') {
    const why = (): Leaving => ({
      reason: piece?.cause ? piece.cause.source : 'status',
      on: piece?.from ?? day,
      text: piece?.cause?.text ?? (state ? `状态为${statusText(state.status)}` : '尚未聘任'),
    });
    return { member: null, piece, why };
  }
  const cycle = settings.cycle;
  const passes = cycle && (s.outcome === 'pass' || s.outcome === 'conditional');
  const validUntil = passes ? extendedValidity(cycle.year, state.validUntil) : state.validUntil;
  const failed = cycle !== null && s.outcome === 'fail' && day > cycleEnd(cycle.year);
  const ended = day > validUntil && !s.renewedYearly;
  const member = failed || ended || lapsed ? null : { regionId: state.regionId, levelId: state.levelId };
  const why = (): Leaving => {
    const causes: Leaving[] = [];
    // The cycle's failure first: on the same day as the appointment's end it is the better reason.
    if (failed) causes.push({ reason: 'review', on: cycleEnd(cycle.year), text: `${cycle.year}年度再审核拟不通过，聘任于 ${cycleEnd(cycle.year)} 终止` });
    if (ended) {
      const extended = validUntil !== state.validUntil ? `（${cycle!.year}年度再审核通过后延至 ${validUntil}）` : '';
      causes.push({ reason: 'validity', on: validUntil, text: `聘任有效期至 ${state.validUntil}${extended}，届满未续聘` });
    }
    if (lapsed && s.registrationEnd) {
      const window = windowStart(s.registrationEnd, settings.windowMonths);
      causes.push({ reason: 'registration', on: s.registrationEnd, text: `证书登记有效期至 ${s.registrationEnd}，未办理再登记（再登记窗口 ${window} 起）` });
    }
    return causes.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))[0]!;
  };
  return { member, piece, why };
}

function statusText(status: SupervisorStatus): string {
  return { active: '在册', suspended: '暂停', expired: '过期', revoked: '注销' }[status];
}

/** Each supervisor's membership per month and the changes between months. */
export function memberships(
  s: ForecastSupervisor,
  days: readonly string[],
  settings: ForecastSettings,
  names: Names,
): { months: Membership[]; changes: (Change & { regionId: number })[] } {
  const months: Membership[] = [];
  const changes: (Change & { regionId: number })[] = [];
  const now = s.now?.status === 'active' ? { regionId: s.now.regionId, levelId: s.now.levelId } : null;
  months.push(now);
  const today = s.pieces[0];
  if (today?.cause?.replacesNow !== undefined) {
    // A what-if from today: the change shows in month 0 itself.
    const was = today.cause.replacesNow?.status === 'active' ? today.cause.replacesNow : null;
    const base = { month: 0, supervisorId: s.supervisorId, name: s.name, on: today.from, reason: 'whatIf' as const, text: today.cause.text };
    if (was && (was.regionId !== now?.regionId || was.levelId !== now?.levelId))
      changes.push({ ...base, direction: 'out', regionId: was.regionId, levelId: was.levelId, levelName: names.level(was.levelId) });
    if (now && (was?.regionId !== now.regionId || was?.levelId !== now.levelId))
      changes.push({ ...base, direction: 'in', regionId: now.regionId, levelId: now.levelId, levelName: names.level(now.levelId) });
  }
  const lapse = lapseIndex(s, days);
  for (let k = 1; k < days.length; k++) {
    const { member, piece, why: leaving } = memberOn(s, days[k]!, k >= lapse, settings);
    months.push(member);
    const before = months[k - 1]!;
    if (before?.regionId === member?.regionId && before?.levelId === member?.levelId) continue;
    const base = { month: k, supervisorId: s.supervisorId, name: s.name };
    // The change's own cause when it took effect since the month before (or, next month, the first piece's: a change recorded for later).
    const moved = piece?.cause && (piece.from > days[k - 1]! || k === 1) ? piece.cause : null;
    if (before) {
      const why: Leaving = member ? { reason: moved?.source ?? 'status', on: piece!.from, text: moved?.text ?? movedText(before, member, names) } : leaving();
      changes.push({
        ...base,
        direction: 'out',
        regionId: before.regionId,
        levelId: before.levelId,
        levelName: names.level(before.levelId),
        on: why.on,
        reason: why.reason,
        text: why.text,
      });
    }
    if (member) {
      const why = {
        reason: moved?.source ?? 'status',
        on: piece!.from,
        text: moved?.text ?? (before ? movedText(before, member, names) : '恢复在册'),
      } as const;
      changes.push({ ...base, direction: 'in', regionId: member.regionId, levelId: member.levelId, levelName: names.level(member.levelId), ...why });
    }
  }
  return { months, changes };
}

function movedText(from: NonNullable<Membership>, to: NonNullable<Membership>, names: Names): string {
  if (from.regionId !== to.regionId) return `由${names.region(from.regionId)}调往${names.region(to.regionId)}`;
  return `由${names.level(from.levelId)}调整为${names.level(to.levelId)}`;
}

export interface TownForecast extends Town {
  /** Per month: the town's figures (townFigures, as 镇区覆盖 shows them). */
  months: ReturnType<typeof townFigures>[];
  /** The first month short of quota (index), or null. */
  firstShort: number | null;
  /** Everyone who leaves or joins the town within the horizon. */
  changes: Change[];
}

/** Supervisors per town, month and level, and each town's changes: what a forecast adds up (a what-if adjusts a copy). */
export interface Tally {
  /** counts[town][month][level], towns and levels in the order given. */
  counts: number[][][];
  changes: (Change & { personId: number })[][];
}

interface TallyFrame {
  towns: readonly Town[];
  quotas: ReturnType<typeof townQuotas>;
  settings: ForecastSettings;
  names: Names;
}

/** Adds (sign 1) or takes away (sign −1) these supervisors' months and changes. */
export function addToTally(tally: Tally, supervisors: readonly ForecastSupervisor[], frame: TallyFrame, sign: 1 | -1): void {
  const days = forecastDays(frame.settings.today, frame.settings.months);
  const levelIndex = new Map(frame.quotas.levels.map((l, i) => [l.id, i]));
  const townIndex = new Map(frame.towns.map((t, i) => [t.regionId, i]));
  for (const s of supervisors) {
    const m = memberships(s, days, frame.settings, frame.names);
    m.months.forEach((member, k) => {
      if (!member) return;
      const t = townIndex.get(member.regionId);
      const l = levelIndex.get(member.levelId);
      if (t !== undefined && l !== undefined) tally.counts[t]![k]![l]! += sign;
    });
    const touched = new Set<number>();
    for (const { regionId, ...change } of m.changes) {
      const t = townIndex.get(regionId);
      if (t === undefined) continue;
      if (sign === 1) tally.changes[t]!.push({ ...change, personId: s.personId });
      else touched.add(t);
    }
    for (const t of touched) tally.changes[t] = tally.changes[t]!.filter((c) => c.personId !== s.personId);
  }
}

export function tallyOf(supervisors: readonly ForecastSupervisor[], frame: TallyFrame): Tally {
  const days = forecastDays(frame.settings.today, frame.settings.months);
  const tally: Tally = {
    counts: frame.towns.map(() => days.map(() => new Array<number>(frame.quotas.levels.length).fill(0))),
    changes: frame.towns.map(() => []),
  };
  addToTally(tally, supervisors, frame, 1);
  return tally;
}

/** A copy of a tally with `removed` taken away and `added` added: a what-if touches a few supervisors, not the register. */
export function adjustedTally(base: Tally, removed: readonly ForecastSupervisor[], added: readonly ForecastSupervisor[], frame: TallyFrame): Tally {
  const tally: Tally = { counts: base.counts.map((town) => town.map((month) => [...month])), changes: base.changes.map((c) => [...c]) };
  addToTally(tally, removed, frame, -1);
  addToTally(tally, added, frame, 1);
  return tally;
}

/** Every town's forecast from a tally: its figures per month (townFigures, as 镇区覆盖 computes them), the first short month, the changes. */
export function townsOf(tally: Tally, frame: TallyFrame): TownForecast[] {
  const levelIndex = new Map(frame.quotas.levels.map((l, i) => [l.id, i]));
  return frame.towns.map((town, t) => {
    const months = tally.counts[t]!.map((byLevel) =>
      townFigures(frame.quotas.levels, frame.quotas, town.regionId, (levelId) => byLevel[levelIndex.get(levelId)!] ?? 0),
    );
    const first = months.findIndex((f) => f.gap > 0);
    return {
      ...town,
      months,
      firstShort: first < 0 ? null : first,
      changes: tally.changes[t]!.map(({ personId: _personId, ...c }) => c).sort((a, b) => a.month - b.month || (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)),
    };
  });
}

/** Every town's forecast over the horizon. */
export function forecastTowns(
  towns: readonly Town[],
  supervisors: readonly ForecastSupervisor[],
  quotas: ReturnType<typeof townQuotas>,
  settings: ForecastSettings,
  names: Names,
): TownForecast[] {
  const frame = { towns, quotas, settings, names };
  return townsOf(tallyOf(supervisors, frame), frame);
}

/** Why a town first falls short: who left its short levels up to that month (none when it is short today). */
export function shortfallReasons(town: TownForecast): Change[] {
  if (town.firstShort === null || town.firstShort === 0) return [];
  const figures = town.months[town.firstShort]!;
  const short = new Set(figures.levels.filter((l) => l.gap > 0).map((l) => l.levelId));
  return town.changes.filter((c) => c.direction === 'out' && c.month <= town.firstShort! && short.has(c.levelId));
}
