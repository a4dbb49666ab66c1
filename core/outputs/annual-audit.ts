/** Output schemas of core/services/annual-audit.ts (contract.ts `output`). */
import { jobRef } from './marks.ts';

export const annualAuditOutputs = {
  'audit.annualWorkbook': jobRef,
};
