import { regionFields } from '../../schemas/regions.ts';
import { findRegionByCode, insertRegion } from '../../../db/repos/regions.ts';
import { citiesOfProvince, divisionTree } from '../divisions.ts';
import { remember, type SeedContext, type SeedStep } from '../context.ts';

/** Loads the real division tree; regions that already exist (same code) are reused, not duplicated. */
export const regionsStep: SeedStep = {
  name: '行政区划',
  run(ctx) {
    const cities = ctx.spec.cities.length ? ctx.spec.cities : citiesOfProvince('44');
    for (const cityCode of cities) {
      const tree = divisionTree(cityCode);
      const cityId = ensure(ctx, { code: tree.city.code, name: tree.city.name, level: 'city', parentId: null });
      const districtIds = new Map(tree.districts.map((d) => [d.code, ensure(ctx, { code: d.code, name: d.name, level: 'district', parentId: cityId })]));
      for (const town of tree.towns) {
        const parentId = districtIds.get(town.parentCode) ?? cityId;
        const id = ensure(ctx, { code: town.code, name: town.name, level: 'town', parentId });
        ctx.towns.push({ id, name: town.name, idPrefix: town.parentCode });
      }
    }
    ctx.progress(this.name, ctx.towns.length, ctx.towns.length);
  },
};

function ensure(ctx: SeedContext, fields: { code: string; name: string; level: 'city' | 'district' | 'town'; parentId: number | null }): number {
  const existing = findRegionByCode(ctx.db, fields.code);
  if (existing) return existing.id;
  const id = insertRegion(ctx.db, regionFields.parse(fields), ctx.now);
  remember(ctx, 'region', id);
  return id;
}
