import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { byId } from '../schemas/common.ts';
import { regionFields, regionList, regionUpdate } from '../schemas/regions.ts';
import * as repo from '../../db/repos/regions.ts';
import { divisionProvinces, isDivisionUnit } from '../regions/divisions.ts';
import { loadStandardRegions } from '../regions/standard.ts';
import { associationCity, setAssociationCity } from '../regions/association-city.ts';
import { regionsOutputs } from '../outputs/regions.ts';
import { expectVersion } from '../versions.ts';

/** A unit of the national list: a city's 4-digit code, or a county's 6-digit code (省直辖县级行政区划). */
const standardUnit = z.object({
  unitCode: z.string({ error: '请选择城市' }).trim().refine(isDivisionUnit, '请选择国家标准（GB/T 2260）中的城市或县级单位').meta({ title: '城市' }),
});

type RegionFields = z.output<typeof regionFields>;

function checkRegion(ctx: Context, f: RegionFields, selfId?: number): void {
  const sameCode = repo.findRegionByCode(ctx.db, f.code);
  if (sameCode && sameCode.id !== selfId) throw conflict(`区划代码 ${f.code} 已被「${sameCode.name}」使用`, 'code');
  if (f.parentId === null) {
    if (f.level === 'town') throw invalid('镇区·街道必须选择上级区划', 'parentId');
    return;
  }
  const parent = repo.getRegion(ctx.db, f.parentId);
  if (!parent) throw notFound('所选上级区划', 'parentId');
  if (parent.level === 'town') throw invalid(`「${parent.name}」是镇区·街道，不能再作为上级区划`, 'parentId');
  if (selfId !== undefined && repo.isSameOrAncestor(ctx.db, selfId, f.parentId)) {
    throw invalid('上级区划不能是本区划或其下级', 'parentId');
  }
}

export const regionOperations = [
  defineOperation({
    name: 'regions.list',
    output: regionsOutputs['regions.list'],
    title: '查询行政区划',
    kind: 'query',
    permission: 'registry.read',
    input: regionList,
    handler: (query, { db }) => repo.listRegions(db, query),
  }),
  defineOperation({
    name: 'regions.options',
    output: regionsOutputs['regions.options'],
    title: '读取行政区划',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, { db }) => repo.allRegions(db),
  }),
  defineOperation({
    name: 'regions.get',
    output: regionsOutputs['regions.get'],
    title: '查看行政区划',
    kind: 'query',
    permission: 'registry.read',
    input: byId,
    handler: ({ id }, { db }) => repo.getRegion(db, id) ?? throwNotFound(),
  }),
  defineOperation({
    name: 'regions.create',
    output: regionsOutputs['regions.create'],
    title: '新增行政区划',
    kind: 'command',
    permission: 'config.write',
    input: regionFields,
    handler: (fields, ctx) => {
      checkRegion(ctx, fields);
      return repo.getRegion(ctx.db, repo.insertRegion(ctx.db, fields, ctx.clock.now()))!;
    },
  }),
  defineOperation({
    name: 'regions.update',
    output: regionsOutputs['regions.update'],
    title: '修改行政区划',
    kind: 'command',
    permission: 'config.write',
    input: regionUpdate,
    handler: ({ id, version, ...fields }, ctx) => {
      if (!repo.getRegion(ctx.db, id)) throwNotFound();
      expectVersion(ctx, { table: 'region', id, version, current: () => repo.getRegion(ctx.db, id) });
      checkRegion(ctx, fields, id);
      repo.updateRegion(ctx.db, id, fields, ctx.clock.now());
      return repo.getRegion(ctx.db, id)!;
    },
  }),
  defineOperation({
    name: 'regions.standardDivisions',
    output: regionsOutputs['regions.standardDivisions'],
    title: '读取国家标准行政区划',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, { db }) => ({ provinces: divisionProvinces(), associationCity: associationCity(db) }),
  }),
  defineOperation({
    name: 'regions.standardPreview',
    output: regionsOutputs['regions.standardPreview'],
    title: '预览按国家标准导入行政区划',
    kind: 'query',
    permission: 'registry.read',
    input: standardUnit,
    handler: ({ unitCode }, ctx) => {
      const { city, added, kept } = loadStandardRegions(ctx.db, unitCode, ctx.clock.now(), { dryRun: true });
      return { city: { code: city.code, name: city.name }, added, kept, total: added.city + added.district + added.town };
    },
  }),
  defineOperation({
    name: 'regions.importStandard',
    output: regionsOutputs['regions.importStandard'],
    title: '按国家标准导入行政区划',
    kind: 'command',
    permission: 'config.write',
    input: standardUnit.extend({ setAsAssociationCity: z.boolean().default(false) }),
    // One transaction (every command is one); each new region is logged row by row by the audit triggers.
    handler: ({ unitCode, setAsAssociationCity }, ctx) => {
      const now = ctx.clock.now();
      const { city, added, kept } = loadStandardRegions(ctx.db, unitCode, now);
      if (setAsAssociationCity) {
        const region = repo.getRegion(ctx.db, city.id!)!;
        if (region.level !== 'city')
          throw conflict(
            `区划代码 ${region.code} 已登记为「${region.name}」（${region.level === 'town' ? '镇区·街道' : '区县'}），不能设为本协会所在城市`,
            'unitCode',
          );
        setAssociationCity(ctx.db, region.id, now);
      }
      return { city: { id: city.id!, code: city.code, name: city.name }, added, kept, total: added.city + added.district + added.town };
    },
  }),
] as const;

function throwNotFound(): never {
  throw notFound('该行政区划');
}
