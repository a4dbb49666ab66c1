/**
 * Whether a ledger row's hours count toward a period: the rule set names the categories that
 * count and whether external training counts only once verified. Defined once as clauses, each
 * with its predicate, its SQL and the reason it gives when it fails; core explains a person's
 * rows with the predicate, the database sums everyone's with the SQL.
 */
import type { TrainingRecordKind } from '../vocabulary.ts';

export interface CountingRule {
  categoryIds: readonly number[];
  /** External training counts only once staff verified it. */
  verifiedExternalOnly: boolean;
}

export interface LedgerFacts {
  categoryId: number;
  kind: TrainingRecordKind;
  verified: boolean;
}

export type NotCountedReason = { code: 'category'; categoryId: number } | { code: 'unverified' };

interface Clause {
  holds(entry: LedgerFacts, rule: CountingRule): boolean;
  /** `t` is the training_record alias. */
  sql(rule: CountingRule, t: string): string | null;
  reason(entry: LedgerFacts): NotCountedReason;
}

const CLAUSES: readonly Clause[] = [
  {
    holds: (entry, rule) => rule.categoryIds.includes(entry.categoryId),
    sql: (rule, t) => `${t}.category_id IN (${rule.categoryIds.map((id) => Math.trunc(Number(id))).join(', ') || 'NULL'})`,
    reason: (entry) => ({ code: 'category', categoryId: entry.categoryId }),
  },
  {
    holds: (entry, rule) => !rule.verifiedExternalOnly || entry.kind !== 'external' || entry.verified,
    sql: (rule, t) => (rule.verifiedExternalOnly ? `(${t}.kind <> 'external' OR ${t}.verified_at IS NOT NULL)` : null),
    reason: () => ({ code: 'unverified' }),
  },
];

/** Why the hours do not count (the first clause that fails), or null when they do. */
export function notCountedReason(entry: LedgerFacts, rule: CountingRule): NotCountedReason | null {
  const failed = CLAUSES.find((c) => !c.holds(entry, rule));
  return failed ? failed.reason(entry) : null;
}

export const hoursCount = (entry: LedgerFacts, rule: CountingRule): boolean => notCountedReason(entry, rule) === null;

/** The same rule as a WHERE fragment over training_record `t`. */
export const hoursCountSql = (rule: CountingRule, t = 't'): string =>
  CLAUSES.map((c) => c.sql(rule, t))
    .filter((s): s is string => s !== null)
    .join(' AND ');
