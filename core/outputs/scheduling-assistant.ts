/** Output schemas of core/services/scheduling-assistant.ts (contract.ts `output`). */
import { z } from 'zod';

const slot = z.object({
  startsAt: z.string(),
  endsAt: z.string(),
  roomId: z.number(),
  roomName: z.string(),
  roomSeats: z.number(),
  mentorId: z.number(),
  mentorName: z.string(),
  fit: z.array(z.string()),
  avoids: z.array(z.string()),
  score: z.number(),
});
const occurrenceCheck = z.object({
  number: z.number(),
  startsAt: z.string(),
  endsAt: z.string(),
  problems: z.array(z.object({ code: z.string(), message: z.string(), field: z.string().nullable() })),
});

export const schedulingAssistantOutputs = {
  'sessions.findSlots': z.object({ slots: z.array(slot), capacity: z.number(), note: z.string().nullable() }),
  'sessions.checkSeries': z.object({ occurrences: z.array(occurrenceCheck), ok: z.boolean() }),
  'sessions.createSeries': z.object({ ids: z.array(z.number()) }),
};
