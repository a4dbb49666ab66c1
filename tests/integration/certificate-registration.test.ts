import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeIdNumber, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';

// Today is fixed at 2026-11-24: windows open through 2027-02-23.
let core: TestCore;
let townId: number;
let orgId: number;
beforeEach(async () => {
  core = await openTestCore();
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  townId = core.ok('regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id }).id;
  orgId = core.ok('organizations.create', { name: '启航社工', kind: 'social_work_agency' }).id;
});
afterEach(() => core.close());

function holder(seq: string, level: 'assistant' | 'social_worker', issuedOn: string, registrationValidUntil?: string, regionId: number | null = townId) {
  const p = core.ok('people.create', { idNumber: makeIdNumber('442000', '19800101', seq), name: `持证人${seq}`, regionId, organizationId: orgId });
  core.ok('certificates.create', { personId: p.id, level, number: `N${seq}`, issuedOn, registrationValidUntil });
  return p;
}

describe('registration validity and the re-registration window', () => {
  it('computes an empty registration end from the issue date and says which rule did it', () => {
    const p = holder('111', 'assistant', '2024-02-29');
    const [c] = core.ok('people.get', { id: p.id }).certificates;
    expect(c).toMatchObject({
      registrationValidUntil: '2027-02-28',
      registrationSource: 'computed',
      windowStart: '2026-11-29',
      registrationStatus: 'valid',
      rule: '民发〔2009〕44号：登记有效期 3 年，期满前 3 个月内可申请再登记',
    });
  });

  it('keeps an entered end date (historical records) as entered', () => {
    const p = holder('113', 'assistant', '2012-06-20', '2027-01-31');
    expect(core.ok('people.get', { id: p.id }).certificates[0]).toMatchObject({
      registrationValidUntil: '2027-01-31',
      registrationSource: 'entered',
      registrationStatus: 'window',
      windowStart: '2026-11-01',
    });
  });

  it('lists open windows and expired registrations, highest certificate per person, filterable', () => {
    holder('121', 'assistant', '2012-06-20', '2027-02-23'); // last day whose window is open today
    holder('123', 'assistant', '2012-06-20', '2027-02-24'); // window opens tomorrow
    holder('125', 'assistant', '2012-06-20', '2026-11-24'); // expires today: still in its window
    holder('127', 'assistant', '2012-06-20', '2026-11-23'); // expired yesterday
    const upgraded = holder('129', 'assistant', '2012-06-20', '2015-06-19'); // long expired, but…
    core.ok('certificates.create', {
      personId: upgraded.id,
      level: 'social_worker',
      number: 'N129B',
      issuedOn: '2020-06-20',
      registrationValidUntil: '2029-06-19',
    }); // …superseded
    holder('131', 'assistant', '2012-06-20', '2026-12-31', null); // in window, no region

    const names = (input: object) => core.ok('certificates.expiring', input).rows.map((r) => r.personName);
    expect(names({ status: 'window', sortField: 'registrationValidUntil' })).toEqual(['持证人125', '持证人131', '持证人121']);
    expect(names({ status: 'expired' })).toEqual(['持证人127']);
    expect(names({ status: 'window', regionId: townId })).toEqual(['持证人125', '持证人121']);
    expect(names({ status: 'window', organizationId: orgId })).toHaveLength(3);
    const row = core.ok('certificates.expiring', { status: 'window', sortField: 'registrationValidUntil', sortDir: 'desc' }).rows[0]!;
    expect(row).toMatchObject({ personName: '持证人121', windowStart: '2026-11-24', regionName: '石岐街道', organizationName: '启航社工' });
  });

  it('the rule values are data an admin changes; certificates computed later follow them', () => {
    expect(core.ok('rules.registration', {})).toMatchObject({ registrationYears: 3, windowMonths: 3 });
    const before = snapshotCounts(core);
    expect(core.fail('rules.setRegistration', { registrationYears: 0, windowMonths: 3 })).toMatchObject({
      field: 'registrationYears',
      message: '登记有效年限至少 1 年',
    });
    expect(core.fail('rules.setRegistration', { registrationYears: 3, windowMonths: 6 }, { id: 2, name: '工作人员', role: 'staff' })).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(snapshotCounts(core)).toEqual(before);
    core.ok('rules.setRegistration', { registrationYears: 5, windowMonths: 6 });
    const p = holder('141', 'assistant', '2025-01-01');
    expect(core.ok('people.get', { id: p.id }).certificates[0]).toMatchObject({
      registrationValidUntil: '2029-12-31',
      windowStart: '2029-07-01',
      rule: '民发〔2009〕44号：登记有效期 5 年，期满前 6 个月内可申请再登记',
    });
  });
});
