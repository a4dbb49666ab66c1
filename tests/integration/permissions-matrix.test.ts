import { describe, expect, it } from 'vitest';
import { operations } from '../../core/api.ts';
import { ANONYMOUS, ROLES, roleAllows, type Actor } from '../../core/permissions.ts';
import { openTestCore } from '../support/core.ts';

const ACTORS: Actor[] = [...ROLES.map((role, i) => ({ id: 100 + i, name: `测试${role}`, role, baseIds: [] })), ANONYMOUS];

/**
 * Generated from core/api.ts: every operation under every role. An operation is reached exactly
 * when core/permissions.ts grants its permission (anonymous callers: only `public`); otherwise
 * core answers FORBIDDEN (signed in) or UNAUTHORIZED (no session), whatever the input.
 */
describe('role × operation matrix', () => {
  it('allows exactly what core/permissions.ts grants', async () => {
    const core = await openTestCore();
    const table: string[] = [`| operation | permission | ${ACTORS.map((a) => a.role).join(' | ')} |`, `|---|---|${ACTORS.map(() => '---').join('|')}|`];
    const mismatches: string[] = [];
    for (const op of operations) {
      const cells: string[] = [];
      for (const actor of ACTORS) {
        const expected = actor.role === 'anonymous' ? op.permission === 'public' : roleAllows(actor.role, op.permission);
        const result = core.call(op.name, {}, actor);
        const refused = !result.ok && (result.error.code === 'FORBIDDEN' || result.error.code === 'UNAUTHORIZED');
        if (refused === expected)
          mismatches.push(`${op.name} as ${actor.role}: expected ${expected ? 'allowed' : 'refused'}, got ${JSON.stringify(result).slice(0, 120)}`);
        cells.push(expected ? '✓' : '·');
      }
      table.push(`| ${op.name} | ${op.permission} | ${cells.join(' | ')} |`);
    }
    console.log(`\nRole × operation matrix (✓ allowed, · refused):\n${table.join('\n')}\n`);
    expect(mismatches).toEqual([]);
    expect(operations.length).toBeGreaterThan(30);
  });

  it('gives the auditor read, export and the integrity check but no change, and only admins users and backups', () => {
    const writes = operations.filter((op) => op.kind !== 'query' && op.permission !== 'public' && op.permission !== 'self');
    for (const op of writes) expect(roleAllows('auditor', op.permission), op.name).toBe(false);
    for (const p of ['users.manage', 'backup.manage', 'config.write'] as const) {
      expect(ROLES.filter((r) => roleAllows(r, p))).toEqual(['admin']);
    }
    expect(ROLES.filter((r) => roleAllows(r, 'audit.verify'))).toEqual(['admin', 'auditor']);
    expect(ROLES.filter((r) => roleAllows(r, 'pii.read'))).toEqual(['admin', 'staff']);
  });
});
