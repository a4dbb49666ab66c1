import { z } from 'zod';
import { id, isoDate, listQuery, oneOf, optionalText, readVersion, requiredText } from './common.ts';
import { SupervisorStatus } from '../../domain/index.ts';
import { CertificateLevel } from '../../domain/vocabulary.ts';

/** Required only when entry conditions are not met; core says which. */
const overrideReason = optionalText('破格聘任理由', 500, true);

export const appointFields = z.object({
  personId: id('人员'),
  levelId: id('督导等级'),
  regionId: id('服务区划'),
  appointedOn: isoDate('聘任日期'),
  validUntil: isoDate('有效期至'),
  status: oneOf(SupervisorStatus.values, '状态').default('active'),
  overrideReason,
});
export type AppointInput = z.input<typeof appointFields>;

export const entryCheck = z.object({ personId: id('人员'), levelId: id('督导等级'), supervisorId: z.number().int().positive().optional() });

const change = { id: id('督导'), version: readVersion, effectiveOn: isoDate('生效日期'), reason: requiredText('原因', 500) };

export const levelChange = z.object({ ...change, levelId: id('督导等级'), overrideReason });
export type LevelChangeInput = z.input<typeof levelChange>;

export const statusChange = z.object({
  ...change,
  status: oneOf(SupervisorStatus.values, '新状态'),
  /** A new term when an expired appointment is renewed. */
  validUntil: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .meta({ title: '有效期至' }),
});
export type StatusChangeInput = z.input<typeof statusChange>;

export const validityChange = z.object({ ...change, validUntil: isoDate('有效期至') });
export type ValidityChangeInput = z.input<typeof validityChange>;

export const regionChange = z.object({ ...change, regionId: id('服务区划') });
export type RegionChangeInput = z.input<typeof regionChange>;

export const supervisorList = listQuery(['personName', 'idNumber', 'levelName', 'regionName', 'appointedOn', 'validUntil', 'status']).extend({
  levelId: z.number().int().positive().optional(),
  regionId: z.number().int().positive().optional(),
  status: z.enum(SupervisorStatus.values).optional(),
  /** Appointments ending between today and this many days from today (the 工作台's 「聘任即将到期」). */
  endingWithinDays: z.number().int().positive().max(3660).optional(),
});

const years = (label: string) =>
  z
    .number({ error: `请填写${label}` })
    .min(0, `${label}不能为负数`)
    .max(50, `${label}不能超过 50 年`)
    .meta({ title: label });

export const levelFields = z.object({
  name: requiredText('等级名称', 20),
  minCertificateLevel: z
    .enum(CertificateLevel.values)
    .nullish()
    .transform((v) => v ?? null)
    .meta({ title: '最低证书等级' }),
  minPracticeYears: years('最低从业年限'),
  minYearsAtLower: years('在下一级任职年限'),
});
export type LevelInput = z.input<typeof levelFields>;
export const levelUpdate = levelFields.extend({ id: id('督导等级'), version: readVersion });
export const levelMove = z.object({ id: id('督导等级'), direction: z.enum(['up', 'down']) });
