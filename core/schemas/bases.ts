import { z } from 'zod';
import { halfHours, id, isoDate, listQuery, oneOf, optionalIsoDate, optionalText, readVersion, requiredText } from './common.ts';
import { AccreditationStatus, BaseGrade, CertificateLevel, CourseStatus, MentorStatus } from '../../domain/vocabulary.ts';

const positiveInt = (label: string) =>
  z
    .number({ error: `${label}应为正整数` })
    .int(`${label}应为正整数`)
    .positive(`${label}应为正整数`)
    .max(100_000, `${label}过大`)
    .nullish()
    .transform((v) => v ?? null)
    .meta({ title: label });

/** The people who run a base (基地协调员): their accounts then reach the base. */
const coordinatorIdList = z.array(z.number().int().positive()).max(20, '协调员最多 20 人');

export const baseFields = z.object({
  name: requiredText('基地名称', 100),
  organizationId: id('依托机构'),
  regionId: id('所在区划'),
  address: optionalText('地址', 200),
  capacity: positiveInt('可容纳人数'),
  facilities: optionalText('设施设备', 1000, true),
  grade: oneOf(BaseGrade.values, '基地等级'),
  accreditationStatus: oneOf(AccreditationStatus.values, '认定状态'),
  accreditedUntil: optionalIsoDate('认定有效期至'),
  coordinatorIds: coordinatorIdList.default([]).meta({ title: '基地协调员' }),
});
export type BaseInput = z.input<typeof baseFields>;

/**
 * What the association's staff decide about a base (认定 and 示范基地, through review and
 * evaluations.apply; and who its coordinators are, since that is who may run it), never its
 * coordinator: a coordinator's update may not carry them at all.
 */
export const STAFF_ONLY_BASE_FIELDS = {
  grade: '基地等级',
  accreditationStatus: '认定状态',
  accreditedUntil: '认定有效期至',
  coordinatorIds: '基地协调员',
} as const;
export type StaffOnlyBaseField = keyof typeof STAFF_ONLY_BASE_FIELDS;

/** An update may leave out what staff decide (a coordinator's must): left out, it stays as it is. */
export const baseUpdate = baseFields.extend({
  id: id('实训基地'),
  version: readVersion,
  grade: baseFields.shape.grade.optional(),
  accreditationStatus: baseFields.shape.accreditationStatus.optional(),
  accreditedUntil: baseFields.shape.accreditedUntil.optional(),
  coordinatorIds: coordinatorIdList.optional().meta({ title: '基地协调员' }),
});

export const baseList = listQuery(['name', 'regionName', 'grade', 'accreditedUntil']).extend({
  /** Only bases whose accreditation ends within this many days (认定即将到期). */
  expiringWithinDays: z.number().int().min(0).max(3650).optional(),
});

/** An export takes the list's own query (search, the expiring switch, sort) and writes every page. */
export const baseExport = baseList.omit({ page: true, pageSize: true });

export const roomFields = z.object({
  baseId: id('实训基地'),
  name: requiredText('教室名称', 50),
  seats: z.number({ error: '座位数应为正整数' }).int('座位数应为正整数').positive('座位数应为正整数').max(10_000, '座位数过大').meta({ title: '座位数' }),
});
export type RoomInput = z.input<typeof roomFields>;
export const roomUpdate = roomFields.omit({ baseId: true }).extend({ id: id('教室'), version: readVersion });

export const mentorFields = z.object({
  baseId: id('实训基地'),
  personId: id('人员'),
  joinedOn: isoDate('加入日期'),
  validUntil: optionalIsoDate('有效期至'),
  status: oneOf(MentorStatus.values, '状态').default('active'),
  specialtyIds: z.array(z.number().int().positive()).max(20).default([]).meta({ title: '专长领域' }),
});
export type MentorInput = z.input<typeof mentorFields>;
export const mentorUpdate = mentorFields.omit({ baseId: true, personId: true }).extend({ id: id('导师'), version: readVersion });

export const courseFields = z.object({
  baseId: id('实训基地'),
  code: requiredText('课程编号', 30),
  title: requiredText('课程名称', 100),
  categoryId: id('课程类别'),
  creditHours: halfHours('学时'),
  targetCertificateLevel: z
    .enum(CertificateLevel.values)
    .nullish()
    .transform((v) => v ?? null)
    .meta({ title: '面向证书等级' }),
  targetSupervisorLevelId: z
    .number()
    .int()
    .positive()
    .nullish()
    .transform((v) => v ?? null)
    .meta({ title: '面向督导等级' }),
  defaultCapacity: positiveInt('默认人数'),
  syllabus: optionalText('课程大纲', 5000, true),
  status: oneOf(CourseStatus.values, '状态').default('active'),
});
export type CourseInput = z.input<typeof courseFields>;
export const courseUpdate = courseFields.omit({ baseId: true }).extend({ id: id('课程'), version: readVersion });
