/** The one rule for whether a ledger row's hours count. */
import type { TrainingRules } from '../schemas/recert.ts';
import type { CountingRuleData, LedgerFactRow } from '../../db/repos/training-facts.ts';

/** A ledger row as the rules see it (read in bulk by db/repos/training-facts.ts). */
export type LedgerEntry = LedgerFactRow;

/** What counts, as data: read here for one person's rows and by the database for everyone's sums. */
export type CountingRule = CountingRuleData;

export const countingRule = (rules: TrainingRules): CountingRule => ({ categoryIds: rules.countedCategoryIds, verifiedExternalOnly: rules.externalNeedsVerification });

/** Why an entry's hours do not count, or null when they do. */
export function notCountedBecause(entry: LedgerEntry, rules: TrainingRules, categoryName: (id: number) => string): string | null {
  const rule = countingRule(rules);
  if (!rule.categoryIds.includes(entry.categoryId)) return `培训类别「${categoryName(entry.categoryId)}」不计入学时`;
  if (entry.kind === 'external' && !entry.verified && rule.verifiedExternalOnly) return '外部培训尚未核实，核实后计入';
  return null;
}
