/**
 * 打印与证书核验 (issue 23): the data of every printed document (rendered and printed by the
 * renderer, which the browser or Electron turns into a PDF with its fonts embedded), issuing and
 * revoking signed 学时证明 and 聘书, verifying a code, and the files given to others (the
 * verification page, the revocation list).
 */
import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { complianceList } from '../schemas/recert.ts';
import { isoDate } from '../schemas/common.ts';
import { complianceView } from '../compliance/list-cache.ts';
import { currentRuleContext } from '../compliance/rule-context.ts';
import { requireCycle } from '../recert/cycle-rules.ts';
import { requirePerson } from '../services/references.ts';
import { AppError } from '../errors.ts';
import { documentsOutputs } from '../outputs/documents.ts';
import { baseOfSession } from '../../db/repos/base-of.ts';
import { decidedSupervisorsOfCycle, issuedDocumentBySerial, listIssuedDocuments, revokedDocuments } from '../../db/repos/documents.ts';
import { courseCategories } from '../../db/repos/bases.ts';
import { signInSheet } from './sign-in-sheet.ts';
import { hoursCertificateDraft, hoursStatement, type HoursCertificateDraft, type HoursSpan } from './hours-certificate.ts';
import { appointmentDraft, appointmentStatement, recertNoticeDraft, type LetterDraft } from './letters.ts';
import { issueDocument, revokeDocument, type Issued } from './issuing.ts';
import { documentKey, publicKeyFingerprint, publicKeyFromText, publicKeyPem, publicKeyText } from './keys.ts';
import { checkCode, codeHash, type Statement } from './statement.ts';
import { currentTemplates, documentTemplatesBody, saveTemplates, templateHistory } from './templates.ts';
import { verifierPage } from './verifier-page.ts';
import { timeSlicer } from '../jobs.ts';
import { withAuditContext } from '../../db/audit.ts';

/** A browser prints a few hundred pages at a time without trouble; beyond that the user filters first. */
export const BATCH_LIMIT = 500;

const span = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('window') }),
    z.object({ kind: z.literal('period') }),
    z.object({ kind: z.literal('range'), from: isoDate('起始日期'), to: isoDate('截止日期') }),
  ])
  .default({ kind: 'window' });

const withoutFull = <D extends { full: unknown }>({ full: _full, ...rest }: D) => rest;

function issueHours(ctx: Context, draft: HoursCertificateDraft): Issued {
  return issueDocument(ctx.db, 'hours_certificate', draft.personId, (serial, issuedOn) => hoursStatement(draft, serial, issuedOn), at(ctx));
}

const at = (ctx: Context) => ({ now: ctx.clock.now(), today: ctx.clock.today(), by: ctx.actor.name, key: documentKey(ctx.dataFile) });

const letterOut = ({ decision, ...d }: LetterDraft) => ({ ...withoutFull(d), decisionLabel: decision });

/** What a verified statement says, line by line, in Chinese (the in-app screen shows these). */
function statementLines(s: Statement, categoryName: (id: number) => string): { label: string; value: string }[] {
  if (s.kind === 'hours')
    return [
      { label: '文书', value: '学时证明' },
      { label: '期间', value: `${s.from} 至 ${s.to}` },
      ...s.totals.map(([id, hours]) => ({ label: categoryName(id), value: `${hours} 学时` })),
      { label: '合计', value: `${s.total} 学时` },
      { label: '学时规则版本', value: `第 ${s.ruleVersion} 版` },
      { label: '签发日期', value: s.issuedOn },
    ];
  return [
    { label: '文书', value: '督导聘书' },
    { label: '督导等级', value: s.level },
    { label: '聘任日期', value: s.appointedOn },
    { label: '有效期至', value: s.validUntil },
    { label: '签发日期', value: s.issuedOn },
  ];
}

const categoryNames = (ctx: Context) => Object.fromEntries(courseCategories(ctx.db).map((c) => [c.id, c.name])) as Record<number, string>;

export const documentOperations = [
  defineOperation({
    name: 'documents.signInSheet',
    output: documentsOutputs['documents.signInSheet'],
    title: '打印签到表',
    kind: 'query',
    permission: 'bases.read',
    scope: { base: ({ sessionId }, db) => baseOfSession(db, sessionId) },
    input: z.object({ sessionId: z.number().int().positive() }),
    handler: ({ sessionId }, ctx) => signInSheet(ctx.db, sessionId),
  }),
  defineOperation({
    name: 'documents.issueHoursCertificate',
    output: documentsOutputs['documents.issueHoursCertificate'],
    title: '签发学时证明',
    kind: 'command',
    permission: 'registry.write',
    scope: 'none',
    input: z.object({ personId: z.number().int().positive(), span }),
    handler: ({ personId, span }, ctx) => {
      requirePerson(ctx, personId);
      const draft = hoursCertificateDraft(ctx.db, personId, span as HoursSpan, ctx.clock.today());
      return { ...withoutFull(draft), issued: issueHours(ctx, draft) };
    },
  }),
  defineOperation({
    name: 'documents.issueAppointmentLetter',
    output: documentsOutputs['documents.issueAppointmentLetter'],
    title: '签发督导聘书',
    kind: 'command',
    permission: 'registry.write',
    scope: 'none',
    input: z.object({ supervisorId: z.number().int().positive() }),
    handler: ({ supervisorId }, ctx) => {
      const today = ctx.clock.today();
      const probe = appointmentDraft(ctx.db, supervisorId, today);
      let draft = probe;
      const issued = issueDocument(
        ctx.db,
        'appointment_letter',
        probe.personId,
        (serial, issuedOn) => {
          draft = appointmentDraft(ctx.db, supervisorId, issuedOn, serial); // the wording names its serial
          return appointmentStatement(draft, serial, issuedOn);
        },
        at(ctx),
      );
      return { ...letterOut(draft), kind: 'appointment_letter' as const, issued };
    },
  }),
  defineOperation({
    name: 'documents.recertNotice',
    output: documentsOutputs['documents.recertNotice'],
    title: '打印再审核结果通知',
    kind: 'query',
    permission: 'registry.read',
    scope: 'none',
    input: z.object({ supervisorId: z.number().int().positive() }),
    handler: ({ supervisorId }, ctx) => {
      const issuedOn = ctx.clock.today();
      return { ...letterOut(recertNoticeDraft(ctx.db, supervisorId, issuedOn)), kind: 'recert_notice' as const, issuedOn };
    },
  }),
  defineOperation({
    name: 'documents.batchHoursCertificates',
    output: documentsOutputs['documents.batchHoursCertificates'],
    title: '批量签发学时证明',
    kind: 'command',
    permission: 'registry.write',
    scope: 'none',
    input: complianceList.omit({ page: true, pageSize: true }).extend({ span }),
    handler: (input, ctx) => {
      const asOf = ctx.clock.today();
      const { span: chosen, ...query } = input;
      const people = complianceView(ctx.db, query, asOf).rows.map((r) => r.personId);
      if (people.length === 0) throw new AppError('VALIDATION', '名单中没有人员：请调整筛选条件');
      if (people.length > BATCH_LIMIT)
        throw new AppError('VALIDATION', `名单中有 ${people.length} 人，一次最多打印 ${BATCH_LIMIT} 份：请先按镇区、机构或证书等级筛选`);
      return {
        jobId: ctx.jobs.start('批量签发学时证明', async (job) => {
          const rc = currentRuleContext(ctx.db);
          const drafts: HoursCertificateDraft[] = [];
          const slice = timeSlicer();
          for (const [i, personId] of people.entries()) {
            drafts.push(hoursCertificateDraft(ctx.db, personId, chosen as HoursSpan, asOf, rc));
            job.progress(i + 1, people.length, '核算学时');
            await slice();
            await job.checkpoint();
          }
          // One short write at the end: a cancelled job issued nothing.
          const audit = { actorId: ctx.actor.id, actorName: ctx.actor.name, operation: 'documents.batchHoursCertificates', at: ctx.clock.now() };
          const documents = withAuditContext(ctx.db, audit, () =>
            ctx.db.transaction(() => drafts.map((d) => ({ ...withoutFull(d), issued: issueHours(ctx, d) })))(),
          );
          job.progress(people.length, people.length, '已签发');
          return { result: { documents } };
        }),
      };
    },
  }),
  defineOperation({
    name: 'documents.batchRecertNotices',
    output: documentsOutputs['documents.batchRecertNotices'],
    title: '批量打印再审核结果通知',
    kind: 'query',
    permission: 'registry.read',
    scope: 'none',
    input: z.object({ cycleId: z.number().int().positive() }),
    handler: ({ cycleId }, ctx) => {
      requireCycle(ctx, cycleId);
      const supervisors = decidedSupervisorsOfCycle(ctx.db, cycleId);
      if (supervisors.length === 0) throw new AppError('VALIDATION', '该年度再审核尚无已决定的结论', 'cycleId');
      const issuedOn = ctx.clock.today();
      return {
        jobId: ctx.jobs.start('批量打印再审核结果通知', async (job) => {
          const documents = [];
          const slice = timeSlicer();
          for (const [i, id] of supervisors.entries()) {
            documents.push({ ...letterOut(recertNoticeDraft(ctx.db, id, issuedOn, cycleId)), kind: 'recert_notice' as const, issuedOn });
            job.progress(i + 1, supervisors.length, '生成通知');
            await slice();
            await job.checkpoint();
          }
          return { result: { documents } };
        }),
      };
    },
  }),
  defineOperation({
    name: 'documents.verify',
    output: documentsOutputs['documents.verify'],
    title: '证书核验',
    kind: 'query',
    permission: 'registry.read',
    scope: 'none',
    input: z.object({ code: z.string().trim().min(1, '请粘贴或扫描证书上的二维码内容').max(2000, '内容过长，不是本会的证书二维码') }),
    handler: ({ code }, ctx) => {
      const key = documentKey(ctx.dataFile);
      const check = checkCode(code, publicKeyFromText(publicKeyText(key)));
      const names = categoryNames(ctx);
      const describe = (s: Statement | null) =>
        s && { kind: s.kind, serial: s.serial, name: s.name, idNumber: s.idNumber, lines: statementLines(s, (id) => names[id] ?? `类别 ${id}`) };
      if (check.state === 'malformed')
        return {
          state: 'malformed' as const,
          message: '无法识别：这不是本会签发的证书二维码内容',
          statement: null,
          recorded: false,
          revokedAt: null,
          revokeReason: null,
        };
      if (check.state === 'bad-signature')
        return {
          state: 'bad-signature' as const,
          message: '签名不符：内容被改动，或并非本会签发',
          statement: describe(check.statement),
          recorded: false,
          revokedAt: null,
          revokeReason: null,
        };
      const row = issuedDocumentBySerial(ctx.db, check.statement.serial);
      const recorded = !!row && row.statementSha256 === codeHash(code);
      if (row?.revokedAt)
        return {
          state: 'revoked' as const,
          message: `已撤销（${row.revokedAt.slice(0, 10)}，${row.revokeReason}）`,
          statement: describe(check.statement),
          recorded,
          revokedAt: row.revokedAt,
          revokeReason: row.revokeReason,
        };
      return {
        state: 'valid' as const,
        message: '有效：本会签发，内容未被改动',
        statement: describe(check.statement),
        recorded,
        revokedAt: null,
        revokeReason: null,
      };
    },
  }),
  defineOperation({
    name: 'documents.revoke',
    output: documentsOutputs['documents.revoke'],
    title: '撤销文书',
    kind: 'command',
    permission: 'registry.write',
    scope: 'none',
    input: z.object({
      serial: z.string().trim().min(1, '请填写文书编号').max(40),
      reason: z.string().trim().min(2, '请填写撤销原因').max(200, '撤销原因最多 200 个字'),
    }),
    handler: ({ serial, reason }, ctx) => {
      const now = ctx.clock.now();
      revokeDocument(ctx.db, serial, reason, now, ctx.actor.name);
      return { serial, revokedAt: now };
    },
  }),
  defineOperation({
    name: 'documents.issued',
    output: documentsOutputs['documents.issued'],
    title: '查看已签发文书',
    kind: 'query',
    permission: 'registry.read',
    scope: 'none',
    input: z.object({
      page: z.number().int().min(0).default(0),
      pageSize: z.number().int().min(1).max(100, '每页最多 100 行').default(25),
      sortField: z.enum(['serial', 'issuedAt', 'personName', 'revokedAt']).optional(),
      sortDir: z.enum(['asc', 'desc']).default('desc'),
      search: z.string().trim().max(50, '搜索内容不能超过 50 个字').optional(),
      kind: z.enum(['hours_certificate', 'appointment_letter']).optional(),
      revoked: z.boolean().optional(),
    }),
    handler: (q, ctx) => listIssuedDocuments(ctx.db, q),
  }),
  defineOperation({
    name: 'documents.keyInfo',
    output: documentsOutputs['documents.keyInfo'],
    title: '查看文书签名公钥',
    kind: 'query',
    permission: 'registry.read',
    scope: 'none',
    input: z.object({}),
    handler: (_input, ctx) => {
      const key = documentKey(ctx.dataFile);
      const publicKey = publicKeyText(key);
      return { publicKey, fingerprint: publicKeyFingerprint(publicKey), pem: publicKeyPem(key) };
    },
  }),
  defineOperation({
    name: 'documents.exportRevocations',
    output: documentsOutputs['documents.exportRevocations'],
    title: '导出撤销名单',
    kind: 'query',
    permission: 'registry.read',
    scope: 'none',
    input: z.object({}),
    handler: (_input, ctx) => {
      const publicKey = publicKeyText(documentKey(ctx.dataFile));
      const list = { format: 'sws-revocations-v1', publicKey, generatedAt: ctx.clock.now(), revoked: revokedDocuments(ctx.db) };
      return {
        jobId: ctx.jobs.start('导出撤销名单', async () => ({
          file: { fileName: `文书撤销名单-${ctx.clock.today()}.json`, data: Buffer.from(JSON.stringify(list, null, 2), 'utf8') },
        })),
      };
    },
  }),
  defineOperation({
    name: 'documents.exportVerifierPage',
    output: documentsOutputs['documents.exportVerifierPage'],
    title: '导出证书核验页',
    kind: 'query',
    permission: 'registry.read',
    scope: 'none',
    input: z.object({}),
    handler: (_input, ctx) => {
      const publicKey = publicKeyText(documentKey(ctx.dataFile));
      const html = verifierPage({
        publicKey,
        fingerprint: publicKeyFingerprint(publicKey),
        generatedAt: ctx.clock.now().slice(0, 10),
        revoked: revokedDocuments(ctx.db),
        categories: categoryNames(ctx),
      });
      return {
        jobId: ctx.jobs.start('导出证书核验页', async () => ({ file: { fileName: `证书核验-${ctx.clock.today()}.html`, data: Buffer.from(html, 'utf8') } })),
      };
    },
  }),
  defineOperation({
    name: 'documents.templates',
    output: documentsOutputs['documents.templates'],
    title: '查看文书模板',
    kind: 'query',
    permission: 'registry.read',
    scope: 'none',
    input: z.object({}),
    handler: (_input, ctx) => ({ ...currentTemplates(ctx.db), history: templateHistory(ctx.db) }),
  }),
  defineOperation({
    name: 'documents.saveTemplates',
    output: documentsOutputs['documents.saveTemplates'],
    title: '保存文书模板',
    kind: 'command',
    permission: 'config.write',
    scope: 'none',
    input: z.object({
      body: documentTemplatesBody,
      note: z.string().trim().max(200, '修改说明最多 200 个字').nullable().default(null),
      /** The version the editor showed: a save over someone else's newer wording is refused. */
      basedOn: z.number().int().positive().optional(),
    }),
    handler: ({ body, note, basedOn }, ctx) => {
      const current = currentTemplates(ctx.db);
      if (basedOn !== undefined && basedOn !== current.version)
        throw new AppError(
          'CONFLICT',
          `文书模板已被 ${current.createdBy} 于 ${current.createdAt.slice(0, 16).replace('T', ' ')} 修改为第 ${current.version} 版，请重新打开后再保存`,
        );
      return { version: saveTemplates(ctx.db, body, note, ctx.clock.now(), ctx.actor.name) };
    },
  }),
] as const;
