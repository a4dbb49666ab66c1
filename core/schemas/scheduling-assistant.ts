import { z } from 'zod';
import { id, isoDate, isoDateTime } from './common.ts';
import { sessionFields } from './sessions.ts';

/** 查找空闲时段: a course (of the base, when one is named), a date range (both days included), a duration, optionally a mentor and a capacity. */
export const findSlotsInput = z.object({
  baseId: z.number().int().positive().optional().meta({ title: '基地' }),
  courseId: id('课程'),
  from: isoDate('开始日期'),
  to: isoDate('结束日期'),
  durationMinutes: z
    .number({ error: '请填写时长' })
    .int('时长应为整数分钟')
    .min(30, '时长至少 30 分钟')
    .max(13 * 60, '时长不超过 13 小时')
    .refine((v) => v % 30 === 0, '时长应为半小时的整数倍')
    .meta({ title: '时长（分钟）' }),
  mentorId: z.number().int().positive().optional().meta({ title: '导师' }),
  capacity: z.number().int().positive().max(10_000).optional().meta({ title: '人数上限' }),
  limit: z.number().int().min(1).max(50).default(20),
});

const occurrence = z.object({ startsAt: isoDateTime('开始时间'), endsAt: isoDateTime('结束时间') });

/** A recurring series: the session's fields but its times, and every occurrence (the renderer expands 「每周二 14:00–17:00，共 6 周」, then one may be moved). */
export const seriesInput = sessionFields.omit({ startsAt: true, endsAt: true }).extend({
  occurrences: z.array(occurrence).min(1, '请至少安排一次').max(52, '一个系列最多 52 次').meta({ title: '各次时间' }),
});
