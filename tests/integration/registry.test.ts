import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeIdNumber, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';
import type { Actor } from '../../core/permissions.ts';
import { latestVersion } from '../../db/migrate.ts';

let core: TestCore;
beforeEach(async () => {
  core = await openTestCore();
});
afterEach(() => core.close());

/** Expects a refusal with a Chinese message on `field`, and nothing written. */
function expectRefused(name: Parameters<TestCore['fail']>[0], input: unknown, expected: { code: string; field?: string; message: RegExp }) {
  const before = snapshotCounts(core);
  const error = core.fail(name, input);
  expect(error.code).toBe(expected.code);
  if (expected.field) expect(error.field).toBe(expected.field);
  expect(error.message).toMatch(expected.message);
  expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(snapshotCounts(core)).toEqual(before);
  return error;
}

function seedRegistry() {
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  const town = core.ok('regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  const org = core.ok('organizations.create', { name: '中山市启航社会工作服务中心', kind: 'social_work_agency', regionId: town.id });
  const person = core.ok('people.create', {
    idNumber: makeIdNumber('442000', '19850315', '123'),
    name: '陈晓明',
    organizationId: org.id,
    regionId: town.id,
    practiceStart: '2010-07-01',
  });
  return { city, town, org, person };
}

/** Gives the seeded person what 初级督导 asks for: a certificate (practice since 2010 is already enough). */
function qualify(personId: number) {
  core.ok('certificates.create', { personId, level: 'social_worker', number: `ZS-${personId}`, issuedOn: '2015-06-20', registrationValidUntil: '2027-06-19' });
}

describe('regions', () => {
  it('creates, edits and lists a tree', () => {
    const { city, town } = seedRegistry();
    expect(town.parentName).toBe('中山市');
    const updated = core.ok('regions.update', { id: town.id, code: '442000001', name: '石岐区街道', level: 'town', parentId: city.id });
    expect(updated.name).toBe('石岐区街道');
    expect(core.ok('regions.list', { search: '石岐' }).total).toBe(1);
    expect(core.ok('regions.list', { parentId: city.id }).rows.map((r) => r.name)).toEqual(['石岐区街道']);
    expect(core.ok('regions.options', {})).toHaveLength(2);
  });

  it('refuses bad codes, duplicates, orphan towns, unknown parents and cycles', () => {
    const { city, town } = seedRegistry();
    expectRefused('regions.create', { code: '4420', name: 'x', level: 'city' }, { code: 'VALIDATION', field: 'code', message: /6 位/ });
    expectRefused('regions.create', { code: '442000', name: '另一个', level: 'city' }, { code: 'CONFLICT', field: 'code', message: /中山市/ });
    expectRefused('regions.create', { code: '442000002', name: '东区街道', level: 'town' }, { code: 'VALIDATION', field: 'parentId', message: /上级区划/ });
    expectRefused(
      'regions.create',
      { code: '442000002', name: '东区街道', level: 'town', parentId: 999 },
      { code: 'NOT_FOUND', field: 'parentId', message: /上级区划/ },
    );
    expectRefused(
      'regions.create',
      { code: '442000003', name: 'x', level: 'town', parentId: town.id },
      { code: 'VALIDATION', field: 'parentId', message: /镇区·街道/ },
    );
    expectRefused(
      'regions.update',
      { id: city.id, code: '442000', name: '中山市', level: 'city', parentId: city.id },
      { code: 'VALIDATION', field: 'parentId', message: /本区划或其下级/ },
    );
    expectRefused(
      'regions.create',
      { code: '442000004', name: '', level: 'town', parentId: city.id },
      { code: 'VALIDATION', field: 'name', message: /请填写名称/ },
    );
    expectRefused('regions.update', { id: 999, code: '442000', name: 'x', level: 'city' }, { code: 'NOT_FOUND', message: /行政区划/ });
  });
});

describe('organizations', () => {
  it('creates, edits, lists and filters', () => {
    const { town, org } = seedRegistry();
    expect(org.regionName).toBe('石岐街道');
    const other = core.ok('organizations.create', { name: '石岐街道社区服务中心', kind: 'community', creditCode: '12442000mb2c12345x' });
    expect(other.creditCode).toBe('12442000MB2C12345X');
    core.ok('organizations.update', { id: other.id, name: '石岐街道社区服务中心', kind: 'community', regionId: town.id, contactPhone: '0760-88881234' });
    expect(core.ok('organizations.list', { kind: 'community' }).rows.map((o) => o.name)).toEqual(['石岐街道社区服务中心']);
    expect(core.ok('organizations.list', { regionId: town.id }).total).toBe(2);
    expect(core.ok('organizations.get', { id: org.id }).peopleCount).toBe(1);
  });

  it('refuses duplicates, bad phone and credit code, unknown region', () => {
    const { org } = seedRegistry();
    expectRefused('organizations.create', { name: org.name, kind: 'other' }, { code: 'CONFLICT', field: 'name', message: /已有名为/ });
    expectRefused(
      'organizations.create',
      { name: 'A', kind: 'other', contactPhone: '12345' },
      { code: 'VALIDATION', field: 'contactPhone', message: /联系电话/ },
    );
    expectRefused(
      'organizations.create',
      { name: 'A', kind: 'other', creditCode: 'ABC' },
      { code: 'VALIDATION', field: 'creditCode', message: /统一社会信用代码/ },
    );
    expectRefused('organizations.create', { name: 'A', kind: 'other', regionId: 999 }, { code: 'NOT_FOUND', field: 'regionId', message: /行政区划/ });
    expectRefused('organizations.create', { name: 'A', kind: 'bank' }, { code: 'VALIDATION', field: 'kind', message: /机构类型/ });
  });
});

describe('people', () => {
  it('derives birth date and sex from the 身份证号 and normalises x', () => {
    const { person } = seedRegistry();
    expect(person).toMatchObject({ birthDate: '1985-03-15', sex: 'M', organizationName: '中山市启航社会工作服务中心', regionName: '石岐街道' });
    const id = makeIdNumber('442000', '19900101', '002');
    const woman = core.ok('people.create', { idNumber: id.toLowerCase(), name: '李芳' });
    expect(woman.idNumber).toBe(id.toUpperCase());
    expect(woman.sex).toBe('F');
  });

  it('refuses a wrong check digit, missing fields, duplicates and unknown references, writing nothing', () => {
    const { person } = seedRegistry();
    const good = makeIdNumber('442000', '19900101', '125');
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expectRefused('people.create', { idNumber: wrongCheck, name: '王五' }, { code: 'VALIDATION', field: 'idNumber', message: /校验位/ });
    expectRefused('people.create', { idNumber: good }, { code: 'VALIDATION', field: 'name', message: /请填写姓名/ });
    expectRefused('people.create', { name: '王五' }, { code: 'VALIDATION', field: 'idNumber', message: /身份证号/ });
    expectRefused('people.create', { idNumber: person.idNumber, name: '王五' }, { code: 'CONFLICT', field: 'idNumber', message: /陈晓明/ });
    expectRefused('people.create', { idNumber: good, name: '王五', regionId: 999 }, { code: 'NOT_FOUND', field: 'regionId', message: /行政区划/ });
    expectRefused('people.create', { idNumber: good, name: '王五', organizationId: 999 }, { code: 'NOT_FOUND', field: 'organizationId', message: /机构/ });
    expectRefused(
      'people.create',
      { idNumber: good, name: '王五', practiceStart: '2027-01-01' },
      { code: 'VALIDATION', field: 'practiceStart', message: /晚于今天/ },
    );
    expectRefused(
      'people.create',
      { idNumber: good, name: '王五', practiceStart: '2026-02-30' },
      { code: 'VALIDATION', field: 'practiceStart', message: /有效日期/ },
    );
    expectRefused('people.create', { idNumber: good, name: '王五', email: 'not-an-email' }, { code: 'VALIDATION', field: 'email', message: /电子邮箱/ });
    expectRefused('people.create', { idNumber: good, name: 'x'.repeat(51) }, { code: 'VALIDATION', field: 'name', message: /50/ });
    expectRefused('people.create', { idNumber: 12345, name: '王五' }, { code: 'VALIDATION', field: 'idNumber', message: /身份证号/ });
  });

  it("edits, and refuses taking another person's 身份证号", () => {
    const { person } = seedRegistry();
    const other = core.ok('people.create', { idNumber: makeIdNumber('442000', '19920202', '111'), name: '张伟' });
    const edited = core.ok('people.update', { ...person, id: person.id, phone: '13800138000', education: 'bachelor' });
    expect(edited).toMatchObject({ phone: '13800138000', education: 'bachelor', name: '陈晓明' });
    expectRefused('people.update', { id: other.id, idNumber: person.idNumber, name: '张伟' }, { code: 'CONFLICT', field: 'idNumber', message: /陈晓明/ });
    expectRefused('people.update', { id: 999, idNumber: other.idNumber, name: '张伟' }, { code: 'NOT_FOUND', message: /人员/ });
  });

  it('lists with paging, sorting, search by name or 身份证号 fragment, and literal wildcards', () => {
    seedRegistry();
    const names = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '黄敏', '赵丽', '周杰', '吴婷'];
    names.forEach((name, i) =>
      core.ok('people.create', { idNumber: makeIdNumber('442000', `199${i}0101`, '131'), name, phone: `1380013${String(i).padStart(4, '0')}` }),
    );
    const page0 = core.ok('people.list', { page: 0, pageSize: 4, sortField: 'birthDate', sortDir: 'asc' });
    expect(page0.total).toBe(11);
    expect(page0.rows.map((p) => p.birthDate)).toEqual(['1985-03-15', '1990-01-01', '1991-01-01', '1992-01-01']);
    const page2 = core.ok('people.list', { page: 2, pageSize: 4, sortField: 'birthDate', sortDir: 'asc' });
    expect(page2.rows).toHaveLength(3);
    expect(core.ok('people.list', { sortField: 'name', sortDir: 'desc' }).rows).toHaveLength(11);
    for (const sortField of ['name', 'idNumber', 'birthDate', 'organizationName', 'regionName', 'practiceStart', 'createdAt'] as const) {
      expect(core.ok('people.list', { sortField }).total).toBe(11);
    }
    expect(core.ok('people.list', { search: '晓明' }).rows.map((p) => p.name)).toEqual(['陈晓明']);
    expect(core.ok('people.list', { search: '19930101' }).rows.map((p) => p.name)).toEqual(['刘洋']);
    expect(core.ok('people.list', { search: '00130007' }).rows.map((p) => p.name)).toEqual(['赵丽']);
    expect(core.ok('people.list', { search: '%' }).total).toBe(0);
    expect(core.ok('people.list', { search: '_' }).total).toBe(0);
    // LIKE's wildcards and its escape are text in a fragment (PostgreSQL spells the search LIKE '%…%': db/engine/dialect.ts).
    expect(core.ok('people.list', { search: '1993%01' }).total).toBe(0);
    expect(core.ok('people.list', { search: '\\' }).total).toBe(0);
    expect(core.ok('people.list', { search: '1993_101' }).total).toBe(0);
    expectRefused('people.list', { pageSize: 101 }, { code: 'VALIDATION', field: 'pageSize', message: /100/ });
    expectRefused('people.list', { sortField: 'id_number; DROP TABLE person' }, { code: 'VALIDATION', field: 'sortField', message: /[\u4e00-\u9fff]/ });
  });
});

describe('search as Chinese users expect', () => {
  it('matches full pinyin, initials, polyphonic surnames, name, 身份证号 and phone fragments', () => {
    const add = (name: string, seq: string, phone?: string) => core.ok('people.create', { idNumber: makeIdNumber('442000', '19900101', seq), name, phone });
    const chen = add('陈晓明', '111', '13800138000');
    const zeng = add('曾小贤', '113');
    const shan = add('单雄信', '115');
    add('张三', '117');
    const names = (search: string) =>
      core
        .ok('people.list', { search })
        .rows.map((p) => p.name)
        .sort();
    expect(names('chenxiaoming')).toEqual(['陈晓明']);
    expect(names('CXM')).toEqual(['陈晓明']);
    expect(names('xiao')).toEqual(['曾小贤', '陈晓明']);
    expect(names('zxx')).toEqual(['曾小贤']); // 曾 read as zeng, not ceng
    expect(names('shanxiong')).toEqual(['单雄信']); // 单 as a surname is shan
    expect(names('zs')).toEqual(['张三']);
    expect(names('晓')).toEqual(['陈晓明']);
    expect(names(chen.idNumber.slice(8, 14))).toHaveLength(4); // all four share the birth date
    expect(names(zeng.idNumber.slice(-4))).toEqual(['曾小贤']);
    expect(names('0013800')).toEqual(['陈晓明']);
    expect(core.ok('supervisors.list', { search: 'sxx' }).total).toBe(0);
    expect(shan.name).toBe('单雄信');
  });

  it('keeps the pinyin right when a name is corrected', () => {
    const p = core.ok('people.create', { idNumber: makeIdNumber('442000', '19900101', '111'), name: '陈小明' });
    core.ok('people.update', { ...p, id: p.id, name: '林小明' });
    expect(core.ok('people.list', { search: 'lxm' }).total).toBe(1);
    expect(core.ok('people.list', { search: 'cxm' }).total).toBe(0);
  });
});

describe('certificates', () => {
  it('adds and edits a certificate on the person', () => {
    const { person } = seedRegistry();
    const cert = core.ok('certificates.create', {
      personId: person.id,
      level: 'assistant',
      number: 'ZS2012001',
      issuedOn: '2012-06-20',
      registrationValidUntil: '2015-06-19',
    });
    core.ok('certificates.update', { id: cert.id, level: 'social_worker', number: 'ZS2015001', issuedOn: '2015-06-20', registrationValidUntil: '2027-06-19' });
    const detail = core.ok('people.get', { id: person.id });
    expect(detail.certificates).toMatchObject([{ level: 'social_worker', number: 'ZS2015001', registrationValidUntil: '2027-06-19' }]);
    expect(detail.person.topCertificateLevel).toBe('social_worker');
  });

  it('refuses future issue dates, validity before issue, duplicate numbers, unknown people', () => {
    const { person } = seedRegistry();
    core.ok('certificates.create', { personId: person.id, level: 'assistant', number: 'ZS1', issuedOn: '2012-06-20' });
    const base = { personId: person.id, level: 'assistant', number: 'ZS2', issuedOn: '2012-06-20' };
    expectRefused('certificates.create', { ...base, issuedOn: '2026-11-25' }, { code: 'VALIDATION', field: 'issuedOn', message: /晚于今天/ });
    expectRefused(
      'certificates.create',
      { ...base, registrationValidUntil: '2012-06-20' },
      { code: 'VALIDATION', field: 'registrationValidUntil', message: /晚于发证日期/ },
    );
    expectRefused('certificates.create', { ...base, number: 'ZS1' }, { code: 'CONFLICT', field: 'number', message: /已登记/ });
    expectRefused('certificates.create', { ...base, personId: 999 }, { code: 'NOT_FOUND', field: 'personId', message: /人员/ });
    expectRefused('certificates.create', { ...base, level: 'expert' }, { code: 'VALIDATION', field: 'level', message: /证书等级/ });
    expectRefused('certificates.create', { ...base, number: ' ' }, { code: 'VALIDATION', field: 'number', message: /请填写证书编号/ });
  });
});

describe('supervisors', () => {
  it('appoints with an event, lists, filters, searches and shows the detail', () => {
    const { town, person } = seedRegistry();
    qualify(person.id);
    const levels = core.ok('supervisors.levels', {});
    expect(levels.map((l) => l.name)).toEqual(['见习督导', '初级督导', '中级督导', '高级督导']);
    const junior = levels[1]!;
    const s = core.ok('supervisors.appoint', {
      personId: person.id,
      levelId: junior.id,
      regionId: town.id,
      appointedOn: '2026-01-01',
      validUntil: '2027-12-31',
    });
    expect(s).toMatchObject({ personName: '陈晓明', levelName: '初级督导', regionName: '石岐街道', status: 'active' });
    const detail = core.ok('supervisors.get', { id: s.id });
    expect(detail.events).toMatchObject([{ kind: 'appointed', effectiveOn: '2026-01-01', levelName: '初级督导', status: 'active', actorName: '本机管理员' }]);
    expect(core.ok('supervisors.list', { search: '晓' }).total).toBe(1);
    expect(core.ok('supervisors.list', { levelId: junior.id, regionId: town.id, status: 'active' }).total).toBe(1);
    expect(core.ok('supervisors.list', { status: 'revoked' }).total).toBe(0);
    for (const sortField of ['personName', 'idNumber', 'levelName', 'regionName', 'appointedOn', 'validUntil', 'status'] as const) {
      expect(core.ok('supervisors.list', { sortField, sortDir: 'desc' }).total).toBe(1);
    }
    expect(core.ok('people.get', { id: person.id }).supervisor?.id).toBe(s.id);
  });

  it('refuses appointing twice, unknown level/region/person, and validity before appointment', () => {
    const { town, person } = seedRegistry();
    qualify(person.id);
    const [, junior] = core.ok('supervisors.levels', {});
    const base = { personId: person.id, levelId: junior!.id, regionId: town.id, appointedOn: '2026-01-01', validUntil: '2027-12-31' };
    expectRefused('supervisors.appoint', { ...base, validUntil: '2025-12-31' }, { code: 'VALIDATION', field: 'validUntil', message: /早于聘任日期/ });
    expectRefused('supervisors.appoint', { ...base, levelId: 999 }, { code: 'NOT_FOUND', field: 'levelId', message: /督导等级/ });
    expectRefused('supervisors.appoint', { ...base, regionId: 999 }, { code: 'NOT_FOUND', field: 'regionId', message: /行政区划/ });
    expectRefused('supervisors.appoint', { ...base, personId: 999 }, { code: 'NOT_FOUND', field: 'personId', message: /人员/ });
    expectRefused('supervisors.appoint', { ...base, regionId: undefined }, { code: 'VALIDATION', field: 'regionId', message: /服务区划/ });
    core.ok('supervisors.appoint', base);
    expectRefused('supervisors.appoint', base, { code: 'CONFLICT', field: 'personId', message: /已在督导库中/ });
  });
});

describe('permissions and unknown operations', () => {
  const auditor: Actor = { id: 2, name: '审计员', role: 'auditor' };
  const staff: Actor = { id: 3, name: '工作人员', role: 'staff' };

  it('a read-only role can read but not change anything', () => {
    seedRegistry();
    const before = snapshotCounts(core);
    expect(core.call('people.list', {}, auditor).ok).toBe(true);
    const refused = core.call('people.create', { idNumber: makeIdNumber('442000', '19900101', '141'), name: '王五' }, auditor);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('新增人员') } });
    expect(core.call('regions.create', { code: '440100', name: '广州市', level: 'city' }, staff)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('an unknown operation is refused in Chinese', () => {
    expect(core.call('people.drop', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION', message: expect.stringContaining('未知的操作') } });
    expect(core.call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
    expect(core.call('toString', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
  });

  it('system.info reports counts and the schema version', () => {
    seedRegistry();
    expect(core.ok('system.info', {})).toMatchObject({ schemaVersion: latestVersion(), counts: { regions: 2, organizations: 1, people: 1, supervisors: 0 } });
  });
});

describe('people sorted by organization or region name', () => {
  it('page through the same order a plain sort gives: no name first ascending and last descending, ties by id', () => {
    const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    // Two towns with the same name under different codes: ties between names are broken by id.
    const towns = ['石岐街道', '东区街道', '石岐街道'].map(
      (name, i) => core.ok('regions.create', { code: `44200000${i + 1}`, name, level: 'town', parentId: city.id }).id,
    );
    const orgs = ['乙机构', '甲机构', '丙机构'].map((name) => core.ok('organizations.create', { name, kind: 'other' }).id);
    for (let i = 0; i < 11; i++) {
      core.ok('people.create', {
        idNumber: makeIdNumber('442000', '19900101', String(101 + 2 * i).padStart(3, '0')),
        name: `人员${i}`,
        organizationId: i % 4 === 3 ? null : orgs[i % 3],
        regionId: i % 5 === 4 ? null : towns[i % 3],
      });
    }
    for (const [sortField, table, column] of [
      ['organizationName', 'organization', 'organization_id'],
      ['regionName', 'region', 'region_id'],
    ] as const) {
      for (const sortDir of ['asc', 'desc'] as const) {
        const dir = sortDir.toUpperCase();
        // SQLite's order of NULL, spelled out so that PostgreSQL (the opposite by default) is held to it too.
        const nulls = sortDir === 'asc' ? 'NULLS FIRST' : 'NULLS LAST';
        const expected = core.db
          .prepare(`SELECT p.id FROM person p LEFT JOIN ${table} x ON x.id = p.${column} ORDER BY x.name ${dir} ${nulls}, x.id ${dir} ${nulls}, p.id ${dir}`)
          .pluck()
          .all();
        const paged = [0, 1, 2, 3].flatMap((page) => core.ok('people.list', { page, pageSize: 3, sortField, sortDir }).rows.map((p) => p.id));
        expect(paged, `${sortField} ${sortDir}`).toEqual(expected);
        // A filter applies to both parts.
        const filtered = core.ok('people.list', { page: 0, pageSize: 20, sortField, sortDir, regionId: towns[0] });
        expect(filtered.rows.map((p) => p.regionId)).toEqual(Array(filtered.total).fill(towns[0]));
      }
    }
  });
});
