import type { Context } from '../../contract.ts';
import { DEFAULT_TIME_ZONE } from '../../dates.ts';
import { conditionDeadline } from '../../compliance/review.ts';
import { frozenRulesOf } from '../../recert/reviews.ts';
import { closeCycle, openCycle } from '../../recert/cycle-commands.ts';
import { decideReviewRow, eventIdsOfCycle, findCycleByYear, insertCycle, reviewsOfCycle } from '../../../db/repos/recert.ts';
import { remember, type SeedContext, type SeedStep } from '../context.ts';

/** What core's cycle operations need of a context, for the generator's one actor and fixed day. */
function seedContext(ctx: SeedContext): Context {
  return {
    db: ctx.db,
    actor: { id: null, name: ctx.actorName, role: 'admin' },
    clock: { today: () => ctx.today, now: () => ctx.now, timeZone: () => DEFAULT_TIME_ZONE },
    dataFile: '',
    jobs: undefined as never,
  };
}

/**
 * 年度再审核: last year's cycle, run as staff would — opened under the current rules, every proposal
 * confirmed (a 不通过 with its reason), closed — so the register carries its decisions as events.
 */
export const recertificationStep: SeedStep = {
  name: '年度再审核',
  run(ctx) {
    const year = Number(ctx.today.slice(0, 4)) - 1;
    if (findCycleByYear(ctx.db, year)) return;
    const core = seedContext(ctx);
    const cycleId = insertCycle(ctx.db, year, ctx.now, ctx.actorName);
    remember(ctx, 'recert_cycle', cycleId);
    openCycle(core, cycleId);
    const cycle = { ...findCycleByYear(ctx.db, year)! };
    const deadline = conditionDeadline(frozenRulesOf(cycle).rules, year);
    const reviews = reviewsOfCycle(ctx.db, cycleId);
    for (const review of reviews) {
      decideReviewRow(ctx.db, review.id, {
        decision: review.proposal,
        reason: review.proposal === 'fail' ? '按系统建议：未满足再审核要求' : null,
        conditionDeadline: review.proposal === 'conditional' ? deadline : null,
        by: ctx.actorName,
        at: ctx.now,
      });
      remember(ctx, 'recert_review', review.id);
    }
    closeCycle(core, cycleId);
    for (const id of eventIdsOfCycle(ctx.db, cycleId)) remember(ctx, 'supervisor_event', id);
    ctx.progress(this.name, reviews.length, reviews.length);
  },
};
