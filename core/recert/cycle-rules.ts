/** What a cycle allows, and the rules it is judged by: shared by its commands and queries. */
import type { Context } from '../contract.ts';
import { invalid, notFound } from '../errors.ts';
import type { Outcome } from '../schemas/recert.ts';
import { RecertOutcome } from '../../domain/index.ts';
import * as repo from '../../db/repos/recert.ts';
import { currentRuleContext } from '../compliance/rule-context.ts';
import type { ReviewFacts } from '../compliance/review.ts';
import { frozenRulesOf } from './reviews.ts';
import { expectVersion } from '../versions.ts';

export function requireCycle(ctx: Context, id: number): repo.CycleRow {
  const cycle = repo.getCycle(ctx.db, id);
  if (!cycle) throw notFound('该认证年度', 'cycleId');
  return cycle;
}

/** Reviews are decided only while the cycle is open: a draft is not started, a closed one is history. */
export function requireOpen(ctx: Context, id: number): repo.CycleRow {
  const cycle = requireCycle(ctx, id);
  if (cycle.status === 'draft') throw invalid(`${cycle.year}年度认证尚未开启，开启后才能审核`);
  if (cycle.status === 'closed') throw invalid(`${cycle.year}年度认证已结束，结果不可再改；如需更正，请在督导详情中登记新的变更并写明理由`);
  return cycle;
}

/** The rules a cycle is judged by: frozen once open, the current ones while a draft. */
export const rulesOf = (ctx: Context, cycle: repo.CycleRow) => (cycle.frozenRules ? frozenRulesOf(cycle) : currentRuleContext(ctx.db));

export const parseReview = (r: repo.ReviewRow) => ({ ...r, facts: JSON.parse(r.facts) as ReviewFacts, reasons: JSON.parse(r.reasons) as string[] });

/** A reason is required for every 不通过 and for every decision that differs from the proposal. */
export function reasonProblem(proposal: Outcome, decision: Outcome, reason: string | null): string | null {
  if (reason) return null;
  if (decision === 'fail') return '结论为“不通过”时须填写理由';
  if (decision !== proposal) return `结论（${RecertOutcome.label(decision)}）与系统建议（${RecertOutcome.label(proposal)}）不同，须填写理由`;
  return null;
}

/** A cycle at the version the caller read: opening, closing or deleting one that changed meanwhile is refused. */
export function expectCycleVersion(ctx: Context, cycle: repo.CycleRow, version: number | undefined, action: string): void {
  const { frozenRules: _f, ...current } = cycle;
  expectVersion(ctx, { table: 'recert_cycle', id: cycle.id, version, current: () => current, what: `${cycle.year}年度认证`, action });
}
