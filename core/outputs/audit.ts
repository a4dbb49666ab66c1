/** Output schemas of core/services/audit.ts (contract.ts `output`). */
import { z } from 'zod';
import { AuditAction } from '../../domain/index.ts';
import { jobRef, page } from './marks.ts';

/** A recorded row: the table's columns as the audit triggers wrote them (masked per table and column by core/pii.ts maskAuditEntry). */
const recordedRow = z.record(z.string(), z.unknown()).nullable();
const auditListRow = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string(),
  operation: z.string(),
  tableName: z.string(),
  rowId: z.number().nullable(),
  action: z.enum(AuditAction.values),
  hash: z.string(),
  before: recordedRow,
  after: recordedRow,
});
const auditStartupCheck = z.object({
  intact: z.boolean(),
  mode: z.string(),
  entries: z.number(),
  problems: z.array(z.string()),
  message: z.string(),
  checkedAt: z.string(),
});
const auditVerify = auditStartupCheck.extend({ brokenAt: z.number().optional() });

export const auditOutputs = {
  'audit.list': page(auditListRow),
  'audit.facets': z.object({
    actors: z.array(z.object({ id: z.number().nullable(), name: z.string() })),
    tables: z.array(z.string()),
    operations: z.array(z.string()),
  }),
  'audit.verify': auditVerify,
  'audit.resign': z.object({ before: z.string().nullable(), message: z.string() }),
  'audit.startupCheck': auditStartupCheck,
  'audit.export': jobRef,
};
