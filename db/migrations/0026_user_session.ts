import type { Migration } from './types.ts';

/**
 * Issue 20: sign-in sessions live in the database, so they survive a restart and an administrator
 * can list and end them (在线用户). A session is known by the SHA-256 of its token only: the token
 * itself never reaches the disk (nor a backup). ended_at is set when it ends (logout, timeout,
 * ended by an administrator, password change, restore); ended rows are pruned after a while.
 * login_failure counts failed logins per source address across accounts (20 in 15 minutes →
 * refused), next to login_lockout's per account and source.
 * Neither table is audited (db/audit.ts AUDIT_EXEMPT_TABLES): last_seen_at changes with every call;
 * the sign-in itself is logged through app_user.last_login_at, an ended session through an entry.
 */
export const migration0026: Migration = {
  version: 26,
  name: 'user_session',
  up(db) {
    db.exec(`
      CREATE TABLE user_session (
        id            INTEGER PRIMARY KEY,
        token_sha256  TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
        user_id       INTEGER NOT NULL REFERENCES app_user(id),
        created_at    TEXT NOT NULL,
        last_seen_at  TEXT NOT NULL,
        source        TEXT NOT NULL,
        user_agent    TEXT,
        ended_at      TEXT,
        ended_reason  TEXT
      );
      CREATE INDEX user_session_user ON user_session(user_id) WHERE ended_at IS NULL;
      CREATE INDEX user_session_active ON user_session(last_seen_at) WHERE ended_at IS NULL;
      CREATE TABLE login_failure (
        id      INTEGER PRIMARY KEY,
        source  TEXT NOT NULL,
        at      TEXT NOT NULL
      );
      CREATE INDEX login_failure_source_at ON login_failure(source, at);
    `);
  },
};
