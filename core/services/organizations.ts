import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { conflict, notFound } from '../errors.ts';
import { byId } from '../schemas/common.ts';
import { organizationFields, organizationList, organizationUpdate } from '../schemas/organizations.ts';
import * as repo from '../../db/repos/organizations.ts';
import { requireRegion } from './references.ts';
import { organizationsOutputs } from '../outputs/organizations.ts';
import { expectVersion } from '../versions.ts';

type OrganizationFields = z.output<typeof organizationFields>;

function checkOrganization(ctx: Context, f: OrganizationFields, selfId?: number): void {
  const sameName = repo.findOrganizationByName(ctx.db, f.name);
  if (sameName && sameName.id !== selfId) throw conflict(`已有名为「${f.name}」的机构`, 'name');
  if (f.creditCode) {
    const sameCode = repo.findOrganizationByCreditCode(ctx.db, f.creditCode);
    if (sameCode && sameCode.id !== selfId) throw conflict(`统一社会信用代码已被「${sameCode.name}」使用`, 'creditCode');
  }
  requireRegion(ctx, f.regionId);
}

const get = (ctx: Context, id: number) => repo.getOrganization(ctx.db, id) ?? throwNotFound();

/** `organizations.create`'s rules, for core's own callers (the registry import) as for the operation. */
export function createOrganization(ctx: Context, fields: OrganizationFields) {
  checkOrganization(ctx, fields);
  return get(ctx, repo.insertOrganization(ctx.db, fields, ctx.clock.now()));
}

export const organizationOperations = [
  defineOperation({
    name: 'organizations.list',
    output: organizationsOutputs['organizations.list'],
    title: '查询机构',
    kind: 'query',
    permission: 'registry.read',
    input: organizationList,
    handler: (query, { db }) => repo.listOrganizations(db, query),
  }),
  defineOperation({
    name: 'organizations.options',
    output: organizationsOutputs['organizations.options'],
    title: '读取机构',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, { db }) => repo.organizationOptions(db),
  }),
  defineOperation({
    name: 'organizations.get',
    output: organizationsOutputs['organizations.get'],
    title: '查看机构',
    kind: 'query',
    permission: 'registry.read',
    input: byId,
    handler: ({ id }, ctx) => get(ctx, id),
  }),
  defineOperation({
    name: 'organizations.create',
    output: organizationsOutputs['organizations.create'],
    title: '新增机构',
    kind: 'command',
    permission: 'registry.write',
    input: organizationFields,
    handler: (fields, ctx) => createOrganization(ctx, fields),
  }),
  defineOperation({
    name: 'organizations.update',
    output: organizationsOutputs['organizations.update'],
    title: '修改机构',
    kind: 'command',
    permission: 'registry.write',
    input: organizationUpdate,
    handler: ({ id, version, ...fields }, ctx) => {
      get(ctx, id);
      expectVersion(ctx, { table: 'organization', id, version, current: () => get(ctx, id) });
      checkOrganization(ctx, fields, id);
      repo.updateOrganization(ctx.db, id, fields, ctx.clock.now());
      return get(ctx, id);
    },
  }),
] as const;

function throwNotFound(): never {
  throw notFound('该机构');
}
