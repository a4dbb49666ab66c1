/**
 * A cycle's life: created as a draft, opened (rules frozen, a review per supervisor on the register),
 * closed (every decision applied at once as a supervisor event that links to the cycle).
 */
import type { Context } from '../contract.ts';
import { conflict, invalid } from '../errors.ts';
import type { Outcome } from '../schemas/recert.ts';
import { RecertOutcome } from '../../domain/index.ts';
import * as repo from '../../db/repos/recert.ts';
import { currentRuleSet } from '../../db/repos/rule-sets.ts';
import * as supervisors from '../../db/repos/supervisors.ts';
import { freezeCurrentRules, fromFrozen } from '../compliance/rule-context.ts';
import { extendedValidity } from '../compliance/review.ts';
import { recordSupervisorChanges, stateOf, type Change } from '../services/supervisors.ts';
import { expectCycleVersion, requireCycle, requireOpen } from './cycle-rules.ts';
import { writeReviews } from './reviews.ts';

export function createCycle(ctx: Context, year: number): { id: number } {
  if (repo.findCycleByYear(ctx.db, year)) throw conflict(`${year}年度的再审核已经建立`, 'year');
  return { id: repo.insertCycle(ctx.db, year, ctx.clock.now(), ctx.actor.name) };
}

export function deleteDraft(ctx: Context, id: number, version?: number): { ok: true } {
  const cycle = requireCycle(ctx, id);
  expectCycleVersion(ctx, cycle, version, '删除');
  if (cycle.status !== 'draft') throw invalid('只有尚未开启的草稿可以删除');
  repo.deleteDraftCycle(ctx.db, id);
  return { ok: true };
}

/** What opening a cycle requires, checked before its job starts (a refusal is immediate) and again inside its transaction. */
export function checkOpen(ctx: Context, id: number, version?: number): repo.CycleRow {
  const cycle = requireCycle(ctx, id);
  expectCycleVersion(ctx, cycle, version, '开启');
  if (cycle.status !== 'draft') throw invalid(`${cycle.year}年度认证已开启过`);
  const other = repo.openCycles(ctx.db)[0];
  if (other) throw conflict(`${other.year}年度认证尚未结束：请先结束它，再开启新的年度`);
  return cycle;
}

/** Opens a draft: the current rules frozen into it, a review with facts and a proposal for every supervisor on the register. */
export function openCycle(ctx: Context, id: number, version?: number): number {
  checkOpen(ctx, id, version);
  const frozen = freezeCurrentRules(ctx.db);
  repo.markCycleOpen(ctx.db, id, currentRuleSet(ctx.db).id, JSON.stringify(frozen), ctx.clock.now(), ctx.actor.name);
  return writeReviews(ctx, repo.getCycle(ctx.db, id)!, fromFrozen(frozen));
}

/** A decision as the supervisor event that applies it; null when the supervisor left the register meanwhile (nothing to apply). */
function decisionChange(ctx: Context, cycle: repo.CycleRow, review: repo.ReviewRow, s: supervisors.SupervisorRow | undefined): Change | null {
  if (!s || s.status === 'revoked' || s.status === 'expired') return null;
  const state = stateOf(s);
  const title = `${cycle.year}年度资质再审核${RecertOutcome.label(review.decision!)}`;
  const why = review.decisionReason ? `：${review.decisionReason}` : '';
  const effectiveOn = ctx.clock.today() < s.appointedOn ? s.appointedOn : ctx.clock.today();
  if (review.decision === 'fail') {
    return { kind: 'suspended', effectiveOn, reason: `${title}${why}`, cycleId: cycle.id, state: { ...state, status: 'suspended' } };
  }
  const conditions = review.decision === 'conditional' ? `，须于 ${review.conditionDeadline} 前：${(JSON.parse(review.reasons) as string[]).join('；')}` : '';
  return {
    kind: 'reviewed',
    effectiveOn,
    reason: `${title}${conditions}${why}`,
    cycleId: cycle.id,
    state: { ...state, status: 'active', validUntil: extendedValidity(cycle.year, s.validUntil) },
  };
}

/** What closing a cycle requires (everyone decided), checked before its job starts and again inside its transaction. */
export function checkClose(ctx: Context, id: number, version?: number): repo.CycleRow {
  expectCycleVersion(ctx, requireCycle(ctx, id), version, '结束');
  const cycle = requireOpen(ctx, id);
  const undecided = repo.countUndecided(ctx.db, id);
  if (undecided > 0) throw invalid(`还有 ${undecided} 名督导尚未作出结论，全部确认后才能结束`);
  return cycle;
}

/** Closes an open cycle once everyone is decided: every decision applied at once as a supervisor event. */
export function closeCycle(ctx: Context, id: number, version?: number): Record<Outcome, number> {
  const cycle = checkClose(ctx, id, version);
  const reviews = repo.reviewsOfCycle(ctx.db, id);
  const bySupervisor = new Map(supervisors.supervisorsByIds(ctx.db, [...new Set(reviews.map((r) => r.supervisorId))]).map((s) => [s.id, s]));
  recordSupervisorChanges(
    ctx,
    reviews.flatMap((review) => {
      const change = decisionChange(ctx, cycle, review, bySupervisor.get(review.supervisorId));
      return change ? [{ supervisorId: review.supervisorId, change }] : [];
    }),
  );
  repo.markCycleClosed(ctx.db, id, ctx.clock.now(), ctx.actor.name);
  const applied = { pass: 0, conditional: 0, fail: 0 };
  for (const r of reviews) applied[r.decision!]++;
  return applied;
}
