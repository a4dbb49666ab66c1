/** Output schemas of core/services/supervisors.ts (contract.ts `output`). */
import { z } from 'zod';
import { SupervisorStatus } from '../../domain/index.ts';
import { certificatesCreate } from './certificates.ts';
import { levelsCreate } from './levels.ts';
import { page, pii } from './marks.ts';

/** A supervisor row (people.get shows it too). */
export const supervisorsListRow = z.object({
  id: z.number(),
  personId: z.number(),
  levelId: z.number(),
  regionId: z.number(),
  appointedOn: z.string(),
  validUntil: z.string(),
  status: z.enum(SupervisorStatus.values),
  personName: z.string(),
  idNumber: pii.idNumber(z.string()),
  phone: pii.phone(z.string()).nullable(),
  organizationName: z.string().nullable(),
  levelName: z.string(),
  levelRank: z.number(),
  regionName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
const supervisorsGetEventsRow = z.object({
  id: z.number(),
  supervisorId: z.number(),
  kind: z.string(),
  effectiveOn: z.string(),
  levelId: z.number(),
  levelName: z.string(),
  status: z.enum(SupervisorStatus.values),
  validUntil: z.string(),
  reason: z.string().nullable(),
  actorName: z.string(),
  recordedAt: z.string(),
  regionId: z.number(),
  regionName: z.string(),
  overrideReason: z.string().nullable(),
  cycleId: z.number().nullable(),
  cycleYear: z.number().nullable(),
});
const supervisorsGet = z.object({
  supervisor: supervisorsListRow.nullable(),
  certificates: z.array(certificatesCreate),
  events: z.array(supervisorsGetEventsRow),
  allowedStatusTargets: z.array(z.enum(SupervisorStatus.values)),
});

export const supervisorsOutputs = {
  'supervisors.levels': z.array(levelsCreate),
  'supervisors.list': page(supervisorsListRow.nullable()),
  'supervisors.get': supervisorsGet,
  'supervisors.checkEntry': z.object({ conditions: z.array(z.object({ key: z.string(), met: z.boolean(), text: z.string() })), allMet: z.boolean() }),
  'supervisors.appoint': supervisorsListRow.nullable(),
  'supervisors.changeLevel': supervisorsListRow.nullable(),
  'supervisors.changeStatus': supervisorsListRow.nullable(),
  'supervisors.changeValidity': supervisorsListRow.nullable(),
  'supervisors.changeRegion': supervisorsListRow.nullable(),
};
