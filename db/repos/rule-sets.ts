/** The training-hour rules (学时与再审核规则), versioned (db/repos/versioned.ts). */
import type { Db } from '../engine/types.ts';
import { currentVersion, insertVersion, versionHistory, type VersionRow } from './versioned.ts';

export type RuleSetRow = VersionRow;

export const currentRuleSet = (db: Db): RuleSetRow => currentVersion(db, 'training_rule_set');
export const ruleSetHistory = (db: Db) => versionHistory(db, 'training_rule_set');
export const insertRuleSet = (db: Db, body: string, note: string | null, now: string, by: string): number =>
  insertVersion(db, 'training_rule_set', body, note, now, by);
