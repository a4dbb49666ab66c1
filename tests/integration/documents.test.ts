import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadedFile, finishJob, type TestCore } from '../support/core.ts';
import { openExampleDataCore } from '../support/example-data.ts';
import { DOCUMENT_KEY_FILE } from '../../core/documents/keys.ts';

let core: TestCore;
beforeAll(async () => {
  core = await openExampleDataCore();
}, 120_000);
afterAll(() => core.close());

const staff = { id: 7, name: '工作人员乙', role: 'staff' as const };
const auditor = { id: 8, name: '审计丙', role: 'auditor' as const };

/** Someone with counted hours in the rolling window. */
function personWithHours() {
  const row = core.ok('compliance.list', { pageSize: 100, sortField: 'windowShortfall', sortDir: 'asc' }).rows.find((r) => r.windowDone > 0);
  if (!row) throw new Error('the example data has nobody with hours');
  return row;
}

describe('printed documents (issue 23)', () => {
  it('the document key is made at the first start beside the data file, readable by its owner only, and is not the audit key', () => {
    const file = path.join(path.dirname(core.dataFile), DOCUMENT_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const info = core.ok('documents.keyInfo', {});
    expect(info.publicKey).toMatch(/^[\w-]{43}$/);
    expect(info.pem).toContain('BEGIN PUBLIC KEY');
    expect(fs.readFileSync(file, 'utf8')).not.toBe(fs.readFileSync(path.join(path.dirname(core.dataFile), 'audit-key.pem'), 'utf8'));
  });

  it('学时证明: the rows and totals 学时达标 counts, the rule version, a serial; the issue is recorded and logged; the code verifies', () => {
    const row = personWithHours();
    const compliance = core.ok('compliance.ofPerson', { personId: row.personId });
    const doc = core.ok('documents.issueHoursCertificate', { personId: row.personId, span: { kind: 'window' } }, staff);
    expect(doc.total).toBe(compliance.window.done);
    expect(doc.span).toMatchObject({ from: compliance.window.start, to: compliance.window.end });
    expect(doc.ruleVersion).toBe(compliance.ruleVersion);
    const counted = compliance.attributions.filter((a) => a.counted && a.inWindow);
    expect(doc.rows).toHaveLength(counted.length);
    expect(doc.totals.reduce((s, t) => s + t.hours, 0)).toBeCloseTo(doc.total);
    expect(doc.person.maskedIdNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(doc.issued).toMatchObject({ serial: expect.stringMatching(/^XS2026-\d{6}$/), issuedBy: '工作人员乙', issuedOn: '2026-11-24' });

    const listed = core.ok('documents.issued', { search: doc.issued.serial });
    expect(listed.rows).toEqual([expect.objectContaining({ serial: doc.issued.serial, kind: 'hours_certificate', personId: row.personId, revokedAt: null })]);
    const logged = core.db
      .prepare(`SELECT actor_name, operation FROM audit_log WHERE table_name = 'issued_document' AND row_id = ? AND action = 'insert'`)
      .get(listed.rows[0]!.id);
    expect(logged).toEqual({ actor_name: '工作人员乙', operation: 'documents.issueHoursCertificate' });

    const verified = core.ok('documents.verify', { code: doc.issued.code }, auditor);
    expect(verified).toMatchObject({ state: 'valid', recorded: true, statement: { kind: 'hours', serial: doc.issued.serial } });
    expect(verified.statement!.lines).toContainEqual({ label: '合计', value: `${doc.total} 学时` });
    expect(verified.statement!.name).not.toBe(doc.person.name); // masked in the code
  });

  it('a second certificate gets the next serial; the registration period and given dates use the same counting', () => {
    const row = personWithHours();
    const a = core.ok('documents.issueHoursCertificate', { personId: row.personId, span: { kind: 'range', from: '2020-01-01', to: '2026-11-24' } });
    const b = core.ok('documents.issueHoursCertificate', { personId: row.personId, span: { kind: 'range', from: '2020-01-01', to: '2026-11-24' } });
    expect(Number(b.issued.serial.slice(-6))).toBe(Number(a.issued.serial.slice(-6)) + 1);
    expect(b.total).toBe(a.total);
    expect(
      core.fail('documents.issueHoursCertificate', { personId: row.personId, span: { kind: 'range', from: '2026-01-01', to: '2025-01-01' } }),
    ).toMatchObject({
      field: 'span.from',
    });
    expect(core.fail('documents.issueHoursCertificate', { personId: row.personId }, auditor)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a tampered code is 签名不符; a revoked one 已撤销 with its reason; revoking is logged, refused twice, and the revocation list carries it', async () => {
    const row = personWithHours();
    const doc = core.ok('documents.issueHoursCertificate', { personId: row.personId });
    const [prefix, payload, signature] = doc.issued.code.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as unknown[];
    claims[8] = 999;
    const tampered = `${prefix}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(core.ok('documents.verify', { code: tampered })).toMatchObject({ state: 'bad-signature', message: expect.stringContaining('签名不符') });
    expect(core.ok('documents.verify', { code: 'not a code' })).toMatchObject({ state: 'malformed' });

    expect(core.fail('documents.revoke', { serial: doc.issued.serial, reason: '学时' }, auditor)).toMatchObject({ code: 'FORBIDDEN' });
    core.ok('documents.revoke', { serial: doc.issued.serial, reason: '学时记录更正后重开' }, staff);
    expect(core.ok('documents.verify', { code: doc.issued.code })).toMatchObject({ state: 'revoked', revokeReason: '学时记录更正后重开' });
    expect(core.fail('documents.revoke', { serial: doc.issued.serial, reason: '再次撤销' })).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('已于'),
    });
    expect(core.fail('documents.revoke', { serial: 'XS1999-000001', reason: '不存在' })).toMatchObject({ code: 'NOT_FOUND' });
    const logged = core.db
      .prepare(`SELECT actor_name, operation, after_json FROM audit_log WHERE table_name = 'issued_document' AND action = 'update' ORDER BY id DESC LIMIT 1`)
      .get() as { actor_name: string; operation: string; after_json: string };
    expect(logged).toMatchObject({ actor_name: '工作人员乙', operation: 'documents.revoke' });
    expect(JSON.parse(logged.after_json)).toMatchObject({ serial: doc.issued.serial, revoke_reason: '学时记录更正后重开', version: 2 });

    const list = await finishJob(core, core.ok('documents.exportRevocations', {}, auditor).jobId, auditor);
    expect(list.state).toBe('done');
    const file = JSON.parse(downloadedFile(core, list.id, auditor).data.toString('utf8'));
    expect(file).toMatchObject({ format: 'sws-revocations-v1', publicKey: core.ok('documents.keyInfo', {}).publicKey });
    expect(file.revoked).toContainEqual(expect.objectContaining({ serial: doc.issued.serial }));

    const page = await finishJob(core, core.ok('documents.exportVerifierPage', {}).jobId);
    const html = downloadedFile(core, page.id).data.toString('utf8');
    expect(html).toContain(doc.issued.serial);
    expect(html).toContain(core.ok('documents.keyInfo', {}).publicKey);
    expect(html).not.toMatch(/<script src=/); // self-contained
  });

  it('签到表: the session, its mentors and trainees with masked 身份证号; a coordinator of another base is refused', () => {
    const session = core.ok('sessions.list', { pageSize: 100, statuses: ['completed'] }).rows[0]!;
    const sheet = core.ok('documents.signInSheet', { sessionId: session.id }, auditor);
    expect(sheet.session).toMatchObject({ id: session.id, courseTitle: session.courseTitle, baseName: session.baseName });
    expect(sheet.trainees.length).toBeGreaterThan(0);
    for (const t of sheet.trainees) expect(t.maskedIdNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(sheet.session.timeRange).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}–/);
    const otherBase = core.ok('bases.list', { pageSize: 100 }).rows.find((b) => b.id !== session.baseId)!;
    expect(
      core.fail('documents.signInSheet', { sessionId: session.id }, { id: 9, name: '协调员', role: 'coordinator', baseIds: [otherBase.id] }),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('聘书 and 再审核结果通知 are worded by the template, whose versions an administrator saves; a notice batch covers a cycle', async () => {
    const supervisor = core.ok('supervisors.list', { status: 'active', pageSize: 1 }).rows[0]!;
    const letter = core.ok('documents.issueAppointmentLetter', { supervisorId: supervisor.id });
    expect(letter.title).toBe('督导聘书');
    expect(letter.paragraphs[0]).toContain(supervisor.personName);
    expect(letter.paragraphs[0]).toContain(supervisor.levelName);
    expect(letter.issued.serial).toMatch(/^PS2026-\d{6}$/);
    expect(core.ok('documents.verify', { code: letter.issued.code })).toMatchObject({ state: 'valid', statement: { kind: 'appointment' } });

    const current = core.ok('documents.templates', {});
    const body = { ...current.body, appointment: { ...current.body.appointment, body: '{姓名}：兹聘任为{等级}（编号 {编号}）。' } };
    expect(core.fail('documents.saveTemplates', { body: { ...body, appointment: { ...body.appointment, title: '{结论}' } } })).toMatchObject({
      field: 'appointment.title',
      message: expect.stringContaining('{结论}'),
    });
    expect(core.fail('documents.saveTemplates', { body, note: null }, staff)).toMatchObject({ code: 'FORBIDDEN' });
    expect(core.ok('documents.saveTemplates', { body, note: '更简短', basedOn: current.version })).toEqual({ version: current.version + 1 });
    expect(core.fail('documents.saveTemplates', { body, basedOn: current.version })).toMatchObject({ code: 'CONFLICT' });
    const again = core.ok('documents.issueAppointmentLetter', { supervisorId: supervisor.id });
    expect(again.paragraphs).toEqual([`${supervisor.personName}：兹聘任为${supervisor.levelName}（编号 ${again.issued.serial}）。`]);
    expect(again.templateVersion).toBe(current.version + 1);

    const cycle = core.ok('recert.cycles', {}).find((c) => c.status === 'closed')!;
    const job = await finishJob(core, core.ok('documents.batchRecertNotices', { cycleId: cycle.id }).jobId);
    expect(job).toMatchObject({ state: 'done', done: job.total });
    const notices = (job.result as { documents: { title: string; decisionLabel: string; paragraphs: string[] }[] }).documents;
    expect(notices.length).toBe(cycle.decided);
    expect(notices[0]!.title).toBe(`${cycle.year}年度督导再审核结果通知`);
    expect(notices[0]!.paragraphs.join('')).toContain(notices[0]!.decisionLabel);
  });

  it('批量学时证明: one per person of the filtered list, issued in one step at the end; too long a list is refused', async () => {
    const region = core.ok('compliance.list', { pageSize: 100 }).rows.find((r) => r.regionId)!;
    const expected = core.ok('compliance.list', { regionId: region.regionId!, pageSize: 100 }).total;
    const before = core.ok('documents.issued', { kind: 'hours_certificate' }).total;
    const job = await finishJob(core, core.ok('documents.batchHoursCertificates', { regionId: region.regionId!, span: { kind: 'window' } }).jobId);
    expect(job.state).toBe('done');
    expect((job.result as { documents: unknown[] }).documents).toHaveLength(expected);
    expect(core.ok('documents.issued', { kind: 'hours_certificate' }).total).toBe(before + expected);
    const everyone = core.ok('compliance.list', { pageSize: 1 }).total;
    if (everyone > 500) expect(core.fail('documents.batchHoursCertificates', {})).toMatchObject({ message: expect.stringContaining('一次最多打印 500 份') });
  });

  it('removing the example data takes the documents printed for example people with it (last: it empties the data)', () => {
    expect(core.ok('documents.issued', {}).total).toBeGreaterThan(0);
    core.ok('demo.remove', {});
    expect(core.ok('documents.issued', {}).total).toBe(0);
  });
});
