import { z } from 'zod';
import { AppError } from './errors.ts';

/** Reads the `title` a schema was given (see schemas/common.ts), unwrapping wrappers. */
function titleOf(schema: z.ZodType | undefined): string | undefined {
  let current: unknown = schema;
  for (let depth = 0; current && depth < 8; depth++) {
    const s = current as z.ZodType;
    const title = s.meta()?.title;
    if (typeof title === 'string') return title;
    const def = (s as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    current = def.innerType ?? def.in ?? (Array.isArray(def.options) ? def.options[0] : undefined);
  }
  return undefined;
}

function schemaAt(root: z.ZodType, path: PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const key of path) {
    if (!current) return undefined;
    const def: Record<string, unknown> = (current as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    if (def.type === 'object') current = (def.shape as Record<string, z.ZodType>)[String(key)];
    else if (def.type === 'array') current = def.element as z.ZodType;
    else if (def.innerType) return schemaAt(def.innerType as z.ZodType, path);
    else if (def.in) return schemaAt(def.in as z.ZodType, path);
    else return undefined;
  }
  return current;
}

/** Every problem of an input, each with its field (the path, dotted) and a Chinese message naming it. */
export function allIssues<S extends z.ZodType>(
  schema: S,
  raw: unknown,
): { ok: true; data: z.output<S> } | { ok: false; issues: { field: string | undefined; message: string }[] } {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((issue) => describeIssue(schema, issue)) };
}

function describeIssue(schema: z.ZodType, issue: z.core.$ZodIssue): { field: string | undefined; message: string } {
  const field = issue.path.length ? issue.path.map(String).join('.') : undefined;
  const title = issue.path.length ? titleOf(schemaAt(schema, issue.path)) : undefined;
  // Our own messages already name the field; zod's generic ones get the label in front.
  const message = title && !issue.message.includes(title) ? `${title}：${issue.message}` : issue.message;
  return { field, message };
}

/** Parses input or throws a VALIDATION AppError naming the first bad field in Chinese. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const { field, message } = describeIssue(schema, parsed.error.issues[0]!);
  throw new AppError('VALIDATION', message, field);
}
