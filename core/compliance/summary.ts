/** A rule set in plain Chinese, as the admin reads it before saving and as a frozen cycle shows it. */
import type { ReviewRequirement, TrainingRules } from '../schemas/recert.ts';
import { CertificateLevel } from '../../domain/vocabulary.ts';

export interface RuleNames {
  category: (id: number) => string;
  level: (id: number) => string;
  registrationYears: number;
}

/** 「，年度督导至少 24 小时、12 次，督导对象至少 5 人」; empty when the level has no supervision minimum. */
function supervisionMinimumsText(r: ReviewRequirement): string {
  const given = [(r.supervisionHours ?? 0) > 0 && `${r.supervisionHours} 小时`, (r.supervisionSessions ?? 0) > 0 && `${r.supervisionSessions} 次`].filter(
    Boolean,
  );
  const parts = [
    given.length > 0 && `年度提供督导至少 ${given.join('、')}`,
    (r.supervisionSubjects ?? 0) > 0 && `督导对象至少 ${r.supervisionSubjects} 人`,
  ].filter(Boolean);
  return parts.length ? `，${parts.join('，')}` : '';
}

const hasSupervisionRule = (rules: TrainingRules) => [rules.review.default, ...rules.review.byLevel].some((r) => supervisionMinimumsText(r) !== '');

export function summarizeRules(rules: TrainingRules, names: RuleNames): string[] {
  const period = (Object.entries(rules.periodHours) as [CertificateLevel, number | null][])
    .filter(([, hours]) => hours !== null)
    .map(([level, hours]) => `${CertificateLevel.label(level)} ${hours} 学时`);
  const lines = [
    period.length ? `每个登记期（${names.registrationYears} 年，按证书登记有效期推算）须完成继续教育：${period.join('，')}。` : '不设登记期学时要求。',
    `任意连续 ${rules.windowYears} 年内累计不少于 ${rules.windowHours} 学时（以核算日往前 ${rules.windowYears} 年计；从业未满 ${rules.windowYears} 年者暂不适用）。`,
    rules.yearlyMinimumHours === null ? '不设每年最低学时。' : `每年至少 ${rules.yearlyMinimumHours} 学时。`,
    `计入学时的培训类别：${rules.countedCategoryIds.map(names.category).join('、')}。`,
    rules.externalNeedsVerification ? '外部培训经工作人员核实后计入。' : '外部培训登记后即计入。',
  ];
  const levelLines = rules.review.byLevel.map(
    (r) => `${names.level(r.levelId)}：统一培训至少 ${r.unifiedTrainings} 次，年度学时至少 ${r.yearHours}${supervisionMinimumsText(r)}`,
  );
  lines.push(
    `年度再审核要求——${levelLines.length ? levelLines.join('；') : `各级督导：统一培训至少 ${rules.review.default.unifiedTrainings} 次，年度学时至少 ${rules.review.default.yearHours}${supervisionMinimumsText(rules.review.default)}`}${rules.review.requireRegistration ? '；证书登记有效期须覆盖至当年年底' : ''}${rules.review.requireActive ? '；督导未处于暂停状态' : ''}。年内新聘任的督导，年度学时${hasSupervisionRule(rules) ? '与督导时数、次数' : ''}按聘任当月起的月数折算。`,
  );
  const remediable = [
    rules.remediable.unifiedTraining && '未参加统一培训',
    rules.remediable.yearHours && '年度学时不足',
    rules.remediable.registration && '证书登记未覆盖至年底',
    // Named only once a level has a supervision minimum, so rule sets without one read as before.
    hasSupervisionRule(rules) && rules.remediable.supervision !== false && '督导工作未达最低要求',
  ].filter(Boolean);
  lines.push(
    `审核结论：全部满足为“通过”，聘期延至次年 12 月 31 日；${remediable.length ? `仅有${remediable.join('、')}的为“有条件通过”，须于次年 ${rules.conditionalDeadlineMonths} 月底前补足；` : ''}其余为“不通过”，暂停督导资格。每项结论须经工作人员确认。`,
  );
  return lines;
}
