import { installAuditTriggers } from '../audit.ts';
import type { Migration } from './types.ts';

/**
 * Issue 23, printed documents. `issued_document`: every 学时证明 and 督导聘书 printed with a signed
 * code (core/documents/): its serial, kind, person, the SHA-256 of the signed statement, who issued
 * it and when; revoking one sets revoked_at/by and a reason (an audited update, with a version so a
 * stale revocation is refused). The statement itself is not kept: it is re-derived from nothing,
 * and its hash is enough to recognise it. `document_template`: the wording of 聘书 and
 * 再审核结果通知, versioned data like training_rule_set (a new version per save, never edited).
 * Plain SQL both engines accept; INTEGER PRIMARY KEY is SQLite's rowid (PostgreSQL: an identity column).
 */
const DEFAULT_TEMPLATES = {
  appointment: {
    title: '督导聘书',
    body: '兹聘任 {姓名} 同志为本会{等级}，聘期自 {聘任日期} 至 {有效期至}。\n\n特发此证。',
    issuer: '社会工作协会',
  },
  recertNotice: {
    title: '{年度}年度督导再审核结果通知',
    body: '{姓名} 同志：\n\n经本会{年度}年度督导再审核，您的审核结论为：{结论}。{说明}\n\n您的督导等级为{等级}，聘任有效期至 {有效期至}。{整改期限}\n\n特此通知。',
    issuer: '社会工作协会',
  },
};

export const migration0031: Migration = {
  version: 31,
  name: 'documents',
  up(db) {
    db.exec(`
      CREATE TABLE issued_document (
        id                INTEGER PRIMARY KEY,
        serial            TEXT NOT NULL UNIQUE,
        kind              TEXT NOT NULL CHECK (kind IN ('hours_certificate', 'appointment_letter')),
        person_id         INTEGER NOT NULL REFERENCES person(id),
        statement_sha256  TEXT NOT NULL CHECK (length(statement_sha256) = 64),
        issued_at         TEXT NOT NULL,
        issued_by         TEXT NOT NULL,
        revoked_at        TEXT,
        revoked_by        TEXT,
        revoke_reason     TEXT,
        version           INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
        CHECK (revoked_at IS NULL OR (revoked_by IS NOT NULL AND revoke_reason IS NOT NULL))
      );
      CREATE INDEX issued_document_person ON issued_document(person_id);
      CREATE INDEX issued_document_revoked ON issued_document(revoked_at);
      CREATE TABLE document_template (
        id          INTEGER PRIMARY KEY,
        version     INTEGER NOT NULL UNIQUE,
        body        TEXT NOT NULL,
        note        TEXT,
        created_at  TEXT NOT NULL,
        created_by  TEXT NOT NULL
      );
    `);
    db.prepare('INSERT INTO document_template (version, body, note, created_at, created_by) VALUES (1, ?, ?, ?, ?)').run(
      JSON.stringify(DEFAULT_TEMPLATES),
      '系统默认措辞',
      '2026-12-06T00:00:00.000Z',
      '系统默认',
    );
    for (const table of ['issued_document', 'document_template']) installAuditTriggers(db, table);
  },
};
