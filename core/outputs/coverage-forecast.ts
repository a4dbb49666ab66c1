/** Output schemas of core/services/coverage-forecast.ts (contract.ts `output`). */
import { z } from 'zod';
import { jobRef } from './marks.ts';

const change = z.object({
  month: z.number(),
  on: z.string(),
  direction: z.enum(['out', 'in']),
  supervisorId: z.number().nullable(),
  name: z.string(),
  levelId: z.number(),
  levelName: z.string(),
  reason: z.enum(['validity', 'registration', 'review', 'event', 'whatIf', 'status']),
  text: z.string(),
});

const townRow = z.object({
  regionId: z.number(),
  code: z.string(),
  name: z.string(),
  parentName: z.string().nullable(),
  /** Quota per level, in the summary's level order. */
  quotas: z.array(z.number()),
  /** Per month: supervisors per level (summary's level order), the town's gap, and whether a what-if changed it. */
  months: z.array(z.object({ actual: z.array(z.number()), quota: z.number(), total: z.number(), gap: z.number(), changed: z.boolean() })),
  firstShort: z.number().nullable(),
  baseFirstShort: z.number().nullable(),
  /** Who leaves the levels short in the first shortfall month, up to it. */
  reasons: z.array(change),
  changes: z.array(change),
});

export const coverageForecastOutputs = {
  'coverage.forecast': z.object({
    rows: z.array(townRow),
    total: z.number(),
    summary: z.object({
      today: z.string(),
      days: z.array(z.string()),
      levels: z.array(z.object({ levelId: z.number(), levelName: z.string() })),
      towns: z.number(),
      /** Towns short of quota in each month, with the what-ifs and without. */
      shortTowns: z.array(z.number()),
      baseShortTowns: z.array(z.number()),
      /** Towns that fall short at some month of the horizon. */
      shortWithin: z.number(),
      baseShortWithin: z.number(),
      cycle: z.object({ year: z.number() }).nullable(),
      cycleOutcome: z.enum(['proposals', 'allPass', 'everyYear']),
      assumptions: z.array(z.string()),
      whatIf: z.boolean(),
    }),
  }),
  'coverage.forecastExport': jobRef,
};
