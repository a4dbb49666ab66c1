/**
 * The signed statement printed as a QR code on 学时证明 and 督导聘书: who (masked), what, the
 * period, the totals, the serial and the issue date, compact enough for a QR code that still scans
 * printed 2.5 cm wide: under 300 characters even with all six default course categories, a version ≤ 10
 * code at error correction level L (modules ≥ 0.38 mm with the quiet zone; paper prints cleanly, so
 * the lowest level is enough and keeps the modules large).
 *
 * Format: `SWS1.<payload>.<signature>`, both parts base64url; the payload is a JSON array without
 * keys (dates as YYYYMMDD numbers, categories by id), the signature Ed25519 over the text
 * `SWS1.<payload>` (so a browser verifies the very characters it scanned). The verification page
 * (verifier-page.ts) decodes the same layout; tests pin it.
 */
import crypto from 'node:crypto';
import { maskIdNumber } from '../pii.ts';

export const CODE_PREFIX = 'SWS1';

export type Statement =
  | {
      kind: 'hours';
      serial: string;
      /** Masked name (张*明) and 身份证号 (first four and last four). */
      name: string;
      idNumber: string;
      from: string;
      to: string;
      /** Counted hours per course category id. */
      totals: [number, number][];
      total: number;
      ruleVersion: number;
      issuedOn: string;
    }
  | {
      kind: 'appointment';
      serial: string;
      name: string;
      idNumber: string;
      level: string;
      appointedOn: string;
      validUntil: string;
      issuedOn: string;
    };

const KIND_CODE = { hours: 'H', appointment: 'P' } as const;

/** 张三 → 张*, 欧阳小明 → 欧**明: the first character, and the last when there are three or more. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** A 身份证号 as the statement carries it: its first and last four characters (8 characters, masked back when shown). */
const shortId = (idNumber: string) => (idNumber.length === 18 ? `${idNumber.slice(0, 4)}${idNumber.slice(14)}` : '');
const longId = (short: string) => (short.length === 8 ? `${short.slice(0, 4)}**********${short.slice(4)}` : '');
const dayNumber = (date: string) => Number(date.replaceAll('-', ''));
const dayText = (n: unknown) => {
  const s = String(n);
  if (!/^\d{8}$/.test(s)) throw new Error('date');
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
};

/** The fields of a statement from the full values: the name and 身份证号 are masked here. */
export function statementOf<S extends Statement>(s: S & { name: string; idNumber: string }): S {
  return { ...s, name: maskName(s.name), idNumber: maskIdNumber(s.idNumber) };
}

function payloadOf(s: Statement): unknown[] {
  const common = [1, KIND_CODE[s.kind], s.serial, s.name, shortId(s.idNumber)];
  if (s.kind === 'hours') return [...common, dayNumber(s.from), dayNumber(s.to), s.totals, s.total, s.ruleVersion, dayNumber(s.issuedOn)];
  return [...common, s.level, dayNumber(s.appointedOn), dayNumber(s.validUntil), dayNumber(s.issuedOn)];
}

/** Reads a payload back; throws on anything that is not one. */
function statementFromPayload(p: unknown): Statement {
  if (!Array.isArray(p) || p[0] !== 1 || typeof p[2] !== 'string' || typeof p[3] !== 'string' || typeof p[4] !== 'string') throw new Error('payload');
  const [, kind, serial, name, id] = p as [number, string, string, string, string];
  if (kind === 'H' && p.length === 11) {
    const totals = p[7] as unknown;
    if (!Array.isArray(totals) || !totals.every((t) => Array.isArray(t) && t.length === 2 && t.every((v) => typeof v === 'number'))) throw new Error('totals');
    if (typeof p[8] !== 'number' || typeof p[9] !== 'number') throw new Error('numbers');
    return {
      kind: 'hours',
      serial,
      name,
      idNumber: longId(id),
      from: dayText(p[5]),
      to: dayText(p[6]),
      totals: totals as [number, number][],
      total: p[8],
      ruleVersion: p[9],
      issuedOn: dayText(p[10]),
    };
  }
  if (kind === 'P' && p.length === 9 && typeof p[5] === 'string')
    return {
      kind: 'appointment',
      serial,
      name,
      idNumber: longId(id),
      level: p[5],
      appointedOn: dayText(p[6]),
      validUntil: dayText(p[7]),
      issuedOn: dayText(p[8]),
    };
  throw new Error('kind');
}

const signedText = (payload: string) => `${CODE_PREFIX}.${payload}`;

/** The code printed as a QR: the statement and its signature. */
export function signStatement(statement: Statement, key: crypto.KeyObject): string {
  const payload = Buffer.from(JSON.stringify(payloadOf(statement)), 'utf8').toString('base64url');
  const signature = crypto.sign(null, Buffer.from(signedText(payload), 'utf8'), key).toString('base64url');
  return `${signedText(payload)}.${signature}`;
}

/** SHA-256 of the code as printed: what the issued-documents table and the revocation list keep. */
export const codeHash = (code: string) => crypto.createHash('sha256').update(code.trim(), 'utf8').digest('hex');

export type CodeCheck = { state: 'malformed' } | { state: 'bad-signature'; statement: Statement | null } | { state: 'signed'; statement: Statement };

/** Reads a pasted or scanned code and checks its signature against the public key. */
export function checkCode(code: string, publicKey: crypto.KeyObject): CodeCheck {
  const parts = code.trim().split('.');
  if (parts.length !== 3 || parts[0] !== CODE_PREFIX || !/^[\w-]+$/.test(parts[1]!) || !/^[\w-]+$/.test(parts[2]!)) return { state: 'malformed' };
  let statement: Statement | null;
  try {
    statement = statementFromPayload(JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')));
  } catch {
    statement = null;
  }
  const signature = Buffer.from(parts[2]!, 'base64url');
  const good = signature.length === 64 && crypto.verify(null, Buffer.from(signedText(parts[1]!), 'utf8'), publicKey, signature);
  if (!good || !statement) return { state: 'bad-signature', statement };
  return { state: 'signed', statement };
}
