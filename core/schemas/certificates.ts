import { z } from 'zod';
import { id, isoDate, oneOf, optionalIsoDate, requiredText } from './common.ts';

/** 职业水平证书 levels, lowest first. */
export const CERTIFICATE_LEVELS = ['worker', 'assistant', 'social_worker', 'senior'] as const;

export const certificateFields = z.object({
  level: oneOf(CERTIFICATE_LEVELS, '证书等级'),
  number: requiredText('证书编号', 40),
  issuedOn: isoDate('发证日期'),
  registrationValidUntil: optionalIsoDate('登记有效期至'),
});
export type CertificateInput = z.input<typeof certificateFields>;

export const certificateCreate = certificateFields.extend({ personId: id('人员') });
export const certificateUpdate = certificateFields.extend({ id: id('证书') });
