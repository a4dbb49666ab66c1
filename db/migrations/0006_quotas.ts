import type { Migration } from './types.ts';

/**
 * Supervisor quotas (seed 000 七(六)1: every 镇区 5 local supervisors, 3 中级 and 2 初级).
 * The default per town is a rule setting; a region may override it per level.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'quotas',
  up(db) {
    db.exec(`
      CREATE TABLE region_quota (
        region_id  INTEGER NOT NULL REFERENCES region(id),
        level_id   INTEGER NOT NULL REFERENCES supervisor_level(id),
        quota      INTEGER NOT NULL CHECK (quota >= 0),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (region_id, level_id)
      );
      CREATE INDEX supervisor_coverage ON supervisor(status, region_id, level_id);
    `);
    const ids = db.prepare('SELECT id, name FROM supervisor_level').all() as { id: number; name: string }[];
    const byName = (name: string) => ids.find((l) => l.name === name)?.id;
    const defaults: Record<string, number> = {};
    const middle = byName('中级督导');
    const junior = byName('初级督导');
    if (middle) defaults[String(middle)] = 3;
    if (junior) defaults[String(junior)] = 2;
    db.prepare("INSERT INTO rule_setting (key, value, updated_at, updated_by) VALUES ('town_quota', ?, '2026-01-01T00:00:00.000Z', '系统默认')").run(JSON.stringify(defaults));
  },
};
