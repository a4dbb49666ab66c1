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
 * (registrationStatus, the certificates' own rule: a lapsed registration stops counting unless renewed).
 */
import dayjs from 'dayjs';
import type { SupervisorStatus } from '../../domain/index.ts';
import { extendedValidity } from '../compliance/review.ts';
import { monthStart } from '../dates.ts';
import { registrationStatus, windowStart } from './registration.ts';
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

/** Where a supervisor counts on a day after today, or why they do not (the earliest cause). */
function memberOn(s: ForecastSupervisor, day: string, settings: ForecastSettings): { member: Membership; leaving: Leaving | null; piece: Piece | undefined } {
  const piece = pieceOn(s.pieces, day);
  const state = piece?.state;
  if (!state || state.status !== 'active') {
    const text = piece?.cause?.text ?? (state ? `状态为${statusText(state.status)}` : '尚未聘任');
    return { member: null, leaving: { reason: piece?.cause ? piece.cause.source : 'status', on: piece?.from ?? day, text }, piece };
  }
  const causes: Leaving[] = [];
  const passes = settings.cycle && (s.outcome === 'pass' || s.outcome === 'conditional');
  const validUntil = passes ? extendedValidity(settings.cycle!.year, state.validUntil) : state.validUntil;
  // The cycle's failure first: on the same day as the appointment's end it is the better reason.
  if (settings.cycle && s.outcome === 'fail' && day > cycleEnd(settings.cycle.year)) {
    causes.push({
      reason: 'review',
      on: cycleEnd(settings.cycle.year),
      text: `${settings.cycle.year}年度再审核拟不通过，聘任于 ${cycleEnd(settings.cycle.year)} 终止`,
    });
  }
  if (day > validUntil) {
    const extended = validUntil !== state.validUntil ? `（${settings.cycle!.year}年度再审核通过后延至 ${validUntil}）` : '';
    causes.push({ reason: 'validity', on: validUntil, text: `聘任有效期至 ${state.validUntil}${extended}，届满未续聘` });
  }
  if (s.registrationEnd && registrationStatus(s.registrationEnd, settings.windowMonths, day) === 'expired') {
    causes.push({
      reason: 'registration',
      on: s.registrationEnd,
      text: `证书登记有效期至 ${s.registrationEnd}，未办理再登记（再登记窗口 ${windowStart(s.registrationEnd, settings.windowMonths)} 起）`,
    });
  }
  if (causes.length) return { member: null, leaving: causes.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))[0]!, piece };
  return { member: { regionId: state.regionId, levelId: state.levelId }, leaving: null, piece };
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
  for (let k = 1; k < days.length; k++) {
    const { member, leaving, piece } = memberOn(s, days[k]!, settings);
    months.push(member);
    const before = months[k - 1]!;
    if (before?.regionId === member?.regionId && before?.levelId === member?.levelId) continue;
    const base = { month: k, supervisorId: s.supervisorId, name: s.name };
    const moved = piece?.cause && piece.from > days[k - 1]! ? piece.cause : null;
    if (before) {
      const why: Leaving = member ? { reason: moved?.source ?? 'status', on: piece!.from, text: moved?.text ?? movedText(before, member, names) } : leaving!;
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

/** Every town's forecast over the horizon. */
export function forecastTowns(
  towns: readonly Town[],
  supervisors: readonly ForecastSupervisor[],
  quotas: ReturnType<typeof townQuotas>,
  settings: ForecastSettings,
  names: Names,
): TownForecast[] {
  const days = forecastDays(settings.today, settings.months);
  const levelIndex = new Map(quotas.levels.map((l, i) => [l.id, i]));
  const townIndex = new Map(towns.map((t, i) => [t.regionId, i]));
  // counts[town][month][level]
  const counts = towns.map(() => days.map(() => new Array<number>(quotas.levels.length).fill(0)));
  const changes = towns.map((): Change[] => []);
  for (const s of supervisors) {
    const m = memberships(s, days, settings, names);
    m.months.forEach((member, k) => {
      if (!member) return;
      const t = townIndex.get(member.regionId);
      const l = levelIndex.get(member.levelId);
      if (t !== undefined && l !== undefined) counts[t]![k]![l]!++;
    });
    for (const { regionId, ...change } of m.changes) {
      const t = townIndex.get(regionId);
      if (t !== undefined) changes[t]!.push(change);
    }
  }
  return towns.map((town, t) => {
    const months = counts[t]!.map((byLevel) => townFigures(quotas.levels, quotas, town.regionId, (levelId) => byLevel[levelIndex.get(levelId)!] ?? 0));
    const first = months.findIndex((f) => f.gap > 0);
    return {
      ...town,
      months,
      firstShort: first < 0 ? null : first,
      changes: changes[t]!.sort((a, b) => a.month - b.month || (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)),
    };
  });
}

/** Why a town first falls short: who left its short levels up to that month (none when it is short today). */
export function shortfallReasons(town: TownForecast): Change[] {
  if (town.firstShort === null || town.firstShort === 0) return [];
  const figures = town.months[town.firstShort]!;
  const short = new Set(figures.levels.filter((l) => l.gap > 0).map((l) => l.levelId));
  return town.changes.filter((c) => c.direction === 'out' && c.month <= town.firstShort! && short.has(c.levelId));
}
