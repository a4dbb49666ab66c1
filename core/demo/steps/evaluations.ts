import { templateBody } from '../../schemas/evaluations.ts';
import { gradeFor, templateItems, totalScore } from '../../evaluation/scoring.ts';
import { currentTemplate, insertEvaluation, markSubmitted, saveReview, saveSelfAssessment } from '../../../db/repos/evaluations.ts';
import { remember, type SeedStep } from '../context.ts';

/**
 * 基地评估: every base was evaluated last year (self-assessed, then reviewed a little lower, as
 * reviewers do); this year some have submitted their self-assessment and some are still at it.
 */
export const evaluationsStep: SeedStep = {
  name: '基地评估',
  run(ctx) {
    const template = currentTemplate(ctx.db);
    const body = templateBody.parse(JSON.parse(template.body));
    const items = templateItems(body);
    const thisYear = Number(ctx.today.slice(0, 4));
    const score = (quality: number) =>
      items.map((i) => Math.max(0, Math.min(i.maxScore, Math.round(i.maxScore * (quality + (ctx.rng.next() - 0.5) * 0.2) * 2) / 2)));
    let made = 0;
    for (const base of ctx.bases) {
      const quality = 0.55 + ctx.rng.next() * 0.42; // 55–97 % of the maximum
      for (const year of [thisYear - 1, thisYear]) {
        const roll = ctx.rng.next();
        if (year === thisYear && roll < 0.3) continue; // not started yet
        const empty = JSON.stringify(items.map(() => null));
        const id = insertEvaluation(ctx.db, { baseId: base.id, year, templateId: template.id, empty }, ctx.now);
        remember(ctx, 'base_evaluation', id);
        made++;
        const self = score(quality + 0.05);
        const evidence = JSON.stringify(items.map(() => null));
        saveSelfAssessment(ctx.db, id, { scores: JSON.stringify(self), evidence, total: totalScore(body, self) }, ctx.now);
        if (year === thisYear && roll < 0.6) continue; // still filling in the self-assessment
        markSubmitted(ctx.db, id, '基地协调员', ctx.now);
        if (year === thisYear) continue; // awaiting the association's review
        const review = score(quality);
        const total = totalScore(body, review)!;
        saveReview(ctx.db, id, { scores: JSON.stringify(review), evidence, total, grade: gradeFor(body, total), reviewed: true, by: ctx.actorName }, ctx.now);
      }
    }
    ctx.progress(this.name, made, made);
  },
};
