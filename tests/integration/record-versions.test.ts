import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeIdNumber, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';
import type { Actor } from '../../core/permissions.ts';

/** Two members of staff working on the same records, each with their own name in the audit log. */
const ZHANG: Actor = { id: 11, name: '张三', role: 'staff' };
const LI: Actor = { id: 12, name: '李四', role: 'staff' };
const AUDITOR: Actor = { id: 13, name: '审计丙', role: 'auditor' };

let core: TestCore;
beforeEach(async () => {
  core = await openTestCore();
});
afterEach(() => core.close());

/** Both read the person at version 1; 张三 saves first. */
function personBothRead() {
  const person = core.ok('people.create', { idNumber: makeIdNumber(), name: '陈晓明', phone: '13800001111' }, ZHANG);
  expect(person.version).toBe(1);
  return person;
}

describe('no silent overwrite: a stale version is refused, naming who changed the record and when', () => {
  it('a fresh version passes and the version goes up by one on every save', () => {
    const person = personBothRead();
    const saved = core.ok('people.update', { ...fields(person), id: person.id, version: 1, phone: '13800002222' }, ZHANG);
    expect(saved.version).toBe(2);
    expect(core.ok('people.get', { id: person.id }).person.version).toBe(2);
    expect(core.ok('people.update', { ...fields(saved), id: person.id, version: 2, major: '社会工作' }, LI).version).toBe(3);
  });

  it('a stale update is refused with the other user named and the time in China time; nothing is written', () => {
    const person = personBothRead();
    core.ok('people.update', { ...fields(person), id: person.id, version: 1, phone: '13800002222' }, ZHANG);
    const before = snapshotCounts(core);
    const error = core.fail('people.update', { ...fields(person), id: person.id, version: 1, name: '陈晓敏' }, LI) as ReturnType<TestCore['fail']> & {
      conflict?: { by: string; at: string; version: number; current: { name: string; phone: string; version: number } };
    };
    // fixedClock: 2026-11-24T08:00Z is 16:00 in Asia/Shanghai.
    expect(error).toMatchObject({ code: 'CONFLICT', message: '该记录已被 张三 于 2026-11-24 16:00 修改，请查看对方的修改后再保存' });
    expect(error.conflict).toMatchObject({
      by: '张三',
      at: '2026-11-24T08:00:00.000Z',
      version: 2,
      current: { name: '陈晓明', phone: '13800002222', version: 2 },
    });
    expect(snapshotCounts(core)).toEqual(before);
    expect(core.ok('people.get', { id: person.id }).person).toMatchObject({ name: '陈晓明', phone: '13800002222', version: 2 });
    // Saving again with the version the refusal named goes through.
    expect(core.ok('people.update', { ...fields(person), id: person.id, version: error.conflict!.version, name: '陈晓敏' }, LI).version).toBe(3);
  });

  it("the other user's current values come back masked for a role that may not see personal data", () => {
    const person = personBothRead();
    core.ok('people.update', { ...fields(person), id: person.id, version: 1, phone: '13800002222' }, ZHANG);
    const refusal = core.call('people.update', { ...fields(person), id: person.id, version: 1 }, AUDITOR);
    // An auditor may not write at all: refused before any version is compared.
    expect(refusal).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

/** A person row as the update input takes it (what the form sends). */
function fields(p: { idNumber: string; name: string; phone: string | null; email: string | null; major: string | null; jobGrade: string | null }) {
  return { idNumber: p.idNumber, name: p.name, phone: p.phone, email: p.email, major: p.major, jobGrade: p.jobGrade };
}
