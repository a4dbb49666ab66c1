/**
 * The 工作台's items: each a count and the filter of the list it opens, computed by that list's own
 * query with that filter (so the card and the list cannot disagree). The renderer maps each key to
 * its list's route and passes `query` in the address; the list reads it from there.
 */
import type { Context } from '../contract.ts';
import { dueRange } from '../services/certificates.ts';
import { supervisorQuery } from '../services/supervisors.ts';
import { listedBaseIds } from '../services/base-access.ts';
import { townCoverage } from '../supervision/coverage.ts';
import { localDateTime } from '../dates.ts';
import { listRegistrationsEnding } from '../../db/repos/certificates.ts';
import { listSupervisors } from '../../db/repos/supervisors.ts';
import { listSessions } from '../../db/repos/sessions.ts';
import { rankingOf } from '../../db/repos/evaluations.ts';
import { creditedInYear } from './ledger-cache.ts';
import { keptCount } from './kept-counts.ts';
import type { SessionStatus } from '../../domain/index.ts';
import { weekOf, yearRange } from './period.ts';

export const HOME_ITEMS = [
  // staff and administrators: what needs doing
  'certificatesWindow',
  'certificatesExpiredThisMonth',
  'supervisorsEnding',
  'townsShort',
  'attendanceDue',
  'evaluationsToReview',
  // coordinators, at their bases
  'sessionsThisWeek',
  'rostersOpen',
  // auditors: the year's key figures
  'activeSupervisors',
  'sessionsHeld',
  'hoursCredited',
  'trainedPeople',
  'evaluationsReviewed',
] as const;
export type HomeItemKey = (typeof HOME_ITEMS)[number];

export type ListFilter = Record<string, string | number | boolean>;
export interface HomeItem {
  key: HomeItemKey;
  count: number;
  /** The list's filter this count was computed with (absent for a figure no list shows). */
  query: ListFilter | null;
  /** Whether it asks for action (counted for 「暂无需要处理的事项」); key figures do not. */
  attention: boolean;
  /** The previous figure, shown while it is computed again (the ledger's sums, in a worker thread). */
  refreshing?: true;
}

const ONE = { page: 0, pageSize: 1, sortDir: 'asc' as const };
/** 「聘任即将到期」: within this many days. */
export const ENDING_WITHIN_DAYS = 90;
/** Sessions that still happen (a cancelled one is not this week's work). */
const NOT_CANCELLED: SessionStatus[] = ['planned', 'open', 'closed', 'completed'];

const item = (key: HomeItemKey, count: number, query: ListFilter | null, attention = true): HomeItem => ({ key, count, query, attention });

/**
 * The tables each count reads (its list's query, the rule settings its filter is worked out from):
 * a count is kept until one of them is written (kept-counts.ts).
 */
const CERTIFICATE_TABLES = ['certificate', 'person', 'organization', 'region', 'rule_setting'] as const;
const SUPERVISOR_TABLES = ['supervisor', 'supervisor_event', 'supervisor_level', 'person', 'region'] as const;
const COVERAGE_TABLES = ['supervisor', 'supervisor_level', 'region', 'region_quota', 'rule_setting'] as const;
/** What the sessions' filters read: the sessions' dates, status and base (a base's sessions go with it); seats free also read the enrolments. */
const SESSION_TABLES = ['training_session', 'training_base'] as const;
const SEAT_TABLES = [...SESSION_TABLES, 'enrolment'] as const;
export const EVALUATION_TABLES = ['base_evaluation', 'base_event', 'training_base', 'region', 'evaluation_template'] as const;

/** The caller's bases, as part of a kept figure's key. */
export const scopeKey = (ctx: Context) => listedBaseIds(ctx, undefined)?.join(',') ?? 'all';

function certificates(ctx: Context, status: 'window' | 'expiredThisMonth'): number {
  return keptCount(ctx, `certificates|${status}`, CERTIFICATE_TABLES, () => listRegistrationsEnding(ctx.db, { ...ONE, ...dueRange(ctx, status) }).total);
}

function supervisors(ctx: Context, query: { status: 'active'; endingWithinDays?: number }): number {
  return keptCount(
    ctx,
    `supervisors|${JSON.stringify(query)}`,
    SUPERVISOR_TABLES,
    () => listSupervisors(ctx.db, { ...ONE, ...supervisorQuery(ctx, query) }).total,
  );
}

function sessions(ctx: Context, query: { from?: string; to?: string; statuses?: SessionStatus[]; openSeats?: boolean; attendanceDue?: boolean }): number {
  const { attendanceDue, ...rest } = query;
  // 考勤待办 compares the sessions' start with the local minute: kept for that minute.
  const attendanceDueAt = attendanceDue ? localDateTime(ctx.clock.now(), ctx.clock.timeZone()) : undefined;
  return keptCount(
    ctx,
    `sessions|${JSON.stringify(query)}|${scopeKey(ctx)}`,
    query.openSeats ? SEAT_TABLES : SESSION_TABLES,
    () => listSessions(ctx.db, { ...ONE, ...rest, baseIds: listedBaseIds(ctx, undefined), attendanceDueAt }).total,
    attendanceDueAt,
  );
}

function townsShort(ctx: Context): number {
  return keptCount(ctx, 'townsShort', COVERAGE_TABLES, () => townCoverage(ctx).filter((t) => t.gap > 0).length);
}

function evaluations(ctx: Context, year: number, status: 'submitted' | 'reviewed'): number {
  return keptCount(ctx, `evaluations|${year}|${status}`, EVALUATION_TABLES, () => rankingOf(ctx.db, year, null, status).length);
}

const thisYear = (ctx: Context) => Number(ctx.clock.today().slice(0, 4));

/** Staff and administrators: certificates, appointments, coverage, attendance and evaluations that wait. */
export function staffItems(ctx: Context): HomeItem[] {
  const year = thisYear(ctx);
  const ending = { status: 'active' as const, endingWithinDays: ENDING_WITHIN_DAYS };
  return [
    item('certificatesWindow', certificates(ctx, 'window'), { status: 'window' }),
    item('certificatesExpiredThisMonth', certificates(ctx, 'expiredThisMonth'), { status: 'expiredThisMonth' }),
    item('supervisorsEnding', supervisors(ctx, ending), ending),
    item('townsShort', townsShort(ctx), { onlyShort: true }),
    item('attendanceDue', sessions(ctx, { attendanceDue: true }), {}),
    item('evaluationsToReview', evaluations(ctx, year, 'submitted'), { year, status: 'submitted' }),
  ];
}

/** Coordinators, at their own bases: this week's sessions, rosters with seats free, attendance to record. */
export function coordinatorItems(ctx: Context): HomeItem[] {
  const week = { ...weekOf(ctx.clock.today()), statuses: NOT_CANCELLED };
  return [
    item('sessionsThisWeek', sessions(ctx, week), { ...week, statuses: NOT_CANCELLED.join(',') }, false),
    item('rostersOpen', sessions(ctx, { openSeats: true }), { openSeats: true }),
    item('attendanceDue', sessions(ctx, { attendanceDue: true }), {}),
  ];
}

/** Auditors: the year's key figures. */
export function auditorItems(ctx: Context): HomeItem[] {
  const year = thisYear(ctx);
  const held = { ...yearRange(year), statuses: ['completed' as const] };
  const ledger = creditedInYear(ctx.db, year);
  return [
    item('activeSupervisors', supervisors(ctx, { status: 'active' }), { status: 'active' }, false),
    item('sessionsHeld', sessions(ctx, held), { ...held, statuses: 'completed' }, false),
    { ...item('hoursCredited', ledger.hours, null, false), ...(ledger.refreshing && { refreshing: true as const }) },
    { ...item('trainedPeople', ledger.people, null, false), ...(ledger.refreshing && { refreshing: true as const }) },
    item('evaluationsReviewed', evaluations(ctx, year, 'reviewed'), { year, status: 'reviewed' }, false),
  ];
}
