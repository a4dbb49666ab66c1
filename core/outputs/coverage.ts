/** Output schemas of core/services/coverage.ts (contract.ts `output`). */
import { z } from 'zod';
import { pii } from './marks.ts';

const coverageListRowsRowLevelsRow = z.object({
  levelId: z.number(),
  levelName: z.string(),
  quota: z.number(),
  actual: z.number(),
  gap: z.number(),
  overridden: z.boolean(),
});
const coverageListRowsRow = z.object({
  regionId: z.number(),
  code: z.string(),
  name: z.string(),
  parentName: z.string().nullable(),
  levels: z.array(coverageListRowsRowLevelsRow),
  quota: z.number(),
  actual: z.number(),
  gap: z.number(),
  supervisionSessions: z.number(),
  supervisionHours: z.number(),
  supervisedOrganizations: z.number(),
  unsupervised: z.boolean(),
});
const coverageListSummaryLevelsRow = z.object({ levelId: z.number(), levelName: z.string(), quota: z.number(), actual: z.number(), gap: z.number() });
const coverageListSummary = z.object({
  towns: z.number(),
  shortTowns: z.number(),
  gap: z.number(),
  levels: z.array(coverageListSummaryLevelsRow),
  supervisionYear: z.number(),
  supervisionHours: z.number(),
  unsupervisedTowns: z.number(),
});
const coverageCandidatesRow = z.object({
  personId: z.number(),
  name: z.string(),
  idNumber: pii.idNumber(z.string()),
  phone: pii.phone(z.string()).nullable(),
  organizationName: z.string().nullable(),
  practiceStart: z.string().nullable(),
  supervisorId: z.number().nullable(),
  supervisorLevelId: z.number().nullable(),
  route: z.string(),
  conditions: z.array(z.object({ key: z.string(), met: z.boolean(), text: z.string() })),
});

export const coverageOutputs = {
  'coverage.list': z.object({ rows: z.array(coverageListRowsRow), total: z.number(), summary: coverageListSummary }),
  'coverage.candidates': z.array(coverageCandidatesRow),
  'quotas.set': coverageListRowsRow,
  'quotas.setDefault': z.object({ '2': z.number(), '3': z.number() }),
  'quotas.default': z.object({ '2': z.number(), '3': z.number() }),
};
