/** Fresh PostgreSQL databases for tests, copied from the migrated template (tests/support/postgres-global-setup.ts). */
import { inject } from 'vitest';
import { openPostgres } from '../../db/open.ts';
import type { Db } from '../../db/engine/types.ts';

export const TEMPLATE_DATABASE = 'sws_template';
/** The migrated schema with 载入示例数据 run on it once, made by the first test that asks (tests/support/example-data.ts). */
export const EXAMPLE_TEMPLATE_DATABASE = 'sws_template_example';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `exampleFolder`: an empty folder for the data folder of the example data's template (its audit key and anchor). */
    postgresServer: { url: string; port: number; exampleFolder: string };
  }
}

/** `TEST_ENGINE=postgres` (npm run test:postgres): the integration tests' cores run on PostgreSQL. */
export const testEngine = (): 'sqlite' | 'postgres' => (process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite');

let admin: Db | undefined;
let created = 0;

const serverUrl = () => inject('postgresServer').url;
export const urlOf = (database: string) => {
  const url = new URL(serverUrl());
  url.pathname = `/${database}`;
  return url.toString();
};

/** A connection to the server's `postgres` database: for creating, dropping and locking databases. */
export function adminDb(): Db {
  admin ??= openPostgres(serverUrl());
  return admin;
}

/**
 * A new database holding the migrated schema (empty: as a new SQLite file after its migrations), or a copy of another
 * template (the example data's); its URL and a way to drop it.
 */
export function freshPostgresDatabase(template = TEMPLATE_DATABASE): { url: string; drop(): void } {
  const name = `sws_test_${process.pid}_${++created}`;
  adminDb().exec(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    url: urlOf(name),
    drop() {
      try {
        adminDb().exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch {
        // the whole server goes at the end of the run
      }
    },
  };
}

/** A new database with nothing in it (no schema): for tests of migrations and of the engine itself. */
export function emptyPostgresDatabase(): { url: string; drop(): void } {
  const name = `sws_empty_${process.pid}_${++created}`;
  adminDb().exec(`CREATE DATABASE ${name}`);
  return {
    url: urlOf(name),
    drop() {
      try {
        adminDb().exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch {
        // the whole server goes at the end of the run
      }
    },
  };
}
