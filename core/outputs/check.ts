/**
 * Checks an operation's result against its declared output schema, in tests only (dispatch calls it
 * when VITEST is set: the whole integration suite then checks every output it touches; production
 * pays no parse). A field the schema does not declare counts as a mismatch too: declaring outputs
 * precisely is the point, and an undeclared personal field would not be masked by its mark.
 */
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';

export const checksOutputs = (): boolean => Boolean(process.env.VITEST);

/** Thrown out of dispatch (not turned into a 系统内部错误 result), so the test that met it fails loudly. */
export class OutputMismatch extends Error {}

export function checkOutput(operation: string, schema: z.ZodType, value: unknown): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OutputMismatch(`输出不符合声明 ${operation}: ${issue.path.join('.') || '(root)'}: ${issue.message} (${parsed.error.issues.length} issue(s))`);
  }
  const extra = firstDifference(value, parsed.data, []);
  if (extra) throw new OutputMismatch(`输出不符合声明 ${operation}: ${extra} is not declared in the output schema`);
}

/** The path of the first value the parse dropped or changed (an undeclared field), or null. */
function firstDifference(raw: unknown, parsed: unknown, path: (string | number)[]): string | null {
  if (isDeepStrictEqual(raw, parsed)) return null;
  if (raw && parsed && typeof raw === 'object' && typeof parsed === 'object') {
    for (const key of Object.keys(raw)) {
      const inner = firstDifference((raw as Record<string, unknown>)[key], (parsed as Record<string, unknown>)[key], [...path, key]);
      if (inner) return inner;
    }
  }
  return path.join('.') || '(root)';
}
