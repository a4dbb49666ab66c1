import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { birthDateOf, checkCharFor, idCardProblem, isRealDate, normalizeIdNumber, sexOf } from '../../core/idcard.ts';
import { maskIdNumber } from '../../core/pii.ts';

const TODAY = '2026-11-24';

describe('GB 11643 身份证号', () => {
  it('computes the check character by hand-checked examples', () => {
    // 11010519491231002: Σ(digit × weight) = 167; 167 mod 11 = 2 → 'X' (the standard's own example).
    expect(checkCharFor('11010519491231002')).toBe('X');
    // 44200019850315123: Σ = 4·7+4·9+2·10+0·5+0·8+0·4+1·2+9·1+8·6+5·3+0·7+3·9+1·10+5·5+1·8+2·4+3·2 = 242; 242 mod 11 = 0 → '1'.
    expect(checkCharFor('44200019850315123')).toBe('1');
  });

  it('accepts valid numbers, including X, and normalises lowercase x', () => {
    expect(idCardProblem('11010519491231002X', TODAY)).toBeNull();
    expect(idCardProblem('442000198503151231', TODAY)).toBeNull();
    expect(normalizeIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X'); // full-width, from a Chinese input method
    expect(normalizeIdNumber('110105 19491231 002X')).toBe('11010519491231002X');
  });

  it('names what is wrong', () => {
    expect(idCardProblem('442000198503151230', TODAY)).toBe('checkDigit');
    expect(idCardProblem('44200019850315123', TODAY)).toBe('format');
    expect(idCardProblem('44200019850315123A', TODAY)).toBe('format');
    const withBirth = (birth: string) => `442000${birth}123` + checkCharFor(`442000${birth}123`);
    expect(idCardProblem(withBirth('20230229'), TODAY)).toBe('birthDate'); // 2023 is no leap year
    expect(idCardProblem(withBirth('20240230'), TODAY)).toBe('birthDate');
    expect(idCardProblem(withBirth('20240229'), TODAY)).toBeNull();
    expect(idCardProblem(withBirth('20261125'), TODAY)).toBe('birthDate'); // tomorrow
    expect(idCardProblem(withBirth('18991231'), TODAY)).toBe('birthDate');
  });

  it('derives birth date and sex', () => {
    expect(birthDateOf('442000198503151231')).toBe('1985-03-15');
    expect(sexOf('442000198503151231')).toBe('M'); // 17th digit 3: odd
    expect(sexOf('11010519491231002X')).toBe('F'); // 17th digit 2: even
    expect(maskIdNumber('442000198503151231')).toBe('4420**********1231');
  });

  it('real dates only', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2026-02-30')).toBe(false);
    expect(isRealDate('2026-13-01')).toBe(false);
    expect(isRealDate('2026-1-01')).toBe(false);
  });

  it('property: a computed check character makes any number valid, and any single changed digit breaks it', () => {
    const birth = fc
      .date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2008-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
    fc.assert(
      fc.property(digits(6), birth, digits(3), fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (region, b, seq, position, delta) => {
        const first17 = region + b + seq;
        const id = first17 + checkCharFor(first17);
        expect(idCardProblem(id, TODAY)).toBeNull();
        const changed = id.slice(0, position) + String((Number(id[position]) + delta) % 10) + id.slice(position + 1);
        // A changed birth digit may make the date impossible instead; either way it is refused.
        expect(idCardProblem(changed, TODAY)).not.toBeNull();
      }),
    );
  });
});
