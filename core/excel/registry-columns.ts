/**
 * The one column definition of the registry workbook (people with their certificate and
 * appointment): it serves the template, the import and the export.
 */
import { EDUCATIONS } from '../schemas/people.ts';
import { CERTIFICATE_LEVELS } from '../schemas/certificates.ts';
import { CERTIFICATE_LABELS } from '../supervision/entry-conditions.ts';
import type { ColumnSpec } from './workbook.ts';

export const EDUCATION_LABELS: Record<(typeof EDUCATIONS)[number], string> = {
  secondary: '高中、中专及以下',
  vocational: '高职',
  associate: '大专',
  bachelor: '本科',
  master: '硕士研究生',
  doctorate: '博士研究生',
};

export type RegistryField =
  | 'name' | 'idNumber' | 'phone' | 'email' | 'education' | 'major' | 'organization' | 'region' | 'practiceStart' | 'jobGrade'
  | 'certificateLevel' | 'certificateNumber' | 'issuedOn' | 'registrationValidUntil'
  | 'supervisorLevel' | 'supervisorRegion' | 'appointedOn' | 'validUntil';

export interface RegistryColumn extends ColumnSpec {
  field: RegistryField;
  aliases: string[];
  required: boolean;
  note: string;
  example: string;
}

const date = 'date' as const;
const text = 'text' as const;

export const REGISTRY_COLUMNS: RegistryColumn[] = [
  { field: 'name', header: '姓名', aliases: ['人员姓名'], kind: text, required: true, note: '必填', example: '陈晓明' },
  { field: 'idNumber', header: '身份证号', aliases: ['身份证', '身份证号码', '证件号码', '公民身份号码', '居民身份证号'], kind: 'code', required: true, note: '18 位居民身份证号，按它匹配已有人员；出生日期和性别由它得出', example: '442000198503151231', width: 22 },
  { field: 'phone', header: '手机号码', aliases: ['手机', '手机号', '联系电话', '电话'], kind: 'code', required: false, note: '11 位手机号或带区号的固话', example: '13800138000' },
  { field: 'email', header: '电子邮箱', aliases: ['邮箱', 'Email', 'E-mail'], kind: text, required: false, note: '', example: '' },
  { field: 'education', header: '学历', aliases: ['最高学历'], kind: text, required: false, note: `可填：${Object.values(EDUCATION_LABELS).join('、')}`, example: '本科' },
  { field: 'major', header: '专业', aliases: ['所学专业'], kind: text, required: false, note: '', example: '社会工作' },
  { field: 'organization', header: '所在机构', aliases: ['机构', '工作单位', '单位', '所属机构'], kind: text, required: false, note: '须与“机构”中的名称一致', example: '' },
  { field: 'region', header: '所在区划', aliases: ['区划', '镇区', '镇街', '所在镇街', '所在镇区'], kind: text, required: false, note: '镇区·街道的名称或区划代码，须已在“行政区划”中', example: '' },
  { field: 'practiceStart', header: '从业起始日期', aliases: ['从业时间', '参加工作时间', '从业起始'], kind: date, required: false, note: '日期，如 2010-07-01', example: '2010-07-01' },
  { field: 'jobGrade', header: '岗位等级', aliases: [], kind: text, required: false, note: '如 助理社会工作师二级', example: '' },
  { field: 'certificateLevel', header: '证书等级', aliases: ['职业水平证书', '证书级别'], kind: text, required: false, note: `可填：${CERTIFICATE_LEVELS.map((l) => CERTIFICATE_LABELS[l]).join('、')}；填写证书时，证书等级、证书编号、发证日期都要填`, example: '社会工作师' },
  { field: 'certificateNumber', header: '证书编号', aliases: ['证书号'], kind: 'code', required: false, note: '按证书编号匹配已有证书', example: 'ZS2015440001' },
  { field: 'issuedOn', header: '发证日期', aliases: ['取证日期', '发证时间'], kind: date, required: false, note: '日期', example: '2015-06-20' },
  { field: 'registrationValidUntil', header: '登记有效期至', aliases: ['登记有效期', '注册有效期至'], kind: date, required: false, note: '历史记录请照实填写；留空则按登记规则由发证日期推算', example: '2027-06-19' },
  { field: 'supervisorLevel', header: '督导等级', aliases: ['督导级别'], kind: text, required: false, note: '填写则聘任为督导（须与“督导等级”中的名称一致）；已在督导库中的人员，等级等变更请在督导详情中办理', example: '' },
  { field: 'supervisorRegion', header: '服务区划', aliases: ['督导服务区划', '服务镇区'], kind: text, required: false, note: '聘任督导时必填：镇区·街道名称或区划代码', example: '' },
  { field: 'appointedOn', header: '聘任日期', aliases: ['督导聘任日期'], kind: date, required: false, note: '聘任督导时必填', example: '' },
  { field: 'validUntil', header: '督导有效期至', aliases: ['聘任有效期至'], kind: date, required: false, note: '聘任督导时必填', example: '' },
];

const normalize = (h: string) => h.replace(/\s|\*|（必填）|\(必填\)/g, '').toLowerCase();

/** Maps a sheet's header row to fields, recognising aliases. Unknown headers are ignored. */
export function matchHeaders(headers: string[]): Map<number, RegistryColumn> {
  return matchColumns(REGISTRY_COLUMNS, headers);
}

/** The same for any import's columns (each with its header and aliases): the first column a header names wins. */
export function matchColumns<C extends { header: string; aliases: string[] }>(columns: readonly C[], headers: string[]): Map<number, C> {
  const byName = new Map<string, C>();
  for (const column of columns) for (const name of [column.header, ...column.aliases]) byName.set(normalize(name), column);
  const matched = new Map<number, C>();
  headers.forEach((h, i) => {
    const column = byName.get(normalize(h));
    if (column && ![...matched.values()].includes(column)) matched.set(i, column);
  });
  return matched;
}
