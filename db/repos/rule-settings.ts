import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';

export function ruleSettings(db: Db): Record<string, { value: string; updatedAt: string; updatedBy: string }> {
  const rows = prepared(db, 'SELECT key, value, updated_at AS updatedAt, updated_by AS updatedBy FROM rule_setting').all() as {
    key: string;
    value: string;
    updatedAt: string;
    updatedBy: string;
  }[];
  return Object.fromEntries(rows.map(({ key, ...rest }) => [key, rest]));
}

export function setRuleSetting(db: Db, key: string, value: string, now: string, by: string): void {
  prepared(
    db,
    'INSERT INTO rule_setting (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by',
  ).run(key, value, now, by);
}
