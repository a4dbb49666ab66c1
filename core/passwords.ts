import crypto from 'node:crypto';

const KEY_LENGTH = 64;

/** scrypt with a fresh random salt per user. */
export function hashPassword(password: string): { hash: string; salt: string } {
  const salt = crypto.randomBytes(16).toString('hex');
  return { hash: crypto.scryptSync(password, salt, KEY_LENGTH).toString('hex'), salt };
}

/** Constant-time comparison of the derived key. */
export function passwordMatches(password: string, hash: string, salt: string): boolean {
  const expected = Buffer.from(hash, 'hex');
  const actual = crypto.scryptSync(password, salt, KEY_LENGTH);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}
