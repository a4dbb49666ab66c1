/**
 * The city the association serves (本协会所在城市): chosen in the first-run welcome or when a city
 * is added under 行政区划 → 按国家标准导入, and kept as a setting. Imports that match town names
 * "within the association's city" ask `associationCityRegionId`.
 */
import type { Db } from '../../db/engine/types.ts';
import { getSetting, setSetting } from '../../db/repos/settings.ts';
import { getRegion, type RegionRow } from '../../db/repos/regions.ts';
import { prepared } from '../../db/statements.ts';

export const ASSOCIATION_CITY_KEY = 'association.cityRegionId';

/**
 * The region id of the association's city: the one chosen (when it is still a city-level region),
 * else the only city-level region there is (e.g. after loading the example data), else null.
 */
export function associationCityRegionId(db: Db): number | null {
  const chosen = Number(getSetting(db, ASSOCIATION_CITY_KEY));
  if (Number.isInteger(chosen) && chosen > 0 && getRegion(db, chosen)?.level === 'city') return chosen;
  const cities = prepared(db, `SELECT id FROM region WHERE level = 'city' LIMIT 2`).pluck().all() as number[];
  return cities.length === 1 ? cities[0]! : null;
}

export function associationCity(db: Db): RegionRow | null {
  const id = associationCityRegionId(db);
  return id === null ? null : (getRegion(db, id) ?? null);
}

export function setAssociationCity(db: Db, regionId: number, now: string): void {
  setSetting(db, ASSOCIATION_CITY_KEY, String(regionId), now);
}
