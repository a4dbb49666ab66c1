/** The training-hour rules (学时与再审核规则), versioned (db/repos/versioned.ts). */
import type Database from 'better-sqlite3';
import { currentVersion, insertVersion, versionHistory, type VersionRow } from './versioned.ts';

export type RuleSetRow = VersionRow;

export const currentRuleSet = (db: Database.Database): RuleSetRow => currentVersion(db, 'training_rule_set');
export const ruleSetHistory = (db: Database.Database) => versionHistory(db, 'training_rule_set');
export const insertRuleSet = (db: Database.Database, body: string, note: string | null, now: string, by: string): number =>
  insertVersion(db, 'training_rule_set', body, note, now, by);
