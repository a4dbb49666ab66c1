import type { Migration } from './types.ts';
import { installAuditTriggers } from '../audit.ts';

/**
 * Failed logins are counted per account and per source (the desktop shell is 'local', the web
 * shell the caller's address), so guessing from one place cannot lock the account everywhere, and
 * an administrator can lift a lock (解除锁定). app_user.failed_logins and locked_until are no longer
 * read: a lock recorded there before this version simply expires (at most 15 minutes).
 */
export const migration0022: Migration = {
  version: 22,
  name: 'login_lockout',
  up(db) {
    db.exec(`
      CREATE TABLE login_lockout (
        id             INTEGER PRIMARY KEY,
        user_id        INTEGER NOT NULL REFERENCES app_user(id),
        source         TEXT NOT NULL,
        failed_logins  INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
        locked_until   TEXT,
        UNIQUE (user_id, source)
      );
    `);
    installAuditTriggers(db, 'login_lockout');
  },
};
