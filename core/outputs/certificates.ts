/** Output schemas of core/services/certificates.ts (contract.ts `output`). */
import { z } from 'zod';
import { CertificateLevel } from '../../domain/index.ts';
import { pii } from './marks.ts';

/** A certificate row (people.get and supervisors.get list them too). */
export const certificatesCreate = z.object({
  id: z.number(),
  personId: z.number(),
  level: z.enum(CertificateLevel.values),
  number: z.string(),
  issuedOn: z.string(),
  registrationValidUntil: z.string(),
  registrationSource: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  windowStart: z.string(),
  registrationStatus: z.string(),
  rule: z.string(),
});
const certificatesExpiringRowsRow = z.object({
  id: z.number(),
  personId: z.number(),
  personName: z.string(),
  idNumber: pii.idNumber(z.string()),
  phone: pii.phone(z.string()).nullable(),
  organizationName: z.string(),
  regionName: z.string().nullable(),
  level: z.enum(CertificateLevel.values),
  number: z.string(),
  issuedOn: z.string(),
  registrationValidUntil: z.string(),
  registrationSource: z.string(),
  windowStart: z.string(),
});

export const certificatesOutputs = {
  'certificates.create': certificatesCreate,
  'certificates.update': certificatesCreate,
  'certificates.expiring': z.object({ rows: z.array(certificatesExpiringRowsRow), total: z.number(), rule: z.string() }),
  'rules.registration': z.object({ registrationYears: z.number(), windowMonths: z.number(), text: z.string() }),
  'rules.setRegistration': z.object({ registrationYears: z.number(), windowMonths: z.number(), text: z.string() }),
};
