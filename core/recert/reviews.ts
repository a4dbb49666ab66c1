/** A cycle's reviews written: computed when it opens, and again when training arrives while it is open. */
import type { Context } from '../contract.ts';
import * as repo from '../../db/repos/recert.ts';
import * as supervisors from '../../db/repos/supervisors.ts';
import { evaluateRegister } from '../compliance/population.ts';
import { fromFrozen, type FrozenRules, type RuleContext } from '../compliance/rule-context.ts';

export function frozenRulesOf(cycle: repo.CycleRow): RuleContext {
  return fromFrozen(JSON.parse(cycle.frozenRules!) as FrozenRules);
}

export function writeReviews(ctx: Context, cycle: repo.CycleRow, rc: RuleContext): number {
  const evaluated = evaluateRegister(ctx.db, cycle.year, rc);
  repo.insertReviews(
    ctx.db,
    evaluated.map(({ row, evaluation }) => ({
      cycleId: cycle.id,
      supervisorId: row.supervisorId,
      levelId: row.levelId,
      regionId: row.regionId,
      facts: JSON.stringify(evaluation.facts),
      proposal: evaluation.proposal,
      reasons: JSON.stringify(evaluation.reasons),
    })),
    ctx.clock.now(),
  );
  return evaluated.length;
}

/**
 * Training was recorded or verified for these people: the open cycles' reviews of them are
 * computed again under the cycle's frozen rules. A confirmation of a proposal that has now changed
 * is withdrawn (the person is undecided again); a decision taken with its own reason stays.
 */
export function refreshOpenReviews(ctx: Context, personIds: readonly number[]): void {
  const cycles = repo.openCycles(ctx.db);
  if (cycles.length === 0 || personIds.length === 0) return;
  const now = ctx.clock.now();
  for (const cycle of cycles) {
    const reviews = [...new Set(personIds)].flatMap((personId) => repo.reviewsOfPerson(ctx.db, cycle.id, personId));
    if (reviews.length === 0) continue;
    const rc = frozenRulesOf(cycle);
    for (const { row, evaluation } of evaluateRegister(
      ctx.db,
      cycle.year,
      rc,
      reviews.map((r) => r.supervisorId),
    )) {
      const review = reviews.find((r) => r.supervisorId === row.supervisorId)!;
      repo.updateReviewFacts(ctx.db, review.id, JSON.stringify(evaluation.facts), evaluation.proposal, JSON.stringify(evaluation.reasons), now);
      if (review.decision !== null && review.decisionReason === null && evaluation.proposal !== review.proposal) repo.clearDecision(ctx.db, review.id);
    }
  }
}

/**
 * Supervision was recorded, changed or removed for these supervisors (issue 22): their open
 * reviews are computed again like after training. For the supervision record commands and import.
 */
export function refreshOpenReviewsOfSupervisors(ctx: Context, supervisorIds: readonly number[]): void {
  if (repo.openCycles(ctx.db).length === 0) return;
  const personIds = [...new Set(supervisorIds)].flatMap((id) => supervisors.getSupervisor(ctx.db, id)?.personId ?? []);
  refreshOpenReviews(ctx, personIds);
}
