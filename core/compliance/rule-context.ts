/**
 * The rules an evaluation runs under: the current version from the database, or the copy a
 * cycle froze when it opened. Either way the evaluation gets the same shape, names included.
 */
import type { Db } from '../../db/engine/types.ts';
import { trainingRulesBody, type TrainingRules } from '../schemas/recert.ts';
import { currentRuleSet } from '../../db/repos/rule-sets.ts';
import { ruleSettings } from '../../db/repos/rule-settings.ts';
import { DEFAULT_REGISTRATION_RULE } from '../supervision/registration.ts';
import { courseCategories } from '../../db/repos/bases.ts';
import { supervisorLevels } from '../../db/repos/supervisors.ts';
import { summarizeRules } from './summary.ts';

export interface RuleContext {
  version: number;
  rules: TrainingRules;
  registrationYears: number;
  categoryName: (id: number) => string;
  levelName: (id: number) => string;
  summary: string[];
}

/** What a cycle keeps when it opens: enough to explain its decisions for ever. */
export interface FrozenRules {
  version: number;
  registrationYears: number;
  body: TrainingRules;
  categories: Record<number, string>;
  levels: Record<number, string>;
  summary: string[];
}

function names(db: Db) {
  const categories = Object.fromEntries(courseCategories(db).map((c) => [c.id, c.name]));
  const levels = Object.fromEntries(supervisorLevels(db).map((l) => [l.id, l.name]));
  return { categories, levels };
}

function registrationYears(db: Db): number {
  const setting = ruleSettings(db)['registration_years'];
  return setting ? Number(setting.value) : DEFAULT_REGISTRATION_RULE.registrationYears;
}

export function fromFrozen(frozen: FrozenRules): RuleContext {
  return {
    version: frozen.version,
    rules: frozen.body,
    registrationYears: frozen.registrationYears,
    categoryName: (id) => frozen.categories[id] ?? `类别 ${id}`,
    levelName: (id) => frozen.levels[id] ?? `级别 ${id}`,
    summary: frozen.summary,
  };
}

/** The rules in force now; `body` replaces the stored one for a what-if. */
export function freezeCurrentRules(db: Db, body?: TrainingRules): FrozenRules {
  const stored = currentRuleSet(db);
  const rules = body ?? trainingRulesBody.parse(JSON.parse(stored.body));
  const { categories, levels } = names(db);
  const years = registrationYears(db);
  const summary = summarizeRules(rules, {
    category: (id) => categories[id] ?? `类别 ${id}`,
    level: (id) => levels[id] ?? `级别 ${id}`,
    registrationYears: years,
  });
  return { version: stored.version, registrationYears: years, body: rules, categories, levels, summary };
}

export function currentRuleContext(db: Db): RuleContext {
  return fromFrozen(freezeCurrentRules(db));
}
