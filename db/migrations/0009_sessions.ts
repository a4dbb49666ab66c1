import type { Migration } from './types.ts';
import { installAuditTriggers } from '../audit.ts';

/**
 * Sessions (班期) of courses, their mentors, enrolments with waitlist and attendance, and the
 * training-hour ledger (培训学时记录).
 *
 * Session times are the base's wall-clock time (China has one zone and no daylight saving),
 * stored as `YYYY-MM-DDTHH:MM`, so that text comparison orders them and an overlap is
 * `a.starts_at < b.ends_at AND b.starts_at < a.ends_at` (touching intervals do not overlap).
 *
 * The waitlist is ordered by `queue_no`, a per-session counter that a re-enrolment takes anew
 * (timestamps can tie).
 *
 * The ledger is append-only: a correction of attendance adds a row with the difference and
 * the reason, so the sum per person is always right and the history stays visible.
 */
const SQL = `
CREATE TABLE training_session (
  id             INTEGER PRIMARY KEY,
  course_id      INTEGER NOT NULL REFERENCES course(id),
  base_id        INTEGER NOT NULL REFERENCES training_base(id),
  room_id        INTEGER REFERENCES room(id),
  starts_at      TEXT NOT NULL,
  ends_at        TEXT NOT NULL,
  capacity       INTEGER NOT NULL CHECK (capacity > 0),
  unified        INTEGER NOT NULL DEFAULT 0 CHECK (unified IN (0, 1)),
  status         TEXT NOT NULL CHECK (status IN ('planned', 'open', 'closed', 'completed', 'cancelled')),
  cancel_reason  TEXT,
  note           TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX training_session_starts ON training_session(starts_at);
CREATE INDEX training_session_base ON training_session(base_id, starts_at);
CREATE INDEX training_session_room ON training_session(room_id, starts_at);
CREATE INDEX training_session_course ON training_session(course_id);

CREATE TABLE session_mentor (
  session_id  INTEGER NOT NULL REFERENCES training_session(id),
  mentor_id   INTEGER NOT NULL REFERENCES mentor(id),
  person_id   INTEGER NOT NULL REFERENCES person(id),
  role        TEXT NOT NULL CHECK (role IN ('lead', 'assistant')),
  PRIMARY KEY (session_id, person_id)
);
CREATE INDEX session_mentor_person ON session_mentor(person_id);

CREATE TABLE enrolment (
  id              INTEGER PRIMARY KEY,
  session_id      INTEGER NOT NULL REFERENCES training_session(id),
  person_id       INTEGER NOT NULL REFERENCES person(id),
  status          TEXT NOT NULL CHECK (status IN ('enrolled', 'waitlisted', 'withdrawn', 'completed', 'no_show', 'excused')),
  attendance      TEXT CHECK (attendance IN ('full', 'partial', 'absent', 'excused')),
  attended_hours  REAL CHECK (attended_hours IS NULL OR attended_hours >= 0),
  queue_no        INTEGER NOT NULL,
  queued_at       TEXT NOT NULL,
  withdrawn_at    TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (session_id, person_id)
);
CREATE INDEX enrolment_person ON enrolment(person_id);
CREATE INDEX enrolment_session_status ON enrolment(session_id, status, queue_no);

CREATE TABLE training_record (
  id             INTEGER PRIMARY KEY,
  person_id      INTEGER NOT NULL REFERENCES person(id),
  category_id    INTEGER NOT NULL REFERENCES course_category(id),
  hours          REAL NOT NULL,
  earned_on      TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('session', 'correction', 'external')),
  session_id     INTEGER REFERENCES training_session(id),
  enrolment_id   INTEGER REFERENCES enrolment(id),
  note           TEXT,
  recorded_at    TEXT NOT NULL,
  CHECK (kind = 'correction' OR hours > 0),
  CHECK (kind = 'external' OR enrolment_id IS NOT NULL)
);
CREATE INDEX training_record_person ON training_record(person_id, earned_on);
CREATE INDEX training_record_enrolment ON training_record(enrolment_id);
`;

export const migration0009: Migration = {
  version: 9,
  name: 'sessions',
  up(db) {
    db.exec(SQL);
    for (const table of ['training_session', 'session_mentor', 'enrolment', 'training_record']) installAuditTriggers(db, table);
  },
};
