/**
 * The audit chain's anchor outside the database: the head of the log (its last entry's id and
 * hash) signed with a per-installation Ed25519 key, kept in `audit-anchor.json` beside the data
 * file and in a small manifest beside each backup. Whoever edits the log with another tool and
 * re-hashes it changes the head, and cannot sign the new head without the key file.
 * Node's own crypto; the key file lives in the data folder (mode 0600), never in the database.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './engine/types.ts';

export const ANCHOR_FILE = 'audit-anchor.json';

/**
 * The anchor of a data file: `audit-anchor.json` beside the app's `data.sqlite3`; any other data
 * file in the same folder (the bench's, a test's) gets its own, named after it.
 */
export function anchorFileOf(dataFile: string): string {
  const name = path.basename(dataFile);
  return path.join(path.dirname(dataFile), name === 'data.sqlite3' ? ANCHOR_FILE : `${name}.${ANCHOR_FILE}`);
}
export const KEY_FILE = 'audit-key.pem';

export interface AuditHead {
  /** The last entry's id (0 for an empty log). */
  seq: number;
  hash: string;
}

export interface SignedHead extends AuditHead {
  at: string;
  signature: string;
}

export function auditHead(db: Db): AuditHead {
  const row = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined;
  return row ? { seq: row.id, hash: row.hash } : { seq: 0, hash: '' };
}

/** Whether a restore (`backup.restore`, logged in the restored log) is among the log's `count` newest entries. */
export function restoreAmongNewest(db: Db, count: number): boolean {
  const sql = `SELECT 1 FROM audit_log WHERE table_name = 'backup' AND operation = 'backup.restore' AND id > ?`;
  return db.prepare(sql).get(auditHead(db).seq - count) !== undefined;
}

/** The hash an anchored entry has now ('' when it is gone): the anchored head must still be there. */
export function hashAt(db: Db, seq: number): string | undefined {
  return (db.prepare('SELECT hash FROM audit_log WHERE id = ?').pluck().get(seq) as string | undefined) ?? undefined;
}

const signedBytes = (head: AuditHead) => Buffer.from(JSON.stringify(['sws-audit-anchor-v1', head.seq, head.hash]), 'utf8');

/** Writes a small file completely or not at all (temporary name, then rename). */
export function writeFileAtomic(file: string, text: string, mode?: number): void {
  const temp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temp, text, mode === undefined ? undefined : { mode });
  fs.renameSync(temp, file);
}

/** The installation's signing key, if it exists. */
export function readSigningKey(dir: string): crypto.KeyObject | null {
  const file = path.join(dir, KEY_FILE);
  if (!fs.existsSync(file)) return null;
  return crypto.createPrivateKey(fs.readFileSync(file, 'utf8'));
}

/** Creates the installation's signing key (readable by its owner only). */
export function createSigningKey(dir: string): crypto.KeyObject {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  writeFileAtomic(path.join(dir, KEY_FILE), privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 0o600);
  return privateKey;
}

/** A short fingerprint of the key's public half (logged when anchoring starts). */
export function keyFingerprint(key: crypto.KeyObject): string {
  const der = crypto.createPublicKey(key).export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function signHead(key: crypto.KeyObject, head: AuditHead, at = new Date().toISOString()): SignedHead {
  return { seq: head.seq, hash: head.hash, at, signature: crypto.sign(null, signedBytes(head), key).toString('base64') };
}

/** Whether `value` is a head signed by this key. */
export function isSignedBy(key: crypto.KeyObject, value: unknown): value is SignedHead {
  const v = value as Partial<SignedHead> | null;
  if (!v || typeof v !== 'object' || !Number.isInteger(v.seq) || typeof v.hash !== 'string' || typeof v.signature !== 'string') return false;
  try {
    return crypto.verify(null, signedBytes({ seq: v.seq!, hash: v.hash }), crypto.createPublicKey(key), Buffer.from(v.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The anchor file's content: undefined when there is none, null when it is not JSON. */
export function readAnchorFile(file: string): unknown {
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

export function writeAnchorFile(file: string, signed: SignedHead): void {
  writeFileAtomic(file, `${JSON.stringify(signed, null, 2)}\n`);
}

/** A backup's manifest: `<backup>.json`, the backup's audit head signed at the time it was made. */
export const manifestOf = (backupFile: string) => `${backupFile}.json`;
