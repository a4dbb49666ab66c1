/** Inputs of the compliance forecast and its plan (core/services/compliance-forecast.ts). */
import { z } from 'zod';
import { CertificateLevel } from '../../domain/index.ts';
import { listQuery } from './common.ts';

/** How far ahead: 0 (today: the forecast is 学时达标) to three years; the screen offers 3, 6 and 12 months. */
export const horizonMonths = z.number().int('预测期限须为整月数').min(0, '预测期限不能为负').max(36, '预测期限最多 36 个月').default(6);

const filters = {
  horizonMonths,
  /** A town or a city: everyone registered there or in a town under it. */
  regionId: z.number().int().positive().optional(),
  organizationId: z.number().int().positive().optional(),
  certificateLevel: z.enum([...CertificateLevel.values, 'none']).optional(),
};

export const forecastList = listQuery(['personName', 'regionName', 'projectedOn', 'shortfall']).extend({
  ...filters,
  /** Projected short on their day, or not. */
  risk: z.enum(['atRisk', 'ok']).optional(),
  unified: z.enum(['met', 'booked', 'missing']).optional(),
});

export const forecastOfPerson = z.object({ personId: z.number().int().positive(), horizonMonths });

export const planInput = z.object({
  ...filters,
  search: z
    .string()
    .trim()
    .max(50, '搜索内容不能超过 50 个字')
    .optional()
    .transform((v) => (v ? v : undefined)),
});

const seat = z.object({ personId: z.number().int().positive(), sessionId: z.number().int().positive() });

/**
 * The most rows one request enrols or exports as an invitation list (each row an enrolment checked in
 * its own savepoint on the server's thread). A plan never proposes more (core/compliance/plan-build.ts),
 * so every plan can be enrolled and exported whole.
 */
export const PLAN_MAX_ROWS = 5_000;

export const planSeats = z.object({
  seats: z
    .array(seat)
    .min(1, '请至少勾选一行')
    .max(PLAN_MAX_ROWS, `一次最多为 ${PLAN_MAX_ROWS.toLocaleString('zh-CN')} 行报名或导出邀请名单，请分批进行`),
});
