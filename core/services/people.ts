import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { birthDateOf, sexOf } from '../idcard.ts';
import { byId } from '../schemas/common.ts';
import { peopleList, personFields, personUpdate } from '../schemas/people.ts';
import * as repo from '../../db/repos/people.ts';
import { searchPageOffThread } from '../people/search-off-thread.ts';
import type { NameSearchKeys } from '../../db/search-keys.ts';
import { certificatesWithRegistration } from './certificates.ts';
import { findSupervisorByPerson } from '../../db/repos/supervisors.ts';
import { requireOrganization, requireRegion } from './references.ts';
import { peopleOutputs } from '../outputs/people.ts';
import { expectVersion } from '../versions.ts';
import { isUniqueViolation } from '../../db/engine/errors.ts';
import { postChangeDate, recordPostChange, serviceHistory, type PostChangeSource } from '../people/service-history.ts';

type PersonInputFields = z.output<typeof personFields>;

/** Applies the person rules and derives what the 身份证号 already tells. */
function toPersonFields(ctx: Context, input: PersonInputFields): repo.PersonFields {
  const { postChangedOn: _postChangedOn, ...f } = input;
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

/**
 * 身份证号 is unique in the table itself; a write that clashes is told whose number it is.
 * (Asking first cost every create a second lookup, 50,000 of them in a large import.)
 */
function withUniqueIdNumber<T>(ctx: Context, idNumber: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    const clash = isUniqueViolation(error, 'person', 'id_number');
    const existing = clash ? repo.findPersonByIdNumber(ctx.db, idNumber) : undefined;
    if (existing) throw conflict(`该身份证号已登记为「${existing.name}」，不能重复添加；请在人员列表中搜索并修改该人员`, 'idNumber');
    throw error;
  }
}

/**
 * Adds a person under the person rules; returns the new id (an import needs no read-back, and brings the name's search keys).
 * Their organization and post start their 服务履历 (core/people/service-history.ts), from the form or the import.
 */
export function createPerson(ctx: Context, fields: PersonInputFields, keys?: NameSearchKeys, source: PostChangeSource = 'edit'): number {
  const row = toPersonFields(ctx, fields);
  const effectiveOn = postChangeDate(ctx, undefined, fields.postChangedOn ?? null);
  const id = withUniqueIdNumber(ctx, fields.idNumber, () => repo.insertPerson(ctx.db, row, ctx.clock.now(), keys));
  recordPostChange(ctx, id, undefined, row, source, effectiveOn);
  return id;
}

/** Changes a person under the same rules; a changed organization or post is a 服务履历 event. */
export function changePerson(ctx: Context, id: number, fields: PersonInputFields, source: PostChangeSource = 'edit'): void {
  const before = get(ctx, id);
  const row = toPersonFields(ctx, fields);
  const effectiveOn = postChangeDate(ctx, id, fields.postChangedOn ?? null);
  withUniqueIdNumber(ctx, fields.idNumber, () => repo.updatePerson(ctx.db, id, row, ctx.clock.now()));
  recordPostChange(ctx, id, before, row, source, effectiveOn);
}

export const peopleOperations = [
  defineOperation({
    name: 'people.list',
    output: peopleOutputs['people.list'],
    title: '查询人员',
    kind: 'query',
    permission: 'registry.read',
    input: peopleList,
    // A search's page (ids, total) in a worker on the association server (core/people/search-off-thread.ts).
    prepare: (query, { db }) => searchPageOffThread(db, query),
    handler: (query, { db }, searched) => repo.listPeople(db, query, searched),
  }),
  defineOperation({
    name: 'people.get',
    output: peopleOutputs['people.get'],
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
    name: 'people.serviceHistory',
    output: peopleOutputs['people.serviceHistory'],
    title: '查看服务履历',
    kind: 'query',
    permission: 'registry.read',
    input: byId,
    handler: ({ id }, ctx) => {
      get(ctx, id);
      return serviceHistory(ctx, id);
    },
  }),
  defineOperation({
    name: 'people.create',
    output: peopleOutputs['people.create'],
    title: '新增人员',
    kind: 'command',
    permission: 'registry.write',
    input: personFields,
    handler: (fields, ctx) => get(ctx, createPerson(ctx, fields)),
  }),
  defineOperation({
    name: 'people.update',
    output: peopleOutputs['people.update'],
    title: '修改人员',
    kind: 'command',
    permission: 'registry.write',
    input: personUpdate,
    handler: ({ id, version, ...fields }, ctx) => {
      expectVersion(ctx, { table: 'person', id, version, current: () => get(ctx, id) });
      changePerson(ctx, id, fields);
      return get(ctx, id);
    },
  }),
] as const;

function throwNotFound(): never {
  throw notFound('该人员');
}
