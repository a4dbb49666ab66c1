/** 学时与再审核规则: versioned training-hour rules an admin edits; a new version on every save. */
import { defineOperation } from '../contract.ts';
import { invalid } from '../errors.ts';
import { z } from 'zod';
import { saveTrainingRules, trainingRulesBody, type TrainingRules } from '../schemas/recert.ts';
import { currentRuleSet, insertRuleSet, ruleSetHistory } from '../../db/repos/rule-sets.ts';
import { freezeCurrentRules } from '../compliance/rule-context.ts';
import { courseCategories } from '../../db/repos/bases.ts';
import { supervisorLevels } from '../../db/repos/supervisors.ts';
import type { Db } from '../../db/engine/types.ts';
import { trainingRulesOutputs } from '../outputs/training-rules.ts';

function checkReferences(db: Db, rules: TrainingRules): void {
  const categories = new Set(courseCategories(db).map((c) => c.id));
  const unknownCategory = rules.countedCategoryIds.find((id) => !categories.has(id));
  if (unknownCategory !== undefined) throw invalid(`培训类别 ${unknownCategory} 不存在`, 'countedCategoryIds');
  const levels = new Set(supervisorLevels(db).map((l) => l.id));
  const seen = new Set<number>();
  for (const r of rules.review.byLevel) {
    if (!levels.has(r.levelId)) throw invalid(`督导级别 ${r.levelId} 不存在`, 'review');
    if (seen.has(r.levelId)) throw invalid('同一督导级别的再审核要求只能填写一次', 'review');
    seen.add(r.levelId);
  }
}

export const trainingRuleOperations = [
  defineOperation({
    name: 'rules.training',
    output: trainingRulesOutputs['rules.training'],
    title: '查看学时与再审核规则',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, ctx) => {
      const stored = currentRuleSet(ctx.db);
      const frozen = freezeCurrentRules(ctx.db);
      return {
        version: stored.version,
        note: stored.note,
        createdAt: stored.createdAt,
        createdBy: stored.createdBy,
        body: frozen.body,
        summary: frozen.summary,
        history: ruleSetHistory(ctx.db),
      };
    },
  }),
  defineOperation({
    name: 'rules.previewTraining',
    output: trainingRulesOutputs['rules.previewTraining'],
    title: '预览学时与再审核规则',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({ body: trainingRulesBody }),
    handler: ({ body }, ctx) => {
      checkReferences(ctx.db, body);
      return { summary: freezeCurrentRules(ctx.db, body).summary };
    },
  }),
  defineOperation({
    name: 'rules.saveTraining',
    output: trainingRulesOutputs['rules.saveTraining'],
    title: '修订学时与再审核规则',
    kind: 'command',
    permission: 'config.write',
    input: saveTrainingRules,
    handler: ({ body, note }, ctx) => {
      checkReferences(ctx.db, body);
      const current = currentRuleSet(ctx.db);
      if (JSON.stringify(trainingRulesBody.parse(JSON.parse(current.body))) === JSON.stringify(body)) throw invalid('规则没有变化，无需保存新版本');
      const version = insertRuleSet(ctx.db, JSON.stringify(body), note, ctx.clock.now(), ctx.actor.name);
      return { version };
    },
  }),
] as const;
