import type { Migration } from './types.ts';
import { installAuditTriggers } from '../audit.ts';

/**
 * Training-hour rules as versioned data, and the annual re-certification (年度资质再审核认证):
 * a cycle per year that freezes the rules in force when it opens, one review per supervisor with
 * its computed facts and proposal, and the human decision. Version 1 of the rules holds the
 * defaults of DESIGN.md §3, written out here so that later code changes cannot alter it.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'recertification',
  up(db) {
    db.exec(`
      CREATE TABLE training_rule_set (
        id          INTEGER PRIMARY KEY,
        version     INTEGER NOT NULL UNIQUE,
        body        TEXT NOT NULL,
        note        TEXT,
        created_at  TEXT NOT NULL,
        created_by  TEXT NOT NULL
      );
      CREATE TABLE recert_cycle (
        id            INTEGER PRIMARY KEY,
        year          INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
        status        TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
        rule_set_id   INTEGER REFERENCES training_rule_set(id),
        frozen_rules  TEXT,
        created_at    TEXT NOT NULL,
        created_by    TEXT NOT NULL,
        opened_at     TEXT,
        opened_by     TEXT,
        closed_at     TEXT,
        closed_by     TEXT,
        CHECK (status = 'draft' OR frozen_rules IS NOT NULL)
      );
      CREATE TABLE recert_review (
        id                  INTEGER PRIMARY KEY,
        cycle_id            INTEGER NOT NULL REFERENCES recert_cycle(id),
        supervisor_id       INTEGER NOT NULL REFERENCES supervisor(id),
        level_id            INTEGER NOT NULL REFERENCES supervisor_level(id),
        region_id           INTEGER NOT NULL REFERENCES region(id),
        facts               TEXT NOT NULL,
        proposal            TEXT NOT NULL CHECK (proposal IN ('pass', 'conditional', 'fail')),
        reasons             TEXT NOT NULL,
        computed_at         TEXT NOT NULL,
        decision            TEXT CHECK (decision IN ('pass', 'conditional', 'fail')),
        decision_reason     TEXT,
        condition_deadline  TEXT,
        decided_by          TEXT,
        decided_at          TEXT,
        UNIQUE (cycle_id, supervisor_id),
        CHECK (decision IS NULL OR decided_at IS NOT NULL),
        CHECK (decision IS NOT 'conditional' OR condition_deadline IS NOT NULL)
      );
      CREATE INDEX recert_review_proposal ON recert_review(cycle_id, proposal);
      ALTER TABLE supervisor_event ADD COLUMN cycle_id INTEGER REFERENCES recert_cycle(id);
    `);
    const categoryIds = (db.prepare('SELECT id FROM course_category ORDER BY rank').pluck().all() as number[]);
    const levelIds = (db.prepare('SELECT id FROM supervisor_level ORDER BY rank').pluck().all() as number[]);
    const body = {
      periodHours: { worker: null, assistant: 72, social_worker: 90, senior: 90 },
      windowYears: 5,
      windowHours: 120,
      yearlyMinimumHours: null,
      countedCategoryIds: categoryIds,
      externalNeedsVerification: true,
      review: {
        default: { unifiedTrainings: 1, yearHours: 24 },
        byLevel: levelIds.map((levelId) => ({ levelId, unifiedTrainings: 1, yearHours: 24 })),
        requireRegistration: true,
        requireActive: true,
      },
      remediable: { unifiedTraining: true, yearHours: true, registration: true },
      conditionalDeadlineMonths: 6,
    };
    db.prepare('INSERT INTO training_rule_set (version, body, note, created_at, created_by) VALUES (1, ?, ?, ?, ?)').run(
      JSON.stringify(body),
      '系统默认（民发〔2009〕123号；本市督导管理办法）',
      '2026-01-01T00:00:00.000Z',
      '系统默认',
    );
    for (const table of ['training_rule_set', 'recert_cycle', 'recert_review', 'supervisor_event']) installAuditTriggers(db, table);
  },
};
