/** Output schemas of core/services/demo.ts (contract.ts `output`). */
import { z } from 'zod';
import { jobRef } from './marks.ts';

const demoStatusCounts = z.object({
  base_evaluation: z.number().optional(),
  certificate: z.number().optional(),
  course: z.number().optional(),
  enrolment: z.number().optional(),
  mentor: z.number().optional(),
  organization: z.number().optional(),
  person: z.number().optional(),
  recert_cycle: z.number().optional(),
  recert_review: z.number().optional(),
  region: z.number().optional(),
  room: z.number().optional(),
  supervisor: z.number().optional(),
  supervisor_event: z.number().optional(),
  supervision_record: z.number().optional(),
  supervision_relationship: z.number().optional(),
  training_base: z.number().optional(),
  training_record: z.number().optional(),
  training_session: z.number().optional(),
});
const demoLoadCreated = z.object({
  region: z.number().optional(),
  organization: z.number().optional(),
  person: z.number().optional(),
  certificate: z.number().optional(),
  supervisor: z.number().optional(),
  supervisor_event: z.number().optional(),
  training_base: z.number().optional(),
  room: z.number().optional(),
  mentor: z.number().optional(),
  course: z.number().optional(),
  training_session: z.number().optional(),
  enrolment: z.number().optional(),
  training_record: z.number().optional(),
  supervision_relationship: z.number().optional(),
  supervision_record: z.number().optional(),
  recert_cycle: z.number().optional(),
  recert_review: z.number().optional(),
  base_evaluation: z.number().optional(),
});

export const demoOutputs = {
  'demo.status': z.object({ loaded: z.boolean(), counts: demoStatusCounts, canLoad: z.boolean() }),
  'demo.load': jobRef,
  'demo.remove': z.object({ deleted: demoLoadCreated }),
};
