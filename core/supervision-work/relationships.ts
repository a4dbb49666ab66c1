/**
 * 督导关系 (issue 22): create, change and end a supervisor's relationship with a 督导对象 (a
 * person, or an organization/project). A supervisor does not supervise themself, the same
 * 督导对象 is not taken twice over the same period, the load limit of the supervisor's level
 * holds (load-limits.ts), and a relationship keeps the records that name it inside its period.
 */
import type { z } from 'zod';
import type { Context } from '../contract.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { expectVersion } from '../versions.ts';
import { formatTimeRange } from '../dates.ts';
import { relationshipCurrentOn } from '../../domain/index.ts';
import { getSupervisor } from '../../db/repos/supervisors.ts';
import { getPerson } from '../../db/repos/people.ts';
import { getOrganization } from '../../db/repos/organizations.ts';
import * as repo from '../../db/repos/supervision-relationships.ts';
import type { relationshipFields } from '../schemas/supervision-work.ts';
import { checkLoadLimit } from './load-limits.ts';

type Fields = z.output<typeof relationshipFields>;

/** A relationship as the outputs show it: with whether it is current today. */
export function shownRelationship(ctx: Pick<Context, 'clock'>, row: repo.RelationshipRow) {
  return { ...row, current: relationshipCurrentOn(row, ctx.clock.today()) };
}

export function requireRelationship(ctx: Context, id: number) {
  const row = repo.getRelationship(ctx.db, id);
  if (!row) throw notFound('该督导关系', 'id');
  return row;
}

function checkFields(ctx: Context, f: Fields, selfId: number | null): void {
  const supervisor = getSupervisor(ctx.db, f.supervisorId);
  if (!supervisor) throw notFound('所选督导', 'supervisorId');
  if ((f.personId === null) === (f.organizationId === null)) throw invalid('请选择督导对象：一名人员，或一个机构/项目（二选一）', 'personId');
  if (f.personId !== null) {
    const person = getPerson(ctx.db, f.personId);
    if (!person) throw notFound('所选人员', 'personId');
    if (person.id === supervisor.personId) throw invalid(`「${person.name}」是该督导本人，不能作为自己的督导对象`, 'personId');
  }
  if (f.organizationId !== null && !getOrganization(ctx.db, f.organizationId)) throw notFound('所选机构', 'organizationId');
  if (f.endsOn !== null && f.endsOn < f.startsOn) throw invalid('结束日期不能早于开始日期', 'endsOn');
  const same = repo.sameSubjectOverlapping(ctx.db, f, selfId);
  if (same)
    throw conflict(
      `${supervisor.personName}与该督导对象已有督导关系（${same.startsOn} 起${same.endsOn ? `，至 ${same.endsOn}` : '，至今'}），期间不能重叠：请修改或结束原关系`,
      'startsOn',
    );
  if (selfId !== null) {
    const outside = repo.recordsOutsidePeriod(ctx.db, selfId, f.startsOn, f.endsOn);
    if (outside) throw conflict(`督导记录（${outside.startsAt.replace('T', ' ')}）记有该督导对象，不在新的期间内：请先修改该记录`, 'startsOn');
  }
}

export function createRelationship(ctx: Context, f: Fields) {
  checkFields(ctx, f, null);
  checkLoadLimit(ctx, f.supervisorId, f.startsOn, f.endsOn, null);
  return shownRelationship(ctx, repo.getRelationship(ctx.db, repo.insertRelationship(ctx.db, f, ctx.clock.now()))!);
}

export function updateRelationship(ctx: Context, id: number, version: number | undefined, f: Omit<Fields, 'supervisorId'>) {
  const before = requireRelationship(ctx, id);
  expectVersion(ctx, { table: 'supervision_relationship', id, version, current: () => shownRelationship(ctx, requireRelationship(ctx, id)) });
  const fields = { ...f, supervisorId: before.supervisorId };
  checkFields(ctx, fields, id);
  // Extending a relationship (earlier start, later or no end) adds to the load; shortening it never refuses.
  const extended = fields.startsOn < before.startsOn || (before.endsOn !== null && (fields.endsOn === null || fields.endsOn > before.endsOn));
  if (extended) checkLoadLimit(ctx, before.supervisorId, fields.startsOn, fields.endsOn, id);
  repo.updateRelationship(ctx.db, id, fields, ctx.clock.now());
  return shownRelationship(ctx, requireRelationship(ctx, id));
}

export function endRelationship(ctx: Context, id: number, version: number | undefined, endsOn: string) {
  const before = requireRelationship(ctx, id);
  if (endsOn < before.startsOn) throw invalid(`结束日期不能早于开始日期 ${before.startsOn}`, 'endsOn');
  return updateRelationship(ctx, id, version, {
    personId: before.personId,
    organizationId: before.organizationId,
    form: before.form,
    startsOn: before.startsOn,
    endsOn,
    agreementRef: before.agreementRef,
    note: before.note,
  });
}

/** 「2026-03-01 09:00–11:00」 for messages. */
export const recordTime = (r: { startsAt: string; endsAt: string }) => formatTimeRange(r.startsAt, r.endsAt);
