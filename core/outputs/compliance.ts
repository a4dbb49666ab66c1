/** Output schemas of core/services/compliance.ts (contract.ts `output`). */
import { z } from 'zod';
import { CertificateLevel } from '../../domain/index.ts';
import { jobRef, pii } from './marks.ts';

const complianceOfPersonCertificate = z.object({ level: z.enum(CertificateLevel.values), label: z.string(), issuedOn: z.string(), validUntil: z.string() });
const complianceOfPersonWindow = z.object({
  required: z.number().nullable(),
  done: z.number(),
  shortfall: z.number(),
  note: z.string().nullable(),
  start: z.string(),
  end: z.string(),
});
const complianceOfPersonPeriodsRow = complianceOfPersonWindow.extend({ state: z.string() });
const complianceOfPersonAttributionsRow = z.object({
  recordId: z.number(),
  hours: z.number(),
  counted: z.boolean(),
  period: z.string().nullable(),
  inWindow: z.boolean(),
  text: z.string(),
});
const complianceOfPerson = z.object({
  asOf: z.string(),
  certificate: complianceOfPersonCertificate.nullable(),
  periods: z.array(complianceOfPersonPeriodsRow.nullable()),
  current: complianceOfPersonPeriodsRow.nullable(),
  window: complianceOfPersonWindow,
  year: z.number().nullable(),
  compliant: z.boolean(),
  shortfalls: z.array(z.string()),
  attributions: z.array(complianceOfPersonAttributionsRow),
  ruleVersion: z.number(),
  ruleSummary: z.array(z.string()),
});
/** Whom a row of 学时达标 (and of its forecast, core/outputs/compliance-forecast.ts) is about: the person, region, organization, certificate level. */
export const compliancePersonFields = z.object({
  personId: z.number(),
  personName: z.string(),
  /** The name's full pinyin (the list sorts by it: core/collation.ts). */
  namePinyin: z.string(),
  idNumber: pii.idNumber(z.string()),
  phone: pii.phone(z.string()).nullable(),
  regionId: z.number().nullable(),
  regionName: z.string().nullable(),
  organizationId: z.number().nullable(),
  organizationName: z.string().nullable(),
  certificateLevel: z.enum(CertificateLevel.values).nullable(),
});
const complianceListRowsRow = compliancePersonFields.extend({
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  periodRequired: z.number().nullable(),
  periodDone: z.number().nullable(),
  periodShortfall: z.number(),
  windowRequired: z.number().nullable(),
  windowDone: z.number(),
  windowShortfall: z.number(),
  yearDone: z.number().nullable(),
  yearShortfall: z.number(),
  compliant: z.boolean(),
  shortfalls: z.string(),
});
/** How current the list is: up to date; the rows computed at `computedAt`, while everyone is computed again; none yet. */
export const complianceListFreshness = z.discriminatedUnion('state', [
  z.object({ state: z.literal('current') }),
  z.object({ state: z.literal('refreshing'), computedAt: z.string() }),
  z.object({ state: z.literal('computing') }),
]);
const complianceList = z.object({
  rows: z.array(complianceListRowsRow),
  total: z.number(),
  asOf: z.string(),
  ruleVersion: z.number(),
  freshness: complianceListFreshness,
});

export const complianceOutputs = {
  'compliance.ofPerson': complianceOfPerson,
  'compliance.list': complianceList,
  'compliance.export': jobRef,
};
