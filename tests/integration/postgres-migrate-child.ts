/**
 * Child process for the PostgreSQL migration race (tests/integration/postgres-schema.test.ts): one
 * server process starting on a database, migrating it as `npm run serve` does, and printing what
 * migrate() said (or its error) as one JSON line.
 */
import { openPostgres } from '../../db/engine/postgres.ts';
import { migrate } from '../../db/migrate.ts';

const db = openPostgres(process.argv[2]!);
try {
  console.log(JSON.stringify({ ok: true, result: await migrate(db) }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: (error as Error).message }));
} finally {
  db.close();
}
