import { z } from 'zod';
import { id } from './common.ts';

const month = z.number().int().min(0, '月份不能为负数').max(36, '假设的生效月份最多为第 36 个月').default(0).meta({ title: '生效月份' });

/** One what-if (nothing is saved): promote or transfer a supervisor, or appoint a person, from a month on. */
export const assumption = z.discriminatedUnion('action', [
  z.object({ action: z.literal('promote'), supervisorId: id('督导'), levelId: id('督导等级'), month }),
  z.object({ action: z.literal('transfer'), supervisorId: id('督导'), regionId: id('区划'), month }),
  z.object({ action: z.literal('appoint'), personId: id('人员'), levelId: id('督导等级'), regionId: id('区划'), month }),
]);

export const forecastQuery = z.object({
  months: z.union([z.literal(12), z.literal(24), z.literal(36)], { error: '预测范围为 12、24 或 36 个月' }).default(12),
  /** The open cycle as proposed and decided, everyone passing it, or every annual re-review from now on passing (appointments renewed year by year). */
  cycleOutcome: z.enum(['proposals', 'allPass', 'everyYear']).default('proposals'),
  assumptions: z.array(assumption).max(20, '最多同时假设 20 项').default([]),
  search: z
    .string()
    .trim()
    .max(50)
    .optional()
    .transform((v) => (v ? v : undefined)),
  /** Only towns that fall short within the horizon. */
  onlyShort: z.boolean().default(false),
  /** Only towns at quota today that fall short within the horizon (the 工作台's headline). */
  onlyNewlyShort: z.boolean().default(false),
  /** Only towns a what-if changes. */
  onlyChanged: z.boolean().default(false),
});

export const forecastList = forecastQuery.extend({
  page: z.number().int().min(0).default(0),
  pageSize: z.number().int().min(1).max(100, '每页最多 100 行').default(25),
});

export type ForecastQuery = z.output<typeof forecastQuery>;
