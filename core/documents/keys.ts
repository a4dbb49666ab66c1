/**
 * The association's document key: an Ed25519 key that signs the codes printed on 学时证明 and
 * 督导聘书. Kept like the audit key (db/audit-anchor.ts), beside the data file and never in the
 * database (a backup or a copied database does not carry it), readable by its owner only; but a
 * key of its own, so that publishing its public half says nothing about the audit log's key.
 * Created at the start (core/app.ts), or when first needed in a folder that has none.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../db/audit-anchor.ts';

export const DOCUMENT_KEY_FILE = 'document-key.pem';

const loaded = new Map<string, crypto.KeyObject>();

/** The data folder's document key, created (0600) if it has none. */
export function documentKey(dataFile: string): crypto.KeyObject {
  const dir = path.dirname(dataFile);
  const cached = loaded.get(dir);
  if (cached) return cached;
  const file = path.join(dir, DOCUMENT_KEY_FILE);
  let key: crypto.KeyObject;
  if (fs.existsSync(file)) key = crypto.createPrivateKey(fs.readFileSync(file, 'utf8'));
  else {
    key = crypto.generateKeyPairSync('ed25519').privateKey;
    writeFileAtomic(file, key.export({ type: 'pkcs8', format: 'pem' }) as string, 0o600);
  }
  loaded.set(dir, key);
  return key;
}

/** The public half as the verifiers take it: the raw 32 bytes, base64url (WebCrypto imports them as 'raw'). */
export function publicKeyText(key: crypto.KeyObject): string {
  const jwk = crypto.createPublicKey(key).export({ format: 'jwk' });
  return String(jwk.x);
}

/** A public key from its base64url text. */
export function publicKeyFromText(text: string): crypto.KeyObject {
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text }, format: 'jwk' });
}

/** What people compare by eye: SHA-256 of the raw key, first 16 hex digits in groups of four. */
export function publicKeyFingerprint(publicKey: string): string {
  const hex = crypto.createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex').slice(0, 16).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}

/** The public key as a PEM file (for whoever verifies with other tools). */
export function publicKeyPem(key: crypto.KeyObject): string {
  return crypto.createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string;
}

/** The fingerprint of a data folder's document key, without creating one (the desktop's 关于 reads it); null when there is none yet. */
export function documentKeyFingerprint(dir: string): string | null {
  const file = path.join(dir, DOCUMENT_KEY_FILE);
  if (!fs.existsSync(file)) return null;
  return publicKeyFingerprint(publicKeyText(crypto.createPrivateKey(fs.readFileSync(file, 'utf8'))));
}

/** Forgets cached keys (tests that remove a folder and reuse its path). */
export function forgetDocumentKeys(): void {
  loaded.clear();
}
