import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../core/validation.ts';
import { AppError } from '../../core/errors.ts';
import { personFields } from '../../core/schemas/people.ts';
import { optionalPhone, requiredText } from '../../core/schemas/common.ts';

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

  it("puts the field label in front of zod's generic messages", () => {
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

  it('tidies phone numbers as pasted, and still refuses what is not one', () => {
    const phone = z.object({ phone: optionalPhone('手机号码') });
    const tidied = (raw: string) => parseInput(phone, { phone: raw }).phone;
    expect(['13800138000', '138 0013 8000', '138-0013-8000', '+86 138 0013 8000', '86-13800138000', '１３８００１３８０００'].map(tidied)).toEqual(
      Array(6).fill('13800138000'),
    );
    expect(tidied('0760-88888888')).toBe('0760-88888888');
    expect(tidied('  ')).toBeNull();
    expect(refusal(phone, { phone: '138-0013-800' })).toMatchObject({ field: 'phone', message: expect.stringContaining('手机号码应为 11 位手机号') });
    expect(refusal(phone, { phone: '12345' })).toMatchObject({ field: 'phone' });
  });
});
