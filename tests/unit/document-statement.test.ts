import crypto from 'node:crypto';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { checkCode, codeHash, maskName, signStatement, type Statement } from '../../core/documents/statement.ts';
import { publicKeyFingerprint, publicKeyFromText, publicKeyText } from '../../core/documents/keys.ts';
import { fillTemplate, unknownPlaceholders } from '../../domain/document-template.ts';

const { privateKey } = crypto.generateKeyPairSync('ed25519');
const publicKey = publicKeyFromText(publicKeyText(privateKey));

/** A long case: a four-character name and every default course category with fractional hours. */
const hours: Statement = {
  kind: 'hours',
  serial: 'XS2026-000123',
  name: '欧*小*',
  idNumber: '4420**********123X',
  from: '2021-11-25',
  to: '2026-11-24',
  totals: [
    [1, 40.5],
    [2, 12],
    [3, 24.25],
    [4, 18],
    [5, 6.5],
    [6, 30],
  ],
  total: 131.25,
  ruleVersion: 12,
  issuedOn: '2026-11-24',
};
const appointment: Statement = {
  kind: 'appointment',
  serial: 'PS2026-000007',
  name: '陈*明',
  idNumber: '4420**********1234',
  level: '中级督导',
  appointedOn: '2026-01-01',
  validUntil: '2027-12-31',
  issuedOn: '2026-11-24',
};

describe('signed document statements', () => {
  it('sign and verify: the statement reads back as it was signed', () => {
    for (const s of [hours, appointment]) {
      const code = signStatement(s, privateKey);
      expect(code).toMatch(/^SWS1\.[\w-]+\.[\w-]+$/);
      expect(checkCode(code, publicKey)).toEqual({ state: 'signed', statement: s });
    }
  });

  it('fits a QR code that still scans printed 2.5 cm wide: under 300 characters, version ≤ 10 at level L (modules ≥ 0.38 mm with the quiet zone)', () => {
    for (const s of [hours, appointment]) {
      const code = signStatement(s, privateKey);
      expect(code.length).toBeLessThan(300);
      const qr = QRCode.create(code, { errorCorrectionLevel: 'L' }); // as printed (renderer/src/resources/documents/QrImage.tsx)
      expect(qr.version).toBeLessThanOrEqual(10);
      expect(25 / (qr.modules.size + 8)).toBeGreaterThanOrEqual(0.38); // with the 4-module quiet zone on each side
    }
  });

  it('detects tampering: a changed total, a changed character anywhere, another key', () => {
    const code = signStatement(hours, privateKey);
    const [prefix, payload, signature] = code.split('.');
    const json = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as unknown[];
    json[8] = 200;
    const forged = `${prefix}.${Buffer.from(JSON.stringify(json)).toString('base64url')}.${signature}`;
    const checked = checkCode(forged, publicKey);
    expect(checked.state).toBe('bad-signature');
    expect(checked.state === 'bad-signature' && checked.statement?.kind === 'hours' && checked.statement.total).toBe(200); // what it claims is still shown
    const flipped = code.slice(0, 20) + (code[20] === 'A' ? 'B' : 'A') + code.slice(21);
    expect(checkCode(flipped, publicKey).state).toBe('bad-signature');
    const other = crypto.generateKeyPairSync('ed25519').privateKey;
    expect(checkCode(signStatement(hours, other), publicKey).state).toBe('bad-signature');
    expect(checkCode('hello', publicKey)).toEqual({ state: 'malformed' });
    expect(checkCode(`${code}x.y`, publicKey)).toEqual({ state: 'malformed' });
  });

  it('the code hash ignores surrounding white space (pasted codes), and the fingerprint is four groups', () => {
    const code = signStatement(appointment, privateKey);
    expect(codeHash(` ${code}\n`)).toBe(codeHash(code));
    expect(publicKeyFingerprint(publicKeyText(privateKey))).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){3}$/);
  });

  it('masks names: the first character, and the last from three on', () => {
    expect([maskName('张三'), maskName('陈晓明'), maskName('欧阳小明'), maskName('李')]).toEqual(['张*', '陈*明', '欧**明', '李']);
  });

  it('fills template placeholders and names unknown ones', () => {
    expect(fillTemplate('兹聘任 {姓名} 为{等级}，{未知}', { 姓名: '陈晓明', 等级: '中级督导' })).toBe('兹聘任 陈晓明 为中级督导，{未知}');
    expect(unknownPlaceholders('appointment', '{姓名}{结论}')).toEqual(['结论']);
    expect(unknownPlaceholders('recertNotice', '{姓名}{结论}')).toEqual([]);
  });
});
