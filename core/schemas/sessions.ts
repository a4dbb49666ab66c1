import { z } from 'zod';
import { halfHours, id, isoDateTime, listQuery, oneOf, optionalIsoDate, optionalText, readVersion, requiredText } from './common.ts';

import { Attendance, SessionStatus } from '../../domain/index.ts';

export const SESSION_STATUSES = SessionStatus.values;
/** The statuses a coordinator sets by hand; completed comes from attendance, cancelled from cancelling. */
export const EDITABLE_SESSION_STATUSES = ['planned', 'open', 'closed'] as const;
export const ATTENDANCE = Attendance.values;

const mentorIds = (label: string, min: number) =>
  z.array(z.number().int().positive()).min(min, `请选择${label}`).max(10, `${label}最多 10 人`).meta({ title: label });

const timing = {
  startsAt: isoDateTime('开始时间'),
  endsAt: isoDateTime('结束时间'),
};

export const sessionFields = z.object({
  courseId: id('课程'),
  roomId: z
    .number()
    .int()
    .positive()
    .nullish()
    .transform((v) => v ?? null)
    .meta({ title: '教室' }),
  ...timing,
  capacity: z
    .number({ error: '请填写人数上限' })
    .int('人数上限应为正整数')
    .positive('人数上限应为正整数')
    .max(10_000, '人数上限过大')
    .meta({ title: '人数上限' }),
  leadMentorIds: mentorIds('主讲导师', 1),
  assistantMentorIds: mentorIds('助教导师', 0).default([]),
  unified: z.boolean().default(false).meta({ title: '统一培训' }),
  status: oneOf(EDITABLE_SESSION_STATUSES, '状态').default('open'),
  note: optionalText('备注', 500, true),
});
export type SessionInput = z.input<typeof sessionFields>;
export const sessionUpdate = sessionFields.omit({ courseId: true }).extend({ id: id('班期'), version: readVersion });
export const sessionReschedule = z.object({ id: id('班期'), version: readVersion, ...timing });
export const sessionCancel = z.object({ id: id('班期'), version: readVersion, reason: requiredText('取消原因', 200) });

export const sessionList = listQuery(['startsAt', 'courseTitle', 'baseName', 'status']).extend({
  baseId: z.number().int().positive().optional(),
  statuses: z.array(z.enum(SESSION_STATUSES)).optional(),
  /** Only sessions that have started and still wait for attendance (考勤待办). */
  attendanceDue: z.boolean().optional(),
  /** Sessions on these days: from `from` (a date, inclusive) to before `to` (a date, exclusive), e.g. this week. */
  from: optionalIsoDate('开始日期').transform((v) => v ?? undefined),
  to: optionalIsoDate('结束日期').transform((v) => v ?? undefined),
  /** Only sessions taking enrolments with seats still free (报名未满). */
  openSeats: z.boolean().optional(),
});

export const sessionCalendar = z.object({
  baseId: z.number().int().positive().optional(),
  from: isoDateTime('起始时间'),
  to: isoDateTime('截止时间'),
});

export const enrolFields = z.object({ sessionId: id('班期'), personId: id('人员') });
export const rosterPreview = z
  .object({
    sessionId: id('班期'),
    /** Pasted text: one 身份证号 per line (or separated by commas, spaces or tabs). */
    text: z.string().max(200_000, '粘贴的内容过长').optional(),
    /** An .xlsx roster, base64: the column headed 身份证号 is read. */
    fileBase64: z.string().max(40_000_000, '文件过大（不超过 30 MB）').optional(),
  })
  .refine((v) => v.text !== undefined || v.fileBase64 !== undefined, { message: '请粘贴身份证号或选择名单文件', path: ['text'] });
export const bulkEnrol = z.object({
  sessionId: id('班期'),
  personIds: z.array(z.number().int().positive()).min(1, '没有可报名的人员').max(5000, '一次最多报名 5000 人'),
});

export const attendanceMark = z.object({
  enrolmentId: id('报名'),
  /** The enrolment's version as the attendance screen showed it (a withdrawal meanwhile makes it stale). */
  version: readVersion,
  attendance: oneOf(ATTENDANCE, '出勤情况'),
  /** Only for 部分出勤: the hours actually attended. */
  hours: halfHours('出勤学时')
    .nullish()
    .transform((v) => v ?? null)
    .meta({ title: '出勤学时' }),
});
export const attendanceComplete = z.object({
  sessionId: id('班期'),
  /** The session's version as the attendance screen showed it. */
  sessionVersion: readVersion,
  marks: z.array(attendanceMark).max(10_000),
});
export const attendanceCorrect = attendanceMark.extend({ reason: requiredText('更正原因', 200) });

/** The session list as shown (search, base, sort), every page. */
export const sessionExport = sessionList.omit({ page: true, pageSize: true });
/** Enrolments: one session's roster, or every enrolment of sessions starting in a date range (optionally one base). */
export const enrolmentExport = z.object({
  sessionId: z.number().int().positive().optional(),
  baseId: z.number().int().positive().optional(),
  from: optionalIsoDate('开始日期').transform((v) => v ?? undefined),
  to: optionalIsoDate('结束日期').transform((v) => v ?? undefined),
});
