/**
 * 居民身份证号 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence
 * (odd = male), and a check character over the first 17 digits (ISO 7064 MOD 11-2).
 * Pure functions: the renderer uses them for instant feedback, core for the final word.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdCardProblem = 'format' | 'birthDate' | 'checkDigit';

export function checkCharFor(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** As typed or pasted: full-width digits and Ｘ (a Chinese input method's) to ASCII, spaces dropped, x upper-case. */
export function normalizeIdNumber(raw: string): string {
  if (/^\d{17}[\dX]$/.test(raw)) return raw; // as almost always: nothing to tidy (an import asks 100,000 times)
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** Returns what is wrong with the number, or null when it is valid. `today` is `YYYY-MM-DD`. */
export function idCardProblem(idNumber: string, today: string): IdCardProblem | null {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return 'format';
  const birth = birthDateOf(idNumber);
  if (!isRealDate(birth) || birth < '1900-01-01' || birth > today) return 'birthDate';
  if (checkCharFor(idNumber.slice(0, 17)) !== idNumber[17]) return 'checkDigit';
  return null;
}

export const ID_CARD_MESSAGES: Record<IdCardProblem, string> = {
  format: '身份证号应为 18 位：前 17 位为数字，最后一位为数字或 X',
  birthDate: '身份证号中的出生日期无效',
  checkDigit: '身份证号校验位不正确，请逐位核对',
};

export function birthDateOf(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

export function sexOf(idNumber: string): 'M' | 'F' {
  return Number(idNumber[16]) % 2 === 1 ? 'M' : 'F';
}

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2026-02-30). */
export function isRealDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
