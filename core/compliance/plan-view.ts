/**
 * 补学计划 off the server's thread: a plan needs everyone's forecast (~45 µs a person) and then its
 * assignment (0.6–0.7 s for a city), so above the forecast list's size (`forecastListOptions.inlineUpTo`,
 * forecast-view.ts) it is built in a worker thread (plan-worker.ts, by the list's mechanism:
 * core/rows-worker.ts) on a snapshot of its own. The request that finds no plan for its filters answers
 * that it is being computed; the dialog asks again until the plan lands. Plans are kept per connection
 * and query until a table they read is written (the audit log says which), or the rules or the day
 * change. A plan that has just landed is answered although something was written since (for
 * `planOptions.landedGraceMs`): it was built after it was asked for, and under steady writes a plan would never
 * be current by the time it lands; the enrolment checks every seat again anyway. A small population,
 * data no worker can open or a worker that cannot start build it here, at once, as before.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { Db } from '../../db/engine/types.ts';
import { changeMarker } from '../../db/repos/training-facts.ts';
import { AppError, type ErrorPayload } from '../errors.ts';
import { rowsFromWorker } from '../rows-worker.ts';
import type { planInput } from '../schemas/forecast.ts';
import { workerLocation } from '../snapshot.ts';
import { COMPLIANCE_FORECAST_TABLES, computesHere, keyOf, unchangedBetween } from './forecast-view.ts';
import { buildPlan, planLimits, type Plan, type PlanRow } from './plan-build.ts';
import type { PlanArgs, PlanDone } from './plan-worker.ts';
import { currentRuleContext, fromFrozen } from './rule-context.ts';

type PlanInput = z.output<typeof planInput>;

/** What a plan reads: the forecast's tables, and supervision records (they hold a person's time). */
export const PLAN_TABLES = [...COMPLIANCE_FORECAST_TABLES, 'supervision_record'] as const;

/** Plans kept per connection (the oldest is dropped). */
const PLANS = 8;

interface KeptPlan {
  /** The audit log's head the plan is up to date with. */
  mark: number;
  plan: Plan | null;
  /** Why it was refused (too many people or seats), instead of a plan. */
  refusal: ErrorPayload | null;
  /** When it landed (ms since the epoch). */
  landedAt: number;
}

/** Per connection, by rules, day, query and limits. */
const kept = new WeakMap<Db, Map<string, KeptPlan>>();
/** Plans being built in a worker thread, per connection, by key. */
const computing = new WeakMap<Db, Map<string, Promise<void>>>();

/**
 * The worker's script, when not the usual one (tests), and how long a plan that has just landed is
 * answered whatever was written since (ms; tests set 0). The size is the forecast list's.
 */
export const planOptions = { entry: '', landedGraceMs: 10_000 };
/** Plans built on this thread (tests). */
export const planComputations = { here: 0 };

const here = fileURLToPath(import.meta.url);
const WORKER_ENTRY = path.join(path.dirname(here), `plan-worker${path.extname(here)}`);

const byKey = <T>(map: WeakMap<Db, Map<string, T>>, db: Db) => map.get(db) ?? map.set(db, new Map()).get(db)!;

function keep(db: Db, key: string, entry: KeptPlan): void {
  const plans = byKey(kept, db);
  const now = plans.get(key);
  if (now && now.mark > entry.mark) return; // a newer one landed first
  plans.delete(key);
  if (plans.size >= PLANS) plans.delete(plans.keys().next().value!);
  plans.set(key, entry);
}

/** The plan built on this thread (its refusal kept as it is). */
function buildHere(db: Db, today: string, input: PlanInput): Omit<KeptPlan, 'landedAt'> {
  planComputations.here += 1;
  const mark = changeMarker(db);
  try {
    return { mark, plan: buildPlan(db, today, input), refusal: null };
  } catch (error) {
    if (error instanceof AppError) return { mark, plan: null, refusal: error.toPayload() };
    throw error;
  }
}

function buildInWorker(db: Db, key: string, today: string, input: PlanInput): void {
  const running = byKey(computing, db);
  if (running.has(key)) return;
  const landed = rowsFromWorker<PlanArgs, PlanRow, PlanDone>(
    planOptions.entry || WORKER_ENTRY,
    workerLocation(db)!,
    { today, input, limits: { ...planLimits } },
    {
      what: '补学计划制定',
      landed: (rows, { frozen, mark, figures, refusal }) => {
        // Under the rules it was read with: a plan for other rules than those asked for is kept under their key.
        const at = JSON.stringify([keyOf(fromFrozen(frozen), today, input.horizonMonths), input, planLimits]);
        if (db.open) keep(db, at, { mark, plan: figures && { rows, ...figures }, refusal, landedAt: Date.now() });
      },
      here: () => {
        if (db.open) keep(db, key, { ...buildHere(db, today, input), landedAt: Date.now() }); // no worker here (e.g. a packed archive): as before
      },
    },
  );
  if (!landed) return;
  running.set(key, landed);
  void landed.then(() => {
    if (running.get(key) === landed) running.delete(key);
  });
}

/** Resolves when no plan is being built for `db` in a worker thread (tests wait on it). */
export async function planLanded(db: Db): Promise<void> {
  for (;;) {
    const running = [...(computing.get(db)?.values() ?? [])];
    if (!running.length) return;
    await Promise.all(running);
  }
}

const answer = ({ plan, refusal }: KeptPlan | Omit<KeptPlan, 'landedAt'>): Plan => {
  if (refusal) throw new AppError(refusal.code, refusal.message, refusal.field);
  return plan!;
};

/** The plan for `input` as of `today`: built here for a small population; else kept, or being built in a worker thread (null meanwhile). */
export function planFor(db: Db, today: string, input: PlanInput): Plan | null {
  if (computesHere(db)) return answer(buildHere(db, today, input));
  const key = JSON.stringify([keyOf(currentRuleContext(db), today, input.horizonMonths), input, planLimits]);
  const mark = changeMarker(db);
  const hit = kept.get(db)?.get(key);
  if (hit && unchangedBetween(db, hit.mark, mark, PLAN_TABLES)) {
    hit.mark = mark;
    return answer(hit);
  }
  if (hit && Date.now() - hit.landedAt < planOptions.landedGraceMs) return answer(hit);
  buildInWorker(db, key, today, input);
  const now = kept.get(db)?.get(key); // built here when no worker could start
  return now && now !== hit ? answer(now) : null;
}
