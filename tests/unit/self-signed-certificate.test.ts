import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../core/shell/self-signed-certificate.ts';

describe('the LAN server’s self-signed certificate', () => {
  it('always loads: 600 made in a row are each valid DER (a random serial once made 1 in 256 unreadable)', () => {
    for (let i = 0; i < 600; i++) {
      const made = selfSignedCertificate('社工督导与实训基地管理系统 test', ['localhost', '192.0.2.10']);
      const x509 = new crypto.X509Certificate(made.cert);
      expect(x509.fingerprint256).toBe(made.fingerprint256);
      expect(x509.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
    }
  });

  it('names the hosts and addresses it serves, and is signed by its own key', () => {
    const made = selfSignedCertificate('sws', ['localhost', 'office-pc', '192.0.2.10']);
    const x509 = new crypto.X509Certificate(made.cert);
    expect(x509.subjectAltName).toBe('DNS:localhost, DNS:office-pc, IP Address:192.0.2.10');
    expect(x509.checkPrivateKey(crypto.createPrivateKey(made.key))).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkIP('192.0.2.10')).toBe('192.0.2.10');
  });
});
