import { z } from 'zod';
import { CertificateLevel } from '../../domain/vocabulary.ts';
import { id, isoDate, listQuery, oneOf, optionalIsoDate, readVersion, requiredText } from './common.ts';

/** 职业水平证书 levels, lowest first. */

export const certificateFields = z.object({
  level: oneOf(CertificateLevel.values, '证书等级'),
  number: requiredText('证书编号', 40),
  issuedOn: isoDate('发证日期'),
  registrationValidUntil: optionalIsoDate('登记有效期至'),
});
export type CertificateInput = z.input<typeof certificateFields>;

export const certificateCreate = certificateFields.extend({ personId: id('人员') });
export const certificateUpdate = certificateFields.extend({ id: id('证书'), version: readVersion });

/** In the re-registration window; expired (ever); expired this month (the 工作台's item). */
export const REGISTRATION_STATUSES = ['window', 'expired', 'expiredThisMonth'] as const;

export const expiringList = listQuery(['registrationValidUntil', 'personName', 'level', 'regionName', 'organizationName']).extend({
  status: z.enum(REGISTRATION_STATUSES).default('window'),
  regionId: z.number().int().positive().optional(),
  organizationId: z.number().int().positive().optional(),
});

export const registrationRuleFields = z.object({
  registrationYears: z
    .number({ error: '请填写登记有效年限' })
    .int('登记有效年限应为整数')
    .min(1, '登记有效年限至少 1 年')
    .max(10, '登记有效年限不超过 10 年')
    .meta({ title: '登记有效年限' }),
  windowMonths: z
    .number({ error: '请填写再登记窗口' })
    .int('再登记窗口应为整月')
    .min(1, '再登记窗口至少 1 个月')
    .max(12, '再登记窗口不超过 12 个月')
    .meta({ title: '再登记窗口（月）' }),
});
