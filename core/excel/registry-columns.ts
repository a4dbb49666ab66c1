/**
 * The one column definition of the registry workbook (people with their certificate and
 * appointment): it serves the template, the import and the export.
 */
import { CertificateLevel, Education } from '../../domain/vocabulary.ts';
import { mapHeadings, type ImportColumn } from './import-mapping.ts';

export type RegistryField =
  | 'name'
  | 'idNumber'
  | 'phone'
  | 'email'
  | 'education'
  | 'major'
  | 'organization'
  | 'region'
  | 'practiceStart'
  | 'jobGrade'
  | 'certificateLevel'
  | 'certificateNumber'
  | 'issuedOn'
  | 'registrationValidUntil'
  | 'supervisorLevel'
  | 'supervisorRegion'
  | 'appointedOn'
  | 'validUntil'
  | 'sex';

export interface RegistryColumn extends ImportColumn<RegistryField> {
  width?: number;
  note: string;
  example: string;
}

const date = 'date' as const;
const text = 'text' as const;

export const REGISTRY_COLUMNS: RegistryColumn[] = [
  { field: 'name', header: '姓名', aliases: ['人员姓名', '名字'], kind: text, required: true, note: '必填', example: '陈晓明' },
  {
    field: 'idNumber',
    header: '身份证号',
    aliases: ['身份证', '身份证号码', '证件号码', '公民身份号码', '居民身份证号'],
    kind: 'code',
    required: true,
    note: '18 位居民身份证号，按它匹配已有人员；出生日期和性别由它得出',
    example: '442000198503151231',
    width: 22,
  },
  {
    field: 'phone',
    header: '手机号码',
    aliases: ['手机', '手机号', '联系电话', '电话', '联系方式', '移动电话'],
    kind: 'code',
    required: false,
    note: '11 位手机号或带区号的固话',
    example: '13800138000',
  },
  { field: 'email', header: '电子邮箱', aliases: ['邮箱', 'Email', 'E-mail'], kind: text, required: false, note: '', example: '' },
  {
    field: 'education',
    header: '学历',
    aliases: ['最高学历', '文化程度'],
    kind: text,
    required: false,
    note: `可填：${Object.values(Education.zh).join('、')}`,
    example: '本科',
  },
  { field: 'major', header: '专业', aliases: ['所学专业'], kind: text, required: false, note: '', example: '社会工作' },
  {
    field: 'organization',
    header: '所在机构',
    aliases: ['机构', '工作单位', '单位', '所属机构', '服务机构', '工作机构', '所在单位', '单位名称', '机构名称'],
    kind: text,
    required: false,
    note: '须与“机构”中的名称一致',
    example: '',
  },
  {
    field: 'region',
    header: '所在区划',
    aliases: ['区划', '镇区', '镇街', '所在镇街', '所在镇区', '所属镇区', '所属镇街', '镇（街）', '镇(街)', '街道'],
    kind: text,
    required: false,
    note: '镇区·街道的名称或区划代码，须已在“行政区划”中',
    example: '',
  },
  {
    field: 'practiceStart',
    header: '从业起始日期',
    aliases: ['从业时间', '参加工作时间', '从业起始', '从业开始时间', '从业开始日期', '入行时间'],
    kind: date,
    required: false,
    note: '日期，如 2010-07-01',
    example: '2010-07-01',
  },
  { field: 'jobGrade', header: '岗位等级', aliases: [], kind: text, required: false, note: '如 助理社会工作师二级', example: '' },
  {
    field: 'certificateLevel',
    header: '证书等级',
    aliases: ['职业水平证书', '证书级别', '证书名称', '职业水平等级', '持证等级', '持证情况', '证书类别', '社工证等级'],
    kind: text,
    required: false,
    note: `可填：${CertificateLevel.values.map((l) => CertificateLevel.label(l)).join('、')}；填写证书时，证书等级、证书编号、发证日期都要填`,
    example: '社会工作师',
  },
  {
    field: 'certificateNumber',
    header: '证书编号',
    aliases: ['证书号', '证书号码', '证书编码', '职业水平证书编号', '管理号'],
    kind: 'code',
    required: false,
    note: '按证书编号匹配已有证书',
    example: 'ZS2015440001',
  },
  {
    field: 'issuedOn',
    header: '发证日期',
    aliases: ['取证日期', '发证时间', '取得证书日期', '证书取得时间', '证书取得日期', '取证时间', '获证日期', '获证时间', '登记日期', '发证年月'],
    kind: date,
    required: false,
    note: '日期',
    example: '2015-06-20',
  },
  {
    field: 'registrationValidUntil',
    header: '登记有效期至',
    aliases: ['登记有效期', '注册有效期至'],
    kind: date,
    required: false,
    note: '历史记录请照实填写；留空则按登记规则由发证日期推算',
    example: '2027-06-19',
  },
  {
    field: 'supervisorLevel',
    header: '督导等级',
    aliases: ['督导级别', '督导层级'],
    kind: text,
    required: false,
    note: '填写则聘任为督导（须与“督导等级”中的名称一致）；已在督导库中的人员，等级等变更请在督导详情中办理',
    example: '',
  },
  {
    field: 'supervisorRegion',
    header: '服务区划',
    aliases: ['督导服务区划', '服务镇区'],
    kind: text,
    required: false,
    note: '聘任督导时必填：镇区·街道名称或区划代码',
    example: '',
  },
  { field: 'appointedOn', header: '聘任日期', aliases: ['督导聘任日期'], kind: date, required: false, note: '聘任督导时必填', example: '' },
  { field: 'validUntil', header: '督导有效期至', aliases: ['聘任有效期至'], kind: date, required: false, note: '聘任督导时必填', example: '' },
];

/**
 * What people write for a certificate level besides its full name (社工证 in everyday speech):
 * read as the level, and the preview says so.
 */
export const CERTIFICATE_SYNONYMS: Record<string, CertificateLevel> = {
  社工员: 'worker',
  初级社工师: 'assistant',
  助理社工师: 'assistant',
  初级社会工作师: 'assistant',
  助理社工: 'assistant',
  初级: 'assistant',
  中级社工师: 'social_worker',
  社工师: 'social_worker',
  中级社会工作师: 'social_worker',
  中级: 'social_worker',
  高级社工师: 'senior',
  高级: 'senior',
};

/** Other names of an education level seen on rosters. */
export const EDUCATION_SYNONYMS: Record<string, Education> = {
  高中: 'secondary',
  中专: 'secondary',
  初中: 'secondary',
  专科: 'associate',
  大学专科: 'associate',
  大学本科: 'bachelor',
  学士: 'bachelor',
  硕士: 'master',
  研究生: 'master',
  博士: 'doctorate',
};

/**
 * Columns the import reads but does not store: the app's own people export carries them. 性别 is
 * checked against the 身份证号 (which wins); the rest are recognised so that they are not "unknown".
 */
export const CHECKED_COLUMNS: RegistryColumn[] = [{ field: 'sex', header: '性别', aliases: [], kind: text, required: false, note: '', example: '' }];

/** Columns the app's own list exports write that an import leaves aside: derived or read-only (出生日期 comes from the 身份证号). */
export const EXPORTED_ONLY_HEADINGS = ['出生日期', '最高证书', '状态', '再登记窗口开始'] as const;

/** Every column an import of the registry recognises. */
export const REGISTRY_IMPORT_COLUMNS: RegistryColumn[] = [...REGISTRY_COLUMNS, ...CHECKED_COLUMNS];

/** Maps a sheet's header row to fields, recognising headers and aliases (no remembered choices). Unknown headers are ignored. */
export function matchHeaders(headers: string[]): Map<number, RegistryColumn> {
  const byField = new Map(REGISTRY_IMPORT_COLUMNS.map((c) => [c.field, c]));
  return new Map(mapHeadings(REGISTRY_IMPORT_COLUMNS, headers).flatMap((c) => (c.field ? [[c.index, byField.get(c.field)!] as const] : [])));
}
