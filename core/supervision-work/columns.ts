/**
 * The columns of a supervision-record sheet (督导记录导入): the template, the import's mapping step
 * (core/excel/import-mapping.ts) and the records export, which writes the same headings first so an
 * exported month can be corrected and imported again.
 */
import type { ImportColumn } from '../excel/import-mapping.ts';
import { SupervisionForm } from '../../domain/index.ts';

export type SupervisionField =
  'supervisorName' | 'supervisorIdNumber' | 'date' | 'startTime' | 'endTime' | 'form' | 'subjects' | 'topic' | 'summary' | 'followUp';

export interface SupervisionColumn extends ImportColumn<SupervisionField> {
  width?: number;
  note: string;
  example: string;
}

/** 督导对象 in one cell: names separated by 、 , ， ; ； or line breaks. */
export const SUBJECT_SEPARATOR = /[、,，;；\n]+/;

export const SUPERVISION_COLUMNS: SupervisionColumn[] = [
  {
    field: 'supervisorName',
    header: '督导姓名',
    aliases: ['督导', '督导人员', '督导者', '姓名'],
    kind: 'text',
    required: true,
    note: '必填，须与督导库中的姓名一致',
    example: '陈晓明',
  },
  {
    field: 'supervisorIdNumber',
    header: '督导身份证号',
    aliases: ['身份证号', '督导身份证', '身份证号码', '证件号码'],
    kind: 'code',
    required: false,
    note: '同名督导时必填：按它匹配督导库中的督导',
    example: '442000198503151231',
    width: 22,
  },
  {
    field: 'date',
    header: '督导日期',
    aliases: ['日期', '督导时间', '时间'],
    kind: 'date',
    required: true,
    note: '日期，如 2026-11-05',
    example: '2026-11-05',
  },
  { field: 'startTime', header: '开始时间', aliases: ['开始', '起始时间', '自'], kind: 'text', required: true, note: '时:分，如 09:00', example: '09:00' },
  {
    field: 'endTime',
    header: '结束时间',
    aliases: ['结束', '截止时间', '至'],
    kind: 'text',
    required: true,
    note: '时:分，如 11:00；应晚于开始时间',
    example: '11:00',
  },
  {
    field: 'form',
    header: '督导形式',
    aliases: ['形式', '督导方式', '方式'],
    kind: 'text',
    required: true,
    note: `可填：${SupervisionForm.values.map((v) => SupervisionForm.label(v)).join('、')}（或 个别、团体、机构）`,
    example: SupervisionForm.label('individual'),
  },
  {
    field: 'subjects',
    header: '督导对象',
    aliases: ['被督导者', '被督导人', '督导对象姓名', '对象'],
    kind: 'text',
    required: false,
    note: '该督导在该日期的督导对象（人员姓名或机构名称），多个用“、”分隔',
    example: '李华、王芳',
  },
  {
    field: 'topic',
    header: '督导主题',
    aliases: ['主题', '议题', '督导内容'],
    kind: 'text',
    required: true,
    note: '必填，不超过 200 字',
    example: '个案评估与介入计划',
  },
  {
    field: 'summary',
    header: '内容摘要',
    aliases: ['摘要', '督导摘要', '主要内容', '记录'],
    kind: 'text',
    required: false,
    note: '不超过 2000 字',
    example: '',
  },
  { field: 'followUp', header: '后续跟进', aliases: ['跟进', '跟进事项', '后续安排'], kind: 'text', required: false, note: '不超过 1000 字', example: '' },
];

/** 「个别督导」, 「个别」 or the stored value: the form a cell names, or null. */
export function formOfText(text: string): (typeof SupervisionForm.values)[number] | null {
  const plain = text.normalize('NFKC').trim();
  for (const value of SupervisionForm.values) {
    const label = SupervisionForm.label(value);
    if (plain === value || plain === label || plain === label.replace(/督导$/, '')) return value;
  }
  return null;
}

/** A time cell as `HH:mm`: 9:00, 09:00, 9：00, a date-time whose time is read, or Excel's fraction of a day; null when unreadable. */
export function timeOfText(text: string): string | null {
  const plain = text.normalize('NFKC').trim();
  if (/^0?\.\d+$|^0$/.test(plain)) {
    const minutes = Math.round(Number(plain) * 1440);
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  }
  const m = /(\d{1,2})[:：点](\d{2})(?::\d{2})?$/.exec(plain) ?? /^(\d{1,2})(?:点|时)$/.exec(plain);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? 0);
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

export const supervisionTemplateFootnote = () =>
  '第一个工作表的第一行是列名（红色为必填），从第二行起每行一次督导；示例行可直接覆盖或删除。按姓名（同名时按身份证号）匹配督导库中的督导；督导对象须是该督导在该日期的督导关系中的人员或机构。同一督导的两次督导、或督导与其授课/参加的班期时间不能重叠。同一督导、同一开始和结束时间的记录已导入过的不会重复导入。';
