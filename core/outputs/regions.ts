/** Output schemas of core/services/regions.ts (contract.ts `output`). */
import { z } from 'zod';
import { RegionLevel } from '../../domain/index.ts';
import { page } from './marks.ts';

const regionsListRow = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  level: z.enum(RegionLevel.values),
  parentId: z.number().nullable(),
  parentName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
const regionsStandardPreview = z.object({
  city: z.object({ code: z.string(), name: z.string(), id: z.number().optional() }),
  added: z.object({ city: z.number(), district: z.number(), town: z.number() }),
  kept: z.number(),
  total: z.number(),
});

export const regionsOutputs = {
  'regions.list': page(regionsListRow.nullable()),
  'regions.options': z.array(regionsListRow.nullable()),
  'regions.get': regionsListRow.nullable(),
  'regions.create': regionsListRow.nullable(),
  'regions.update': regionsListRow.nullable(),
  'regions.standardDivisions': z.object({
    provinces: z.array(z.object({ code: z.string(), name: z.string(), units: z.array(z.object({ code: z.string(), name: z.string(), county: z.boolean() })) })),
    associationCity: regionsListRow.nullable(),
  }),
  'regions.standardPreview': regionsStandardPreview,
  'regions.importStandard': regionsStandardPreview,
};
