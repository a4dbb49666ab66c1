import { COMMON_PASSWORDS } from './common-passwords.ts';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
/** Shorter usernames (a, li) would forbid half the alphabet: for them only equality counts. */
const MIN_USERNAME_TO_CONTAIN = 3;

const CLASSES = [/\p{L}/u, /\p{N}/u, /[^\p{L}\p{N}]/u];

/**
 * The one password rule (first-run setup, new user, own change, reset): the first rule broken, as a
 * Chinese message naming it, or null. `username` when known: the password must not be or contain it.
 */
export function passwordProblem(password: string, label = '密码', username?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `${label}至少 ${MIN_PASSWORD_LENGTH} 位`;
  if (password.length > MAX_PASSWORD_LENGTH) return `${label}不能超过 ${MAX_PASSWORD_LENGTH} 位`;
  if (CLASSES.filter((c) => c.test(password)).length < 2) return `${label}需包含字母、数字、符号中的至少两类`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return `${label}过于常见（在常用密码清单中），请换一个`;
  if (username) {
    const name = username.trim().toLowerCase();
    if (name && (lower === name || (name.length >= MIN_USERNAME_TO_CONTAIN && lower.includes(name)))) return `${label}不能是用户名，也不能包含用户名`;
  }
  return null;
}
