import type { Migration } from './types.ts';
import { AUDIT_LOG_SQL, auditedTables, installAuditTriggers } from '../audit.ts';

// Accounts (issue 8), settings, and the hash-chained audit log with triggers on every table.
const SQL = `
CREATE TABLE app_user (
  id              INTEGER PRIMARY KEY,
  username        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name    TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'coordinator', 'auditor')),
  password_hash   TEXT NOT NULL,
  password_salt   TEXT NOT NULL,
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  failed_logins   INTEGER NOT NULL DEFAULT 0,
  locked_until    TEXT,
  last_login_at   TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

-- The training bases a coordinator may work on (bases arrive with issue 5; the lead adds the foreign key).
CREATE TABLE user_base (
  user_id  INTEGER NOT NULL REFERENCES app_user(id),
  base_id  INTEGER NOT NULL,
  PRIMARY KEY (user_id, base_id)
);

CREATE TABLE setting (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
`;

export const migration0007: Migration = {
  version: 7,
  name: 'accounts_audit',
  up(db) {
    db.exec(SQL);
    db.exec(AUDIT_LOG_SQL);
    for (const table of auditedTables(db)) installAuditTriggers(db, table);
  },
};
