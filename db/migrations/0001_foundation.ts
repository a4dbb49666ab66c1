import type { Migration } from './types.ts';

// Dates are ISO text (YYYY-MM-DD); instants are ISO UTC timestamps. Enumerations are stored
// as stable English codes and shown in Chinese by the UI and the Excel layer.
const SQL = `
CREATE TABLE region (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  level       TEXT NOT NULL CHECK (level IN ('city', 'district', 'town')),
  parent_id   INTEGER REFERENCES region(id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX region_parent ON region(parent_id);

CREATE TABLE organization (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL CHECK (kind IN ('social_work_agency', 'public_institution', 'community', 'mass_organization', 'other')),
  credit_code   TEXT UNIQUE,
  region_id     INTEGER REFERENCES region(id),
  address       TEXT,
  contact_name  TEXT,
  contact_phone TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX organization_region ON organization(region_id);

CREATE TABLE person (
  id              INTEGER PRIMARY KEY,
  id_number       TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  sex             TEXT NOT NULL CHECK (sex IN ('M', 'F')),
  birth_date      TEXT NOT NULL,
  phone           TEXT,
  email           TEXT,
  education       TEXT CHECK (education IN ('secondary', 'vocational', 'associate', 'bachelor', 'master', 'doctorate')),
  major           TEXT,
  organization_id INTEGER REFERENCES organization(id),
  region_id       INTEGER REFERENCES region(id),
  practice_start  TEXT,
  job_grade       TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX person_name ON person(name);
CREATE INDEX person_organization ON person(organization_id);
CREATE INDEX person_region ON person(region_id);

CREATE TABLE certificate (
  id                       INTEGER PRIMARY KEY,
  person_id                INTEGER NOT NULL REFERENCES person(id),
  level                    TEXT NOT NULL CHECK (level IN ('worker', 'assistant', 'social_worker', 'senior')),
  number                   TEXT NOT NULL UNIQUE,
  issued_on                TEXT NOT NULL,
  registration_valid_until TEXT,
  created_at               TEXT NOT NULL,
  updated_at               TEXT NOT NULL
);
CREATE INDEX certificate_person ON certificate(person_id);

CREATE TABLE supervisor_level (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  rank        INTEGER NOT NULL UNIQUE,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE supervisor (
  id            INTEGER PRIMARY KEY,
  person_id     INTEGER NOT NULL UNIQUE REFERENCES person(id),
  level_id      INTEGER NOT NULL REFERENCES supervisor_level(id),
  region_id     INTEGER NOT NULL REFERENCES region(id),
  appointed_on  TEXT NOT NULL,
  valid_until   TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'expired', 'revoked')),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  CHECK (valid_until >= appointed_on)
);
CREATE INDEX supervisor_level_idx ON supervisor(level_id);
CREATE INDEX supervisor_region ON supervisor(region_id);
CREATE INDEX supervisor_status ON supervisor(status);

-- Every change to an appointment is an event; the supervisor row is the latest state.
CREATE TABLE supervisor_event (
  id             INTEGER PRIMARY KEY,
  supervisor_id  INTEGER NOT NULL REFERENCES supervisor(id),
  kind           TEXT NOT NULL,
  effective_on   TEXT NOT NULL,
  level_id       INTEGER REFERENCES supervisor_level(id),
  status         TEXT,
  valid_until    TEXT,
  reason         TEXT,
  actor_name     TEXT NOT NULL,
  recorded_at    TEXT NOT NULL
);
CREATE INDEX supervisor_event_supervisor ON supervisor_event(supervisor_id, id);
`;

const DEFAULT_LEVELS = ['见习督导', '初级督导', '中级督导', '高级督导'];

export const migration0001: Migration = {
  version: 1,
  name: 'foundation',
  up(db) {
    db.exec(SQL);
    const now = new Date().toISOString();
    const insert = db.prepare('INSERT INTO supervisor_level (name, rank, created_at, updated_at) VALUES (?, ?, ?, ?)');
    DEFAULT_LEVELS.forEach((name, i) => insert.run(name, i + 1, now, now));
  },
};
