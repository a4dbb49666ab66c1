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

function certificates(ctx: Context, status: 'window' | 'expiredThisMonth'): number {
  return listRegistrationsEnding(ctx.db, { ...ONE, ...dueRange(ctx, status) }).total;
}

function supervisors(ctx: Context, query: { status: 'active'; endingWithinDays?: number }): number {
  return listSupervisors(ctx.db, { ...ONE, ...supervisorQuery(ctx, query) }).total;
}

function sessions(ctx: Context, query: { from?: string; to?: string; statuses?: SessionStatus[]; openSeats?: boolean; attendanceDue?: boolean }): number {
  const { attendanceDue, ...rest } = query;
  return listSessions(ctx.db, {
    ...ONE,
    ...rest,
    baseIds: listedBaseIds(ctx, undefined),
    attendanceDueAt: attendanceDue ? localDateTime(ctx.clock.now(), ctx.clock.timeZone()) : undefined,
  }).total;
}

const thisYear = (ctx: Context) => Number(ctx.clock.today().slice(0, 4));
/** What 「本年已结课班期」 reads: the sessions' dates, status and base (a base's sessions go with it). */
const SESSION_TABLES = ['training_session', 'training_base'] as const;

/** Staff and administrators: certificates, appointments, coverage, attendance and evaluations that wait. */
export function staffItems(ctx: Context): HomeItem[] {
  const year = thisYear(ctx);
  const ending = { status: 'active' as const, endingWithinDays: ENDING_WITHIN_DAYS };
  return [
    item('certificatesWindow', certificates(ctx, 'window'), { status: 'window' }),
    item('certificatesExpiredThisMonth', certificates(ctx, 'expiredThisMonth'), { status: 'expiredThisMonth' }),
    item('supervisorsEnding', supervisors(ctx, ending), ending),
    item('townsShort', townCoverage(ctx).filter((t) => t.gap > 0).length, { onlyShort: true }),
    item('attendanceDue', sessions(ctx, { attendanceDue: true }), {}),
    item('evaluationsToReview', rankingOf(ctx.db, year, null, 'submitted').length, { year, status: 'submitted' }),
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
    item(
      'sessionsHeld',
      keptCount(ctx, `sessionsHeld|${year}|${listedBaseIds(ctx, undefined)?.join(',') ?? 'all'}`, SESSION_TABLES, () => sessions(ctx, held)),
      { ...held, statuses: 'completed' },
      false,
    ),
    { ...item('hoursCredited', ledger.hours, null, false), ...(ledger.refreshing && { refreshing: true as const }) },
    { ...item('trainedPeople', ledger.people, null, false), ...(ledger.refreshing && { refreshing: true as const }) },
    item('evaluationsReviewed', rankingOf(ctx.db, year, null, 'reviewed').length, { year, status: 'reviewed' }, false),
  ];
}
