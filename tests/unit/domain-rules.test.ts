/**
 * Each rule of domain/ that holds in TypeScript and in SQL is run both ways over the same cases:
 * the predicate in JS, the SQL fragment in a real SQLite over rows holding the same facts. They
 * must agree on every case (fast-check generates them; the vocabularies are small enough to be
 * covered whole as well).
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  allowedTargets,
  Attendance,
  attendanceOutcome,
  attendanceStarted,
  defineEnum,
  enrolmentHoldsTime,
  enrolmentHoldsTimeSql,
  EnrolmentStatus,
  hoursCount,
  hoursCountSql,
  mentorAssignmentHoldsTime,
  mentorAssignmentHoldsTimeSql,
  notCountedReason,
  overlaps,
  overlapsSql,
  relationshipCurrentOn,
  relationshipCurrentOnSql,
  supervisionDurationText,
  supervisionMinutes,
  sessionAwaitsAttendance,
  sessionAwaitsAttendanceSql,
  sessionOpenForEnrolment,
  sessionOpenForEnrolmentSql,
  SessionStatus,
  SupervisorStatus,
  TrainingRecordKind,
  transitionEvent,
  type CountingRule,
  AccreditationStatus,
  AuditAction,
  BaseGrade,
  CertificateLevel,
  CourseStatus,
  Education,
  EvaluationGrade,
  EvaluationStatus,
  MentorStatus,
  OrganizationKind,
  RecertCycleStatus,
  RecertOutcome,
  RegionLevel,
  Role,
  Sex,
  type DomainEnum,
} from '../../domain/index.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { tempDir } from '../support/core.ts';
import fs from 'node:fs';
import path from 'node:path';

const db = new Database(':memory:');
afterAll(() => db.close());
db.exec(`
  CREATE TABLE s (id INTEGER PRIMARY KEY, status TEXT NOT NULL, starts_at TEXT, ends_at TEXT);
  CREATE TABLE e (id INTEGER PRIMARY KEY, status TEXT NOT NULL);
  CREATE TABLE t (id INTEGER PRIMARY KEY, category_id INTEGER NOT NULL, kind TEXT NOT NULL, verified_at TEXT);
`);

/** Evaluates a boolean SQL fragment over one row of each table, filled with the case's facts. */
function sqlSays(fragment: string, rows: { s?: Record<string, unknown>; e?: Record<string, unknown>; t?: Record<string, unknown> }): boolean {
  db.exec('DELETE FROM s; DELETE FROM e; DELETE FROM t;');
  for (const [table, row] of Object.entries(rows)) {
    const columns = Object.keys(row);
    db.prepare(`INSERT INTO ${table} (id, ${columns.join(', ')}) VALUES (1, ${columns.map((c) => `@${c}`).join(', ')})`).run(row);
  }
  const from = Object.keys(rows).join(', ');
  return db.prepare(`SELECT count(*) FROM ${from} WHERE ${fragment}`).pluck().get() === 1;
}

const sessionStatus = fc.constantFrom(...SessionStatus.values);
const dateTime = fc.integer({ min: 0, max: 48 * 4 }).map((q) => {
  const day = 1 + Math.floor(q / 96);
  const minutes = (q % 96) * 15;
  return `2026-12-0${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
});

describe('the domain layer', () => {
  it('is a leaf: its files import only each other (no core, no db, nothing from node_modules)', () => {
    const files = fs.readdirSync('domain', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = fs.readFileSync(path.join('domain', file), 'utf8');
      for (const [, from] of source.matchAll(/\bfrom '([^']+)'/g)) {
        const resolved = path.normalize(path.join('domain', path.dirname(file), from!));
        expect(from!.startsWith('.') && resolved.startsWith('domain'), `${file} imports ${from}`).toBe(true);
      }
    }
  });
});

describe('defineEnum', () => {
  it('derives values, labels, order, SQL lists and CHECKs from one definition, and refuses what SQL could not quote safely', () => {
    const Colour = defineEnum([
      { value: 'red', zh: '红', en: 'Red' },
      { value: 'dark_blue', zh: '深蓝', en: 'Dark blue' },
    ]);
    expect(Colour.values).toEqual(['red', 'dark_blue']);
    expect(Colour.zh.dark_blue).toBe('深蓝');
    expect(Colour.en.red).toBe('Red');
    expect(Colour.order('dark_blue')).toBe(1);
    expect(Colour.has('red')).toBe(true);
    expect(Colour.has('green')).toBe(false);
    expect(Colour.sqlList(['dark_blue'])).toBe("'dark_blue'");
    expect(Colour.check('colour')).toBe("colour IN ('red', 'dark_blue')");
    expect(() => Colour.sqlList(['green' as never])).toThrow(/not one of/);
    expect(() => defineEnum([{ value: "x'; DROP TABLE s; --", zh: '', en: '' }])).toThrow(/identifier/);
    expect(() =>
      defineEnum([
        { value: 'a', zh: '', en: '' },
        { value: 'a', zh: '', en: '' },
      ]),
    ).toThrow(/repeat/);
  });

  it('the database accepts exactly the vocabulary: each CHECK constraint equals the domain list', async () => {
    const file = path.join(tempDir(), 'data.sqlite3');
    const real = openDatabase(file);
    try {
      await migrate(real, { migrations: MIGRATIONS });
      const tableSql = (name: string) => real.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(name) as string;
      expect(tableSql('enrolment')).toContain(`CHECK (${EnrolmentStatus.check('status')})`);
      expect(tableSql('enrolment')).toContain(`CHECK (${Attendance.check('attendance')})`);
      expect(tableSql('training_session')).toContain(`CHECK (${SessionStatus.check('status')})`);
      expect(tableSql('training_record')).toContain(`CHECK (${TrainingRecordKind.check('kind')})`);
      expect(tableSql('supervisor').replace(/\s+/g, ' ')).toContain(SupervisorStatus.check('status'));
      // The vocabularies moved into domain/ later: each CHECK list still says exactly what domain/ defines.
      const checks: [string, string, DomainEnum<string>][] = [
        ['region', 'level', RegionLevel],
        ['organization', 'kind', OrganizationKind],
        ['person', 'sex', Sex],
        ['person', 'education', Education],
        ['certificate', 'level', CertificateLevel],
        ['supervisor_level', 'min_certificate_level', CertificateLevel],
        ['app_user', 'role', Role],
        ['training_base', 'grade', BaseGrade],
        ['training_base', 'accreditation_status', AccreditationStatus],
        ['mentor', 'status', MentorStatus],
        ['course', 'status', CourseStatus],
        ['course', 'target_certificate_level', CertificateLevel],
        ['recert_cycle', 'status', RecertCycleStatus],
        ['recert_review', 'proposal', RecertOutcome],
        ['recert_review', 'decision', RecertOutcome],
        ['base_evaluation', 'status', EvaluationStatus],
        ['base_evaluation', 'grade', EvaluationGrade],
        ['audit_log', 'action', AuditAction],
      ];
      for (const [table, column, vocabulary] of checks) expect(tableSql(table).replace(/\s+/g, ' '), `${table}.${column}`).toContain(vocabulary.check(column));
    } finally {
      real.close();
    }
  });
});

describe('rules: the predicate and the SQL fragment agree on every case', () => {
  it("a session holds its mentors' time unless cancelled", () => {
    for (const status of SessionStatus.values)
      expect(sqlSays(mentorAssignmentHoldsTimeSql('s'), { s: { status } }), status).toBe(mentorAssignmentHoldsTime({ status }));
  });

  it("an enrolment holds its trainee's time: a seat held or used in a live session; never a waitlist place", () => {
    for (const es of EnrolmentStatus.values) {
      for (const ss of SessionStatus.values) {
        expect(sqlSays(enrolmentHoldsTimeSql('e', 's'), { e: { status: es }, s: { status: ss } }), `${es} in ${ss}`).toBe(
          enrolmentHoldsTime({ status: es }, { status: ss }),
        );
      }
    }
    expect(enrolmentHoldsTime({ status: 'waitlisted' }, { status: 'open' })).toBe(false);
    expect(enrolmentHoldsTime({ status: 'not_admitted' }, { status: 'completed' })).toBe(false);
    expect(enrolmentHoldsTime({ status: 'enrolled' }, { status: 'open' })).toBe(true);
    expect(enrolmentHoldsTime({ status: 'enrolled' }, { status: 'cancelled' })).toBe(false);
  });

  it('two intervals overlap unless they merely touch (generated)', () => {
    fc.assert(
      fc.property(dateTime, dateTime, dateTime, dateTime, (a1, a2, b1, b2) => {
        const [aStart, aEnd] = a1 < a2 ? [a1, a2] : [a2, a1];
        const [bStart, bEnd] = b1 < b2 ? [b1, b2] : [b2, b1];
        const ts = overlaps({ startsAt: aStart, endsAt: aEnd }, { startsAt: bStart, endsAt: bEnd });
        const sql = sqlSays(overlapsSql('s', '@bStart', '@bEnd').replace('@bStart', `'${bStart}'`).replace('@bEnd', `'${bEnd}'`), {
          s: { status: 'open', starts_at: aStart, ends_at: aEnd },
        });
        return ts === sql;
      }),
      { numRuns: 300 },
    );
    expect(overlaps({ startsAt: '2026-12-01T10:00', endsAt: '2026-12-01T12:00' }, { startsAt: '2026-12-01T12:00', endsAt: '2026-12-01T14:00' })).toBe(false);
  });

  it('a supervision relationship is current on a date from its start through its end, or open-ended (generated)', () => {
    db.exec('CREATE TABLE IF NOT EXISTS r (id INTEGER PRIMARY KEY, starts_on TEXT NOT NULL, ends_on TEXT)');
    const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-02-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(day, fc.option(day, { nil: null }), day, (startsOn, end, date) => {
        const endsOn = end !== null && end < startsOn ? startsOn : end;
        db.exec('DELETE FROM r');
        db.prepare('INSERT INTO r (id, starts_on, ends_on) VALUES (1, ?, ?)').run(startsOn, endsOn);
        const sql =
          db
            .prepare(`SELECT count(*) FROM r WHERE ${relationshipCurrentOnSql('r', '@date')}`)
            .pluck()
            .get({ date }) === 1;
        return sql === relationshipCurrentOn({ startsOn, endsOn }, date);
      }),
      { numRuns: 300 },
    );
    expect(relationshipCurrentOn({ startsOn: '2026-01-01', endsOn: '2026-06-30' }, '2026-06-30')).toBe(true);
    expect(relationshipCurrentOn({ startsOn: '2026-01-01', endsOn: '2026-06-30' }, '2026-07-01')).toBe(false);
  });

  it('a session is open for enrolment while planned or open', () => {
    for (const status of SessionStatus.values)
      expect(sqlSays(sessionOpenForEnrolmentSql('s'), { s: { status } }), status).toBe(sessionOpenForEnrolment({ status }));
    expect(SessionStatus.values.filter((status) => sessionOpenForEnrolment({ status }))).toEqual(['planned', 'open']);
  });

  it('a session awaits attendance (考勤待办) once started, until completed or cancelled (generated)', () => {
    fc.assert(
      fc.property(sessionStatus, dateTime, dateTime, (status, startsAt, now) => {
        const sql = sqlSays(sessionAwaitsAttendanceSql('s', `'${now}'`), { s: { status, starts_at: startsAt, ends_at: startsAt } });
        return sql === sessionAwaitsAttendance({ status, startsAt }, now);
      }),
      { numRuns: 300 },
    );
  });

  it('hours count toward a period by category and, where the rules say so, only verified external training (generated)', () => {
    const rule = fc.record({ categoryIds: fc.uniqueArray(fc.integer({ min: 1, max: 8 }), { maxLength: 8 }), verifiedExternalOnly: fc.boolean() });
    const entry = fc.record({ categoryId: fc.integer({ min: 1, max: 8 }), kind: fc.constantFrom(...TrainingRecordKind.values), verified: fc.boolean() });
    fc.assert(
      fc.property(rule, entry, (r: CountingRule, x) => {
        const sql = sqlSays(hoursCountSql(r, 't'), { t: { category_id: x.categoryId, kind: x.kind, verified_at: x.verified ? '2026-01-01T00:00:00Z' : null } });
        return sql === hoursCount(x, r);
      }),
      { numRuns: 500 },
    );
    const rules: CountingRule = { categoryIds: [1], verifiedExternalOnly: true };
    expect(notCountedReason({ categoryId: 2, kind: 'external', verified: false }, rules)).toEqual({ code: 'category', categoryId: 2 });
    expect(notCountedReason({ categoryId: 1, kind: 'external', verified: false }, rules)).toEqual({ code: 'unverified' });
    expect(notCountedReason({ categoryId: 1, kind: 'session', verified: false }, rules)).toBeNull();
    expect(hoursCountSql({ categoryIds: [], verifiedExternalOnly: false })).toBe('t.category_id IN (NULL)');
  });
});

describe('rules in TypeScript only', () => {
  it('attendance gives a status and hours; partial hours are required and never above the course', () => {
    expect(attendanceOutcome({ attendance: 'full' }, 3)).toEqual({ status: 'completed', hours: 3 });
    expect(attendanceOutcome({ attendance: 'partial', hours: 1.5 }, 3)).toEqual({ status: 'completed', hours: 1.5 });
    expect(attendanceOutcome({ attendance: 'partial', hours: null }, 3)).toEqual({ problem: 'hours_missing' });
    expect(attendanceOutcome({ attendance: 'partial', hours: 4 }, 3)).toEqual({ problem: 'hours_exceed' });
    expect(attendanceOutcome({ attendance: 'absent', hours: 2 }, 3)).toEqual({ status: 'no_show', hours: 0 });
    expect(attendanceOutcome({ attendance: 'excused' }, 3)).toEqual({ status: 'excused', hours: 0 });
  });

  it("a supervision record's minutes come from its wall-clock times (stored like a session's), and read as hours and minutes", () => {
    expect(supervisionMinutes('2026-11-05T09:00', '2026-11-05T11:30')).toBe(150);
    expect(supervisionMinutes('2026-11-05T23:30', '2026-11-06T00:15')).toBe(45);
    expect(supervisionMinutes('2026-11-05T01:00:00.000Z', '2026-11-05T02:00:00.000Z')).toBe(60);
    expect([45, 60, 150].map(supervisionDurationText)).toEqual(['45 分钟', '1 小时', '2 小时 30 分']);
  });

  it('attendance can be recorded from the start date-time on, not from the start date', () => {
    const session = { startsAt: '2026-11-24T18:00' };
    expect(attendanceStarted(session, '2026-11-24T16:00')).toBe(false);
    expect(attendanceStarted(session, '2026-11-24T18:00')).toBe(true);
    expect(attendanceStarted(session, '2026-11-25T08:00')).toBe(true);
  });

  it('supervisor status changes: the allowed targets are exactly those with an event', () => {
    for (const from of SupervisorStatus.values) {
      expect(allowedTargets(from)).toEqual(SupervisorStatus.values.filter((to) => transitionEvent(from, to) !== undefined));
      expect(allowedTargets(from)).not.toContain(from);
    }
    expect(allowedTargets('revoked')).toEqual([]);
    expect(allowedTargets('suspended')).toEqual(['active', 'revoked']);
  });
});
