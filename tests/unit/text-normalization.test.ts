import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invisibleCharacter, normalizeText, optionalText, requiredText } from '../../core/schemas/common.ts';
import { personFields } from '../../core/schemas/people.ts';
import { organizationFields } from '../../core/schemas/organizations.ts';
import { parseInput } from '../../core/validation.ts';

const SPOOFING = [
  '\u200B',
  '\u200C',
  '\u200D',
  '\u2060',
  '\uFEFF',
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u0000',
  '\u0007',
  '\u001B',
  '\u007F',
];

describe('names and free text: normalised once, spoofing characters refused', () => {
  it('normalises to NFC, trims and collapses inner whitespace', () => {
    expect(parseInput(requiredText('姓名'), '  陈\u3000 晓明 ')).toBe('陈 晓明');
    expect(parseInput(requiredText('机构名称'), 'Cafe\u0301  社工')).toBe('Café 社工');
    expect(parseInput(requiredText('姓名'), '陈\n晓明')).toBe('陈 晓明');
    expect(parseInput(optionalText('课程大纲', 500, true), ' 第一讲  导论\r\n 第二讲 ')).toBe('第一讲 导论\n第二讲');
    expect(parseInput(optionalText('专业'), '   ')).toBeNull();
  });

  it.each(SPOOFING)('refuses U+%s in a name, naming the field', (ch) => {
    const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    expect(() => parseInput(personFields, { idNumber: '11010519491231002X', name: `陈${ch}晓明` })).toThrow(`姓名含有不可见字符或控制字符（${code}）`);
    expect(() => parseInput(organizationFields, { name: `启航${ch}社工`, kind: 'other' })).toThrow(/^机构名称含有不可见字符/);
    expect(() => parseInput(personFields, { idNumber: '11010519491231002X', name: '陈晓明', major: `社工${ch}` })).toThrow(/^专业含有不可见字符/);
  });

  it('property: a normalised text is a fixed point, has no outer or doubled spaces, and is NFC', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        const text = normalizeText(raw);
        expect(normalizeText(text)).toBe(text);
        expect(text).toBe(text.trim());
        expect(text).not.toMatch(/\s\s/);
        expect(text).toBe(text.normalize('NFC'));
      }),
    );
  });

  it('property: any text holding a spoofing character is refused; any other non-blank one is accepted as normalised', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom(...SPOOFING), fc.nat(20), (raw, ch, at) => {
        const spoofed = raw.slice(0, at) + ch + raw.slice(at);
        expect(requiredText('姓名').safeParse(spoofed).success).toBe(false);
        const clean = invisibleCharacter(raw) === null;
        const parsed = requiredText('姓名').safeParse(raw);
        if (clean && normalizeText(raw) !== '') expect(parsed.success && parsed.data).toBe(normalizeText(raw));
      }),
    );
  });
});
