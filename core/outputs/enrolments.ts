/** Output schemas of core/services/enrolments.ts (contract.ts `output`). */
import { z } from 'zod';
import { EnrolmentStatus } from '../../domain/index.ts';
import { jobRef } from './marks.ts';

const enrolmentsEnrol = z.object({
  enrolmentId: z.number(),
  personId: z.number(),
  name: z.string(),
  status: z.enum(EnrolmentStatus.values),
  waitlistPosition: z.number().nullable(),
});

export const enrolmentsOutputs = {
  'enrolments.enrol': enrolmentsEnrol,
  'enrolments.withdraw': z.object({ withdrawn: z.string(), promoted: z.array(z.object({ enrolmentId: z.number(), name: z.string() })) }),
  'enrolments.rosterPreview': jobRef,
  'enrolments.bulk': z.object({ enrolled: z.number(), waitlisted: z.number() }),
  'enrolments.export': jobRef,
};
