/**
 * The domain layer: vocabulary and rules defined once, below core and db (it imports neither,
 * nor anything from node_modules). Each rule that must hold in TypeScript and in SQL exports a
 * predicate and a SQL fragment built from the same definition; tests/unit/domain-rules.test.ts
 * runs both over the same cases in a real SQLite.
 */
export * from './enum.ts';
export * from './vocabulary.ts';
export * from './rules/time-holding.ts';
export * from './rules/enrolment.ts';
export * from './rules/attendance.ts';
export * from './rules/counting.ts';
export * from './rules/supervisor-lifecycle.ts';
export * from './rules/supervision-work.ts';
export * from './roles.ts';
export * from './audit-names.ts';
