/**
 * Checks a database the way an auditor would: SQLite's own checks plus the domain's invariants.
 * Returns the problems found, in Chinese; an empty list means intact. Used after seeding and in tests.
 */
import type Database from 'better-sqlite3';
import { birthDateOf, idCardProblem, sexOf } from './idcard.ts';

export function integrityProblems(db: Database.Database, today: string): string[] {
  const problems: string[] = [];
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`SQLite 完整性检查失败：${String(integrity)}`);
  const foreignKeys = db.pragma('foreign_key_check') as unknown[];
  if (foreignKeys.length) problems.push(`有 ${foreignKeys.length} 条记录引用了不存在的数据`);

  const people = db.prepare('SELECT id, id_number AS idNumber, sex, birth_date AS birthDate FROM person').iterate() as Iterable<{ id: number; idNumber: string; sex: string; birthDate: string }>;
  for (const p of people) {
    const problem = idCardProblem(p.idNumber, today);
    if (problem) problems.push(`人员 ${p.id} 的身份证号无效（${problem}）`);
    else if (sexOf(p.idNumber) !== p.sex || birthDateOf(p.idNumber) !== p.birthDate) problems.push(`人员 ${p.id} 的性别或出生日期与身份证号不符`);
    if (problems.length > 50) return problems;
  }
  const checks: [string, string][] = [
    ['SELECT count(*) FROM supervisor WHERE valid_until < appointed_on', '督导的有效期早于聘任日期'],
    ['SELECT count(*) FROM supervisor s WHERE NOT EXISTS (SELECT 1 FROM supervisor_event e WHERE e.supervisor_id = s.id AND e.kind = \'appointed\')', '督导缺少聘任记录'],
    ['SELECT count(*) FROM certificate WHERE registration_valid_until IS NOT NULL AND registration_valid_until <= issued_on', '证书登记有效期早于发证日期'],
    [`SELECT count(*) FROM certificate WHERE issued_on > '${today}'`, '证书发证日期晚于今天'],
    ["SELECT count(*) FROM region WHERE level = 'town' AND parent_id IS NULL", '镇区·街道缺少上级区划'],
    ['SELECT count(*) FROM (SELECT number FROM certificate GROUP BY number HAVING count(*) > 1)', '证书编号重复'],
  ];
  for (const [sql, message] of checks) {
    const n = db.prepare(sql).pluck().get() as number;
    if (n > 0) problems.push(`${message}：${n} 条`);
  }
  return problems;
}
