/**
 * 基地评估: a base's coordinator scores the year themselves and submits; association staff review
 * with their own scores and an evidence note per indicator, which gives the total and the grade
 * under the template the evaluation keeps. The result can set the base's grade or flag its
 * accreditation for review, each a recorded event.
 */
import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { invalid, notFound } from '../errors.ts';
import { applyResult, evaluationKey, evaluationScores, saveTemplate, templateBody, type TemplateBody } from '../schemas/evaluations.ts';
import * as repo from '../../db/repos/evaluations.ts';
import { gradeFor, gradeText, maxTotal, scoreProblem, templateItems, totalScore } from '../evaluation/scoring.ts';
import { baseIdScope, requireBase } from './bases.ts';
import { baseOfEvaluation } from '../../db/repos/base-of.ts';
import { BaseGrade, EvaluationGrade, EvaluationStatus } from '../../domain/index.ts';
import { visibleBaseIds } from './base-access.ts';
import { exportRanking } from '../excel/training-exports.ts';
import { evaluationsOutputs } from '../outputs/evaluations.ts';
import { expectVersion } from '../versions.ts';

const parseTemplate = (row: repo.TemplateRow) => templateBody.parse(JSON.parse(row.body));

function templateView(row: repo.TemplateRow) {
  const body = parseTemplate(row);
  return { id: row.id, version: row.version, body, items: templateItems(body), maxTotal: maxTotal(body), gradeText: gradeText(body) };
}

function evaluationView(row: repo.EvaluationRow) {
  return {
    ...row,
    selfScores: JSON.parse(row.selfScores) as (number | null)[],
    reviewerScores: JSON.parse(row.reviewerScores) as (number | null)[],
    evidence: JSON.parse(row.evidence) as (string | null)[],
  };
}

/** This year's evaluation of the base, created on first save with the current template. */
function evaluationFor(ctx: Context, baseId: number, year: number): repo.EvaluationRow {
  const found = repo.findEvaluation(ctx.db, baseId, year);
  if (found) return found;
  const template = repo.currentTemplate(ctx.db);
  const empty = JSON.stringify(templateItems(parseTemplate(template)).map(() => null));
  const id = repo.insertEvaluation(ctx.db, { baseId, year, templateId: template.id, empty }, ctx.clock.now());
  return repo.getEvaluation(ctx.db, id)!;
}

function checkScores(body: TemplateBody, scores: (number | null)[], evidence: (string | null)[], complete: boolean): void {
  const problem = scoreProblem(body, scores, complete);
  if (problem) throw invalid(problem.message, problem.index >= 0 ? `scores.${problem.index}` : 'scores');
  if (evidence.length !== scores.length) throw invalid('评分依据的项数与评分项不一致，请刷新后重试', 'evidence');
}

const normalizedEvidence = (evidence: (string | null)[]) => JSON.stringify(evidence.map((e) => (e ? e : null)));

/** A year's ranking; with `status`, only the bases whose evaluation is at that stage (「none」: not started). */
const rankingQuery = z.object({ year: evaluationKey.shape.year, status: z.enum(['none', ...EvaluationStatus.values]).optional() });

export const evaluationOperations = [
  defineOperation({
    name: 'evaluations.template',
    output: evaluationsOutputs['evaluations.template'],
    title: '查看基地评估模板',
    kind: 'query',
    permission: 'bases.read',
    input: z.object({}),
    scope: 'none', // the one template all bases share
    handler: (_input, ctx) => {
      const row = repo.currentTemplate(ctx.db);
      return { ...templateView(row), note: row.note, createdAt: row.createdAt, createdBy: row.createdBy, history: repo.templateHistory(ctx.db) };
    },
  }),
  defineOperation({
    name: 'evaluations.saveTemplate',
    output: evaluationsOutputs['evaluations.saveTemplate'],
    title: '修订基地评估模板',
    kind: 'command',
    permission: 'config.write',
    input: saveTemplate,
    scope: 'none', // the one template all bases share
    handler: ({ body, note }, ctx) => {
      if (JSON.stringify(parseTemplate(repo.currentTemplate(ctx.db))) === JSON.stringify(body)) throw invalid('模板没有变化，无需保存新版本');
      return { version: repo.insertTemplate(ctx.db, JSON.stringify(body), note, ctx.clock.now(), ctx.actor.name) };
    },
  }),
  defineOperation({
    name: 'evaluations.get',
    output: evaluationsOutputs['evaluations.get'],
    title: '查看基地评估',
    kind: 'query',
    permission: 'bases.read',
    input: evaluationKey,
    scope: baseIdScope,
    handler: ({ baseId, year }, ctx) => {
      requireBase(ctx, baseId);
      const row = repo.findEvaluation(ctx.db, baseId, year);
      const template = row ? repo.getTemplate(ctx.db, row.templateId)! : repo.currentTemplate(ctx.db);
      return {
        evaluation: row ? evaluationView(row) : null,
        template: templateView(template),
        facts: repo.baseYearFacts(ctx.db, baseId, year),
        history: repo
          .evaluationsOfBase(ctx.db, baseId)
          .map(({ year, status, selfTotal, reviewerTotal, grade, templateVersion }) => ({ year, status, selfTotal, reviewerTotal, grade, templateVersion })),
        events: repo.baseEvents(ctx.db, baseId),
      };
    },
  }),
  defineOperation({
    name: 'evaluations.saveSelf',
    output: evaluationsOutputs['evaluations.saveSelf'],
    title: '保存基地自评',
    kind: 'command',
    permission: 'bases.write',
    input: evaluationScores.extend({ submit: z.boolean().default(false) }),
    scope: baseIdScope,
    handler: ({ baseId, year, version, scores, evidence, submit }, ctx) => {
      requireBase(ctx, baseId);
      const row = evaluationFor(ctx, baseId, year);
      expectVersion(ctx, { table: 'base_evaluation', id: row.id, version, current: () => evaluationView(row) });
      if (row.status !== 'draft') throw invalid(`${year}年度自评已于 ${row.submittedAt?.slice(0, 10)} 由「${row.submittedBy}」提交，不能再修改`);
      const body = parseTemplate(repo.getTemplate(ctx.db, row.templateId)!);
      checkScores(body, scores, evidence, submit);
      repo.saveSelfAssessment(
        ctx.db,
        row.id,
        { scores: JSON.stringify(scores), evidence: normalizedEvidence(evidence), total: totalScore(body, scores) },
        ctx.clock.now(),
      );
      if (submit) repo.markSubmitted(ctx.db, row.id, ctx.actor.name, ctx.clock.now());
      return evaluationView(repo.getEvaluation(ctx.db, row.id)!);
    },
  }),
  defineOperation({
    name: 'evaluations.review',
    output: evaluationsOutputs['evaluations.review'],
    title: '评审基地评估',
    kind: 'command',
    permission: 'registry.write',
    input: evaluationScores.extend({ complete: z.boolean().default(false) }),
    scope: baseIdScope,
    handler: ({ baseId, year, version, scores, evidence, complete }, ctx) => {
      requireBase(ctx, baseId);
      const row = evaluationFor(ctx, baseId, year);
      expectVersion(ctx, { table: 'base_evaluation', id: row.id, version, current: () => evaluationView(row) });
      // The review follows the base's own assessment: the screen offers it only then, and so does core.
      if (row.status === 'draft') throw invalid(`基地尚未提交${year}年度自评，提交后才能${complete ? '完成评审' : '评审'}`);
      // A finished review stays finished: a revision must score every item again.
      const reviewed = complete || row.status === 'reviewed';
      const body = parseTemplate(repo.getTemplate(ctx.db, row.templateId)!);
      checkScores(body, scores, evidence, reviewed);
      const total = totalScore(body, scores);
      const grade = reviewed ? gradeFor(body, total!) : null;
      repo.saveReview(
        ctx.db,
        row.id,
        { scores: JSON.stringify(scores), evidence: normalizedEvidence(evidence), total, grade, reviewed, by: ctx.actor.name },
        ctx.clock.now(),
      );
      return evaluationView(repo.getEvaluation(ctx.db, row.id)!);
    },
  }),
  defineOperation({
    name: 'evaluations.ranking',
    output: evaluationsOutputs['evaluations.ranking'],
    title: '查看基地评估排名',
    kind: 'query',
    permission: 'bases.read',
    input: rankingQuery,
    scope: 'visibleBases',
    handler: ({ year, status }, ctx) => repo.rankingOf(ctx.db, year, visibleBaseIds(ctx), status),
  }),
  defineOperation({
    name: 'evaluations.export',
    output: evaluationsOutputs['evaluations.export'],
    title: '导出基地评估排名',
    kind: 'query',
    permission: 'export',
    input: rankingQuery,
    scope: 'visibleBases',
    handler: ({ year, status }, ctx) => ({
      jobId: ctx.jobs.start('导出基地评估排名', (job) => exportRanking(ctx, year, visibleBaseIds(ctx), job, status)),
    }),
  }),
  defineOperation({
    name: 'evaluations.apply',
    output: evaluationsOutputs['evaluations.apply'],
    title: '执行基地评估结果',
    kind: 'command',
    permission: 'config.write',
    input: applyResult,
    scope: { base: ({ evaluationId }, db) => baseOfEvaluation(db, evaluationId) },
    handler: ({ evaluationId, action, reason }, ctx) => {
      const row = repo.getEvaluation(ctx.db, evaluationId);
      if (!row) throw notFound('该评估', 'evaluationId');
      const base = requireBase(ctx, row.baseId);
      if (row.status !== 'reviewed') throw invalid('评审完成后才能据此调整基地等级或认定');
      const result = `${row.year}年度评估 ${row.reviewerTotal} 分（${EvaluationGrade.label(row.grade!)}）`;
      const now = ctx.clock.now();
      if (action === 'flag_accreditation') {
        repo.insertBaseEvent(
          ctx.db,
          { baseId: base.id, kind: 'accreditation_flagged', evaluationId, detail: `${result}：认定待复核`, reason, actorName: ctx.actor.name },
          now,
        );
      } else {
        const grade = action === 'set_demonstration' ? 'demonstration' : 'ordinary';
        if (base.grade === grade) throw invalid(`「${base.name}」已是${BaseGrade.label(grade)}`, 'action');
        repo.setBaseGrade(ctx.db, base.id, grade, now);
        repo.insertBaseEvent(
          ctx.db,
          { baseId: base.id, kind: 'grade_set', evaluationId, detail: `${result}：设为${BaseGrade.label(grade)}`, reason, actorName: ctx.actor.name },
          now,
        );
      }
      return { events: repo.baseEvents(ctx.db, base.id) };
    },
  }),
] as const;
