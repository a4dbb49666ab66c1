/** Output schemas of core/services/attendance.ts (contract.ts `output`). */
import { z } from 'zod';
import { enrolmentRow, sessionsListRow } from './sessions.ts';
import { trainingAddExternal } from './training.ts';

const trainingOfPersonRowsRow = trainingAddExternal.extend({ note: z.string().nullable(), counted: z.boolean(), countsToward: z.string() });
const trainingOfPerson = z.object({
  rows: z.array(trainingOfPersonRowsRow),
  total: z.number(),
  totals: z.array(z.object({ categoryName: z.string(), hours: z.number() })),
  totalHours: z.number(),
  /** The hours of rows that count under the current rules (the rest say why not in `countsToward`). */
  countedHours: z.number(),
});

export const attendanceOutputs = {
  'attendance.complete': z.object({ session: sessionsListRow, trainees: z.number(), creditedHours: z.number() }),
  'attendance.correct': z.object({ enrolment: enrolmentRow, delta: z.number() }),
  'training.ofPerson': trainingOfPerson,
};
