import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { operations } from '../../core/api.ts';
import { maskBySchema } from '../../core/pii.ts';
import { page, pii, piiMarks } from '../../core/outputs/marks.ts';
import { checkOutput } from '../../core/outputs/check.ts';
import { defineOperation } from '../../core/contract.ts';
import { dispatch } from '../../core/dispatch.ts';
import { JobRunner } from '../../core/jobs.ts';
import { fixedClock } from '../../core/clock.ts';
import { LOCAL_ADMIN } from '../../core/permissions.ts';
import { openDatabase } from '../../db/open.ts';

/** Every object field of a schema, with its path: `[path, fieldSchema]`. */
function fields(schema: z.ZodType, path: string, out: [string, z.ZodType][] = [], seen = new Set<z.ZodType>()): [string, z.ZodType][] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  if (def.type === 'object') {
    for (const [key, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
      out.push([`${path}.${key}`, field]);
      fields(field, `${path}.${key}`, out, seen);
    }
  } else if (def.type === 'array') fields(def.element as z.ZodType, `${path}[]`, out, seen);
  else if (def.type === 'union') for (const o of def.options as z.ZodType[]) fields(o, path, out, seen);
  else if (def.type === 'record') fields(def.valueType as z.ZodType, `${path}{}`, out, seen);
  else if ('innerType' in def) fields(def.innerType as z.ZodType, path, out, seen);
  return out;
}

/** The mark of a field, looking through nullable/optional wrappers. */
function markOf(schema: z.ZodType): string | undefined {
  const kind = piiMarks.get(schema)?.pii;
  if (kind) return kind;
  const def = schema._zod.def as unknown as { innerType?: z.ZodType };
  return def.innerType ? markOf(def.innerType) : undefined;
}

describe('operation outputs', () => {
  it('every operation declares its output as a zod schema', () => {
    for (const op of operations) expect(typeof op.output?.safeParse, op.name).toBe('function');
  });

  it('every field named as personal data (身份证号, birth date, phone) carries its pii mark', () => {
    const expected: Record<string, string> = { idNumber: 'idNumber', birthDate: 'birthDate', phone: 'phone', contactPhone: 'phone' };
    const unmarked: string[] = [];
    for (const op of operations) {
      for (const [path, field] of fields(op.output, op.name)) {
        const key = path.slice(path.lastIndexOf('.') + 1);
        const kind = expected[key] ?? (/IdNumber$/.test(key) ? 'idNumber' : /Phone$/.test(key) ? 'phone' : undefined);
        if (kind && markOf(field) !== kind) unmarked.push(`${path} (${kind})`);
      }
    }
    expect(unmarked).toEqual([]);
  });

  it('every status, kind, level, grade, role, action and outcome field is the domain vocabulary, not any text', () => {
    // Named like vocabulary but with no domain enum (yet): free text in SQL, a label, or a core-only union.
    const notVocabulary = [
      /\.jobGrade$/, // 岗位等级: free text as imported
      /\.registrationStatus$/, // valid / window / expired: computed in core/supervision/registration.ts
      /(mentors\[\]|taughtBy\[\])\.role$/, // lead / assistant: db/repos/sessions.ts MentorRole
      /^supervisors\.get\.events\[\]\.kind$/, // supervisor_event.kind: no CHECK, written by core
      /^evaluations\.\w+\.events\[\]\.kind$/, // grade_set / accreditation_flagged
      /^backup\.status\.backups\[\]\.kind$/, // a Chinese label of the backup's kind
    ];
    const text: string[] = [];
    for (const op of operations) {
      for (const [path, field] of fields(op.output, op.name)) {
        const key = path.slice(path.lastIndexOf('.') + 1);
        if (!/(^|[a-z])(status|Status|kind|Kind|level|Level|grade|Grade|role|Role|action|proposal|decision)$/.test(key)) continue;
        let inner = field;
        while ('innerType' in inner._zod.def) inner = (inner._zod.def as unknown as { innerType: z.ZodType }).innerType;
        if (inner._zod.def.type === 'string' && !notVocabulary.some((re) => re.test(path))) text.push(path);
      }
    }
    expect(text).toEqual([]);
  });

  it('masks the marked fields whatever their name, and leaves the others', () => {
    const schema = page(
      z.object({ name: z.string(), holder: pii.idNumber(z.string()), mobile: pii.phone(z.string()).nullable(), born: pii.birthDate(z.string()) }),
    );
    const value = {
      rows: [
        { name: '张三', holder: '442000199001011234', mobile: '13800139903', born: '1990-01-01' },
        { name: '李四', holder: '44200019900101123X', mobile: null, born: '' },
      ],
      total: 2,
    };
    expect(maskBySchema(schema, value)).toEqual({
      rows: [
        { name: '张三', holder: '4420**********1234', mobile: '*******9903', born: '1990年' },
        { name: '李四', holder: '4420**********123X', mobile: null, born: '' },
      ],
      total: 2,
    });
  });

  it('masks by field name what the schema leaves open (a job result)', () => {
    const schema = z.object({ state: z.string(), result: z.unknown() });
    expect(maskBySchema(schema, { state: 'done', result: { rows: [{ idNumber: '442000199001011234' }] } })).toEqual({
      state: 'done',
      result: { rows: [{ idNumber: '4420**********1234' }] },
    });
  });

  it('a result that does not match its schema, or carries an undeclared field, is refused with the operation and the field', () => {
    const schema = z.object({ id: z.number(), name: z.string().nullable() });
    expect(() => checkOutput('people.get', schema, { id: 1, name: null })).not.toThrow();
    expect(() => checkOutput('people.get', schema, { id: '1', name: null })).toThrow(/people\.get: id: /);
    expect(() => checkOutput('people.get', schema, { id: 1, name: null, idNumber: 'x' })).toThrow(/people\.get: idNumber is not declared/);
  });

  it('dispatch checks every result in tests: a mismatch throws with the operation name and the issue', () => {
    const op = (result: unknown) =>
      defineOperation({
        name: 'test.echo',
        title: '测试',
        kind: 'query',
        permission: 'public',
        input: z.object({}),
        output: z.object({ n: z.number() }),
        handler: () => result,
      });
    const ctx = { db: openDatabase(':memory:'), actor: LOCAL_ADMIN, clock: fixedClock('2026-11-24'), dataFile: ':memory:', jobs: new JobRunner() };
    expect(dispatch({ 'test.echo': op({ n: 1 }) }, ctx, 'test.echo', {})).toEqual({ ok: true, result: { n: 1 } });
    expect(() => dispatch({ 'test.echo': op({ n: 'one' }) }, ctx, 'test.echo', {})).toThrow(/test\.echo: n: /);
  });
});
