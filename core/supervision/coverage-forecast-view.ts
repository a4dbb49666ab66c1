/** The forecast as the page and its export show it: every town with the what-ifs applied, compared with the forecast without them. */
import type { Context } from '../contract.ts';
import { getRegion } from '../../db/repos/regions.ts';
import { notFound } from '../errors.ts';
import type { ForecastQuery } from '../schemas/coverage-forecast.ts';
import { adjustedTally, forecastDays, shortfallReasons, tallyOf, townsOf, type Tally, type TownForecast } from './coverage-forecast.ts';
import { loadForecastInputs, type ForecastInputs } from './coverage-forecast-inputs.ts';
import type { Db } from '../../db/engine/types.ts';
import { auditHashAt, changeMarker } from '../../db/repos/training-facts.ts';
import { applyAssumptions } from './coverage-what-if.ts';

interface Baseline {
  key: string;
  inputs: ForecastInputs;
  tally: Tally;
  towns: TownForecast[];
}
const baselines = new WeakMap<Db, Baseline>();

/**
 * The forecast without what-ifs, kept per connection until the next write (keyed by the audit log's
 * head, which every write moves: the register, certificates, cycles, quotas and rules are all logged),
 * the day or the horizon changes: what-ifs tried one after another count only what they change.
 */
function baseline(ctx: Context, months: number): Baseline {
  const mark = changeMarker(ctx.db);
  const key = `${mark}:${auditHashAt(ctx.db, mark)}:${ctx.clock.today()}:${months}`;
  const hit = baselines.get(ctx.db);
  if (hit?.key === key) return hit;
  const inputs = loadForecastInputs(ctx, months);
  const tally = tallyOf(inputs.supervisors, frameOf(inputs));
  const computed = { key, inputs, tally, towns: townsOf(tally, frameOf(inputs)) };
  baselines.set(ctx.db, computed);
  return computed;
}

/** Forgets the kept forecast (the benchmark measures the computation itself). */
export function forgetForecast(db: Db): void {
  baselines.delete(db);
}

const frameOf = (inputs: ForecastInputs) => ({ towns: inputs.towns, quotas: inputs.quotas, settings: inputs.settings, names: inputs.names });

export function coverageForecast(ctx: Context, query: ForecastQuery) {
  for (const a of query.assumptions) if ('regionId' in a && !getRegion(ctx.db, a.regionId)) throw notFound('所选区划', 'assumptions');
  const { inputs, tally: baseTally, towns: base } = baseline(ctx, query.months);
  const frame = frameOf(inputs);
  const whatIf = query.assumptions.length > 0 || query.cycleOutcome !== 'proposals';
  const applied = whatIf ? applyAssumptions(ctx, inputs, query.assumptions, query.cycleOutcome) : { supervisors: inputs.supervisors, texts: [] };
  // Only the supervisors a what-if replaced are counted again (everyone, for a what-if on every appointment).
  const before = new Set(inputs.supervisors);
  const after = new Set(applied.supervisors);
  const added = applied.supervisors.filter((s) => !before.has(s));
  const recount = () =>
    added.length > inputs.supervisors.length / 2
      ? tallyOf(applied.supervisors, frame)
      : adjustedTally(
          baseTally,
          inputs.supervisors.filter((s) => !after.has(s)),
          added,
          frame,
        );
  const towns = whatIf ? townsOf(recount(), frame) : base;

  // The levels in use: some town has a quota or a supervisor at it in some month.
  const used = inputs.quotas.levels.filter((_, i) => towns.some((t) => t.months.some((m) => m.levels[i]!.quota > 0 || m.levels[i]!.actual > 0)));
  const usedIds = new Set(used.map((l) => l.id));
  const days = forecastDays(inputs.settings.today, query.months);
  const shortCount = (list: TownForecast[]) => days.map((_, k) => list.filter((t) => t.months[k]!.gap > 0).length);

  const rows = towns.map((t, i) => {
    const before = base[i]!;
    return {
      regionId: t.regionId,
      code: t.code,
      name: t.name,
      parentName: t.parentName,
      quotas: t.months[0]!.levels.filter((l) => usedIds.has(l.levelId)).map((l) => l.quota),
      months: t.months.map((m, k) => ({
        actual: m.levels.filter((l) => usedIds.has(l.levelId)).map((l) => l.actual),
        quota: m.quota,
        total: m.actual,
        gap: m.gap,
        changed: m.levels.some((l, j) => l.actual !== before.months[k]!.levels[j]!.actual),
      })),
      firstShort: t.firstShort,
      baseFirstShort: before.firstShort,
      reasons: shortfallReasons(t),
      changes: t.changes,
    };
  });
  const search = query.search;
  const matching = rows
    .filter(
      (r) =>
        (!query.onlyShort || r.firstShort !== null) &&
        (!query.onlyNewlyShort || (r.firstShort !== null && r.firstShort > 0)) &&
        (!query.onlyChanged || r.months.some((m) => m.changed)) &&
        (!search || r.name.includes(search) || r.code.includes(search) || (r.parentName ?? '').includes(search)),
    )
    .sort((a, b) => (a.firstShort ?? Infinity) - (b.firstShort ?? Infinity) || a.code.localeCompare(b.code));
  return {
    rows: matching,
    summary: {
      today: inputs.settings.today,
      days,
      levels: used.map((l) => ({ levelId: l.id, levelName: l.name })),
      towns: towns.length,
      shortTowns: shortCount(towns),
      baseShortTowns: shortCount(base),
      shortWithin: towns.filter((t) => t.firstShort !== null).length,
      baseShortWithin: base.filter((t) => t.firstShort !== null).length,
      cycle: inputs.settings.cycle ? { year: inputs.settings.cycle.year } : null,
      cycleOutcome: query.cycleOutcome,
      assumptions: applied.texts,
      whatIf,
    },
  };
}
