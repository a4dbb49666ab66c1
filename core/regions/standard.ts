/**
 * Adding a city's official regions (GB/T 2260, from core/regions/divisions.ts): the city, its
 * districts or counties and all its towns and streets. A region whose code is already there is
 * kept as it is (never renamed or moved) and used as the parent of what is added below it, so a
 * second run adds nothing. The example data loads its city through the same function.
 */
import type { Db } from '../../db/engine/types.ts';
import { regionFields } from '../schemas/regions.ts';
import { findRegionByCode, insertRegion, type RegionLevel } from '../../db/repos/regions.ts';
import { divisionTree } from './divisions.ts';

export interface StandardLoad {
  city: { id: number | null; code: string; name: string };
  /** Regions added (or, in a dry run, that would be added), by level. */
  added: Record<RegionLevel, number>;
  /** Regions of the standard list that were already there (same code) and were kept as they are. */
  kept: number;
  /** Every town and street of the unit, with its id (null in a dry run when it is new). */
  towns: { id: number | null; name: string; parentCode: string }[];
}

/**
 * Loads one unit (a city's 4-digit code, or a county's 6-digit code under 省直辖县级行政区划).
 * With `dryRun`, writes nothing and says what it would add. `onAdded` hears of each new region.
 */
export function loadStandardRegions(
  db: Db,
  unitCode: string,
  now: string,
  { dryRun = false, onAdded }: { dryRun?: boolean; onAdded?: (id: number) => void } = {},
): StandardLoad {
  const tree = divisionTree(unitCode);
  const added: Record<RegionLevel, number> = { city: 0, district: 0, town: 0 };
  let kept = 0;
  const ensure = (code: string, name: string, level: RegionLevel, parentId: number | null): number | null => {
    const existing = findRegionByCode(db, code);
    if (existing) {
      kept++;
      return existing.id;
    }
    added[level]++;
    if (dryRun) return null;
    const id = insertRegion(db, regionFields.parse({ code, name, level, parentId }), now);
    onAdded?.(id);
    return id;
  };
  const cityId = ensure(tree.city.code, tree.city.name, 'city', null);
  const districtIds = new Map(tree.districts.map((d) => [d.code, ensure(d.code, d.name, 'district', cityId)]));
  const towns = tree.towns.map((t) => {
    const parentId = districtIds.has(t.parentCode) ? districtIds.get(t.parentCode)! : cityId;
    return { id: ensure(t.code, t.name, 'town', parentId), name: t.name, parentCode: t.parentCode };
  });
  return { city: { id: cityId, ...tree.city }, added, kept, towns };
}
