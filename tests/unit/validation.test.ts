import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../core/validation.ts';
import { AppError } from '../../core/errors.ts';
import { personFields } from '../../core/schemas/people.ts';
import { requiredText } from '../../core/schemas/common.ts';

const refusal = (schema: z.ZodType, input: unknown) => {
  try {
    parseInput(schema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).toPayload();
  }
  throw new Error('expected a refusal');
};

describe('input validation', () => {
  it('gives one Chinese message naming the field, with its path', () => {
    expect(refusal(personFields, { idNumber: '442000198503151231', name: '' })).toEqual({ code: 'VALIDATION', field: 'name', message: '请填写姓名' });
  });

  it('puts the field label in front of zod\'s generic messages', () => {
    const schema = z.object({ contact: z.object({ age: z.number().int().meta({ title: '年龄' }) }) });
    const error = refusal(schema, { contact: { age: 'old' } });
    expect(error.field).toBe('contact.age');
    expect(error.message).toMatch(/^年龄：/);
    expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('treats a missing body as an empty object, and trims text', () => {
    expect(refusal(z.object({ name: requiredText('姓名') }), undefined)).toMatchObject({ field: 'name', message: '请填写姓名' });
    expect(parseInput(z.object({ name: requiredText('姓名') }), { name: '  张三 ' })).toEqual({ name: '张三' });
  });
});
