/**
 * Checks a database the way an auditor would: SQLite's own checks plus the domain's invariants.
 * Returns the problems found, in Chinese; an empty list means intact. Used after seeding and in tests.
 */
import type { Db } from '../db/engine/types.ts';
import { birthDateOf, idCardProblem, sexOf } from './idcard.ts';
import { enrolmentHoldsTimeSql, mentorAssignmentHoldsTimeSql } from '../domain/index.ts';

export function integrityProblems(db: Db, today: string): string[] {
  const problems: string[] = [];
  // SQLite's own checks. PostgreSQL enforces every foreign key at all times and checks its pages itself (checksums, amcheck).
  if (db.engine === 'sqlite') {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`SQLite 完整性检查失败：${String(integrity)}`);
    const foreignKeys = db.pragma('foreign_key_check') as unknown[];
    if (foreignKeys.length) problems.push(`有 ${foreignKeys.length} 条记录引用了不存在的数据`);
  }

  const people = db.prepare('SELECT id, id_number AS idNumber, sex, birth_date AS birthDate FROM person').iterate() as Iterable<{
    id: number;
    idNumber: string;
    sex: string;
    birthDate: string;
  }>;
  for (const p of people) {
    const problem = idCardProblem(p.idNumber, today);
    if (problem) problems.push(`人员 ${p.id} 的身份证号无效（${problem}）`);
    else if (sexOf(p.idNumber) !== p.sex || birthDateOf(p.idNumber) !== p.birthDate) problems.push(`人员 ${p.id} 的性别或出生日期与身份证号不符`);
    if (problems.length > 50) return problems;
  }
  const checks: [string, string][] = [
    ['SELECT count(*) FROM supervisor WHERE valid_until < appointed_on', '督导的有效期早于聘任日期'],
    [
      "SELECT count(*) FROM supervisor s WHERE NOT EXISTS (SELECT 1 FROM supervisor_event e WHERE e.supervisor_id = s.id AND e.kind = 'appointed')",
      '督导缺少聘任记录',
    ],
    ['SELECT count(*) FROM certificate WHERE registration_valid_until IS NOT NULL AND registration_valid_until <= issued_on', '证书登记有效期早于发证日期'],
    [`SELECT count(*) FROM certificate WHERE issued_on > '${today}'`, '证书发证日期晚于今天'],
    ["SELECT count(*) FROM region WHERE level = 'town' AND parent_id IS NULL", '镇区·街道缺少上级区划'],
    ['SELECT count(*) FROM (SELECT number FROM certificate GROUP BY number HAVING count(*) > 1) AS duplicated', '证书编号重复'],
    // The scheduling rules (core/training/scheduling.ts), checked over the whole database.
    [
      `SELECT count(*) FROM training_session a JOIN training_session b ON b.room_id = a.room_id AND b.id > a.id
        AND b.starts_at < a.ends_at AND b.ends_at > a.starts_at WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'`,
      '教室在同一时段被两个班期占用',
    ],
    [
      `SELECT count(*) FROM session_mentor x JOIN session_mentor y ON y.person_id = x.person_id AND y.session_id > x.session_id
        JOIN training_session a ON a.id = x.session_id JOIN training_session b ON b.id = y.session_id
        WHERE b.starts_at < a.ends_at AND b.ends_at > a.starts_at AND a.status <> 'cancelled' AND b.status <> 'cancelled'`,
      '导师同一时段在两个班期授课',
    ],
    // A person's time is held by mentor assignments and enrolments alike (domain/rules/time-holding.ts).
    // Sorted by start, a person's session overlaps an earlier one exactly when it starts before the latest end so far.
    [
      `SELECT count(*) FROM (SELECT h.startsAt,
          max(h.endsAt) OVER (PARTITION BY h.personId ORDER BY h.startsAt, h.kind, h.rowId ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS endsBefore
        FROM (SELECT e.person_id AS personId, s.starts_at AS startsAt, s.ends_at AS endsAt, 1 AS kind, e.id AS rowId
                FROM enrolment e JOIN training_session s ON s.id = e.session_id WHERE ${enrolmentHoldsTimeSql('e', 's')}
              UNION ALL
              SELECT sm.person_id, s.starts_at, s.ends_at, 0, sm.rowid
                FROM session_mentor sm JOIN training_session s ON s.id = sm.session_id WHERE ${mentorAssignmentHoldsTimeSql('s')}) h)
        AS held WHERE startsAt < endsBefore`,
      '同一人在同一时段参加或讲授两个班期',
    ],
    // A supervisor's supervision records hold their person's time too (issue 22): none overlaps another of theirs or a session they teach or hold a seat in.
    [
      `SELECT count(*) FROM supervision_record r JOIN supervisor sv ON sv.id = r.supervisor_id WHERE
          EXISTS (SELECT 1 FROM supervision_record r2 WHERE r2.supervisor_id = r.supervisor_id AND r2.id > r.id AND r2.starts_at < r.ends_at AND r2.ends_at > r.starts_at)
          OR EXISTS (SELECT 1 FROM session_mentor sm JOIN training_session s ON s.id = sm.session_id
                      WHERE sm.person_id = sv.person_id AND ${mentorAssignmentHoldsTimeSql('s')} AND s.starts_at < r.ends_at AND s.ends_at > r.starts_at)
          OR EXISTS (SELECT 1 FROM enrolment e JOIN training_session s ON s.id = e.session_id
                      WHERE e.person_id = sv.person_id AND ${enrolmentHoldsTimeSql('e', 's')} AND s.starts_at < r.ends_at AND s.ends_at > r.starts_at)`,
      '督导在同一时段有两次督导，或督导与其讲授、参加的班期时间重叠',
    ],
    ['SELECT count(*) FROM training_session s WHERE s.capacity > (SELECT seats FROM room r WHERE r.id = s.room_id)', '班期人数上限超过教室座位数'],
    [
      `SELECT count(*) FROM (SELECT e.id FROM enrolment e JOIN training_record t ON t.enrolment_id = e.id GROUP BY e.id HAVING sum(t.hours) <> coalesce(e.attended_hours, 0)) AS differing`,
      '培训学时记录与考勤不一致',
    ],
  ];
  for (const [sql, message] of checks) {
    const n = db.prepare(sql).pluck().get() as number;
    if (n > 0) problems.push(`${message}：${n} 条`);
  }
  return problems;
}
