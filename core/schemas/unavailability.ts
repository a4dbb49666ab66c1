import { z } from 'zod';
import { id, isoDateTime, oneOf, optionalIsoDate, optionalText, readVersion } from './common.ts';
import { mappedWorkbook } from './excel.ts';

/** A time of day as typed (9:00, 09:00, 14:30) to `HH:MM`; anything else is refused by name. */
export const timeOfDay = (label: string) =>
  z
    .string({ error: `请填写${label}（如 14:00）` })
    .trim()
    .transform((v) => v.replace(/^(\d):/, '0$1:').replace('：', ':'))
    .refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v) || v === '24:00', `${label}应为 00:00–24:00 之间的时刻（如 14:00）`)
    .meta({ title: label });

/**
 * One entry of a mentor's 不可用时间: one-off (开始时间–结束时间) or weekly (星期, 时刻, optional dates).
 * Flat, as the form has it; the fields of the other kind are ignored.
 */
export const unavailabilityFields = z
  .object({
    mentorId: id('导师'),
    kind: oneOf(['once', 'weekly'] as const, '类型'),
    startsAt: isoDateTime('开始时间').optional(),
    endsAt: isoDateTime('结束时间').optional(),
    weekday: z.number({ error: '请选择星期' }).int().min(1, '请选择星期').max(7, '请选择星期').optional().meta({ title: '星期' }),
    startTime: timeOfDay('开始时刻').optional(),
    endTime: timeOfDay('结束时刻').optional(),
    validFrom: optionalIsoDate('起始日期'),
    validUntil: optionalIsoDate('截止日期'),
    reason: optionalText('原因', 200),
  })
  .superRefine((v, ctx) => {
    const need = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    if (v.kind === 'once') {
      if (!v.startsAt) need('startsAt', '请填写开始时间（如 2026-12-01 09:00）');
      if (!v.endsAt) need('endsAt', '请填写结束时间（如 2026-12-01 12:00）');
      if (v.startsAt && v.endsAt && v.endsAt <= v.startsAt) need('endsAt', '结束时间应晚于开始时间');
    } else {
      if (v.weekday === undefined) need('weekday', '请选择星期');
      if (!v.startTime) need('startTime', '请填写开始时刻（如 14:00）');
      if (!v.endTime) need('endTime', '请填写结束时刻（如 17:00）');
      if (v.startTime && v.endTime && v.endTime <= v.startTime) need('endTime', '结束时刻应晚于开始时刻');
      if (v.validFrom && v.validUntil && v.validUntil < v.validFrom) need('validUntil', '截止日期应不早于起始日期');
    }
  });
export type UnavailabilityInput = z.input<typeof unavailabilityFields>;

export const unavailabilityRemove = z.object({ id: id('不可用时间'), version: readVersion });
export const unavailabilityOfPerson = z.object({ personId: id('人员') });
export const unavailabilityOfMentor = z.object({ mentorId: id('导师') });

/** 导入不可用时间 for one base's 导师库: all or nothing unless 只导入无误的行 (the commit only). */
export const unavailabilityImport = mappedWorkbook.extend({
  baseId: id('基地'),
  onlyValidRows: z.boolean().default(false),
});
