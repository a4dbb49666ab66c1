/** 基地评估: evaluation templates (versioned data) and a base's evaluation for a year. */
import { z } from 'zod';
import { EvaluationGrade } from '../../domain/vocabulary.ts';
import { calendarYear as year, id, optionalText, readVersion, requiredText } from './common.ts';

const score = (label: string) =>
  z
    .number({ error: `请填写${label}` })
    .min(0, `${label}不能为负数`)
    .max(100, `${label}不超过 100`)
    .multipleOf(0.5, `${label}以 0.5 分为单位`)
    .meta({ title: label });

const threshold = (label: string) =>
  z
    .number({ error: `请填写${label}` })
    .min(0, `${label}应在 0–100 之间`)
    .max(100, `${label}应在 0–100 之间`)
    .meta({ title: label });

export const templateItem = z.object({
  name: requiredText('二级指标', 40),
  maxScore: score('满分').refine((v) => v > 0, '满分应大于 0'),
  description: optionalText('评分说明', 300, true),
});

export const templateIndicator = z.object({
  name: requiredText('一级指标', 30),
  items: z.array(templateItem).min(1, '每个一级指标至少要有一个二级指标'),
});

export const templateBody = z
  .object({
    indicators: z.array(templateIndicator).min(1, '至少要有一个一级指标').max(20, '一级指标不超过 20 个'),
    /** Lowest total (percent of the maximum) for each grade. */
    grades: z.object({ excellent: threshold('优秀分数线'), good: threshold('良好分数线'), pass: threshold('合格分数线') }),
  })
  .refine((b) => b.grades.excellent > b.grades.good && b.grades.good > b.grades.pass, { message: '分数线应为 优秀 > 良好 > 合格', path: ['grades'] });
export type TemplateBody = z.output<typeof templateBody>;

export const saveTemplate = z.object({ body: templateBody, note: optionalText('修订说明', 200) });

export const evaluationKey = z.object({ baseId: id('实训基地'), year });

/** Scores and evidence in the order of the template's items (一级指标 by 一级指标); null: not scored yet. */
export const evaluationScores = evaluationKey.extend({
  /** The evaluation's version as the screen showed it (absent before its first save). */
  version: readVersion,
  scores: z.array(z.number().nullable()).max(200),
  evidence: z.array(z.string().trim().max(500, '评分依据不超过 500 字').nullable()).max(200),
});

/** Defined in domain/vocabulary.ts. */
export type GradeCode = EvaluationGrade;

export const applyResult = z.object({
  evaluationId: id('评估'),
  action: z.enum(['set_demonstration', 'set_ordinary', 'flag_accreditation'], { error: '请选择要采取的措施' }),
  reason: requiredText('理由', 500),
});
