import type Database from 'better-sqlite3';
import { prepared } from '../statements.ts';

/** A version of the training-hour rules; `body` is JSON that core parses with its schema. */
export interface RuleSetRow {
  id: number;
  version: number;
  body: string;
  note: string | null;
  createdAt: string;
  createdBy: string;
}

const SELECT = 'SELECT id, version, body, note, created_at AS createdAt, created_by AS createdBy FROM training_rule_set';

export function currentRuleSet(db: Database.Database): RuleSetRow {
  return prepared(db, `${SELECT} ORDER BY version DESC LIMIT 1`).get() as RuleSetRow;
}

export function ruleSetHistory(db: Database.Database): RuleSetRow[] {
  return prepared(db, `${SELECT} ORDER BY version DESC`).all() as RuleSetRow[];
}

/** Rules are never edited in place: saving adds the next version. */
export function insertRuleSet(db: Database.Database, body: string, note: string | null, now: string, by: string): number {
  const version = (prepared(db, 'SELECT coalesce(max(version), 0) + 1 FROM training_rule_set').pluck().get() as number);
  prepared(db, 'INSERT INTO training_rule_set (version, body, note, created_at, created_by) VALUES (?, ?, ?, ?, ?)').run(version, body, note, now, by);
  return version;
}
