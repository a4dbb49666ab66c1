import { z } from 'zod';
import { id } from './common.ts';

export const coverageList = z.object({
  page: z.number().int().min(0).default(0),
  pageSize: z.number().int().min(1).max(100, '每页最多 100 行').default(25),
  search: z
    .string()
    .trim()
    .max(50)
    .optional()
    .transform((v) => (v ? v : undefined)),
  onlyShort: z.boolean().default(false),
  /** Towns with appointed supervisors but no supervision recorded this year (issue 22). */
  onlyUnsupervised: z.boolean().default(false),
});

export const candidateQuery = z.object({ regionId: id('区划'), levelId: id('督导等级') });

const quota = z.number({ error: '请填写定额' }).int('定额应为整数').min(0, '定额不能为负数').max(100, '定额不超过 100').meta({ title: '定额' });

export const quotaSet = z.object({
  regionId: id('区划'),
  quotas: z.array(z.object({ levelId: id('督导等级'), quota: quota.nullable() })).max(20),
});
export type QuotaSetInput = z.input<typeof quotaSet>;

export const defaultQuotaSet = z.object({ quotas: z.array(z.object({ levelId: id('督导等级'), quota })).max(20) });
