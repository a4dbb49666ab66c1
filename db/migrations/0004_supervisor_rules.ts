import type { Migration } from './types.ts';

/**
 * Entry conditions on each supervisor level, and the fields the lifecycle history needs:
 * the region on every event and the reason when someone was appointed despite unmet conditions.
 * Condition defaults are a starting point each city's admin is expected to set.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'supervisor_rules',
  up(db) {
    db.exec(`
      ALTER TABLE supervisor_level ADD COLUMN min_certificate_level TEXT
        CHECK (min_certificate_level IN ('worker', 'assistant', 'social_worker', 'senior'));
      ALTER TABLE supervisor_level ADD COLUMN min_practice_years REAL NOT NULL DEFAULT 0 CHECK (min_practice_years >= 0);
      ALTER TABLE supervisor_level ADD COLUMN min_years_at_lower REAL NOT NULL DEFAULT 0 CHECK (min_years_at_lower >= 0);
      ALTER TABLE supervisor_event ADD COLUMN region_id INTEGER REFERENCES region(id);
      ALTER TABLE supervisor_event ADD COLUMN override_reason TEXT;
      UPDATE supervisor_event SET region_id = (SELECT s.region_id FROM supervisor s WHERE s.id = supervisor_event.supervisor_id);
    `);
    const defaults: [string, string, number, number][] = [
      ['见习督导', 'assistant', 2, 0],
      ['初级督导', 'assistant', 3, 0],
      ['中级督导', 'social_worker', 5, 2],
      ['高级督导', 'social_worker', 8, 3],
    ];
    const update = db.prepare('UPDATE supervisor_level SET min_certificate_level = ?, min_practice_years = ?, min_years_at_lower = ? WHERE name = ?');
    for (const [name, certificate, practice, lower] of defaults) update.run(certificate, practice, lower, name);
  },
};
