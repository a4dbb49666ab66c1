import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { operations } from '../../core/api.ts';

/** Input fields that name a training base or a record held by one. */
const BASE_FIELDS = ['baseId', 'sessionId', 'courseId', 'roomId', 'mentorId', 'enrolmentId', 'evaluationId'];

/** The top-level field names of an input schema (through pipes, defaults and unions). */
function fieldsOf(schema: z.ZodType): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  switch (def.type) {
    case 'object':
      return Object.keys(def.shape as object);
    case 'pipe':
      return fieldsOf(def.in as z.ZodType);
    case 'union':
      return (def.options as z.ZodType[]).flatMap(fieldsOf);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return fieldsOf(def.innerType as z.ZodType);
    default:
      return [];
  }
}

export const touchesBases = (op: (typeof operations)[number]) =>
  op.permission === 'bases.read' || op.permission === 'bases.write' || fieldsOf(op.input).some((f) => BASE_FIELDS.includes(f));

describe('base scope is declared, not called', () => {
  it('every operation that touches bases declares its scope', () => {
    const undeclared = operations.filter((op) => touchesBases(op) && op.scope === undefined).map((op) => op.name);
    expect(undeclared).toEqual([]);
  });

  it('an operation whose input names a base by id resolves it (not only lists it)', () => {
    for (const op of operations) {
      const named = fieldsOf(op.input).filter((f) => BASE_FIELDS.includes(f));
      if (named.length) expect(typeof op.scope, `${op.name} (${named.join(', ')})`).toBe('object');
    }
  });

  it('finds the fields it looks for', () => {
    expect(operations.filter(touchesBases).length).toBeGreaterThan(20);
  });
});
