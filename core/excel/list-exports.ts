/**
 * Exports of what a list shows (its search, filters and sort), every page, through the streaming
 * writer. Columns shared with the import are taken from the registry workbook's definition.
 */
import type { Context } from '../contract.ts';
import type { JobHandle } from '../jobs.ts';
import { listPeople, type PeopleFilter } from '../../db/repos/people.ts';
import { listSupervisors, type SupervisorFilter } from '../../db/repos/supervisors.ts';
import { listOrganizations } from '../../db/repos/organizations.ts';
import { listRegions } from '../../db/repos/regions.ts';
import { listRegistrationsEnding } from '../../db/repos/certificates.ts';
import { iterateAudit, listAudit, type AuditFilter } from '../../db/repos/audit.ts';
import { windowStart } from '../supervision/registration.ts';
import type { ListParams } from '../../db/paging.ts';
import { REGISTRY_COLUMNS, type RegistryField } from './registry-columns.ts';
import type { ColumnSpec } from './workbook.ts';
import { maskAuditEntry } from '../pii.ts';
import { streamedExport } from './streamed-export.ts';
import { exportList } from './list-export.ts';
import { formatInstant } from '../dates.ts';
import { coverageRows, levelsInUse, supervisionYearOf, townCoverage, withSupervision, type CoverageFilter } from '../supervision/coverage.ts';
import { coverageCells, coverageColumns } from './coverage-columns.ts';
import { AuditAction, CertificateLevel, OrganizationKind, RegionLevel, Sex, SupervisorStatus } from '../../domain/vocabulary.ts';
import { auditTableName } from '../../domain/audit-names.ts';
import { operationTitleIn } from '../audit-titles.ts';

const shared = (field: RegistryField): ColumnSpec => {
  const c = REGISTRY_COLUMNS.find((x) => x.field === field)!;
  return { header: c.header, kind: c.kind, ...(c.width ? { width: c.width } : {}) };
};

const stamp = (today: string) => today;

export function exportPeople(ctx: Context, query: ListParams & PeopleFilter, job: JobHandle) {
  return exportList(
    ctx,
    {
      sheet: '人员',
      columns: [
        shared('name'),
        shared('idNumber'),
        { header: '性别', kind: 'text' },
        { header: '出生日期', kind: 'date' },
        shared('phone'),
        shared('organization'),
        shared('region'),
        shared('practiceStart'),
        { header: '最高证书', kind: 'text' },
      ],
      page: (db, page, pageSize) => listPeople(db, { ...query, page, pageSize }),
      cells: (p) => [
        p.name,
        p.idNumber,
        Sex.zh[p.sex],
        p.birthDate,
        p.phone,
        p.organizationName,
        p.regionName,
        p.practiceStart,
        p.topCertificateLevel ? CertificateLevel.label(p.topCertificateLevel as CertificateLevel) : null,
      ],
    },
    job,
    `人员_${stamp(ctx.clock.today())}.xlsx`,
  );
}

export function exportSupervisors(ctx: Context, query: ListParams & SupervisorFilter, job: JobHandle) {
  return exportList(
    ctx,
    {
      sheet: '督导库',
      columns: [
        shared('name'),
        shared('idNumber'),
        shared('supervisorLevel'),
        shared('supervisorRegion'),
        shared('organization'),
        shared('appointedOn'),
        shared('validUntil'),
        { header: '状态', kind: 'text' },
        shared('phone'),
      ],
      page: (db, page, pageSize) => listSupervisors(db, { ...query, page, pageSize }),
      cells: (s) => [
        s.personName,
        s.idNumber,
        s.levelName,
        s.regionName,
        s.organizationName,
        s.appointedOn,
        s.validUntil,
        SupervisorStatus.label(s.status),
        s.phone,
      ],
    },
    job,
    `督导库_${stamp(ctx.clock.today())}.xlsx`,
  );
}

export function exportOrganizations(
  ctx: Context,
  query: ListParams & { search?: string | undefined; regionId?: number | undefined; kind?: string | undefined },
  job: JobHandle,
) {
  return exportList(
    ctx,
    {
      sheet: '机构',
      columns: [
        { header: '机构名称', kind: 'text' },
        { header: '机构类型', kind: 'text' },
        { header: '统一社会信用代码', kind: 'code', width: 22 },
        { header: '所在区划', kind: 'text' },
        { header: '地址', kind: 'text', width: 30 },
        { header: '联系人', kind: 'text' },
        { header: '联系电话', kind: 'code' },
        { header: '人员数', kind: 'number' },
      ],
      page: (db, page, pageSize) => listOrganizations(db, { ...query, page, pageSize }),
      cells: (o) => [o.name, OrganizationKind.label(o.kind), o.creditCode, o.regionName, o.address, o.contactName, o.contactPhone, o.peopleCount],
    },
    job,
    `机构_${stamp(ctx.clock.today())}.xlsx`,
  );
}

export function exportRegions(ctx: Context, query: ListParams & { search?: string | undefined }, job: JobHandle) {
  return exportList(
    ctx,
    {
      sheet: '行政区划',
      columns: [
        { header: '名称', kind: 'text' },
        { header: '区划代码', kind: 'code', width: 14 },
        { header: '层级', kind: 'text' },
        { header: '上级区划', kind: 'text' },
      ],
      page: (db, page, pageSize) => listRegions(db, { ...query, page, pageSize }),
      cells: (r) => [r.name, r.code, RegionLevel.label(r.level), r.parentName],
    },
    job,
    `行政区划_${stamp(ctx.clock.today())}.xlsx`,
  );
}

/** 镇区覆盖 as the page shows it (search, its filters; the levels in use; this year's supervision), short towns first. */
export function exportCoverage(ctx: Context, query: CoverageFilter, job: JobHandle) {
  // The columns from the levels in use now; a town's cells are looked up by level, so a level
  // added meanwhile cannot shift them.
  const levels = levelsInUse(ctx, townCoverage(ctx));
  const year = supervisionYearOf(ctx);
  return streamedExport(
    ctx,
    {
      sheet: '镇区覆盖',
      columns: coverageColumns(levels, year),
      fileName: `镇区覆盖_${stamp(ctx.clock.today())}.xlsx`,
      read: (db) => {
        const rows = coverageRows(withSupervision({ db }, townCoverage({ db }), year), query);
        return { total: rows.length, rows };
      },
      cells: coverageCells(levels),
    },
    job,
  );
}

export function exportRegistrationsDue(
  ctx: Context,
  query: ListParams & { from: string | null; through: string; regionId?: number | undefined; organizationId?: number | undefined },
  windowMonths: number,
  title: string,
  job: JobHandle,
) {
  return exportList(
    ctx,
    {
      sheet: title,
      columns: [
        shared('name'),
        shared('idNumber'),
        shared('certificateLevel'),
        shared('certificateNumber'),
        shared('registrationValidUntil'),
        { header: '再登记窗口开始', kind: 'date' },
        shared('region'),
        shared('organization'),
        shared('phone'),
      ],
      page: (db, page, pageSize) => listRegistrationsEnding(db, { ...query, page, pageSize }),
      cells: (c) => [
        c.personName,
        c.idNumber,
        CertificateLevel.label(c.level),
        c.number,
        c.registrationValidUntil,
        windowStart(c.registrationValidUntil, windowMonths),
        c.regionName,
        c.organizationName,
        c.phone,
      ],
    },
    job,
    `${title}_${stamp(ctx.clock.today())}.xlsx`,
  );
}

/** 操作日志 as filtered, oldest first: a province's log holds millions of entries (streamed, further sheets). */
export function exportAuditLog(ctx: Context, filter: AuditFilter, job: JobHandle) {
  const zone = ctx.clock.timeZone();
  const titleOf = operationTitleIn(ctx);
  return streamedExport(
    ctx,
    {
      sheet: '操作日志',
      columns: [
        { header: '序号', kind: 'number', width: 10 },
        { header: `时间（${zone}）`, kind: 'text', width: 21 },
        { header: '操作人', kind: 'text', width: 14 },
        { header: '操作', kind: 'text', width: 24 },
        { header: '数据类型', kind: 'text', width: 18 },
        { header: '记录号', kind: 'number', width: 10 },
        { header: '动作', kind: 'text', width: 8 },
        { header: '修改前', kind: 'text', width: 60 },
        { header: '修改后', kind: 'text', width: 60 },
        { header: '校验值', kind: 'code', width: 66 },
      ],
      fileName: `操作日志_${stamp(ctx.clock.today())}.xlsx`,
      read: (db) => ({ total: listAudit(db, { ...filter, page: 0, pageSize: 1, sortDir: 'asc' }).total, rows: iterateAudit(db, filter) }),
      mask: maskAuditEntry,
      cells: (r) => [
        r.id,
        formatInstant(r.at, zone, { seconds: true }),
        r.actorName,
        titleOf(r.operation),
        auditTableName(r.tableName),
        r.rowId,
        AuditAction.label(r.action),
        r.before ? JSON.stringify(r.before) : '',
        r.after ? JSON.stringify(r.after) : '',
        r.hash,
      ],
    },
    job,
  );
}
