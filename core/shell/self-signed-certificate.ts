/**
 * A self-signed X.509 certificate for the LAN server (`--lan` without a certificate), made with
 * node:crypto alone: an ECDSA P-256 key and a small DER writer for the certificate's few fields.
 * Nobody's browser trusts it; users compare its SHA-256 fingerprint (shown at start) and pin it.
 */
import crypto from 'node:crypto';

// --- DER, just what a certificate needs ---------------------------------------------------------
const length = (n: number): Buffer => {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
};
const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);
const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner);
const integer = (bytes: Buffer) => tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
const bitString = (bytes: Buffer, unusedBits = 0) => tlv(0x03, Buffer.from([unusedBits]), bytes);
const octetString = (bytes: Buffer) => tlv(0x04, bytes);
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const boolean = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [a! * 40 + b!];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}
/** UTCTime up to 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'; // YYYYMMDDHHMMSSZ
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso));
}
const name = (commonName: string) => sequence(set(sequence(oid('2.5.4.3'), utf8(commonName))));
const extension = (id: string, critical: boolean, value: Buffer) => sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));

function ipBytes(address: string): Buffer | null {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) return Buffer.from(address.split('.').map(Number));
  return null; // IPv6 addresses are left out: the LAN server is reached over IPv4
}

export interface SelfSignedCertificate {
  /** PEM texts, as https.createServer takes them. */
  cert: string;
  key: string;
  /** SHA-256 over the certificate (DER), `AB:CD:…` as browsers and Node show it. */
  fingerprint256: string;
}

/** A certificate for `hosts` (names and IPv4 addresses), valid from yesterday for `years`. */
export function selfSignedCertificate(commonName: string, hosts: readonly string[], years = 10, now = new Date()): SelfSignedCertificate {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const serial = crypto.randomBytes(16);
  // Positive and without a leading zero byte: DER wants an INTEGER in its shortest form (a 0x00 first
  // byte before one below 0x80 is "illegal padding" and the certificate would not load, 1 start in 256).
  serial[0] = (serial[0]! & 0x3f) | 0x40;
  const altNames = hosts.map((host) => {
    const ip = ipBytes(host);
    return ip ? tlv(0x87, ip) : tlv(0x82, Buffer.from(host, 'ascii'));
  });
  const notBefore = new Date(now.getTime() - 24 * 3600_000);
  const notAfter = new Date(now.getTime());
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    ecdsaWithSha256,
    name(commonName),
    sequence(time(notBefore), time(notAfter)),
    name(commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      sequence(
        extension('2.5.29.19', true, sequence()), // basicConstraints: not a CA
        extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)), // keyUsage: digitalSignature
        extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
        extension('2.5.29.17', false, sequence(...altNames)), // subjectAltName
      ),
    ),
  );
  const signature = crypto.sign('sha256', tbs, privateKey); // ECDSA, DER-encoded (r, s)
  const der = sequence(tbs, ecdsaWithSha256, bitString(signature));
  const cert = `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END CERTIFICATE-----\n`;
  return { cert, key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, fingerprint256: new crypto.X509Certificate(cert).fingerprint256 };
}
