/**
 * 督导对象上限 (issue 22): per supervisor level, at most N current 督导对象, as rule data in
 * rule_setting (key `supervision_load_limit`: level id → N; a level absent or 0 has no limit, the
 * default), like the default town quota. Checked when a relationship is created or its period
 * changed, with a message naming the limit.
 */
import type { Context } from '../contract.ts';
import { conflict } from '../errors.ts';
import { ruleSettings, setRuleSetting } from '../../db/repos/rule-settings.ts';
import { getSupervisor } from '../../db/repos/supervisors.ts';
import { overlappingLoad } from '../../db/repos/supervision-relationships.ts';

export const LOAD_LIMIT_SETTING = 'supervision_load_limit';

/** Level id → limit, only the levels that have one. */
export function loadLimits(ctx: Pick<Context, 'db'>): Map<number, number> {
  const raw = ruleSettings(ctx.db)[LOAD_LIMIT_SETTING]?.value ?? '{}';
  return new Map(
    Object.entries(JSON.parse(raw) as Record<string, number>)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => [Number(k), v]),
  );
}

export function setLoadLimits(ctx: Context, limits: readonly { levelId: number; limit: number }[]): void {
  const value = Object.fromEntries(limits.filter((l) => l.limit > 0).map((l) => [String(l.levelId), l.limit]));
  setRuleSetting(ctx.db, LOAD_LIMIT_SETTING, JSON.stringify(value), ctx.clock.now(), ctx.actor.name);
}

/**
 * Refuses a relationship over [startsOn, endsOn] that would give the supervisor more 督导对象 at
 * once than their level allows: 「中级督导最多 8 名督导对象，张三目前已有 8 名」.
 */
export function checkLoadLimit(ctx: Context, supervisorId: number, startsOn: string, endsOn: string | null, excludeId: number | null): void {
  const supervisor = getSupervisor(ctx.db, supervisorId);
  if (!supervisor) return;
  const limit = loadLimits(ctx).get(supervisor.levelId);
  if (limit === undefined) return;
  const load = overlappingLoad(ctx.db, supervisorId, startsOn, endsOn, excludeId);
  if (load >= limit)
    throw conflict(
      `${supervisor.levelName}最多 ${limit} 名督导对象，${supervisor.personName}${endsOn === null && startsOn <= ctx.clock.today() ? '目前' : '在该期间'}已有 ${load} 名：请先结束其他督导关系，或在“规则设置”中调整上限`,
    ); // about the supervisor, not one field: the form shows it above its fields
}
