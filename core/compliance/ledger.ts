/** Whether a ledger row's hours count, and why not: the rule is defined once in domain/rules/counting.ts (the database sums with its SQL). */
import type { TrainingRules } from '../schemas/recert.ts';
import type { LedgerFactRow } from '../../db/repos/training-facts.ts';
import { notCountedReason, type CountingRule } from '../../domain/index.ts';

/** A ledger row as the rules see it (read in bulk by db/repos/training-facts.ts). */
export type LedgerEntry = LedgerFactRow;

export type { CountingRule };

export const countingRule = (rules: TrainingRules): CountingRule => ({
  categoryIds: rules.countedCategoryIds,
  verifiedExternalOnly: rules.externalNeedsVerification,
});

/** Why an entry's hours do not count, or null when they do. */
export function notCountedBecause(entry: LedgerEntry, rules: TrainingRules, categoryName: (id: number) => string): string | null {
  const reason = notCountedReason(entry, countingRule(rules));
  if (!reason) return null;
  if (reason.code === 'category') return `培训类别「${categoryName(reason.categoryId)}」不计入学时`;
  return '外部培训尚未核实，核实后计入';
}
