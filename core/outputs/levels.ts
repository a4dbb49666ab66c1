/** Output schemas of core/services/levels.ts (contract.ts `output`). */
import { z } from 'zod';
import { CertificateLevel } from '../../domain/index.ts';

/** A supervisor level (supervisors.levels lists them too). */
export const levelsCreate = z.object({
  id: z.number(),
  name: z.string(),
  rank: z.number(),
  minCertificateLevel: z.enum(CertificateLevel.values).nullable(),
  minPracticeYears: z.number(),
  minYearsAtLower: z.number(),
  version: z.number(),
});

export const levelsOutputs = {
  'levels.create': levelsCreate,
  'levels.update': levelsCreate,
  'levels.move': z.array(levelsCreate),
};
