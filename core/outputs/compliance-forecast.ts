/** Output schemas of core/services/compliance-forecast.ts (contract.ts `output`). */
import { z } from 'zod';
import { jobRef, pii } from './marks.ts';
import { complianceListFreshness, compliancePersonFields } from './compliance.ts';

const forecastRow = compliancePersonFields.extend({
  projectedOn: z.string(),
  periodEndsInHorizon: z.boolean(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  periodRequired: z.number().nullable(),
  periodDone: z.number().nullable(),
  periodBooked: z.number(),
  periodShortfall: z.number(),
  windowRequired: z.number().nullable(),
  windowDone: z.number(),
  windowBooked: z.number(),
  windowShortfall: z.number(),
  yearDone: z.number().nullable(),
  yearBooked: z.number(),
  yearShortfall: z.number(),
  shortfall: z.number(),
  atRisk: z.boolean(),
  compliant: z.boolean(),
  unified: z.enum(['met', 'booked', 'missing']).nullable(),
  unifiedRequired: z.number(),
  unifiedDone: z.number(),
  unifiedBooked: z.number(),
});

const bookedSession = z.object({
  sessionId: z.number(),
  courseTitle: z.string(),
  baseName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  hours: z.number(),
  /** Its hours count toward the projection (a counted category, by the projected day). */
  counted: z.boolean(),
  unified: z.boolean(),
});

const planRow = z.object({
  personId: z.number(),
  personName: z.string(),
  phone: pii.phone(z.string()).nullable(),
  regionName: z.string().nullable(),
  shortfall: z.number(),
  projectedOn: z.string(),
  sessionId: z.number(),
  courseTitle: z.string(),
  baseName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  hours: z.number(),
  closes: z.number(),
  nearness: z.union([z.literal(0), z.literal(1), z.literal(2)]),
});

export const complianceForecastOutputs = {
  'compliance.forecast': z.object({
    rows: z.array(forecastRow),
    total: z.number(),
    atRisk: z.number(),
    asOf: z.string(),
    until: z.string(),
    ruleVersion: z.number(),
    /** As 学时达标名单's: up to date; the rows computed at `computedAt` while everyone is computed again; none yet. */
    freshness: complianceListFreshness,
  }),
  'compliance.forecastOfPerson': z.object({ row: forecastRow, asOf: z.string(), until: z.string(), sessions: z.array(bookedSession) }),
  'compliance.forecastExport': jobRef,
  'compliance.plan': z.object({
    rows: z.array(planRow),
    atRisk: z.number(),
    hoursNeeded: z.number(),
    hoursClosed: z.number(),
    peopleHelped: z.number(),
    sessionsConsidered: z.number(),
    /** Above a small population the plan is built in a worker thread: until it lands, no rows and `computing` (the dialog asks again). */
    freshness: z.union([z.object({ state: z.literal('current') }), z.object({ state: z.literal('computing') })]),
  }),
  'compliance.planEnrol': z.object({
    rows: z.array(z.object({ personId: z.number(), sessionId: z.number(), name: z.string(), ok: z.boolean(), message: z.string() })),
    enrolled: z.number(),
    refused: z.number(),
  }),
  'compliance.planInvitations': jobRef,
};
