/** Output schemas of core/documents/operations.ts (contract.ts `output`). */
import { z } from 'zod';
import { jobRef, page, pii } from './marks.ts';

const maskedIdNumber = pii.idNumber(z.string());

const issued = z.object({ serial: z.string(), code: z.string(), issuedOn: z.string(), issuedAt: z.string(), issuedBy: z.string() });

export const hoursCertificate = z.object({
  kind: z.literal('hours_certificate'),
  personId: z.number(),
  person: z.object({ name: z.string(), maskedIdNumber, organizationName: z.string().nullable() }),
  span: z.object({ kind: z.enum(['window', 'period', 'range']), label: z.string(), from: z.string(), to: z.string() }),
  rows: z.array(z.object({ date: z.string(), source: z.string(), category: z.string(), hours: z.number() })),
  totals: z.array(z.object({ categoryId: z.number(), category: z.string(), hours: z.number() })),
  total: z.number(),
  required: z.number().nullable(),
  ruleVersion: z.number(),
  asOf: z.string(),
  issued,
});

const letterFields = {
  personId: z.number(),
  supervisorId: z.number(),
  person: z.object({ name: z.string(), maskedIdNumber }),
  title: z.string(),
  paragraphs: z.array(z.string()),
  issuer: z.string(),
  templateVersion: z.number(),
  levelName: z.string(),
  appointedOn: z.string(),
  validUntil: z.string(),
  year: z.number().nullable(),
  decisionLabel: z.string().nullable(),
};

export const appointmentLetter = z.object({ kind: z.literal('appointment_letter'), ...letterFields, issued });
export const recertNotice = z.object({ kind: z.literal('recert_notice'), ...letterFields, issuedOn: z.string() });

const statement = z.object({
  kind: z.enum(['hours', 'appointment']),
  serial: z.string(),
  name: z.string(),
  idNumber: pii.idNumber(z.string()),
  lines: z.array(z.object({ label: z.string(), value: z.string() })),
});

const issuedRow = z.object({
  id: z.number(),
  serial: z.string(),
  kind: z.enum(['hours_certificate', 'appointment_letter']),
  personId: z.number(),
  personName: z.string(),
  statementSha256: z.string(),
  issuedAt: z.string(),
  issuedBy: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  revokeReason: z.string().nullable(),
  version: z.number(),
});

const templates = z.object({
  appointment: z.object({ title: z.string(), body: z.string(), issuer: z.string() }),
  recertNotice: z.object({ title: z.string(), body: z.string(), issuer: z.string() }),
});

export const documentsOutputs = {
  'documents.signInSheet': z.object({
    session: z.object({
      id: z.number(),
      courseTitle: z.string(),
      courseCode: z.string(),
      categoryName: z.string(),
      creditHours: z.number(),
      baseId: z.number(),
      baseName: z.string(),
      baseAddress: z.string().nullable(),
      roomName: z.string().nullable(),
      startsAt: z.string(),
      endsAt: z.string(),
      timeRange: z.string(),
    }),
    mentors: z.array(z.string()),
    trainees: z.array(z.object({ no: z.number(), name: z.string(), maskedIdNumber, organizationName: z.string().nullable() })),
  }),
  'documents.issueHoursCertificate': hoursCertificate,
  'documents.issueAppointmentLetter': appointmentLetter,
  'documents.recertNotice': recertNotice,
  'documents.batchHoursCertificates': jobRef,
  'documents.batchRecertNotices': jobRef,
  'documents.verify': z.object({
    state: z.enum(['valid', 'revoked', 'bad-signature', 'malformed']),
    message: z.string(),
    statement: statement.nullable(),
    recorded: z.boolean(),
    revokedAt: z.string().nullable(),
    revokeReason: z.string().nullable(),
  }),
  'documents.revoke': z.object({ serial: z.string(), revokedAt: z.string() }),
  'documents.issued': page(issuedRow),
  'documents.keyInfo': z.object({ publicKey: z.string(), fingerprint: z.string(), pem: z.string() }),
  'documents.exportRevocations': jobRef,
  'documents.exportVerifierPage': jobRef,
  'documents.templates': z.object({
    version: z.number(),
    body: templates,
    note: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
    history: z.array(z.object({ id: z.number(), version: z.number(), note: z.string().nullable(), createdAt: z.string(), createdBy: z.string() })),
  }),
  'documents.saveTemplates': z.object({ version: z.number() }),
};
