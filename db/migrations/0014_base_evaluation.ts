import type { Migration } from './types.ts';
import { installAuditTriggers } from '../audit.ts';

/**
 * 基地评估: templates as versioned data (two levels of indicators with maximum scores and what
 * earns them, grade thresholds), one evaluation per base and year that keeps the template it
 * used, and base events that record what an evaluation led to (grade set, accreditation flagged).
 * Version 1 of the template is written out here so later code cannot change it.
 */
export const migration0014: Migration = {
  version: 14,
  name: 'base_evaluation',
  up(db) {
    db.exec(`
      CREATE TABLE evaluation_template (
        id          INTEGER PRIMARY KEY,
        version     INTEGER NOT NULL UNIQUE,
        body        TEXT NOT NULL,
        note        TEXT,
        created_at  TEXT NOT NULL,
        created_by  TEXT NOT NULL
      );
      CREATE TABLE base_evaluation (
        id               INTEGER PRIMARY KEY,
        base_id          INTEGER NOT NULL REFERENCES training_base(id),
        year             INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        template_id      INTEGER NOT NULL REFERENCES evaluation_template(id),
        status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'reviewed')),
        self_scores      TEXT NOT NULL,
        reviewer_scores  TEXT NOT NULL,
        evidence         TEXT NOT NULL,
        self_total       REAL,
        reviewer_total   REAL,
        grade            TEXT CHECK (grade IN ('excellent', 'good', 'pass', 'fail')),
        submitted_at     TEXT,
        submitted_by     TEXT,
        reviewed_at      TEXT,
        reviewed_by      TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        UNIQUE (base_id, year),
        CHECK (status <> 'reviewed' OR (reviewer_total IS NOT NULL AND grade IS NOT NULL))
      );
      CREATE INDEX base_evaluation_year ON base_evaluation(year);
      CREATE TABLE base_event (
        id             INTEGER PRIMARY KEY,
        base_id        INTEGER NOT NULL REFERENCES training_base(id),
        kind           TEXT NOT NULL CHECK (kind IN ('grade_set', 'accreditation_flagged')),
        evaluation_id  INTEGER REFERENCES base_evaluation(id),
        detail         TEXT NOT NULL,
        reason         TEXT NOT NULL,
        actor_name     TEXT NOT NULL,
        recorded_at    TEXT NOT NULL
      );
      CREATE INDEX base_event_base ON base_event(base_id, id);
    `);
    const item = (name: string, maxScore: number, description: string) => ({ name, maxScore, description });
    const body = {
      indicators: [
        { name: '硬件设施', items: [item('场地与教室', 10, '有固定培训场地，教室座位与设备满足班期需要'), item('设备与资料', 10, '多媒体、图书资料、案例库齐备并有专人管理')] },
        { name: '师资与导师库', items: [item('导师数量与结构', 10, '在库导师人数、专长领域覆盖'), item('导师资质', 10, '导师持证等级与督导资格、年度授课情况')] },
        { name: '课程开发', items: [item('课程体系', 10, '课程覆盖各培训类别，有大纲与学时安排'), item('课程更新', 10, '本年度新开发或修订的课程')] },
        { name: '培训成效', items: [item('培训人次与学时', 15, '年度完成班期数、培训人次与学时'), item('出勤与反馈', 10, '出勤率、学员评价与跟踪')] },
        { name: '管理规范', items: [item('制度与档案', 8, '培训制度健全，报名、考勤、学时档案完整'), item('信息报送', 7, '按时向协会报送班期与学时信息')] },
      ],
      grades: { excellent: 90, good: 75, pass: 60 },
    };
    db.prepare('INSERT INTO evaluation_template (version, body, note, created_at, created_by) VALUES (1, ?, ?, ?, ?)').run(JSON.stringify(body), '系统默认', '2026-01-01T00:00:00.000Z', '系统默认');
    for (const table of ['evaluation_template', 'base_evaluation', 'base_event']) installAuditTriggers(db, table);
  },
};
