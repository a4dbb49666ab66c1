import { describe, expect, it } from 'vitest';
import { operations, registry } from '../../core/api.ts';
import { PERMISSIONS } from '../../core/permissions.ts';

describe('the operation contract', () => {
  it('declares every operation once, named resource.verb, with a Chinese title, a permission and a kind', () => {
    const names = operations.map((op) => op.name);
    expect(new Set(names).size).toBe(names.length);
    for (const op of operations) {
      expect(op.name).toMatch(/^[a-z]+(\.[a-zA-Z]+)+$/);
      expect(op.title).toMatch(/[\u4e00-\u9fff]/);
      expect(PERMISSIONS).toContain(op.permission);
      expect(['query', 'command', 'system']).toContain(op.kind);
      expect(typeof op.input.safeParse).toBe('function');
      expect(registry[op.name]).toBe(op);
    }
  });

  it('every operation that changes data is a command (runs in one transaction)', () => {
    for (const op of operations) {
      // Data changes run in one transaction; `system` operations (backup files, restore) touch no domain rows.
      if (/\.(create|update|appoint|delete|remove|import|load|save|set)/i.test(op.name)) expect(['command', 'system'], op.name).toContain(op.kind);
      if (op.kind === 'query') expect(op.permission, op.name).not.toMatch(/\.write$/);
    }
  });
});
