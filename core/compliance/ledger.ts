/** A ledger row as the rules see it, and the one rule for whether its hours count. */
import type { TrainingRules } from '../schemas/recert.ts';

export interface LedgerEntry {
  id: number;
  categoryId: number;
  hours: number;
  earnedOn: string;
  kind: 'session' | 'correction' | 'external';
  verified: boolean;
  sessionId: number | null;
  /** The session was a 统一培训. */
  unified: boolean;
}

/** What counts, as data: read here for one person's rows and by the database for everyone's sums. */
export interface CountingRule {
  categoryIds: readonly number[];
  /** External training counts only once staff verified it. */
  verifiedExternalOnly: boolean;
}

export const countingRule = (rules: TrainingRules): CountingRule => ({ categoryIds: rules.countedCategoryIds, verifiedExternalOnly: rules.externalNeedsVerification });

/** Why an entry's hours do not count, or null when they do. */
export function notCountedBecause(entry: LedgerEntry, rules: TrainingRules, categoryName: (id: number) => string): string | null {
  const rule = countingRule(rules);
  if (!rule.categoryIds.includes(entry.categoryId)) return `培训类别「${categoryName(entry.categoryId)}」不计入学时`;
  if (entry.kind === 'external' && !entry.verified && rule.verifiedExternalOnly) return '外部培训尚未核实，核实后计入';
  return null;
}
