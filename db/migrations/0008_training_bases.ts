import type { Migration } from './types.ts';
import { installAuditTriggers } from '../audit.ts';

/**
 * Training bases (实训基地): their rooms, mentor pools with specialties, and course catalogues,
 * with the configurable lists they use (service fields, course categories). Every new table
 * carries the audit triggers.
 */
const SQL = `
CREATE TABLE service_field (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE,
  rank  INTEGER NOT NULL
);
CREATE TABLE course_category (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE,
  rank  INTEGER NOT NULL
);
CREATE TABLE training_base (
  id                    INTEGER PRIMARY KEY,
  name                  TEXT NOT NULL UNIQUE,
  organization_id       INTEGER NOT NULL REFERENCES organization(id),
  region_id             INTEGER NOT NULL REFERENCES region(id),
  address               TEXT,
  capacity              INTEGER CHECK (capacity IS NULL OR capacity > 0),
  facilities            TEXT,
  grade                 TEXT NOT NULL CHECK (grade IN ('demonstration', 'ordinary')),
  accreditation_status  TEXT NOT NULL CHECK (accreditation_status IN ('accredited', 'provisional', 'suspended', 'revoked')),
  accredited_until      TEXT,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
);
CREATE INDEX training_base_accredited_until ON training_base(accredited_until);
CREATE TABLE base_coordinator (
  base_id    INTEGER NOT NULL REFERENCES training_base(id),
  person_id  INTEGER NOT NULL REFERENCES person(id),
  PRIMARY KEY (base_id, person_id)
);
CREATE TABLE room (
  id          INTEGER PRIMARY KEY,
  base_id     INTEGER NOT NULL REFERENCES training_base(id),
  name        TEXT NOT NULL,
  seats       INTEGER NOT NULL CHECK (seats > 0),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (base_id, name)
);
CREATE TABLE mentor (
  id           INTEGER PRIMARY KEY,
  base_id      INTEGER NOT NULL REFERENCES training_base(id),
  person_id    INTEGER NOT NULL REFERENCES person(id),
  joined_on    TEXT NOT NULL,
  valid_until  TEXT,
  status       TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  UNIQUE (base_id, person_id),
  CHECK (valid_until IS NULL OR valid_until >= joined_on)
);
CREATE INDEX mentor_person ON mentor(person_id);
CREATE TABLE mentor_specialty (
  mentor_id         INTEGER NOT NULL REFERENCES mentor(id),
  service_field_id  INTEGER NOT NULL REFERENCES service_field(id),
  PRIMARY KEY (mentor_id, service_field_id)
);
CREATE TABLE course (
  id                          INTEGER PRIMARY KEY,
  base_id                     INTEGER NOT NULL REFERENCES training_base(id),
  code                        TEXT NOT NULL,
  title                       TEXT NOT NULL,
  category_id                 INTEGER NOT NULL REFERENCES course_category(id),
  credit_hours                REAL NOT NULL CHECK (credit_hours > 0),
  target_certificate_level    TEXT CHECK (target_certificate_level IN ('worker', 'assistant', 'social_worker', 'senior')),
  target_supervisor_level_id  INTEGER REFERENCES supervisor_level(id),
  default_capacity            INTEGER CHECK (default_capacity IS NULL OR default_capacity > 0),
  syllabus                    TEXT,
  status                      TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  created_at                  TEXT NOT NULL,
  updated_at                  TEXT NOT NULL,
  UNIQUE (base_id, code)
);
`;

// Seed 000 序言 names the fields social workers serve in; seed 002 the five training categories.
const SERVICE_FIELDS = ['社会福利', '社会救助', '扶贫济困', '慈善事业', '社区建设', '婚姻家庭', '精神卫生', '残障康复', '教育辅导', '就业援助', '职工帮扶', '犯罪预防', '禁毒戒毒', '矫治帮扶', '人口计生', '应急处置', '群众文化'];
const COURSE_CATEGORIES = ['社工知识普及培训', '考前公益培训', '社会工作师高级研修培训', '社会工作骨干人才培训', '社会工作行政能力培训', '督导实务培训'];

export const migration0008: Migration = {
  version: 8,
  name: 'training_bases',
  up(db) {
    db.exec(SQL);
    const field = db.prepare('INSERT INTO service_field (name, rank) VALUES (?, ?)');
    SERVICE_FIELDS.forEach((name, i) => field.run(name, i + 1));
    const category = db.prepare('INSERT INTO course_category (name, rank) VALUES (?, ?)');
    COURSE_CATEGORIES.forEach((name, i) => category.run(name, i + 1));
    for (const table of ['service_field', 'course_category', 'training_base', 'base_coordinator', 'room', 'mentor', 'mentor_specialty', 'course']) {
      installAuditTriggers(db, table);
    }
  },
};
