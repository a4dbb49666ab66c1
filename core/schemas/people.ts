import { z } from 'zod';
import { Education } from '../../domain/vocabulary.ts';
import { id, idNumber, listQuery, optionalEmail, optionalId, optionalIsoDate, optionalPhone, optionalText, readVersion, requiredText } from './common.ts';

/** Sex and birth date are not inputs: they are derived from the 身份证号. */
export const personFields = z.object({
  idNumber: idNumber(),
  name: requiredText('姓名', 50),
  phone: optionalPhone('手机号码'),
  email: optionalEmail('电子邮箱'),
  education: z
    .union([z.enum(Education.values), z.literal('')])
    .nullish()
    .transform((v) => (v ? v : null))
    .meta({ title: '学历' }),
  major: optionalText('专业', 50),
  organizationId: optionalId('所在机构'),
  regionId: optionalId('所在区划'),
  practiceStart: optionalIsoDate('从业起始日期'),
  jobGrade: optionalText('岗位等级', 30),
  /** When a change of organization or post took effect (服务履历); empty: today. Not a stored field of the person. */
  postChangedOn: optionalIsoDate('变更生效日期'),
});
export type PersonInput = z.input<typeof personFields>;

export const personUpdate = personFields.extend({ id: id('人员'), version: readVersion });

export const peopleList = listQuery(['name', 'idNumber', 'birthDate', 'organizationName', 'regionName', 'practiceStart', 'createdAt']).extend({
  organizationId: z.number().int().positive().optional(),
  regionId: z.number().int().positive().optional(),
});
