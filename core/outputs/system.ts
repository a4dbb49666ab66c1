/** Output schemas of core/services/system.ts (contract.ts `output`). */
import { z } from 'zod';
import { Role } from '../../domain/index.ts';

const systemInfoCounts = z.object({ regions: z.number(), organizations: z.number(), people: z.number(), supervisors: z.number() });
const systemInfo = z.object({
  dataFile: z.string(),
  schemaVersion: z.number(),
  actor: z.object({ name: z.string(), role: z.enum([...Role.values, 'anonymous']) }),
  counts: systemInfoCounts,
});

export const systemOutputs = {
  'system.info': systemInfo,
};
