/** Output schemas of 督导工作记录 (core/supervision-work/operations.ts). */
import { z } from 'zod';
import { SupervisionForm } from '../../domain/index.ts';
import { jobRef, page } from './marks.ts';

const form = z.enum(SupervisionForm.values);

export const relationshipRow = z.object({
  id: z.number(),
  supervisorId: z.number(),
  supervisorPersonId: z.number(),
  supervisorName: z.string(),
  levelId: z.number(),
  levelName: z.string(),
  personId: z.number().nullable(),
  organizationId: z.number().nullable(),
  subjectName: z.string(),
  subjectOrganizationName: z.string().nullable(),
  form,
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  agreementRef: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Current today (started, not ended). */
  current: z.boolean(),
});

const recordRow = z.object({
  id: z.number(),
  supervisorId: z.number(),
  supervisorName: z.string(),
  supervisorPersonId: z.number(),
  levelName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  minutes: z.number(),
  form,
  topic: z.string(),
  summary: z.string().nullable(),
  followUp: z.string().nullable(),
  baseId: z.number().nullable(),
  baseName: z.string().nullable(),
  importId: z.number().nullable(),
  subjects: z.array(
    z.object({
      relationshipId: z.number(),
      name: z.string(),
      personId: z.number().nullable(),
      organizationId: z.number().nullable(),
      /** A person's organization on the record's date (服务履历). */
      organizationName: z.string().nullable(),
    }),
  ),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string(),
});

const load = z.object({
  supervisorId: z.number(),
  levelName: z.string(),
  /** Current 督导对象 today. */
  current: z.number(),
  /** The level's limit, or null when none is set. */
  limit: z.number().nullable(),
});

export const supervisionWorkOutputs = {
  'supervision.relationships': z.array(relationshipRow),
  'supervision.createRelationship': relationshipRow,
  'supervision.updateRelationship': relationshipRow,
  'supervision.endRelationship': relationshipRow,
  'supervision.caseload': load,
  'supervision.caseloadLimits': z.record(z.string(), z.number()),
  'supervision.setCaseloadLimits': z.record(z.string(), z.number()),
  'supervision.records': page(recordRow),
  'supervision.record': recordRow,
  'supervision.createRecord': recordRow,
  'supervision.updateRecord': recordRow,
  'supervision.deleteRecord': z.object({ ok: z.literal(true) }),
  'supervision.exportRecords': jobRef,
  'supervision.exportRelationships': jobRef,
  'supervision.importPreview': jobRef,
  'supervision.importCommit': jobRef,
  'supervision.recordsTemplate': jobRef,
};
