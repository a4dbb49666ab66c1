import { z } from 'zod';
import { OrganizationKind } from '../../domain/vocabulary.ts';
import { id, listQuery, oneOf, optionalId, optionalPhone, optionalText, readVersion, requiredText } from './common.ts';

/** 统一社会信用代码: 18 characters from GB 32100's alphabet (digits and capitals without I, O, S, V, Z). */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export const organizationFields = z.object({
  name: requiredText('机构名称', 100),
  kind: oneOf(OrganizationKind.values, '机构类型'),
  creditCode: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => v === '' || CREDIT_CODE.test(v), '统一社会信用代码应为 18 位数字或大写字母')
    .nullish()
    .transform((v) => (v ? v : null))
    .meta({ title: '统一社会信用代码' }),
  regionId: optionalId('所在区划'),
  address: optionalText('地址', 200),
  contactName: optionalText('联系人', 50),
  contactPhone: optionalPhone('联系电话'),
});
export type OrganizationInput = z.input<typeof organizationFields>;

export const organizationUpdate = organizationFields.extend({ id: id('机构'), version: readVersion });

export const organizationList = listQuery(['name', 'kind', 'regionName', 'createdAt']).extend({
  regionId: z.number().int().positive().optional(),
  kind: z.enum(OrganizationKind.values).optional(),
});
