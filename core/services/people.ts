import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { birthDateOf, sexOf } from '../idcard.ts';
import { byId } from '../schemas/common.ts';
import { peopleList, personFields, personUpdate } from '../schemas/people.ts';
import * as repo from '../../db/repos/people.ts';
import type { NameSearchKeys } from '../../db/search-keys.ts';
import { certificatesWithRegistration } from './certificates.ts';
import { findSupervisorByPerson } from '../../db/repos/supervisors.ts';
import { requireOrganization, requireRegion } from './references.ts';

type PersonInputFields = z.output<typeof personFields>;

/** Applies the person rules and derives what the 身份证号 already tells. */
function toPersonFields(ctx: Context, f: PersonInputFields, selfId?: number): repo.PersonFields {
  const existing = repo.findPersonByIdNumber(ctx.db, f.idNumber);
  if (existing && existing.id !== selfId) {
    throw conflict(`该身份证号已登记为「${existing.name}」，不能重复添加；请在人员列表中搜索并修改该人员`, 'idNumber');
  }
  requireOrganization(ctx, f.organizationId);
  requireRegion(ctx, f.regionId);
  const birthDate = birthDateOf(f.idNumber);
  if (f.practiceStart !== null) {
    if (f.practiceStart > ctx.clock.today()) throw invalid('从业起始日期不能晚于今天', 'practiceStart');
    if (f.practiceStart <= birthDate) throw invalid('从业起始日期应晚于出生日期', 'practiceStart');
  }
  return { ...f, sex: sexOf(f.idNumber), birthDate };
}

const get = (ctx: Context, id: number) => repo.getPerson(ctx.db, id) ?? throwNotFound();

/** Adds a person under the person rules; returns the new id (an import needs no read-back, and brings the name's search keys). */
export function createPerson(ctx: Context, fields: PersonInputFields, keys?: NameSearchKeys): number {
  return repo.insertPerson(ctx.db, toPersonFields(ctx, fields), ctx.clock.now(), keys);
}

/** Changes a person under the same rules. */
export function changePerson(ctx: Context, id: number, fields: PersonInputFields): void {
  get(ctx, id);
  repo.updatePerson(ctx.db, id, toPersonFields(ctx, fields, id), ctx.clock.now());
}

export const peopleOperations = [
  defineOperation({
    name: 'people.list',
    title: '查询人员',
    kind: 'query',
    permission: 'registry.read',
    input: peopleList,
    handler: (query, { db }) => repo.listPeople(db, query),
  }),
  defineOperation({
    name: 'people.get',
    title: '查看人员',
    kind: 'query',
    permission: 'registry.read',
    input: byId,
    handler: ({ id }, ctx) => ({
      person: get(ctx, id),
      certificates: certificatesWithRegistration(ctx, id),
      supervisor: findSupervisorByPerson(ctx.db, id) ?? null,
    }),
  }),
  defineOperation({
    name: 'people.create',
    title: '新增人员',
    kind: 'command',
    permission: 'registry.write',
    input: personFields,
    handler: (fields, ctx) => get(ctx, createPerson(ctx, fields)),
  }),
  defineOperation({
    name: 'people.update',
    title: '修改人员',
    kind: 'command',
    permission: 'registry.write',
    input: personUpdate,
    handler: ({ id, ...fields }, ctx) => {
      changePerson(ctx, id, fields);
      return get(ctx, id);
    },
  }),
] as const;

function throwNotFound(): never {
  throw notFound('该人员');
}
