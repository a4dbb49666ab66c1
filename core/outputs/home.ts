/** Output schemas of core/home/operations.ts (contract.ts `output`): counts, names of bases and districts; nothing personal. */
import { z } from 'zod';
import { jobRef } from './marks.ts';
import { HOME_ITEMS } from '../home/items.ts';
import { EvaluationGrade, EvaluationStatus, RecertCycleStatus } from '../../domain/index.ts';

const listFilter = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

const homeItem = z.object({
  key: z.enum(HOME_ITEMS),
  count: z.number(),
  query: listFilter.nullable(),
  attention: z.boolean(),
  refreshing: z.literal(true).optional(),
});

const homeOverview = z.object({
  today: z.string(),
  year: z.number(),
  items: z.array(homeItem),
  recert: z
    .object({
      cycleId: z.number(),
      year: z.number(),
      status: z.enum(RecertCycleStatus.values),
      decided: z.number(),
      total: z.number(),
      deadline: z.string(),
      daysLeft: z.number(),
    })
    .nullable(),
  backup: z
    .object({
      time: z.string(),
      last: z.object({ at: z.string(), ok: z.boolean(), file: z.string().nullable(), error: z.string().nullable() }).nullable(),
    })
    .nullable(),
  audit: z.object({ intact: z.boolean(), mode: z.string(), message: z.string(), checkedAt: z.string() }).nullable(),
  forecasts: z
    .discriminatedUnion('state', [
      z.object({ state: z.literal('computing'), coverage: z.null(), compliance: z.null() }),
      z.object({
        state: z.enum(['current', 'refreshing']),
        coverage: z.object({
          months: z.number(),
          count: z.number(),
          earliest: z.object({ month: z.string(), townName: z.string() }).nullable(),
          query: listFilter,
        }),
        compliance: z.object({ months: z.number(), count: z.number(), query: listFilter }),
      }),
    ])
    .nullable(),
  evaluations: z.array(
    z.object({
      baseId: z.number(),
      baseName: z.string(),
      status: z.enum(EvaluationStatus.values).nullable(),
      grade: z.enum(EvaluationGrade.values).nullable(),
    }),
  ),
});

/** A kept chart's figures are the previous ones while a worker thread computes them again. */
const refreshing = z.literal(true).optional();

const homeCharts = z.object({
  hoursByMonth: z.object({
    year: z.number(),
    refreshing: z.boolean(),
    rows: z.array(z.object({ month: z.number(), lastYear: z.number(), thisYear: z.number() })),
  }),
  sessionsByBase: z.object({
    year: z.number(),
    rows: z.array(z.object({ baseId: z.number(), baseName: z.string(), sessions: z.number(), trainees: z.number() })),
    refreshing,
  }),
  supervisorsByLevel: z.object({
    levels: z.array(z.object({ levelId: z.number(), levelName: z.string() })),
    rows: z.array(z.object({ year: z.number(), asOf: z.string(), counts: z.array(z.number()) })),
    refreshing,
  }),
  recertOutcomes: z.object({ rows: z.array(z.object({ year: z.number(), pass: z.number(), conditional: z.number(), fail: z.number() })), refreshing }),
  coverage: z.object({ rows: z.array(z.object({ district: z.string(), atQuota: z.number(), belowQuota: z.number() })), refreshing }),
});

export const homeOutputs = {
  'home.overview': homeOverview,
  'home.charts': homeCharts,
  'home.exportChart': jobRef,
};
