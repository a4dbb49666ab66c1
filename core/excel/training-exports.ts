/**
 * Exports of the training side: the session list as shown, and enrolments (a session's roster, or
 * every enrolment of a period: up to a million rows, streamed, continuing on further sheets).
 */
import type { Context } from '../contract.ts';
import type { JobHandle } from '../jobs.ts';
import { listSessions, type SessionQuery } from '../../db/repos/sessions.ts';
import { listBases } from '../../db/repos/bases.ts';
import { rankingOf } from '../../db/repos/evaluations.ts';
import { RANKING_COLUMNS, rankingCells } from './evaluation-columns.ts';

import { countEnrolmentsForExport, iterateEnrolmentsForExport, type EnrolmentExportFilter } from '../../db/repos/enrolments.ts';
import type { ListParams } from '../../db/paging.ts';
import { formatTimeRange } from '../dates.ts';
import { Attendance, EnrolmentStatus, SessionStatus } from '../../domain/index.ts';
import { streamedExport } from './streamed-export.ts';
import { exportList } from './list-export.ts';
import { AccreditationStatus, BaseGrade } from '../../domain/vocabulary.ts';

// The vocabulary's Chinese labels, defined once in domain/.
const STATUS = SessionStatus.zh;
const ENROLMENT = EnrolmentStatus.zh;
const ATTENDANCE = Attendance.zh;

/** The 基地 list as shown (search, 认定即将到期, sort; a coordinator's own bases only). */
export function exportBases(
  ctx: Context,
  query: ListParams & { search?: string | undefined; onlyIds: number[] | null; accreditedThrough?: string | undefined },
  job: JobHandle,
) {
  return exportList(
    ctx,
    {
      sheet: '实训基地',
      columns: [
        { header: '基地名称', kind: 'text', width: 28 },
        { header: '依托机构', kind: 'text', width: 28 },
        { header: '所在区划', kind: 'text', width: 12 },
        { header: '等级', kind: 'text', width: 10 },
        { header: '认定状态', kind: 'text', width: 10 },
        { header: '认定有效期至', kind: 'date', width: 14 },
        { header: '地址', kind: 'text', width: 30 },
        { header: '可容纳人数', kind: 'number' },
        { header: '教室', kind: 'number' },
        { header: '在岗导师', kind: 'number' },
        { header: '在用课程', kind: 'number' },
      ],
      page: (db, page, pageSize) => listBases(db, { ...query, page, pageSize }),
      cells: (b) => [
        b.name,
        b.organizationName,
        b.regionName,
        BaseGrade.label(b.grade),
        AccreditationStatus.label(b.accreditationStatus),
        b.accreditedUntil,
        b.address,
        b.capacity,
        b.rooms,
        b.mentors,
        b.courses,
      ],
    },
    job,
    `实训基地_${ctx.clock.today()}.xlsx`,
  );
}

/** A year's 基地评估 ranking as the page shows it (a coordinator's own bases only). */
export function exportRanking(ctx: Context, year: number, baseIds: number[] | null, job: JobHandle, status?: string) {
  return streamedExport(
    ctx,
    {
      sheet: `${year}年基地评估`,
      columns: RANKING_COLUMNS,
      fileName: `基地评估排名_${year}年.xlsx`,
      read: (db) => {
        const rows = rankingOf(db, year, baseIds, status);
        return { total: rows.length, rows };
      },
      cells: rankingCells,
    },
    job,
  );
}

export function exportSessions(ctx: Context, query: ListParams & SessionQuery, job: JobHandle) {
  return exportList(
    ctx,
    {
      sheet: '班期',
      columns: [
        { header: '时间', kind: 'text', width: 30 },
        { header: '课程编号', kind: 'text', width: 12 },
        { header: '课程名称', kind: 'text', width: 24 },
        { header: '课程类别', kind: 'text', width: 22 },
        { header: '学时', kind: 'number' },
        { header: '基地', kind: 'text', width: 28 },
        { header: '教室', kind: 'text', width: 14 },
        { header: '导师', kind: 'text', width: 20 },
        { header: '人数上限', kind: 'number' },
        { header: '已报名', kind: 'number' },
        { header: '候补', kind: 'number' },
        { header: '统一培训', kind: 'text' },
        { header: '状态', kind: 'text' },
      ],
      page: (db, page, pageSize) => listSessions(db, { ...query, page, pageSize }),
      cells: (s) => [
        formatTimeRange(s.startsAt, s.endsAt),
        s.courseCode,
        s.courseTitle,
        s.categoryName,
        s.creditHours,
        s.baseName,
        s.roomName,
        s.mentors.map((m) => m.name).join('、'),
        s.capacity,
        s.enrolledCount,
        s.waitlistedCount,
        s.unified ? '是' : '',
        STATUS[s.status],
      ],
    },
    job,
    `班期_${ctx.clock.today()}.xlsx`,
  );
}

export function exportEnrolments(ctx: Context, filter: EnrolmentExportFilter, title: string, job: JobHandle) {
  return streamedExport(
    ctx,
    {
      sheet: '报名名单',
      columns: [
        { header: '班期时间', kind: 'text', width: 30 },
        { header: '课程编号', kind: 'text', width: 12 },
        { header: '课程名称', kind: 'text', width: 24 },
        { header: '基地', kind: 'text', width: 28 },
        { header: '姓名', kind: 'text', width: 10 },
        { header: '身份证号', kind: 'code', width: 22 },
        { header: '手机号码', kind: 'code', width: 14 },
        { header: '所在机构', kind: 'text', width: 26 },
        { header: '报名状态', kind: 'text' },
        { header: '候补序号', kind: 'number' },
        { header: '出勤情况', kind: 'text' },
        { header: '出勤学时', kind: 'number' },
        { header: '计入学时', kind: 'number' },
      ],
      fileName: `${title}_${ctx.clock.today()}.xlsx`,
      read: (db) => ({ total: countEnrolmentsForExport(db, filter), rows: iterateEnrolmentsForExport(db, filter) }),
      cells: (e) => [
        formatTimeRange(e.startsAt, e.endsAt),
        e.courseCode,
        e.courseTitle,
        e.baseName,
        e.name,
        e.idNumber,
        e.phone,
        e.organizationName,
        ENROLMENT[e.status],
        e.waitlistPosition,
        e.attendance ? ATTENDANCE[e.attendance] : null,
        e.attendedHours,
        e.creditedHours,
      ],
    },
    job,
  );
}
