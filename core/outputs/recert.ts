/** Output schemas of the re-certification operations (core/recert/operations.ts; contract.ts `output`). */
import { z } from 'zod';
import { RecertCycleStatus, RecertOutcome, SupervisorStatus } from '../../domain/index.ts';
import { jobRef, page, pii } from './marks.ts';

const recertGetCycle = z.object({
  id: z.number(),
  year: z.number(),
  status: z.enum(RecertCycleStatus.values),
  ruleSetId: z.number().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  openedAt: z.string().nullable(),
  openedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  version: z.number(),
});
const recertCyclesRow = recertGetCycle.extend({ reviews: z.number(), decided: z.number() });
const recertGetPreviewOverall = z.object({
  key: z.string(),
  label: z.string(),
  pass: z.number(),
  conditional: z.number(),
  fail: z.number(),
  total: z.number(),
});
const recertGet = z.object({
  cycle: recertGetCycle,
  ruleVersion: z.number(),
  ruleSummary: z.array(z.string()),
  preview: z.object({ overall: recertGetPreviewOverall, byLevel: z.array(recertGetPreviewOverall), byRegion: z.array(recertGetPreviewOverall) }),
  undecided: z.number(),
});
const recertReviewsRowFactsChecksRow = z.object({ key: z.string(), met: z.boolean(), remediable: z.boolean(), text: z.string() });
const recertReviewsRowFacts = z.object({
  year: z.number(),
  yearHours: z.number(),
  requiredYearHours: z.number(),
  unifiedTrainings: z.number(),
  requiredUnifiedTrainings: z.number(),
  registrationValidUntil: z.string(),
  status: z.enum(SupervisorStatus.values),
  appointedOn: z.string(),
  /** Absent in reviews computed before issue 22. */
  supervision: z
    .object({
      sessions: z.number(),
      hours: z.number(),
      subjects: z.number(),
      requiredHours: z.number().nullable(),
      requiredSessions: z.number().nullable(),
      requiredSubjects: z.number().nullable(),
    })
    .optional(),
  checks: z.array(recertReviewsRowFactsChecksRow),
});
/** The supervisor a review or an outstanding row is about. */
const recertSupervisor = z.object({
  supervisorId: z.number(),
  personId: z.number(),
  personName: z.string(),
  phone: pii.phone(z.string()).nullable(),
  organizationName: z.string().nullable(),
  levelId: z.number(),
  levelName: z.string(),
  levelRank: z.number(),
  regionId: z.number(),
  regionName: z.string(),
});
const recertReviewsRow = z.object({
  id: z.number(),
  cycleId: z.number(),
  ...recertSupervisor.shape,
  facts: recertReviewsRowFacts,
  proposal: z.enum(RecertOutcome.values),
  reasons: z.array(z.string()),
  computedAt: z.string(),
  decision: z.enum(RecertOutcome.values).nullable(),
  decisionReason: z.string().nullable(),
  conditionDeadline: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  version: z.number(),
});
const recertReview = recertReviewsRow.extend({
  // A supervisor with no organization recorded has none here either (as in the list).
  organizationName: z.string().nullable(),
  year: z.number(),
  cycleStatus: z.enum(RecertCycleStatus.values),
  defaultDeadline: z.string(),
});
const recertOutstandingRow = z.object({
  ...recertSupervisor.shape,
  status: z.enum(SupervisorStatus.values),
  appointedOn: z.string(),
  validUntil: z.string(),
  needs: z.string(),
  proposal: z.enum(RecertOutcome.values),
  /** The name's full pinyin (the list sorts by it: core/collation.ts). */
  namePinyin: z.string(),
});

export const recertOutputs = {
  'recert.cycles': z.array(recertCyclesRow),
  'recert.create': z.object({ id: z.number() }),
  'recert.deleteDraft': z.object({ ok: z.boolean() }),
  'recert.get': recertGet,
  'recert.open': jobRef,
  'recert.reviews': page(recertReviewsRow),
  'recert.review': recertReview,
  'recert.confirm': z.object({ confirmed: z.number() }),
  'recert.decide': recertReviewsRow,
  'recert.close': jobRef,
  'recert.export': jobRef,
  'recert.outstanding': page(recertOutstandingRow),
  'recert.outstandingExport': jobRef,
};
