import type { Migration } from './types.ts';
import { installAuditTriggers } from '../audit.ts';

/**
 * External training (外部培训) in the ledger: who provided it, and its verification by staff.
 * Hours are never edited; verifying only stamps who checked the evidence and when.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'external_training',
  up(db) {
    db.exec(`
      ALTER TABLE training_record ADD COLUMN provider TEXT;
      ALTER TABLE training_record ADD COLUMN verified_at TEXT;
      ALTER TABLE training_record ADD COLUMN verified_by TEXT;
    `);
    installAuditTriggers(db, 'training_record'); // the log records the new columns too
  },
};
