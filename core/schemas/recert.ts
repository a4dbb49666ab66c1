/**
 * Training-hour rules (a versioned rule set) and the re-certification cycle's inputs.
 * The rule body is validated here once; every evaluation reads a parsed body.
 */
import { z } from 'zod';
import { CertificateLevel, RecertOutcome } from '../../domain/vocabulary.ts';
import { calendarYear as year, id, listQuery, optionalIsoDate, optionalText, readVersion } from './common.ts';

const hoursValue = (label: string) =>
  z
    .number({ error: `请填写${label}` })
    .min(0, `${label}不能为负数`)
    .max(1000, `${label}不超过 1000`)
    .multipleOf(0.5, `${label}以 0.5 为单位`)
    .meta({ title: label });

/** Empty means no requirement (a cleared form field arrives as ''). */
const optionalHours = (label: string) => z.preprocess((v) => (v === '' || v === undefined ? null : v), hoursValue(label).nullable());

const count = (label: string) =>
  z
    .number({ error: `请填写${label}` })
    .int(`${label}应为整数`)
    .min(0, `${label}不能为负数`)
    .max(12, `${label}不超过 12`)
    .meta({ title: label });

/** Empty means no minimum; a rule set saved before these existed has none (parsed as null). */
const optionalCount = (label: string, max: number) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z
      .number({ error: `请填写${label}` })
      .int(`${label}应为整数`)
      .min(0, `${label}不能为负数`)
      .max(max, `${label}不超过 ${max}`)
      .meta({ title: label })
      .nullable(),
  );

export const reviewRequirement = z.object({
  unifiedTrainings: count('统一培训次数'),
  yearHours: hoursValue('年度学时'),
  /** 督导工作 in the cycle year (issue 22): minimums of supervision given; null: not required. */
  supervisionHours: optionalHours('年度督导时数'),
  supervisionSessions: optionalCount('年度督导次数', 1000),
  supervisionSubjects: optionalCount('督导对象人数', 500),
});
export type ReviewRequirement = z.output<typeof reviewRequirement>;

export const trainingRulesBody = z.object({
  /** Hours per registration period by the certificate level that governs the person; null: no requirement. */
  periodHours: z.object({
    worker: optionalHours('社会工作员登记期学时'),
    assistant: optionalHours('助理社会工作师登记期学时'),
    social_worker: optionalHours('社会工作师登记期学时'),
    senior: optionalHours('高级社会工作师登记期学时'),
  }),
  windowYears: z
    .number({ error: '请填写滚动年限' })
    .int('滚动年限应为整数')
    .min(1, '滚动年限至少 1 年')
    .max(10, '滚动年限不超过 10 年')
    .meta({ title: '滚动年限' }),
  windowHours: hoursValue('滚动期学时'),
  yearlyMinimumHours: optionalHours('每年最低学时'),
  countedCategoryIds: z.array(z.number().int().positive()).min(1, '至少选择一个计入学时的培训类别').meta({ title: '计入的培训类别' }),
  externalNeedsVerification: z.boolean(),
  review: z.object({
    default: reviewRequirement,
    byLevel: z.array(reviewRequirement.extend({ levelId: z.number().int().positive() })),
    requireRegistration: z.boolean(),
    requireActive: z.boolean(),
  }),
  /** Which unmet review requirements can be made good later (有条件通过) rather than failing. */
  remediable: z.object({
    unifiedTraining: z.boolean(),
    yearHours: z.boolean(),
    registration: z.boolean(),
    /** Supervision below the minimums: like the year's hours by default (a rule set saved before had no such key). */
    supervision: z.boolean().default(true),
  }),
  /** 有条件通过: the conditions are due by the end of this month of the following year. */
  conditionalDeadlineMonths: z
    .number({ error: '请填写整改期限' })
    .int('整改期限应为整月')
    .min(1, '整改期限至少 1 个月')
    .max(12, '整改期限不超过 12 个月')
    .meta({ title: '整改期限（月）' }),
});
export type TrainingRules = z.output<typeof trainingRulesBody>;

export const saveTrainingRules = z.object({ body: trainingRulesBody, note: optionalText('修订说明', 200) });

/** Defined in domain/vocabulary.ts. */
export type Outcome = RecertOutcome;

export const cycleCreate = z.object({ year });
export const cyclePreview = z.object({ cycleId: id('认证年度') });

export const reviewList = listQuery(['personName', 'levelRank', 'regionName', 'proposal', 'decision']).extend({
  cycleId: id('认证年度'),
  proposal: z.enum(RecertOutcome.values).optional(),
  decided: z.enum(['yes', 'no']).optional(),
  levelId: z.number().int().positive().optional(),
  regionId: z.number().int().positive().optional(),
});

export const bulkConfirm = z.object({
  cycleId: id('认证年度'),
  reviewIds: z.array(z.number().int().positive()).min(1, '请先勾选要确认的督导').max(20000),
  /** Each review's version as the list showed it, in the order of reviewIds (migration 0027). */
  versions: z.array(z.number().int().positive()).max(20000).optional(),
  reason: optionalText('理由', 500, true),
});

export const decideReview = z.object({
  id: id('审核记录'),
  version: readVersion,
  decision: z.enum(RecertOutcome.values, { error: '请选择审核结论' }).meta({ title: '审核结论' }),
  reason: optionalText('理由', 500, true),
  conditionDeadline: optionalIsoDate('整改期限'),
});

export const complianceList = listQuery(['personName', 'regionName', 'organizationName', 'certificateLevel', 'periodShortfall', 'windowShortfall']).extend({
  regionId: z.number().int().positive().optional(),
  organizationId: z.number().int().positive().optional(),
  certificateLevel: z.enum([...CertificateLevel.values, 'none']).optional(),
  compliant: z.enum(['yes', 'no']).optional(),
});

export const outstandingList = listQuery(['personName', 'levelRank', 'regionName']).extend({
  year,
  regionId: z.number().int().positive().optional(),
});
