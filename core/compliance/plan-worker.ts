/**
 * The worker side of 补学计划 above a size (core/compliance/plan-view.ts): the plan built on a
 * read-only connection of its own, from one snapshot (the forecast's rows, the sessions, the seats,
 * the rules and the log's head read in one read transaction), its rows sent back in slices
 * (core/rows-worker.ts). A plan refused for its size travels back as the refusal it is.
 */
import type { z } from 'zod';
import { changeMarker } from '../../db/repos/training-facts.ts';
import { AppError, type ErrorPayload } from '../errors.ts';
import { answerRowsFromSnapshot } from '../rows-worker.ts';
import type { planInput } from '../schemas/forecast.ts';
import { buildPlan, type Plan, type PlanRow, type planLimits } from './plan-build.ts';
import { freezeCurrentRules, type FrozenRules } from './rule-context.ts';

export interface PlanArgs {
  today: string;
  input: z.output<typeof planInput>;
  /** The server's limits (tests lower them). */
  limits: typeof planLimits;
}

/** What the rows belong to: the rules and the log's head they were read at, and the plan's figures, or why it was refused. */
export interface PlanDone {
  frozen: FrozenRules;
  mark: number;
  figures: Omit<Plan, 'rows'> | null;
  refusal: ErrorPayload | null;
}

answerRowsFromSnapshot<PlanArgs, PlanRow, PlanDone>((db, { today, input, limits }) => {
  const frozen = freezeCurrentRules(db);
  const mark = changeMarker(db);
  try {
    const { rows, ...figures } = buildPlan(db, today, input, limits);
    return { rows, done: { frozen, mark, figures, refusal: null } };
  } catch (error) {
    if (error instanceof AppError) return { rows: [], done: { frozen, mark, figures: null, refusal: error.toPayload() } };
    throw error;
  }
});
