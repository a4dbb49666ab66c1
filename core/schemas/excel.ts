import { z } from 'zod';
import { peopleList } from './people.ts';
import { supervisorList } from './supervisors.ts';
import { organizationList } from './organizations.ts';
import { regionList } from './regions.ts';
import { expiringList } from './certificates.ts';
import { coverageList } from './coverage.ts';

/** An uploaded workbook travels as base64 in the call's JSON, the same over IPC and HTTP. */
export const uploadedWorkbook = z.object({
  fileName: z.string().trim().min(1, '请选择文件').max(200).meta({ title: '文件' }),
  base64: z.string({ error: '请选择文件' }).min(1, '请选择文件').max(90_000_000, '文件过大：请拆分为不超过 60 MB 的工作簿').meta({ title: '文件' }),
});

/** Any import: the workbook and the user's mapping (a column index of the file → a field, or null to ignore it). */
export const mappedWorkbook = uploadedWorkbook.extend({
  overrides: z.record(z.string().regex(/^\d{1,4}$/), z.string().max(40).nullable()).default({}),
});

/** A registry import: the workbook and what the user chose in the preview. */
export const registryImport = mappedWorkbook.extend({
  /** 用空白单元格清空原有内容 */
  clearBlank: z.boolean().default(false),
  /** 新建文件中没有登记的机构 */
  createOrganizations: z.boolean().default(false),
  /** The commit: the log's head the preview answered; records changed after it are reported, not overwritten. */
  previewMark: z.number().int().nonnegative().optional(),
});

/** A training-hours import: all or nothing, unless the user chose 只导入无误的行 (the commit only). */
export const trainingHoursImport = mappedWorkbook.extend({
  onlyValidRows: z.boolean().default(false),
});

export const jobRef = z.object({ id: z.string().uuid('任务编号无效') });

/** An export takes the list's own query (search, filters, sort) and writes every page. */
export const peopleExport = peopleList.omit({ page: true, pageSize: true });
export const supervisorExport = supervisorList.omit({ page: true, pageSize: true });
export const organizationExport = organizationList.omit({ page: true, pageSize: true });
export const regionExport = regionList.omit({ page: true, pageSize: true });
export const dueExport = expiringList.omit({ page: true, pageSize: true });
export const coverageExport = coverageList.omit({ page: true, pageSize: true });
