import { citiesOfProvince } from '../../regions/divisions.ts';
import { loadStandardRegions } from '../../regions/standard.ts';
import { remember, type SeedStep } from '../context.ts';

/** Loads the real division tree; regions that already exist (same code) are reused, not duplicated. */
export const regionsStep: SeedStep = {
  name: '行政区划',
  run(ctx) {
    const cities = ctx.spec.cities.length ? ctx.spec.cities : citiesOfProvince('44');
    for (const cityCode of cities) {
      const { towns } = loadStandardRegions(ctx.db, cityCode, ctx.now, { onAdded: (id) => remember(ctx, 'region', id) });
      for (const town of towns) ctx.towns.push({ id: town.id!, name: town.name, idPrefix: town.parentCode });
    }
    ctx.progress(this.name, ctx.towns.length, ctx.towns.length);
  },
};
