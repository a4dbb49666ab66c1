/** Output schemas of core/services/people.ts (contract.ts `output`). */
import { z } from 'zod';
import { SupervisorStatus } from '../../domain/index.ts';
import { page, pii } from './marks.ts';

const peopleListRow = z.object({
  id: z.number(),
  idNumber: pii.idNumber(z.string()),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: pii.birthDate(z.string()),
  phone: pii.phone(z.string()).nullable(),
  email: z.string().nullable(),
  education: z.string().nullable(),
  major: z.string().nullable(),
  organizationId: z.number().nullable(),
  organizationName: z.string().nullable(),
  regionId: z.number().nullable(),
  regionName: z.string().nullable(),
  practiceStart: z.string().nullable(),
  jobGrade: z.string().nullable(),
  topCertificateLevel: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const peopleGetCertificatesRow = z.object({
  id: z.number(),
  personId: z.number(),
  level: z.string(),
  number: z.string(),
  issuedOn: z.string(),
  registrationValidUntil: z.string(),
  registrationSource: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  windowStart: z.string(),
  registrationStatus: z.string(),
  rule: z.string(),
});
const peopleGetSupervisor = z.object({
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
});

export const peopleOutputs = {
  'people.list': page(peopleListRow),
  'people.get': z.object({ person: peopleListRow, certificates: z.array(peopleGetCertificatesRow), supervisor: peopleGetSupervisor.nullable() }),
  'people.create': peopleListRow,
  'people.update': peopleListRow,
};
