/**
 * 督导记录 (issue 22): one supervision given, checked the same way typed or imported. The 督导对象
 * present come from the supervisor's relationships current on the record's date; the record holds
 * the supervisor's time (domain/rules/time-holding.ts): it may not overlap another supervision of
 * theirs, nor a live training session they teach or hold a seat in (the one check, timeHeldBy).
 * Its minutes are written from its times (domain's supervisionMinutes). A base coordinator records
 * supervision for their own bases (base_id in their scope); staff and administrators for any.
 */
import type { z } from 'zod';
import type { Context } from '../contract.ts';
import { AppError, conflict, invalid, notFound } from '../errors.ts';
import { expectVersion } from '../versions.ts';
import { hoursBetween } from '../dates.ts';
import { visibleBaseIds } from '../services/base-access.ts';
import { relationshipCurrentOn, supervisionMinutes } from '../../domain/index.ts';
import { getSupervisor } from '../../db/repos/supervisors.ts';
import { getBase } from '../../db/repos/bases.ts';
import { timeHeldBy } from '../../db/repos/sessions.ts';
import { relationshipsByIds } from '../../db/repos/supervision-relationships.ts';
import * as repo from '../../db/repos/supervision-records.ts';
import { heldTimeText } from '../training/scheduling.ts';
import { refreshOpenReviewsOfSupervisors } from '../recert/reviews.ts';
import type { recordFields } from '../schemas/supervision-work.ts';

type Fields = z.output<typeof recordFields>;

/** Longer than this is almost certainly a typo in a time. */
const MAX_RECORD_HOURS = 24;

export function requireRecord(ctx: Context, id: number): repo.RecordRow {
  const row = repo.getRecord(ctx.db, id);
  if (!row) throw notFound('该督导记录', 'id');
  return row;
}

/** Why the record cannot be saved as it is, as [field, message] (the first found); null when it can. Reads only. */
export function recordRefusal(ctx: Context, f: Fields, selfId: number | null): [string, string] | null {
  const supervisor = getSupervisor(ctx.db, f.supervisorId);
  if (!supervisor) return ['supervisorId', '所选督导不存在或已被删除'];
  if (f.endsAt <= f.startsAt) return ['endsAt', '结束时间应晚于开始时间'];
  if (hoursBetween(f.startsAt, f.endsAt) > MAX_RECORD_HOURS) return ['endsAt', '一次督导不能超过 24 小时，请核对日期和时间'];
  const date = f.startsAt.slice(0, 10);
  const subjects = relationshipsByIds(ctx.db, [...new Set(f.subjectIds)]);
  if (subjects.length !== new Set(f.subjectIds).size) return ['subjectIds', '所选督导对象不存在或已被删除'];
  for (const s of subjects) {
    if (s.supervisorId !== f.supervisorId) return ['subjectIds', `「${s.subjectName}」不是${supervisor.personName}的督导对象`];
    if (!relationshipCurrentOn(s, date))
      return [
        'subjectIds',
        `${date} 时「${s.subjectName}」不在${supervisor.personName}的督导关系期间内（${s.startsOn} 起${s.endsOn ? `，至 ${s.endsOn}` : ''}）`,
      ];
  }
  const clash = timeHeldBy(ctx.db, [supervisor.personId], { startsAt: f.startsAt, endsAt: f.endsAt, excludeId: null, excludeRecordId: selfId });
  if (clash) return ['startsAt', `${supervisor.personName}在该时段${heldTimeText(clash)}`];
  return null;
}

/** The fields as stored: minutes from the times. */
export const storedFields = (f: Fields): repo.RecordFields => ({
  supervisorId: f.supervisorId,
  startsAt: f.startsAt,
  endsAt: f.endsAt,
  minutes: supervisionMinutes(f.startsAt, f.endsAt),
  form: f.form,
  topic: f.topic,
  summary: f.summary,
  followUp: f.followUp,
  baseId: f.baseId,
});

/** A coordinator records supervision for one of their bases: it must name one. */
function checkBase(ctx: Context, baseId: number | null): void {
  if (baseId !== null && !getBase(ctx.db, baseId)) throw notFound('所选基地', 'baseId');
  if (baseId === null && visibleBaseIds(ctx) !== null) throw invalid('请选择基地：基地协调员只能为本基地记录督导', 'baseId');
}

function refuse(refusal: [string, string] | null): void {
  if (!refusal) return;
  const [field, message] = refusal;
  throw field === 'startsAt' ? conflict(message, field) : new AppError(field === 'supervisorId' ? 'NOT_FOUND' : 'VALIDATION', message, field);
}

export function createRecord(ctx: Context, f: Fields): repo.RecordRow {
  checkBase(ctx, f.baseId);
  refuse(recordRefusal(ctx, f, null));
  const id = repo.insertRecord(ctx.db, { ...storedFields(f), importId: null }, [...new Set(f.subjectIds)], ctx.clock.now(), ctx.actor.name);
  refreshOpenReviewsOfSupervisors(ctx, [f.supervisorId]); // an open re-review states the year's supervision (issue 22)
  return requireRecord(ctx, id);
}

export function updateRecord(ctx: Context, id: number, version: number | undefined, f: Fields): repo.RecordRow {
  const before = requireRecord(ctx, id);
  expectVersion(ctx, { table: 'supervision_record', id, version, current: () => requireRecord(ctx, id) });
  checkBase(ctx, f.baseId);
  refuse(recordRefusal(ctx, f, id));
  repo.updateRecord(ctx.db, id, storedFields(f), [...new Set(f.subjectIds)], ctx.clock.now());
  refreshOpenReviewsOfSupervisors(ctx, [before.supervisorId, f.supervisorId]);
  return requireRecord(ctx, id);
}

export function deleteRecord(ctx: Context, id: number, version: number | undefined): void {
  const record = requireRecord(ctx, id);
  expectVersion(ctx, { table: 'supervision_record', id, version, current: () => requireRecord(ctx, id), action: '删除' });
  repo.deleteRecord(ctx.db, id);
  refreshOpenReviewsOfSupervisors(ctx, [record.supervisorId]);
}
