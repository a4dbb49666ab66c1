/**
 * 镇区覆盖: every town's quota of supervisors per level (a default, or the town's own), its active
 * supervisors by level, and the gap; beside them, the supervision the town's organizations received
 * in a year (issue 22). The coverage page, its export, the quota dialog and the audit workbook read it here.
 */
import type { Context } from '../contract.ts';
import * as repo from '../../db/repos/coverage.ts';
import { supervisorLevels } from '../../db/repos/supervisors.ts';
import { ruleSettings } from '../../db/repos/rule-settings.ts';
import { townSupervisionByYear, type TownSupervision } from '../../db/repos/supervision-facts.ts';
import { changeMarker } from '../../db/repos/training-facts.ts';
import { changesSince } from '../../db/repos/home.ts';
import type { Db } from '../../db/engine/types.ts';

type TownCoverage = ReturnType<typeof townCoverage>[number];
export type SupervisedTown = ReturnType<typeof withSupervision>[number];

/** Default quota per town and level (rule setting `town_quota`: level id → count). */
export function defaultQuota(ctx: Pick<Context, 'db'>): Map<number, number> {
  const raw = ruleSettings(ctx.db).town_quota?.value ?? '{}';
  return new Map(Object.entries(JSON.parse(raw) as Record<string, number>).map(([k, v]) => [Number(k), v]));
}

type Level = { id: number; name: string };

/** Each town's quota per level: its own where set, else the default (the page and the forecast read the same). */
export function townQuotas(ctx: Pick<Context, 'db'>) {
  const levels = supervisorLevels(ctx.db);
  const defaults = defaultQuota(ctx);
  const overrides = byRegion(repo.quotaOverrides(ctx.db).map((q) => ({ ...q, value: q.quota })));
  return {
    levels,
    quotaOf(regionId: number, levelId: number): { quota: number; overridden: boolean } {
      const own = overrides.get(regionId)?.get(levelId);
      return { quota: own ?? defaults.get(levelId) ?? 0, overridden: own !== undefined };
    },
  };
}

/** Region → level → number. */
export function byRegion(rows: { regionId: number; levelId: number; value: number }[]): Map<number, Map<number, number>> {
  const map = new Map<number, Map<number, number>>();
  for (const r of rows) (map.get(r.regionId) ?? map.set(r.regionId, new Map()).get(r.regionId)!).set(r.levelId, r.value);
  return map;
}

/** One town's figures per level and in total, from its supervisors by level: today's page and every forecast month alike. */
export function townFigures(levels: readonly Level[], quotas: ReturnType<typeof townQuotas>, regionId: number, actualOf: (levelId: number) => number) {
  let quota = 0;
  let actual = 0;
  let gap = 0;
  const byLevel = levels.map((level) => {
    const { quota: levelQuota, overridden } = quotas.quotaOf(regionId, level.id);
    const levelActual = actualOf(level.id);
    const levelGap = Math.max(0, levelQuota - levelActual);
    quota += levelQuota;
    actual += levelActual;
    gap += levelGap;
    return { levelId: level.id, levelName: level.name, quota: levelQuota, actual: levelActual, gap: levelGap, overridden };
  });
  return { levels: byLevel, quota, actual, gap };
}

/** Every town with its quota, its active supervisors by level and the gap (levels in the ladder's order). */
export function townCoverage(ctx: Pick<Context, 'db'>) {
  // A page of 镇区覆盖 computes every town (~1,800 at province) on each call.
  const quotas = townQuotas(ctx);
  const counts = byRegion(repo.activeCounts(ctx.db).map((c) => ({ ...c, value: c.n })));
  return repo.towns(ctx.db).map((town) => {
    const active = counts.get(town.id);
    return {
      regionId: town.id,
      code: town.code,
      name: town.name,
      parentName: town.parentName,
      ...townFigures(quotas.levels, quotas, town.id, (l) => active?.get(l) ?? 0),
    };
  });
}

/** Minutes as hours on screens and sheets: one decimal. */
export const hoursOf = (minutes: number): number => Math.round(minutes / 6) / 10;

/** The year 镇区覆盖 shows supervision for: this year, in the configured time zone. */
export const supervisionYearOf = (ctx: Pick<Context, 'clock'>): number => Number(ctx.clock.today().slice(0, 4));

/**
 * Each town with the supervision its organizations received in `year` (db/repos/supervision-facts.ts:
 * subject organizations of the town, and subject people whose organization was of the town on the
 * record's date), and whether it has appointed supervisors but no recorded supervision (`unsupervised`).
 */
export function withSupervision(ctx: Pick<Context, 'db'>, towns: TownCoverage[], year: number) {
  const received = new Map(keptTownSupervision(ctx.db, year).map((s) => [s.regionId, s]));
  return towns.map((town) => {
    const s = received.get(town.regionId);
    return {
      ...town,
      supervisionSessions: s?.sessions ?? 0,
      supervisionHours: hoursOf(s?.minutes ?? 0),
      supervisedOrganizations: s?.organizations ?? 0,
      unsupervised: town.actual > 0 && !s,
    };
  });
}

/** What the per-town supervision figures read: a change to any of them (the audit log names its table) counts them again. */
const SUPERVISION_TABLES = ['supervision_record', 'supervision_record_subject', 'supervision_relationship', 'person_post_event', 'person', 'organization'];
const REFRESH_LIMIT = 5_000;
const keptSupervision = new WeakMap<Db, Map<number, { mark: number; rows: TownSupervision[] }>>();

/**
 * townSupervisionByYear, kept per connection with the log's head it was counted at (like the
 * 工作台's kept counts): a year of a province's records is a second or more to sum, and every page
 * of 镇区覆盖 shows every town's figures. Counted again when one of its tables changed since.
 */
function keptTownSupervision(db: Db, year: number): TownSupervision[] {
  const mark = changeMarker(db);
  const kept = keptSupervision.get(db) ?? keptSupervision.set(db, new Map()).get(db)!;
  const hit = kept.get(year);
  if (hit && hit.mark === mark) return hit.rows;
  if (hit && mark > hit.mark) {
    const changes = changesSince(db, hit.mark);
    if (changes.entries <= REFRESH_LIMIT && !SUPERVISION_TABLES.some((t) => changes.tables.has(t))) {
      hit.mark = mark;
      return hit.rows;
    }
  }
  const rows = townSupervisionByYear(db, year);
  kept.set(year, { mark, rows });
  return rows;
}

export interface CoverageFilter {
  search?: string | undefined;
  onlyShort: boolean;
  /** Only towns with appointed supervisors and no supervision recorded in the year. */
  onlyUnsupervised?: boolean | undefined;
}

/** The towns a coverage list shows: matching its search and filters, short ones first. */
export function coverageRows(towns: SupervisedTown[], { search, onlyShort, onlyUnsupervised }: CoverageFilter) {
  return towns
    .filter(
      (r) =>
        (!onlyShort || r.gap > 0) &&
        (!onlyUnsupervised || r.unsupervised) &&
        (!search || r.name.includes(search) || r.code.includes(search) || (r.parentName ?? '').includes(search)),
    )
    .sort((a, b) => b.gap - a.gap || a.code.localeCompare(b.code));
}

/**
 * Each level's totals over these towns, for the levels in use (some town has a quota or a supervisor
 * at it): the page's columns and summary, and its export's columns.
 */
export function levelsInUse(ctx: Pick<Context, 'db'>, towns: TownCoverage[]) {
  const totals = supervisorLevels(ctx.db).map((level) => ({ levelId: level.id, levelName: level.name, quota: 0, actual: 0, gap: 0 }));
  for (const town of towns) {
    town.levels.forEach((l, i) => {
      const total = totals[i];
      if (!total || total.levelId !== l.levelId) return; // the ladder changed between the two reads
      total.quota += l.quota;
      total.actual += l.actual;
      total.gap += l.gap;
    });
  }
  return totals.filter((l) => l.quota > 0 || l.actual > 0);
}
