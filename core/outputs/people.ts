/** Output schemas of core/services/people.ts (contract.ts `output`). */
import { z } from 'zod';
import { CertificateLevel, Education, PostEventSource, Sex } from '../../domain/index.ts';
import { certificatesCreate } from './certificates.ts';
import { page, pii } from './marks.ts';
import { supervisorsListRow } from './supervisors.ts';

const peopleListRow = z.object({
  id: z.number(),
  idNumber: pii.idNumber(z.string()),
  name: z.string(),
  sex: z.enum(Sex.values),
  birthDate: pii.birthDate(z.string()),
  phone: pii.phone(z.string()).nullable(),
  email: z.string().nullable(),
  education: z.enum(Education.values).nullable(),
  major: z.string().nullable(),
  organizationId: z.number().nullable(),
  organizationName: z.string().nullable(),
  regionId: z.number().nullable(),
  regionName: z.string().nullable(),
  practiceStart: z.string().nullable(),
  jobGrade: z.string().nullable(),
  topCertificateLevel: z.enum(CertificateLevel.values).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});

const serviceHistoryRow = z.object({
  id: z.number(),
  organizationId: z.number().nullable(),
  organizationName: z.string().nullable(),
  post: z.string().nullable(),
  from: z.string(),
  to: z.string().nullable(),
  source: z.enum(PostEventSource.values),
  recordedAt: z.string(),
  actorName: z.string(),
});

export const peopleOutputs = {
  'people.list': page(peopleListRow),
  'people.get': z.object({ person: peopleListRow, certificates: z.array(certificatesCreate), supervisor: supervisorsListRow.nullable() }),
  'people.serviceHistory': z.array(serviceHistoryRow),
  'people.create': peopleListRow,
  'people.update': peopleListRow,
};
