/**
 * 身份证号 and phone numbers are shown in full only to roles with `pii.read`; everyone else gets
 * them masked here, in core, for every operation's result (lists, details, audit entries, exports).
 */
import { maskIdNumber } from './idcard.ts';

const ID_KEYS = new Set(['idNumber', 'id_number']);
const PHONE_KEYS = new Set(['phone', 'contactPhone', 'contact_phone', 'mobile']);

export function maskPhone(phone: string): string {
  const digits = phone.trim();
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length >= 7) return `${digits.slice(0, 2)}****${digits.slice(-2)}`;
  return '****';
}

export function maskPersonalData<T>(value: T): T {
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(walk);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' && ID_KEYS.has(key)) out[key] = maskIdNumber(v);
    else if (typeof v === 'string' && PHONE_KEYS.has(key)) out[key] = maskPhone(v);
    else out[key] = walk(v);
  }
  return out;
}
