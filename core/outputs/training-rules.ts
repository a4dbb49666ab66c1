/** Output schemas of core/services/training-rules.ts (contract.ts `output`). */
import { z } from 'zod';

const rulesTrainingBodyPeriodHours = z.object({ worker: z.number().nullable(), assistant: z.number(), social_worker: z.number(), senior: z.number() });
const rulesTrainingBodyRequirement = z.object({
  unifiedTrainings: z.number(),
  yearHours: z.number(),
  supervisionHours: z.number().nullable(),
  supervisionSessions: z.number().nullable(),
  supervisionSubjects: z.number().nullable(),
});
const rulesTrainingBodyReview = z.object({
  default: rulesTrainingBodyRequirement,
  byLevel: z.array(rulesTrainingBodyRequirement.extend({ levelId: z.number() })),
  requireRegistration: z.boolean(),
  requireActive: z.boolean(),
});
const rulesTrainingBody = z.object({
  periodHours: rulesTrainingBodyPeriodHours,
  windowYears: z.number(),
  windowHours: z.number(),
  yearlyMinimumHours: z.number().nullable(),
  countedCategoryIds: z.array(z.number()),
  externalNeedsVerification: z.boolean(),
  review: rulesTrainingBodyReview,
  remediable: z.object({ unifiedTraining: z.boolean(), yearHours: z.boolean(), registration: z.boolean(), supervision: z.boolean() }),
  conditionalDeadlineMonths: z.number(),
});
const rulesTrainingHistoryRow = z.object({ id: z.number(), version: z.number(), note: z.string(), createdAt: z.string(), createdBy: z.string() });
const rulesTraining = z.object({
  version: z.number(),
  note: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  body: rulesTrainingBody,
  summary: z.array(z.string()),
  history: z.array(rulesTrainingHistoryRow),
});

export const trainingRulesOutputs = {
  'rules.training': rulesTraining,
  // TODO not observed
  'rules.previewTraining': z.object({ summary: z.array(z.string()) }),
  'rules.saveTraining': z.object({ version: z.number() }),
};
