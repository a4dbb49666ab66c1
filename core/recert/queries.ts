/** Reading a cycle: its numbers (a what-if while a draft), its reviews, and who still needs something this year. */
import type { z } from 'zod';
import type { Context } from '../contract.ts';
import { notFound } from '../errors.ts';
import type { outstandingList, reviewList } from '../schemas/recert.ts';
import * as repo from '../../db/repos/recert.ts';
import { currentRuleContext } from '../compliance/rule-context.ts';
import { evaluateRegister, tallyOutcomes, type RegisterEvaluation } from '../compliance/population.ts';
import { conditionDeadline } from '../compliance/review.ts';
import { parseReview, requireCycle, rulesOf } from './cycle-rules.ts';
import { comparePersonNames } from '../collation.ts';

const tally = (items: RegisterEvaluation[]) =>
  tallyOutcomes(
    items.map(({ row, evaluation }) => ({ outcome: evaluation.proposal, levelName: row.levelName, levelRank: row.levelRank, regionName: row.regionName })),
  );

export const listCycles = (ctx: Context) => repo.listCycles(ctx.db).map(({ frozenRules: _f, ...c }) => c);

/** A cycle with its rules and numbers: a draft's are a what-if under the current rules (nothing stored), an open or closed one's are its reviews. */
export function cycleOverview(ctx: Context, cycleId: number) {
  const cycle = requireCycle(ctx, cycleId);
  const rc = rulesOf(ctx, cycle);
  const { frozenRules: _f, ...rest } = cycle;
  const common = { cycle: rest, ruleVersion: rc.version, ruleSummary: rc.summary };
  if (cycle.status === 'draft') return { ...common, preview: tally(evaluateRegister(ctx.db, cycle.year, rc)), undecided: 0 };
  const reviews = repo.reviewsOfCycle(ctx.db, cycle.id);
  const counted = tallyOutcomes(
    reviews.map((r) => ({ outcome: r.decision ?? r.proposal, levelName: r.levelName, levelRank: r.levelRank, regionName: r.regionName })),
  );
  return { ...common, preview: counted, undecided: reviews.filter((r) => !r.decision).length };
}

export function reviewPage(ctx: Context, q: z.output<typeof reviewList>) {
  requireCycle(ctx, q.cycleId);
  const page = repo.listReviews(ctx.db, q);
  return { ...page, rows: page.rows.map(parseReview) };
}

export function reviewDetail(ctx: Context, id: number) {
  const review = repo.getReview(ctx.db, id);
  if (!review) throw notFound('该审核记录', 'id');
  const cycle = requireCycle(ctx, review.cycleId);
  return { ...parseReview(review), year: cycle.year, cycleStatus: cycle.status, defaultDeadline: conditionDeadline(rulesOf(ctx, cycle).rules, cycle.year) };
}

/** Supervisors who still lack something this year, under the rules the year is judged by. */
export function outstanding(ctx: Context, q: z.output<typeof outstandingList>) {
  const cycle = repo.findCycleByYear(ctx.db, q.year);
  const rc = cycle ? rulesOf(ctx, cycle) : currentRuleContext(ctx.db);
  const collator = new Intl.Collator('zh-CN');
  return evaluateRegister(ctx.db, q.year, rc)
    .filter(
      ({ row, evaluation }) =>
        evaluation.proposal !== 'pass' && (!q.regionId || row.regionId === q.regionId) && (!q.search || row.personName.includes(q.search)),
    )
    .map(({ row, evaluation }) => ({ ...row, needs: evaluation.reasons.join('；'), proposal: evaluation.proposal }))
    .sort((a, b) =>
      q.sortField === 'personName'
        ? comparePersonNames(a, b)
        : q.sortField === 'levelRank'
          ? b.levelRank - a.levelRank
          : collator.compare(a.regionName, b.regionName) || comparePersonNames(a, b),
    );
}
