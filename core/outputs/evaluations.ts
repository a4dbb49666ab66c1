/** Output schemas of core/services/evaluations.ts (contract.ts `output`). */
import { z } from 'zod';
import { AccreditationStatus, BaseGrade, EvaluationGrade, EvaluationStatus } from '../../domain/index.ts';
import { jobRef } from './marks.ts';

const evaluationsTemplateItemsRow = z.object({ indicator: z.string(), name: z.string(), maxScore: z.number(), description: z.string().nullable() });
const evaluationsTemplateHistoryRow = z.object({ id: z.number(), version: z.number(), note: z.string(), createdAt: z.string(), createdBy: z.string() });
const evaluationsGetEvaluation = z.object({
  id: z.number(),
  baseId: z.number(),
  baseName: z.string(),
  year: z.number(),
  templateId: z.number(),
  templateVersion: z.number(),
  status: z.enum(EvaluationStatus.values),
  selfScores: z.array(z.number().nullable()),
  reviewerScores: z.array(z.number().nullable()),
  evidence: z.array(z.string().nullable()),
  selfTotal: z.number().nullable(),
  reviewerTotal: z.number().nullable(),
  grade: z.enum(EvaluationGrade.values).nullable(),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  version: z.number(),
});
const evaluationsGetTemplate = z.object({
  id: z.number(),
  version: z.number(),
  body: z.object({
    indicators: z.array(
      z.object({ name: z.string(), items: z.array(z.object({ name: z.string(), maxScore: z.number(), description: z.string().nullable() })) }),
    ),
    grades: z.object({ excellent: z.number(), good: z.number(), pass: z.number() }),
  }),
  items: z.array(evaluationsTemplateItemsRow),
  maxTotal: z.number(),
  gradeText: z.string(),
});
const evaluationsTemplate = evaluationsGetTemplate.extend({
  note: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  history: z.array(evaluationsTemplateHistoryRow),
});
const evaluationsGetFacts = z.object({
  sessionsHeld: z.number(),
  hoursDelivered: z.number(),
  trainees: z.number(),
  traineeHours: z.number(),
  mentorsInPool: z.number(),
  attendanceRate: z.number().nullable(),
  courses: z.number(),
});
const evaluationsGetHistoryRow = z.object({
  year: z.number(),
  status: z.enum(EvaluationStatus.values),
  selfTotal: z.number().nullable(),
  reviewerTotal: z.number().nullable(),
  grade: z.enum(EvaluationGrade.values),
  templateVersion: z.number(),
});
const evaluationsGetEventsRow = z.object({
  id: z.number(),
  kind: z.string(),
  evaluationId: z.number().nullable(),
  year: z.number(),
  detail: z.string(),
  reason: z.string(),
  actorName: z.string(),
  recordedAt: z.string(),
});
const evaluationsGet = z.object({
  evaluation: evaluationsGetEvaluation.nullable(),
  template: evaluationsGetTemplate,
  facts: evaluationsGetFacts,
  history: z.array(evaluationsGetHistoryRow),
  events: z.array(evaluationsGetEventsRow),
});
const evaluationsRankingRow = z.object({
  baseId: z.number(),
  baseName: z.string(),
  regionName: z.string(),
  baseGrade: z.enum(BaseGrade.values),
  accreditationStatus: z.enum(AccreditationStatus.values),
  evaluationId: z.number().nullable(),
  status: z.enum(EvaluationStatus.values).nullable(),
  selfTotal: z.number().nullable(),
  reviewerTotal: z.number().nullable(),
  grade: z.enum(EvaluationGrade.values).nullable(),
  flagged: z.boolean(),
  rank: z.number().nullable(),
});

export const evaluationsOutputs = {
  'evaluations.template': evaluationsTemplate,
  'evaluations.saveTemplate': z.object({ version: z.number() }),
  'evaluations.get': evaluationsGet,
  'evaluations.saveSelf': evaluationsGetEvaluation.nullable(),
  'evaluations.review': evaluationsGetEvaluation.nullable(),
  'evaluations.ranking': z.array(evaluationsRankingRow),
  'evaluations.export': jobRef,
  'evaluations.apply': z.object({ events: z.array(evaluationsGetEventsRow) }),
};
