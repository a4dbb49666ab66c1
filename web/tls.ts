/**
 * The server's certificate: the PEM files given (`--tls-cert/--tls-key`), or in LAN mode without
 * them a self-signed one made at the first start in the data folder (`tls/`) and reused after.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { selfSignedCertificate } from '../core/shell/self-signed-certificate.ts';

export interface ServerCertificate {
  cert: string;
  key: string;
  /** SHA-256 fingerprint (`AB:CD:…`): shown at start, compared by whoever connects before pinning it. */
  fingerprint256: string;
  /** Where it came from: the files given, or the one made in the data folder (and whether just now). */
  origin: 'given' | 'generated' | 'reused';
}

export const fingerprintOf = (certPem: string): string => new crypto.X509Certificate(certPem).fingerprint256;

/** Reads the given certificate and key (PEM); a clear Chinese error when a file cannot be read or does not parse. */
export function givenCertificate(certFile: string, keyFile: string): ServerCertificate {
  const read = (file: string, what: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`无法读取${what}「${file}」：${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
    }
  };
  const cert = read(certFile, '证书文件');
  const key = read(keyFile, '私钥文件');
  try {
    crypto.createPrivateKey(key);
    return { cert, key, fingerprint256: fingerprintOf(cert), origin: 'given' };
  } catch (error) {
    throw new Error(`证书或私钥不是有效的 PEM 文件：${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** The LAN server's self-signed certificate in `<dataDir>/tls/`, made on first use (key readable by its owner only). */
export function lanCertificate(dataDir: string, hosts: readonly string[]): ServerCertificate {
  const dir = path.join(dataDir, 'tls');
  const certFile = path.join(dir, 'server-cert.pem');
  const keyFile = path.join(dir, 'server-key.pem');
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) return { ...givenCertificate(certFile, keyFile), origin: 'reused' };
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const made = selfSignedCertificate(`社工督导与实训基地管理系统 ${os.hostname()}`, [...new Set(['localhost', os.hostname(), '127.0.0.1', ...hosts])]);
  fs.writeFileSync(keyFile, made.key, { mode: 0o600 });
  fs.writeFileSync(certFile, made.cert);
  return { cert: made.cert, key: made.key, fingerprint256: made.fingerprint256, origin: 'generated' };
}
