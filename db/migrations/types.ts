import type { Db } from '../engine/types.ts';

/**
 * A schema step. Append-only: once released, a migration is never edited (a test pins them).
 * `up` is the step on SQLite. `postgres` is the same step on PostgreSQL, written beside it in the
 * same file: required from version 28 on (tests/integration/postgres-schema.test.ts checks);
 * versions up to 27 are the PostgreSQL baseline (db/postgres/baseline.ts). Both run inside the
 * migration's one transaction (PostgreSQL's DDL is transactional, as SQLite's).
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
  postgres?(db: Db): void;
}
