import { z } from 'zod';
import { id } from './common.ts';

/** Sign-in session timeouts' defaults, in one place: 30 minutes without a call, 12 hours after signing in. */
export const SESSION_TIMEOUT_DEFAULTS = { idleMinutes: 30, absoluteHours: 12 } as const;
export const SESSION_TIMEOUT_LIMITS = { idleMinutes: { min: 5, max: 24 * 60 }, absoluteHours: { min: 1, max: 24 * 30 } } as const;

const minutes = (label: string, { min, max }: { min: number; max: number }, unit: string) =>
  z
    .number({ error: `请填写${label}` })
    .int(`${label}应为整数`)
    .min(min, `${label}不能少于 ${min} ${unit}`)
    .max(max, `${label}不能超过 ${max} ${unit}`)
    .meta({ title: label });

export const endSessionFields = z.object({ id: id('会话') });

/** Session timeouts (在线用户 › 会话时限): idle in minutes, absolute in hours. */
export const sessionTimeoutFields = z
  .object({
    idleMinutes: minutes('空闲超时', SESSION_TIMEOUT_LIMITS.idleMinutes, '分钟'),
    absoluteHours: minutes('最长登录时间', SESSION_TIMEOUT_LIMITS.absoluteHours, '小时'),
  })
  .refine((t) => t.idleMinutes <= t.absoluteHours * 60, { message: '空闲超时不能长于最长登录时间', path: ['idleMinutes'] });
