/**
 * 镇区覆盖: every town's quota of supervisors per level (a default, or the town's own), its active
 * supervisors by level, and the gap. The coverage page, its export and the quota dialog read it here.
 */
import type { Context } from '../contract.ts';
import * as repo from '../../db/repos/coverage.ts';
import { supervisorLevels } from '../../db/repos/supervisors.ts';
import { ruleSettings } from '../../db/repos/rule-settings.ts';

type TownCoverage = ReturnType<typeof townCoverage>[number];

/** Default quota per town and level (rule setting `town_quota`: level id → count). */
export function defaultQuota(ctx: Pick<Context, 'db'>): Map<number, number> {
  const raw = ruleSettings(ctx.db).town_quota?.value ?? '{}';
  return new Map(Object.entries(JSON.parse(raw) as Record<string, number>).map(([k, v]) => [Number(k), v]));
}

/** Every town with its quota, its active supervisors by level and the gap; short ones first. */
export function townCoverage(ctx: Pick<Context, 'db'>) {
  const levels = supervisorLevels(ctx.db);
  const defaults = defaultQuota(ctx);
  const overrides = new Map(repo.quotaOverrides(ctx.db).map((q) => [`${q.regionId}:${q.levelId}`, q.quota]));
  const counts = new Map(repo.activeCounts(ctx.db).map((c) => [`${c.regionId}:${c.levelId}`, c.n]));
  return repo.towns(ctx.db).map((town) => {
    const byLevel = levels.map((level) => {
      const key = `${town.id}:${level.id}`;
      const quota = overrides.get(key) ?? defaults.get(level.id) ?? 0;
      const actual = counts.get(key) ?? 0;
      return { levelId: level.id, levelName: level.name, quota, actual, gap: Math.max(0, quota - actual), overridden: overrides.has(key) };
    });
    const sum = (f: (l: (typeof byLevel)[number]) => number) => byLevel.reduce((s, l) => s + f(l), 0);
    return { regionId: town.id, code: town.code, name: town.name, parentName: town.parentName, levels: byLevel, quota: sum((l) => l.quota), actual: sum((l) => l.actual), gap: sum((l) => l.gap) };
  });
}

/** The towns a coverage list shows: matching its search, only those short of quota if asked, short ones first. */
export function coverageRows(towns: TownCoverage[], { search, onlyShort }: { search?: string | undefined; onlyShort: boolean }) {
  return towns
    .filter((r) => (!onlyShort || r.gap > 0) && (!search || r.name.includes(search) || r.code.includes(search) || (r.parentName ?? '').includes(search)))
    .sort((a, b) => b.gap - a.gap || a.code.localeCompare(b.code));
}

/**
 * Each level's totals over these towns, for the levels in use (some town has a quota or a supervisor
 * at it): the page's columns and summary, and its export's columns.
 */
export function levelsInUse(ctx: Pick<Context, 'db'>, towns: TownCoverage[]) {
  return supervisorLevels(ctx.db)
    .map((level) => {
      const of = towns.flatMap((r) => r.levels.filter((l) => l.levelId === level.id));
      return { levelId: level.id, levelName: level.name, quota: of.reduce((s, l) => s + l.quota, 0), actual: of.reduce((s, l) => s + l.actual, 0), gap: of.reduce((s, l) => s + l.gap, 0) };
    })
    .filter((l) => l.quota > 0 || l.actual > 0);
}
