/** 服务器设置: the time zone and the scheduled backup (core/services/system.ts). */
import { z } from 'zod';
import { isTimeZone } from '../dates.ts';

const keep = (label: string, min: number, max: number) =>
  z
    .number({ error: `请填写${label}` })
    .int(`${label}须为整数`)
    .min(min, `${label}至少为 ${min}`)
    .max(max, `${label}至多为 ${max}`)
    .meta({ title: label });

export const serverSettingsFields = z.object({
  timeZone: z.string({ error: '请选择时区' }).trim().refine(isTimeZone, '时区无效：请选择 IANA 时区名，如 Asia/Shanghai').meta({ title: '时区' }),
  backupTime: z
    .string({ error: '请填写每日备份时间' })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '每日备份时间请写成 24 小时制，如 02:00')
    .meta({ title: '每日备份时间' }),
  keepDaily: keep('保留的每日备份数', 1, 366),
  keepWeekly: keep('保留的每周备份数', 0, 260),
  keepMonthly: keep('保留的每月备份数', 0, 240),
});
export type ServerSettingsInput = z.input<typeof serverSettingsFields>;
