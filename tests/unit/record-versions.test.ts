import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The tables migration 0027 gave a version (db/repos/record-versions.ts lists them for the type). */
const VERSIONED = fs
  .readFileSync('db/repos/record-versions.ts', 'utf8')
  .match(/export type VersionedRecordTable =([^;]+);/)![1]!
  .match(/'(\w+)'/g)!
  .map((quoted) => quoted.slice(1, -1));

/** Updates that are no edit of the record a form shows, so its version stays: a sign-in, a password change. */
const NOT_AN_EDIT = [/UPDATE app_user SET last_login_at/, /UPDATE app_user SET password_hash/];

describe('record versions (migration 0027)', () => {
  it('every UPDATE of a versioned table in the repositories raises its version', () => {
    expect(VERSIONED).toContain('person');
    expect(VERSIONED.length).toBeGreaterThanOrEqual(17);
    const missing: string[] = [];
    for (const file of fs.readdirSync('db/repos').filter((f) => f.endsWith('.ts'))) {
      const source = fs.readFileSync(path.join('db/repos', file), 'utf8');
      for (const match of source.matchAll(/UPDATE (\w+) SET ([^`'"]*)/g)) {
        const [statement, table] = [match[0], match[1]!];
        if (!VERSIONED.includes(table) || NOT_AN_EDIT.some((re) => re.test(statement))) continue;
        if (!/^UPDATE \w+ SET version = version \+ 1\b/.test(statement)) missing.push(`${file}: ${statement.slice(0, 80)}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
