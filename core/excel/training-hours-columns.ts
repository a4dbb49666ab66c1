/**
 * The columns of the historical training-hours workbook (培训学时导入): the template, and the import's
 * mapping step (core/excel/import-mapping.ts), like the registry's.
 */
import type { ImportColumn } from './import-mapping.ts';

export type TrainingHoursField = 'name' | 'idNumber' | 'earnedOn' | 'category' | 'hours' | 'provider' | 'note';

export interface TrainingHoursColumn extends ImportColumn<TrainingHoursField> {
  width?: number;
  note: string;
  example: string;
}

/** The ledger's categories are data (course_category): the note names them when the template is made. */
export function trainingHoursColumns(categoryNames: readonly string[]): TrainingHoursColumn[] {
  return [
    {
      field: 'name',
      header: '姓名',
      aliases: ['人员姓名', '学员姓名', '参训人员'],
      kind: 'text',
      required: true,
      note: '必填，须与该身份证号在“人员”中登记的姓名一致',
      example: '陈晓明',
    },
    {
      field: 'idNumber',
      header: '身份证号',
      aliases: ['身份证', '身份证号码', '证件号码', '公民身份号码', '居民身份证号'],
      kind: 'code',
      required: true,
      note: '18 位居民身份证号，按它匹配“人员”中已有的人员（不会新增人员）',
      example: '442000198503151231',
      width: 22,
    },
    {
      field: 'earnedOn',
      header: '培训日期',
      aliases: ['培训时间', '日期', '参训日期', '培训开始日期', '时间'],
      kind: 'date',
      required: true,
      note: '日期，如 2022-05-20；不能晚于今天',
      example: '2022-05-20',
    },
    {
      field: 'category',
      header: '学时类别',
      aliases: ['类别', '培训类别', '学时类型', '培训类型', '课程类别'],
      kind: 'text',
      required: true,
      note: `可填：${categoryNames.join('、')}`,
      example: categoryNames[0] ?? '',
    },
    {
      field: 'hours',
      header: '学时',
      aliases: ['学时数', '时数', '培训学时', '课时', '小时数', '继续教育学时'],
      kind: 'number',
      required: true,
      note: '大于 0，以 0.5 为单位，不超过 500',
      example: '6',
    },
    {
      field: 'provider',
      header: '培训机构',
      aliases: ['提供方', '培训机构/提供方', '主办单位', '举办单位', '承办单位', '培训单位', '主办方'],
      kind: 'text',
      required: true,
      note: '举办培训的机构',
      example: '中山市社会工作协会',
    },
    {
      field: 'note',
      header: '备注',
      aliases: ['证明材料', '备注/证明材料', '证明', '说明', '证书编号'],
      kind: 'text',
      required: false,
      note: '证明材料（如结业证书编号）或其他说明',
      example: '结业证书 ZS-2022-018',
    },
  ];
}
