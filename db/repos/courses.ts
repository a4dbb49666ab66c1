import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import type { CertificateLevel, CourseStatus } from '../../domain/index.ts';

export interface CourseFields {
  baseId: number;
  code: string;
  title: string;
  categoryId: number;
  creditHours: number;
  targetCertificateLevel: CertificateLevel | null;
  targetSupervisorLevelId: number | null;
  defaultCapacity: number | null;
  syllabus: string | null;
  status: CourseStatus;
}

export interface CourseRow extends CourseFields {
  id: number;
  categoryName: string;
  targetSupervisorLevelName: string | null;
  version: number;
}

const SELECT = `
  SELECT c.id, c.base_id AS baseId, c.code, c.title, c.category_id AS categoryId, k.name AS categoryName, c.credit_hours AS creditHours,
         c.target_certificate_level AS targetCertificateLevel, c.target_supervisor_level_id AS targetSupervisorLevelId, l.name AS targetSupervisorLevelName,
         c.default_capacity AS defaultCapacity, c.syllabus, c.status, c.version
  FROM course c JOIN course_category k ON k.id = c.category_id LEFT JOIN supervisor_level l ON l.id = c.target_supervisor_level_id`;

export function coursesOfBase(db: Db, baseId: number): CourseRow[] {
  return prepared(db, `${SELECT} WHERE c.base_id = ? ORDER BY c.status, c.code`).all(baseId) as CourseRow[];
}

export function getCourse(db: Db, id: number): CourseRow | undefined {
  return prepared(db, `${SELECT} WHERE c.id = ?`).get(id) as CourseRow | undefined;
}

export function findCourseByCode(db: Db, baseId: number, code: string): { id: number } | undefined {
  return prepared(db, 'SELECT id FROM course WHERE base_id = ? AND code = ?').get(baseId, code) as { id: number } | undefined;
}

const COLUMNS =
  '(base_id, code, title, category_id, credit_hours, target_certificate_level, target_supervisor_level_id, default_capacity, syllabus, status, created_at, updated_at)';
const VALUES =
  '(@baseId, @code, @title, @categoryId, @creditHours, @targetCertificateLevel, @targetSupervisorLevelId, @defaultCapacity, @syllabus, @status, @now, @now)';

export function insertCourse(db: Db, f: CourseFields, now: string): number {
  return Number(prepared(db, `INSERT INTO course ${COLUMNS} VALUES ${VALUES}`).run({ ...f, now }).lastInsertRowid);
}

export function updateCourse(db: Db, id: number, f: Omit<CourseFields, 'baseId'>, now: string): void {
  prepared(
    db,
    `UPDATE course SET version = version + 1, code = @code, title = @title, category_id = @categoryId, credit_hours = @creditHours, target_certificate_level = @targetCertificateLevel,
    target_supervisor_level_id = @targetSupervisorLevelId, default_capacity = @defaultCapacity, syllabus = @syllabus, status = @status, updated_at = @now WHERE id = @id`,
  ).run({ ...f, now, id });
}
