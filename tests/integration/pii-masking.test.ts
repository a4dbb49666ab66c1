import fs from 'node:fs';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../core/api.ts';
import { roleAllows, type Actor } from '../../core/permissions.ts';
import { SEARCH_REFUSED, maskBirthDate, maskIdNumber, maskPhone } from '../../core/pii.ts';
import { type TestCore } from '../support/core.ts';
import { openExampleDataCore } from '../support/example-data.ts';

/**
 * Nothing a role without `pii.read` can list, open, search or export lets a
 * full 身份证号 or phone number be derived. On the generated demo population (400 people, bases,
 * sessions, enrolments, supervisors, a re-review, evaluations), every query the role may run is
 * called with every id it could name, every export is run and its workbook read back, and every
 * string is scanned for a real 身份证号 or phone number of the population, and for a full birth date.
 */
const AUDITOR: Actor = { id: 9001, name: '审计甲', role: 'auditor' };
let core: TestCore;
let coordinator: Actor;
let ids: Set<string>;
let phones: Set<string>;

beforeAll(async () => {
  core = await openExampleDataCore();
  // A few changes so the 操作日志 holds person rows (before/after) and not only bulk entries.
  const people = core.db.prepare('SELECT id FROM person ORDER BY id LIMIT 3').pluck().all() as number[];
  for (const id of people) {
    const { person } = core.ok('people.get', { id });
    core.ok('people.update', {
      id,
      idNumber: person.idNumber,
      name: person.name,
      phone: person.phone ?? '19212349903',
      practiceStart: person.practiceStart,
      organizationId: person.organizationId,
      regionId: person.regionId,
    });
  }
  const baseIds = core.db.prepare('SELECT id FROM training_base').pluck().all() as number[];
  coordinator = { id: 9002, name: '协调员甲', role: 'coordinator', baseIds };
  ids = new Set(core.db.prepare('SELECT id_number FROM person').pluck().all() as string[]);
  phones = new Set(
    (
      core.db
        .prepare('SELECT phone FROM person WHERE phone IS NOT NULL UNION SELECT contact_phone FROM organization WHERE contact_phone IS NOT NULL')
        .pluck()
        .all() as string[]
    ).map((p) => p.replace(/\D/g, '')),
  );
  expect(ids.size).toBeGreaterThan(300);
  expect(phones.size).toBeGreaterThan(100);
}, 120_000);

/** Every full 身份证号 or phone of the population found in a text, and any full birth date under a birth-date key. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\d{17}[\dX]/g)) if (ids.has(m[0])) found.push(`身份证号 ${m[0]}`);
  for (const m of text.matchAll(/\d{11}|\d{3,4}-\d{7,8}/g)) if (phones.has(m[0].replace(/\D/g, ''))) found.push(`电话 ${m[0]}`);
  for (const m of text.matchAll(/"(birthDate|birth_date)":"(\d{4}-\d\d-\d\d)/g)) found.push(`出生日期 ${m[2]}`);
  return found;
}

/** Inputs naming every record a query could be asked about (the first few of each kind). */
function candidateInputs(): unknown[] {
  const first = (sql: string) => core.db.prepare(sql).pluck().all() as number[];
  const people = first('SELECT id FROM person ORDER BY id LIMIT 5');
  const supervisors = first('SELECT id FROM supervisor ORDER BY id LIMIT 5');
  const sessions = first('SELECT id FROM training_session ORDER BY id LIMIT 5');
  const bases = first('SELECT id FROM training_base ORDER BY id');
  const cycles = first('SELECT id FROM recert_cycle ORDER BY id');
  const inputs: unknown[] = [{}, { pageSize: 100 }, { year: 2025 }, { year: 2026 }, { tableName: 'person', pageSize: 100 }];
  for (const id of [...people, ...supervisors, ...sessions, ...bases, ...cycles]) inputs.push({ id });
  for (const personId of people) inputs.push({ personId });
  for (const sessionId of sessions) inputs.push({ sessionId });
  for (const baseId of bases) inputs.push({ baseId }, { baseId, from: '2020-01-01', to: '2027-12-31' });
  for (const cycleId of cycles) inputs.push({ cycleId, pageSize: 100 });
  return inputs;
}

async function workbookText(actor: Actor, jobId: string): Promise<string> {
  let result: unknown = null;
  for (let i = 0; i < 3000; i++) {
    const status = core.ok('jobs.status', { id: jobId }, actor);
    if (status.state === 'failed') throw new Error(status.error ?? 'failed');
    result = status.result;
    if (status.state !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const download = core.call('jobs.download', { id: jobId }, actor);
  if (!download.ok) return JSON.stringify(result); // a job that hands over data, not a file (a batch of printed documents)
  const { fileName, ticket } = download.result as { fileName: string; ticket: string };
  const file = core.takeDownload(ticket);
  if (!file) return '';
  if (!fileName.endsWith('.xlsx')) return fs.readFileSync(file.path, 'utf8'); // the verification page, the revocation list
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(file.path) as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((sheet) =>
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.value instanceof Date ? cell.value.toISOString() : String(cell.value)))),
  );
  return cells.join('\n');
}

describe.each([
  ['审计', () => AUDITOR],
  ['基地协调员', () => coordinator],
])('personal data as seen by %s', (_label, actorOf) => {
  it('no list, detail, search result, audit entry or export lets a full 身份证号, phone or birth date through', async () => {
    const actor = actorOf();
    const problems: string[] = [];
    let answered = 0;
    let exported = 0;
    const inputs = candidateInputs();
    for (const op of operations) {
      if (op.kind !== 'query' || op.permission === 'public' || !roleAllows(actor.role, op.permission) || op.name.startsWith('jobs.')) continue;
      const asked = new Set<string>();
      for (const input of inputs) {
        // An input the operation reads the same as one asked before (fields it does not take are dropped) would only repeat
        // its answer: audit.verify, which takes none, checked the whole log once per candidate.
        const parsed = op.input.safeParse(input);
        const asRead = parsed.success ? JSON.stringify(parsed.data) : undefined;
        if (asRead !== undefined && asked.has(asRead)) continue;
        if (asRead !== undefined) asked.add(asRead);
        const result = core.call(op.name, input, actor);
        if (!result.ok) continue;
        answered++;
        const jobId = (result.result as { jobId?: unknown } | null)?.jobId;
        const text = typeof jobId === 'string' ? (exported++, await workbookText(actor, jobId)) : JSON.stringify(result.result);
        problems.push(...leaks(text).map((leak) => `${op.name} ${JSON.stringify(input)}: ${leak}`));
        if (typeof jobId === 'string') break; // one workbook per export is enough
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(answered).toBeGreaterThan(50);
    if (roleAllows(actor.role, 'export')) expect(exported).toBeGreaterThan(5);
  }, 300_000);

  it('shows a person masked: 前4后4, the birth year only, the last four digits of the phone', () => {
    const actor = actorOf();
    const id = core.db.prepare('SELECT id FROM person WHERE phone IS NOT NULL ORDER BY id LIMIT 1').pluck().get() as number;
    const full = core.ok('people.get', { id }).person;
    const seen = core.ok('people.get', { id }, actor).person;
    expect(seen.idNumber).toBe(`${full.idNumber.slice(0, 4)}**********${full.idNumber.slice(14)}`);
    expect(seen.birthDate).toBe(`${full.birthDate.slice(0, 4)}年`);
    expect(seen.phone).toBe(`*******${full.phone!.slice(-4)}`);
    // The people list and the 操作日志 (auditor) alike.
    const listed = core.ok('people.list', { search: full.name, pageSize: 100 }, actor).rows.find((r) => r.id === id)!;
    expect([listed.idNumber, listed.birthDate, listed.phone]).toEqual([seen.idNumber, seen.birthDate, seen.phone]);
  });

  it('exports a workbook that, read back, holds birth years and masked numbers only', async () => {
    const actor = actorOf();
    if (!roleAllows(actor.role, 'export')) {
      expect(core.fail('people.export', {}, actor)).toMatchObject({ code: 'FORBIDDEN' });
      return;
    }
    const { jobId } = core.ok('people.export', {}, actor);
    for (let i = 0; i < 3000 && core.ok('jobs.status', { id: jobId }, actor).state === 'running'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(core.takeDownload(core.ok('jobs.download', { id: jobId }, actor).ticket)!.path) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const [idCol, birthCol, phoneCol] = ['身份证号', '出生日期', '手机号码'].map((h) => header.indexOf(h));
    expect(sheet.rowCount).toBeGreaterThan(300);
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      expect(String(row.getCell(idCol!).value)).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
      expect(row.getCell(birthCol!).value).toMatch(/^\d{4}年$/);
      const phone = row.getCell(phoneCol!).value;
      if (phone !== null) expect(String(phone)).toMatch(/^\*{7}\d{4}$/);
    });
  });

  it('refuses a search by 身份证号 or phone fragment, and a sort by them, with the reason', () => {
    const actor = actorOf();
    const {
      id_number: idNumber,
      phone,
      name,
    } = core.db.prepare('SELECT id_number, phone, name FROM person WHERE phone IS NOT NULL LIMIT 1').get() as {
      id_number: string;
      phone: string;
      name: string;
    };
    for (const op of ['people.list', 'supervisors.list', 'compliance.list', 'people.export', 'supervisors.export', 'compliance.export'] as const) {
      for (const search of [
        idNumber,
        idNumber.slice(0, 6),
        idNumber.slice(6, 14),
        phone,
        phone.slice(0, 7),
        '9903',
        `${name}1`,
        '４４２０',
        `${idNumber.slice(10, 17)}X`,
      ]) {
        const error = core.fail(op, { search }, actor);
        if (roleAllows(actor.role, op.endsWith('export') ? 'export' : 'registry.read'))
          expect(error, `${op} ${search}`).toMatchObject({ code: 'FORBIDDEN', message: SEARCH_REFUSED, field: 'search' });
      }
    }
    for (const [op, sortField] of [
      ['people.list', 'idNumber'],
      ['people.list', 'birthDate'],
      ['supervisors.list', 'idNumber'],
    ] as const) {
      expect(core.fail(op, { sortField }, actor)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('需要查看个人信息的权限') });
    }
    // Names and pinyin still find people; staff still search by number.
    expect(core.ok('people.list', { search: name }, actor).total).toBeGreaterThan(0);
    expect(core.ok('people.list', { search: idNumber }).rows.map((r) => r.idNumber)).toEqual([idNumber]);
    expect(core.ok('people.list', { search: idNumber }, { id: 9003, name: '工作人员甲', role: 'staff' }).total).toBe(1);
  });

  it('never answers a digit-bearing person search, whatever the fragment (fuzzed)', () => {
    const actor = actorOf();
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.integer({ min: 0, max: 9 }), fc.nat({ max: 20 }), (text, digit, at) => {
        const search = `${text.slice(0, at)}${digit}${text.slice(at)}`.slice(0, 50);
        const result = core.call('people.list', { search }, actor);
        // Either refused as a number search, or refused as invalid input (e.g. only blanks around the digit count as text): never rows.
        return !result.ok && (result.error.message === SEARCH_REFUSED || result.error.code === 'VALIDATION');
      }),
      { numRuns: 200 },
    );
  });
});

describe('masks', () => {
  it('keep only what cannot complete a number', () => {
    expect(maskIdNumber('44200019850315123X')).toBe('4420**********123X');
    expect(maskIdNumber('4420001985')).toBe('******************');
    expect(maskBirthDate('1985-03-15')).toBe('1985年');
    expect(maskPhone('19212349903')).toBe('*******9903');
    expect(maskPhone('0760-88881234')).toBe('*******1234');
    expect(maskPhone('12')).toBe('****');
  });
});
