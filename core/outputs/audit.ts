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
  /** The Chinese names of the operation, the table and each recorded column (domain/audit-names.ts): the screen shows these, never the codes. */
  operationTitle: z.string(),
  tableTitle: z.string(),
  fieldNames: z.record(z.string(), z.string()),
});
/** A value to filter by and its Chinese name. */
const facet = z.object({ value: z.string(), title: z.string() });
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
    tables: z.array(facet),
    operations: z.array(facet),
  }),
  'audit.verify': auditVerify,
  'audit.resign': z.object({ before: z.string().nullable(), message: z.string() }),
  'audit.startupCheck': auditStartupCheck,
  'audit.export': jobRef,
};
