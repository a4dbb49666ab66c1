/** 工作台 per role: the items that need attention (or the year's key figures), and each role's own panels. */
import type { Context } from '../contract.ts';
import { roleAllows } from '../permissions.ts';
import { visibleBaseIds } from '../services/base-access.ts';
import { backupScheduleOf } from '../backup-schedule.ts';
import { lastScheduledBackup } from '../scheduled-backups.ts';
import { listCycles } from '../../db/repos/recert.ts';
import { ranking } from '../../db/repos/evaluations.ts';
import { auditorItems, coordinatorItems, EVALUATION_TABLES, scopeKey, staffItems, type HomeItem } from './items.ts';
import { keptFigure } from './kept-counts.ts';
import { daysFrom } from './period.ts';
import { forecastHeadlines } from './forecast-headlines.ts';

/** What the cycles' progress reads: kept until one of them is written. */
const RECERT_TABLES = ['recert_cycle', 'recert_review'] as const;

/**
 * The re-review cycle in progress: this year's if there is one, else the latest still open. Its deadline
 * is the cycle year's last day (closing gives the new 有效期至 from then on).
 */
function recertProgress(ctx: Context) {
  const today = ctx.clock.today();
  const year = Number(today.slice(0, 4));
  const cycles = keptFigure(ctx, 'recertCycles', RECERT_TABLES, () => listCycles(ctx.db));
  const cycle = cycles.find((c) => c.year === year && c.status !== 'closed') ?? cycles.find((c) => c.status === 'open');
  if (!cycle) return null;
  const deadline = `${cycle.year}-12-31`;
  return {
    cycleId: cycle.id,
    year: cycle.year,
    status: cycle.status,
    decided: cycle.decided,
    total: cycle.reviews,
    deadline,
    daysLeft: daysFrom(today, deadline),
  };
}

/** The scheduled backup's time and its last run (administrators). */
function backupState(ctx: Context) {
  const last = lastScheduledBackup(ctx.dataFile);
  return { time: backupScheduleOf(ctx.db).time, last: last && { at: last.at, ok: last.ok, file: last.file, error: last.error } };
}

/** The audit log's check made at this start (newest entries, anchor, triggers): the full check is on 操作日志. */
function auditState(ctx: Context) {
  const check = ctx.host?.audit().startup ?? null;
  return check && { intact: check.intact, mode: check.mode, message: check.message, checkedAt: check.checkedAt };
}

export function homeOverview(ctx: Context) {
  const role = ctx.actor.role;
  const today = ctx.clock.today();
  const year = Number(today.slice(0, 4));
  const items: HomeItem[] = role === 'coordinator' ? coordinatorItems(ctx) : role === 'auditor' ? auditorItems(ctx) : staffItems(ctx);
  return {
    today,
    year,
    items,
    recert: role === 'coordinator' ? null : recertProgress(ctx),
    backup: roleAllows(role, 'backup.manage') ? backupState(ctx) : null,
    audit: role === 'auditor' ? auditState(ctx) : null,
    /** Staff and administrators: the forecasts' headlines (a coordinator's bases are not what either forecast is about). */
    forecasts: role === 'staff' || role === 'admin' ? forecastHeadlines(ctx) : null,
    /** A coordinator's bases and this year's evaluation of each. */
    evaluations:
      role === 'coordinator'
        ? keptFigure(ctx, `ranking|${year}|${scopeKey(ctx)}`, EVALUATION_TABLES, () =>
            ranking(ctx.db, year, visibleBaseIds(ctx)).map((r) => ({ baseId: r.baseId, baseName: r.baseName, status: r.status, grade: r.grade })),
          )
        : [],
  };
}
