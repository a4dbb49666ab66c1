import { z } from 'zod';
import { id, isoDate, listQuery, oneOf } from './common.ts';

export const SUPERVISOR_STATUSES = ['active', 'suspended', 'expired', 'revoked'] as const;

export const appointFields = z.object({
  personId: id('人员'),
  levelId: id('督导等级'),
  regionId: id('服务区划'),
  appointedOn: isoDate('聘任日期'),
  validUntil: isoDate('有效期至'),
  status: oneOf(SUPERVISOR_STATUSES, '状态').default('active'),
});
export type AppointInput = z.input<typeof appointFields>;

export const supervisorList = listQuery(['personName', 'idNumber', 'levelName', 'regionName', 'appointedOn', 'validUntil', 'status']).extend({
  levelId: z.number().int().positive().optional(),
  regionId: z.number().int().positive().optional(),
  status: z.enum(SUPERVISOR_STATUSES).optional(),
});
