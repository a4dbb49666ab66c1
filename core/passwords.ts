import crypto from 'node:crypto';

const KEY_LENGTH = 64;

/** A password as stored: scrypt's key (hex) and its salt (hex). */
export interface PasswordHash {
  hash: string;
  salt: string;
}

/** A key derived from a password with a stored salt, off the serving thread, for a handler to compare (passwordMatches). */
export interface DerivedKey {
  salt: string;
  key: Buffer;
}

const newSalt = () => crypto.randomBytes(16).toString('hex');

/**
 * scrypt on libuv's thread pool: ~50 ms of CPU the serving thread spends answering others instead (an operation's
 * `prepare` step, core/contract.ts). Same parameters as scryptSync, so either verifies what the other stored.
 */
function scryptOffThread(password: string, salt: string): Promise<Buffer> {
  return new Promise((resolve, reject) => crypto.scrypt(password, salt, KEY_LENGTH, (error, key) => (error ? reject(error) : resolve(key))));
}

/** scrypt with a fresh random salt per user; on this thread (a call that came without its `prepare` step). */
export function hashPassword(password: string): PasswordHash {
  const salt = newSalt();
  return { hash: crypto.scryptSync(password, salt, KEY_LENGTH).toString('hex'), salt };
}

/** hashPassword, off the serving thread. */
export async function hashPasswordOffThread(password: string): Promise<PasswordHash> {
  const salt = newSalt();
  return { hash: (await scryptOffThread(password, salt)).toString('hex'), salt };
}

/** The key `password` gives with `salt`, off the serving thread. */
export async function deriveKeyOffThread(password: string, salt: string): Promise<DerivedKey> {
  return { salt, key: await scryptOffThread(password, salt) };
}

/**
 * Constant-time comparison of the derived key. `derived` (made off the serving thread from this password) is used
 * when it was made with this salt; otherwise (none, or the password was changed meanwhile) the key is derived here.
 */
export function passwordMatches(password: string, hash: string, salt: string, derived?: DerivedKey): boolean {
  const expected = Buffer.from(hash, 'hex');
  const actual = derived?.salt === salt ? derived.key : crypto.scryptSync(password, salt, KEY_LENGTH);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

/** A stored-format secret no password matches (a random key, 2⁻⁵¹² odds): checking against it costs one derivation. */
export function unmatchableSecret(): PasswordHash {
  return { hash: crypto.randomBytes(KEY_LENGTH).toString('hex'), salt: newSalt() };
}
