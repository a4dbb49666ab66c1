import { z } from 'zod';
import { RegionLevel } from '../../domain/vocabulary.ts';
import { id, listQuery, oneOf, optionalId, readVersion, requiredText } from './common.ts';

export const regionFields = z.object({
  code: z
    .string({ error: '请填写区划代码' })
    .trim()
    .regex(/^\d{6}(\d{3})?$/, '区划代码应为 6 位（市、区县）或 9 位（镇区、街道）数字，见 GB/T 2260')
    .meta({ title: '区划代码' }),
  name: requiredText('名称', 50),
  level: oneOf(RegionLevel.values, '层级'),
  parentId: optionalId('上级区划'),
});
export type RegionInput = z.input<typeof regionFields>;

export const regionUpdate = regionFields.extend({ id: id('行政区划'), version: readVersion });

export const regionList = listQuery(['code', 'name', 'level', 'parentName']).extend({
  parentId: z.number().int().positive().optional(),
});
