import crypto from 'node:crypto';

/** The browser shell's session token: a random secret the page must send back with every call. */
export function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export function tokensEqual(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
