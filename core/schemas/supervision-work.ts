/** Inputs of 督导工作记录 (issue 22): relationships, records, load limits. */
import { z } from 'zod';
import { SupervisionForm } from '../../domain/index.ts';
import { id, isoDate, isoDateTime, listQuery, oneOf, optionalId, optionalIsoDate, optionalText, readVersion, requiredText } from './common.ts';

export const relationshipFields = z.object({
  supervisorId: id('督导'),
  personId: optionalId('督导对象（人员）'),
  organizationId: optionalId('督导对象（机构）'),
  form: oneOf(SupervisionForm.values, '督导形式'),
  startsOn: isoDate('开始日期'),
  endsOn: optionalIsoDate('结束日期'),
  agreementRef: optionalText('协议编号', 100),
  note: optionalText('备注', 500, true),
});
export const relationshipUpdate = relationshipFields.omit({ supervisorId: true }).extend({ id: id('督导关系'), version: readVersion });
export const relationshipEnd = z.object({ id: id('督导关系'), version: readVersion, endsOn: isoDate('结束日期') });
export const relationshipList = z.object({
  supervisorId: id('督导').optional(),
  personId: id('人员').optional(),
  organizationId: id('机构').optional(),
});

export const recordFields = z.object({
  supervisorId: id('督导'),
  startsAt: isoDateTime('开始时间'),
  endsAt: isoDateTime('结束时间'),
  form: oneOf(SupervisionForm.values, '督导形式'),
  /** The 督导对象 present: relationships of this supervisor current on the record's date. */
  subjectIds: z.array(z.number().int().positive()).max(100, '督导对象最多 100 个').default([]).meta({ title: '督导对象' }),
  topic: requiredText('主题', 200),
  summary: optionalText('内容摘要', 2000, true),
  followUp: optionalText('后续跟进', 1000, true),
  /** The base whose coordinator records it (a coordinator must give one of theirs). */
  baseId: optionalId('基地'),
});
export const recordUpdate = recordFields.extend({ id: id('督导记录'), version: readVersion });
export const recordDelete = z.object({ id: id('督导记录'), version: readVersion });
export const recordList = listQuery(['startsAt', 'supervisorName', 'minutes', 'form', 'topic']).extend({
  supervisorId: id('督导').optional(),
  from: optionalIsoDate('开始日期').transform((v) => v ?? undefined),
  to: optionalIsoDate('结束日期').transform((v) => v ?? undefined),
  form: oneOf(SupervisionForm.values, '督导形式').optional(),
  baseId: id('基地').optional(),
});
export const recordExport = recordList.omit({ page: true, pageSize: true, sortField: true, sortDir: true });

/** 督导对象上限 per supervisor level: level id → at most this many current 督导对象 (absent or 0: no limit). */
export const loadLimitsSet = z.object({
  limits: z
    .array(z.object({ levelId: id('督导等级'), limit: z.number().int('上限应为整数').min(0, '上限不能为负数').max(1000, '上限过大') }))
    .max(50)
    .meta({ title: '督导对象上限' }),
});
