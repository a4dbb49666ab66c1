/**
 * Scoring a base's evaluation against its template: each item's score within its maximum, the
 * total as a percentage of the template's maximum (so a template need not add up to 100), and
 * the grade by the template's thresholds. Pure.
 */
import { type GradeCode, type TemplateBody } from '../schemas/evaluations.ts';
import { EvaluationGrade } from '../../domain/vocabulary.ts';

export interface TemplateItemRef {
  indicator: string;
  name: string;
  maxScore: number;
  description: string | null;
}

/** The items in the order scores are kept. */
export function templateItems(body: TemplateBody): TemplateItemRef[] {
  return body.indicators.flatMap((i) =>
    i.items.map((item) => ({ indicator: i.name, name: item.name, maxScore: item.maxScore, description: item.description })),
  );
}

export function maxTotal(body: TemplateBody): number {
  return templateItems(body).reduce((sum, i) => sum + i.maxScore, 0);
}

/** Why the scores do not fit the template (the item named), or null. `complete`: every item must be scored. */
export function scoreProblem(body: TemplateBody, scores: readonly (number | null)[], complete: boolean): { index: number; message: string } | null {
  const items = templateItems(body);
  if (scores.length !== items.length) return { index: -1, message: `评分项数（${scores.length}）与评估模板（${items.length} 项）不一致，请刷新后重试` };
  for (const [index, item] of items.entries()) {
    const s = scores[index];
    const what = `「${item.indicator} / ${item.name}」`;
    if (s === null || s === undefined) {
      if (complete) return { index, message: `${what}尚未评分` };
      continue;
    }
    if (!Number.isFinite(s) || s < 0) return { index, message: `${what}的得分不能为负数` };
    if (s > item.maxScore) return { index, message: `${what}的得分 ${s} 超过满分 ${item.maxScore}` };
    if (Math.round(s * 2) !== s * 2) return { index, message: `${what}的得分以 0.5 分为单位` };
  }
  return null;
}

/** Percent of the maximum, to one decimal; null until every item is scored. */
export function totalScore(body: TemplateBody, scores: readonly (number | null)[]): number | null {
  if (scores.some((s) => s === null)) return null;
  const sum = (scores as number[]).reduce((a, b) => a + b, 0);
  return Math.round((sum / maxTotal(body)) * 1000) / 10;
}

export function gradeFor(body: TemplateBody, total: number): GradeCode {
  const { excellent, good, pass } = body.grades;
  return total >= excellent ? 'excellent' : total >= good ? 'good' : total >= pass ? 'pass' : 'fail';
}

export function gradeText(body: TemplateBody): string {
  const { excellent, good, pass } = body.grades;
  return `总分按满分 ${maxTotal(body)} 折算为百分制：≥ ${excellent} ${EvaluationGrade.label('excellent')}，≥ ${good} ${EvaluationGrade.label('good')}，≥ ${pass} ${EvaluationGrade.label('pass')}，其余${EvaluationGrade.label('fail')}`;
}
