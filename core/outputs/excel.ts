/** Output schemas of core/services/excel.ts (contract.ts `output`). */
import { z } from 'zod';
import { jobRef } from './marks.ts';

/**
 * A job's state; its result depends on the job (an import's report, a preview's columns and rows):
 * left open here, so dispatch masks it by field name (core/pii.ts PII_FIELDS), as before.
 */
const jobStatus = z.object({
  id: z.string(),
  title: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  done: z.number(),
  total: z.number(),
  phase: z.string(),
  error: z.string().nullable(),
  result: z.unknown(),
});

export const excelOutputs = {
  'registry.template': jobRef,
  'registry.importPreview': jobRef,
  'registry.importCommit': jobRef,
  'people.export': jobRef,
  'supervisors.export': jobRef,
  'organizations.export': jobRef,
  'regions.export': jobRef,
  'coverage.export': jobRef,
  'certificates.exportDue': jobRef,
  'jobs.status': jobStatus,
  'jobs.cancel': jobStatus,
  'jobs.download': z.object({ fileName: z.string(), ticket: z.string() }),
};
