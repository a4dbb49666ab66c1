/** Output schemas of core/services/unavailability.ts (contract.ts `output`). */
import { z } from 'zod';
import { jobRef } from './marks.ts';

/** One entry of a mentor's 不可用时间, flat (the fields of the other kind are null), with how messages name it. */
export const unavailabilityRow = z.object({
  id: z.number(),
  mentorId: z.number(),
  personId: z.number(),
  personName: z.string(),
  baseName: z.string(),
  kind: z.enum(['once', 'weekly']),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  weekday: z.number().nullable(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  reason: z.string().nullable(),
  source: z.enum(['manual', 'import']),
  version: z.number(),
  description: z.string(),
});

export const unavailabilityOutputs = {
  'unavailability.ofMentor': z.object({ personName: z.string(), rows: z.array(unavailabilityRow) }),
  'unavailability.add': z.object({
    row: unavailabilityRow,
    /** Sessions this mentor already teaches, from today on, that fall in the new entry: to be moved by hand. */
    clashingSessions: z.array(z.object({ id: z.number(), description: z.string() })),
  }),
  'unavailability.remove': z.object({ removed: z.number() }),
  'unavailability.importPreview': jobRef,
  'unavailability.importCommit': jobRef,
};
