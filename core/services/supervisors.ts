import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { byId } from '../schemas/common.ts';
import { appointFields, supervisorList } from '../schemas/supervisors.ts';
import * as repo from '../../db/repos/supervisors.ts';
import { certificatesOfPerson } from '../../db/repos/certificates.ts';
import { requirePerson, requireRegion } from './references.ts';

const STATUS_LABELS: Record<repo.SupervisorStatus, string> = { active: '在册', suspended: '暂停', expired: '过期', revoked: '注销' };

const get = (ctx: Context, id: number) => repo.getSupervisor(ctx.db, id) ?? throwNotFound();

function appoint(f: z.output<typeof appointFields>, ctx: Context) {
  const person = requirePerson(ctx, f.personId);
  const already = repo.findSupervisorByPerson(ctx.db, f.personId);
  if (already) {
    throw conflict(`「${person.name}」已在督导库中（${already.levelName}，${STATUS_LABELS[already.status]}），请在其督导详情中办理变更`, 'personId');
  }
  if (!repo.getSupervisorLevel(ctx.db, f.levelId)) throw notFound('所选督导等级', 'levelId');
  requireRegion(ctx, f.regionId);
  if (f.validUntil < f.appointedOn) throw invalid('有效期至不能早于聘任日期', 'validUntil');
  const now = ctx.clock.now();
  const id = repo.insertSupervisor(ctx.db, f, now);
  repo.insertSupervisorEvent(
    ctx.db,
    {
      supervisorId: id,
      kind: 'appointed',
      effectiveOn: f.appointedOn,
      levelId: f.levelId,
      status: f.status,
      validUntil: f.validUntil,
      reason: null,
      actorName: ctx.actor.name,
    },
    now,
  );
  return get(ctx, id);
}

export const supervisorOperations = [
  defineOperation({
    name: 'supervisors.levels',
    title: '读取督导等级',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, { db }) => repo.supervisorLevels(db),
  }),
  defineOperation({
    name: 'supervisors.list',
    title: '查询督导库',
    kind: 'query',
    permission: 'registry.read',
    input: supervisorList,
    handler: (query, { db }) => repo.listSupervisors(db, query),
  }),
  defineOperation({
    name: 'supervisors.get',
    title: '查看督导',
    kind: 'query',
    permission: 'registry.read',
    input: byId,
    handler: ({ id }, ctx) => {
      const supervisor = get(ctx, id);
      return {
        supervisor,
        certificates: certificatesOfPerson(ctx.db, supervisor.personId),
        events: repo.supervisorEvents(ctx.db, id),
      };
    },
  }),
  defineOperation({
    name: 'supervisors.appoint',
    title: '聘任督导',
    kind: 'command',
    permission: 'registry.write',
    input: appointFields,
    handler: appoint,
  }),
] as const;

function throwNotFound(): never {
  throw notFound('该督导');
}
