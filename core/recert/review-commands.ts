/** Humans decide: proposals confirmed in bulk, or one review decided with its reason and deadline. */
import type { z } from 'zod';
import type { Context } from '../contract.ts';
import { invalid, notFound } from '../errors.ts';
import type { bulkConfirm, decideReview } from '../schemas/recert.ts';
import { RecertOutcome } from '../../domain/index.ts';
import * as repo from '../../db/repos/recert.ts';
import { conditionDeadline } from '../compliance/review.ts';
import { parseReview, reasonProblem, requireOpen } from './cycle-rules.ts';
import { frozenRulesOf } from './reviews.ts';
import { expectVersion, expectVersions } from '../versions.ts';
import { recertOutputs } from '../outputs/recert.ts';

/** Each chosen review takes its proposal as the decision; one already decided is refused, by name. */
export function confirmProposals(ctx: Context, { cycleId, reviewIds, versions, reason }: z.output<typeof bulkConfirm>): { confirmed: number } {
  const cycle = requireOpen(ctx, cycleId);
  if (versions && versions.length !== reviewIds.length) throw invalid('所选审核记录与其版本数目不一致，请刷新后重试', 'versions');
  // Every review as the list showed it, checked before any is confirmed: a stale one confirms none.
  expectVersions(
    ctx,
    'recert_review',
    reviewIds.map((id, i) => ({
      id,
      version: versions?.[i],
      current: () => parseReview(repo.getReview(ctx.db, id)!),
      currentSchema: recertOutputs['recert.decide'],
      what: `「${repo.getReview(ctx.db, id)?.personName ?? id}」的审核记录`,
      action: '确认',
    })),
  );
  const deadline = conditionDeadline(frozenRulesOf(cycle).rules, cycle.year);
  const now = ctx.clock.now();
  for (const id of reviewIds) {
    const review = repo.getReview(ctx.db, id);
    if (!review || review.cycleId !== cycleId) throw notFound('所选审核记录', 'reviewIds');
    if (review.decision)
      throw invalid(`「${review.personName}」已有结论（${RecertOutcome.label(review.decision)}）；如需改变，请打开其审核记录逐人决定`, 'reviewIds');
    const problem = reasonProblem(review.proposal, review.proposal, reason);
    if (problem) throw invalid(`「${review.personName}」${problem}`, 'reason');
    repo.decideReviewRow(ctx.db, id, {
      decision: review.proposal,
      reason,
      conditionDeadline: review.proposal === 'conditional' ? deadline : null,
      by: ctx.actor.name,
      at: now,
    });
  }
  return { confirmed: reviewIds.length };
}

/** One review decided; 有条件通过 takes the rules' deadline unless another (after today) is given. */
export function decide(ctx: Context, { id, version, decision, reason, conditionDeadline: deadline }: z.output<typeof decideReview>) {
  const review = repo.getReview(ctx.db, id);
  if (!review) throw notFound('该审核记录', 'id');
  expectVersion(ctx, { table: 'recert_review', id, version, current: () => parseReview(review), currentSchema: recertOutputs['recert.decide'] });
  const cycle = requireOpen(ctx, review.cycleId);
  const problem = reasonProblem(review.proposal, decision, reason);
  if (problem) throw invalid(problem, 'reason');
  let due: string | null = null;
  if (decision === 'conditional') {
    due = deadline ?? conditionDeadline(frozenRulesOf(cycle).rules, cycle.year);
    if (due <= ctx.clock.today()) throw invalid('整改期限应晚于今天', 'conditionDeadline');
  }
  repo.decideReviewRow(ctx.db, id, { decision, reason, conditionDeadline: due, by: ctx.actor.name, at: ctx.clock.now() });
  return parseReview(repo.getReview(ctx.db, id)!);
}
