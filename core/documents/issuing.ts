/**
 * Issuing: a printed 学时证明 or 聘书 gets the next serial of its kind and year, its statement is
 * signed with the document key, and the issue is recorded (issued_document: serial, kind, person,
 * the code's SHA-256, who and when; the audit triggers log it). Revoking is an audited update.
 */
import type crypto from 'node:crypto';
import type { Db } from '../../db/engine/types.ts';
import { insertIssuedDocument, issuedDocumentBySerial, nextSerial, revokeIssuedDocument, type DocumentKind } from '../../db/repos/documents.ts';
import { AppError } from '../errors.ts';
import { codeHash, signStatement, type Statement } from './statement.ts';

const PREFIX: Record<DocumentKind, string> = { hours_certificate: 'XS', appointment_letter: 'PS' };

export interface Issued {
  serial: string;
  code: string;
  issuedOn: string;
  issuedAt: string;
  issuedBy: string;
}

export function issueDocument(
  db: Db,
  kind: DocumentKind,
  personId: number,
  statementFor: (serial: string, issuedOn: string) => Statement,
  at: { now: string; today: string; by: string; key: crypto.KeyObject },
): Issued {
  const serial = nextSerial(db, PREFIX[kind], Number(at.today.slice(0, 4)));
  const code = signStatement(statementFor(serial, at.today), at.key);
  insertIssuedDocument(db, { serial, kind, personId, statementSha256: codeHash(code), issuedAt: at.now, issuedBy: at.by });
  return { serial, code, issuedOn: at.today, issuedAt: at.now, issuedBy: at.by };
}

export function revokeDocument(db: Db, serial: string, reason: string, now: string, by: string): void {
  const row = issuedDocumentBySerial(db, serial);
  if (!row) throw new AppError('NOT_FOUND', `没有编号为 ${serial} 的已签发文书`, 'serial');
  if (row.revokedAt) throw new AppError('CONFLICT', `文书 ${serial} 已于 ${row.revokedAt.slice(0, 10)} 由 ${row.revokedBy} 撤销`, 'serial');
  revokeIssuedDocument(db, row.id, reason, now, by);
}
