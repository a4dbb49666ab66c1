import type { Migration } from './types.ts';

/**
 * Rule values as data (first: the registration rule), and where each certificate's registration
 * end date came from: entered by a user, or computed from the issue date under the rule then in force.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'registration_rule',
  up(db) {
    db.exec(`
      CREATE TABLE rule_setting (
        key         TEXT PRIMARY KEY,
        value       TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        updated_by  TEXT NOT NULL
      );
      INSERT INTO rule_setting (key, value, updated_at, updated_by) VALUES
        ('registration_years', '3', '2026-01-01T00:00:00.000Z', '系统默认'),
        ('registration_window_months', '3', '2026-01-01T00:00:00.000Z', '系统默认');
      ALTER TABLE certificate ADD COLUMN registration_source TEXT NOT NULL DEFAULT 'entered'
        CHECK (registration_source IN ('entered', 'computed'));
      CREATE INDEX certificate_valid_until ON certificate(registration_valid_until);
    `);
    // Certificates without a registration end get one, computed as the default rule does (3 years).
    // The arithmetic is written out here on purpose: a migration must not change when later code does.
    const rows = db.prepare('SELECT id, issued_on AS issuedOn FROM certificate WHERE registration_valid_until IS NULL').all() as { id: number; issuedOn: string }[];
    const update = db.prepare("UPDATE certificate SET registration_valid_until = ?, registration_source = 'computed' WHERE id = ?");
    for (const { id, issuedOn } of rows) {
      const [y, m, d] = issuedOn.split('-').map(Number) as [number, number, number];
      const end = new Date(Date.UTC(y + 3, m - 1, d));
      if (end.getUTCMonth() !== m - 1) end.setUTCDate(1);
      end.setUTCDate(end.getUTCDate() - 1);
      update.run(end.toISOString().slice(0, 10), id);
    }
  },
};
