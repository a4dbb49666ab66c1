/**
 * A plan for the people at risk (the forecast's rows with a shortfall, as filtered): the sessions
 * they could still attend before their day (open for enrolment, seats free, a category that
 * counts, after today, nothing else of theirs at that time, not one they teach), the assignment
 * chosen by core/compliance/plan.ts, and every proposed seat checked by the enrolment's own check
 * (core/training/enrolment.ts) before it is shown: a seat that check would refuse is never proposed.
 */
import type { z } from 'zod';
import type { Db } from '../../db/engine/types.ts';
import { sessionsByIds } from '../../db/repos/sessions.ts';
import { allRegions } from '../../db/repos/regions.ts';
import { enrolledOrWaiting, heldTimes, sessionsWithSeats, type OpenSeatSession } from '../../db/repos/forecast-facts.ts';
import { overlaps } from '../../domain/index.ts';
import { addDays } from '../dates.ts';
import { countingRule } from './ledger.ts';
import { forecastMatcher, forecastRows } from './forecast-view.ts';
import { proposeSeats, type PlanPerson, type PlanSession } from './plan.ts';
import { enrolmentChecks, enrolmentRefusal } from '../training/enrolment.ts';
import { PLAN_MAX_ROWS, type planInput } from '../schemas/forecast.ts';
import { invalid } from '../errors.ts';
import type { ForecastRow } from './forecast.ts';

export interface PlanRow {
  personId: number;
  personName: string;
  phone: string | null;
  regionName: string | null;
  /** The person's projected shortfall (hours) and the day it is reckoned on. */
  shortfall: number;
  projectedOn: string;
  sessionId: number;
  courseTitle: string;
  baseName: string;
  startsAt: string;
  endsAt: string;
  hours: number;
  closes: number;
  nearness: 0 | 1 | 2;
}

export interface Plan {
  rows: PlanRow[];
  atRisk: number;
  hoursNeeded: number;
  hoursClosed: number;
  peopleHelped: number;
  /** Sessions considered (open, seats free, counted category, before the last day). */
  sessionsConsidered: number;
}

/**
 * A plan's size: at most this many people at risk are planned for at once (a province's at-risk
 * population is tens of thousands: its proposal would be too large to review, enrol or export), and
 * a plan of more rows than one request may enrol or export (`PLAN_MAX_ROWS`) is refused too, so
 * whatever is shown can be enrolled and exported whole. Tests lower them.
 */
export const planLimits = { people: 5_000, rows: PLAN_MAX_ROWS };

const count = (n: number) => n.toLocaleString('zh-CN');

/** Each region's town and city: a town's city is its parent; a city is its own. */
function townAndCity(db: Db): (regionId: number | null) => { townId: number | null; cityId: number | null } {
  const regions = new Map(allRegions(db).map((r) => [r.id, r]));
  return (regionId) => {
    const region = regionId === null ? undefined : regions.get(regionId);
    if (!region) return { townId: null, cityId: null };
    const isTown = region.level === 'town';
    return { townId: isTown ? region.id : null, cityId: isTown ? region.parentId : region.id };
  };
}

/**
 * The plan for `input` as of `today`, computed here and now: on the server's thread for a small
 * population, else in a worker thread on a snapshot of its own (plan-view.ts, plan-worker.ts).
 */
export function buildPlan(db: Db, today: string, input: z.output<typeof planInput>, limits: typeof planLimits = planLimits): Plan {
  // The rows now (a plan is made from the list as it is), from memory when they are current.
  const { rows: everyone, rc } = forecastRows(db, today, input.horizonMonths, { here: true }).entry!;
  const matches = forecastMatcher(db, { ...input, risk: 'atRisk' });
  const atRisk = everyone.filter((r) => matches(r) && r.atRisk);
  if (atRisk.length > limits.people)
    throw invalid(
      `按当前筛选有风险的共 ${count(atRisk.length)} 人：一次最多为 ${count(limits.people)} 人生成补学计划，请按镇区、机构或证书等级缩小范围`,
      'regionId',
    );
  const tomorrow = addDays(today, 1);
  const lastDay = atRisk.reduce((max, r) => (r.projectedOn > max ? r.projectedOn : max), tomorrow);
  const open = atRisk.length ? sessionsWithSeats(db, countingRule(rc.rules), tomorrow, lastDay) : [];

  const place = townAndCity(db);
  const people: PlanPerson[] = atRisk.map((r) => ({ personId: r.personId, need: r.shortfall, ...place(r.regionId) }));
  const sessions: (PlanSession & { row: OpenSeatSession })[] = open.map((s) => ({
    sessionId: s.id,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    hours: s.hours,
    seats: s.capacity - s.seatsTaken,
    ...place(s.baseRegionId),
    row: s,
  }));
  const already = new Map<number, Set<number>>();
  for (const key of enrolledOrWaiting(
    db,
    open.map((s) => s.id),
  )) {
    const [sessionId, personId] = key.split(':').map(Number) as [number, number];
    already.set(personId, (already.get(personId) ?? new Set()).add(sessionId));
  }
  const held = new Map<number, { startsAt: string; endsAt: string }[]>();
  for (const t of heldTimes(
    db,
    atRisk.map((r) => r.personId),
    today,
  ))
    held.set(t.personId, [...(held.get(t.personId) ?? []), t]);
  const days = open.map((s) => s.startsAt.slice(0, 10));
  const allowed = (pi: number, si: number) => {
    const person = atRisk[pi]!;
    const session = sessions[si]!;
    if (days[si]! > person.projectedOn || already.get(person.personId)?.has(session.sessionId) || session.row.mentorIds.includes(person.personId)) return false;
    const mine = held.get(person.personId);
    return !mine || !mine.some((t) => overlaps(t, session));
  };
  const proposals = proposeSeats(people, sessions, allowed);
  // Refused before each seat is checked (seconds for thousands of rows).
  if (proposals.length > limits.rows)
    throw invalid(
      `补学计划建议 ${count(proposals.length)} 个名额，超过一次批量报名或导出邀请名单的上限 ${count(limits.rows)} 行：请按镇区、机构或证书等级缩小范围`,
      'regionId',
    );

  // Every proposed seat through the enrolment's own check (the session open, the person free, not already in it, not teaching it):
  // all of them at once, a few queries rather than several per seat.
  const sessionRows = new Map(sessionsByIds(db, [...new Set(proposals.map((p) => p.sessionId))]).map((s) => [s.id, s]));
  const checkable = proposals.filter((p) => {
    const session = sessionRows.get(p.sessionId);
    return session !== undefined && enrolmentRefusal(session) === null;
  });
  const refusals = enrolmentChecks(
    { db },
    checkable.map((p) => ({ session: sessionRows.get(p.sessionId)!, personId: p.personId })),
  );
  const byPerson = new Map<number, ForecastRow>(atRisk.map((r) => [r.personId, r]));
  const bySession = new Map(open.map((s) => [s.id, s]));
  const rows: PlanRow[] = [];
  for (const [i, p] of checkable.entries()) {
    if (refusals[i]) continue;
    const person = byPerson.get(p.personId)!;
    const s = bySession.get(p.sessionId)!;
    rows.push({
      personId: p.personId,
      personName: person.personName,
      phone: person.phone,
      regionName: person.regionName,
      shortfall: person.shortfall,
      projectedOn: person.projectedOn,
      sessionId: p.sessionId,
      courseTitle: s.courseTitle,
      baseName: s.baseName,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      hours: s.hours,
      closes: p.closes,
      nearness: p.nearness,
    });
  }
  return {
    rows,
    atRisk: atRisk.length,
    hoursNeeded: atRisk.reduce((sum, r) => sum + r.shortfall, 0),
    hoursClosed: rows.reduce((sum, r) => sum + r.closes, 0),
    peopleHelped: new Set(rows.map((r) => r.personId)).size,
    sessionsConsidered: open.length,
  };
}
