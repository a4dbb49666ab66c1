import type { Db } from '../../db/engine/types.ts';
import { defineOperation, type Context } from '../contract.ts';
import { invalid, notFound } from '../errors.ts';
import { byIdAtVersion } from '../schemas/common.ts';
import { bulkEnrol, enrolFields, enrolmentExport, rosterPreview } from '../schemas/sessions.ts';
import { runInWorker } from '../worker-jobs.ts';
import { exportEnrolments } from '../excel/training-exports.ts';
import { listedBaseIds, scopeById } from './base-access.ts';
import { baseOfEnrolment, baseOfSession } from '../../db/repos/base-of.ts';
import * as enrolments from '../../db/repos/enrolments.ts';
import { getSession } from '../../db/repos/sessions.ts';
import { assertOpenForEnrolment, enrolPerson, fillFromWaitlist } from '../training/enrolment.ts';
import { readRoster, type RosterRow } from '../training/roster.ts';
import { requireSession, withdrawalRefusal } from './sessions.ts';
import { enrolmentWithdrawable } from '../../domain/index.ts';
import { admitIdNumberLookup } from '../id-number-lookups.ts';
import { maskIdNumber, seesPii } from '../pii.ts';
import { enrolmentsOutputs } from '../outputs/enrolments.ts';
import { enrolmentRow } from '../outputs/sessions.ts';
import { expectVersion } from '../versions.ts';

function requireEnrolment(ctx: Context, id: number) {
  const enrolment = enrolments.getEnrolment(ctx.db, id);
  if (!enrolment) throw notFound('该报名记录', 'id');
  return enrolment;
}

/** Declared scope of an operation on one session, by its `sessionId`. */
const sessionIdScope = { base: ({ sessionId }: { sessionId: number }, db: Db) => baseOfSession(db, sessionId) };

const write = 'bases.write' as const;

export const enrolmentOperations = [
  defineOperation({
    name: 'enrolments.enrol',
    output: enrolmentsOutputs['enrolments.enrol'],
    title: '报名',
    kind: 'command',
    permission: write,
    input: enrolFields,
    scope: sessionIdScope,
    handler: ({ sessionId, personId }, ctx) => {
      const session = requireSession(ctx, sessionId, 'sessionId');
      assertOpenForEnrolment(session);
      return enrolPerson(ctx, session, personId);
    },
  }),
  defineOperation({
    name: 'enrolments.withdraw',
    output: enrolmentsOutputs['enrolments.withdraw'],
    title: '取消报名',
    kind: 'command',
    permission: write,
    input: byIdAtVersion,
    scope: scopeById(baseOfEnrolment),
    handler: ({ id, version }, ctx) => {
      const enrolment = requireEnrolment(ctx, id);
      expectVersion(ctx, {
        table: 'enrolment',
        id,
        version,
        current: () => enrolment,
        currentSchema: enrolmentRow,
        what: `「${enrolment.name}」的报名`,
        action: '取消报名',
      });
      const session = getSession(ctx.db, enrolment.sessionId)!;
      const refusal = withdrawalRefusal(session);
      if (refusal) throw invalid(refusal, 'id');
      if (!enrolmentWithdrawable(enrolment)) throw invalid(`「${enrolment.name}」已取消报名`, 'id');
      enrolments.setEnrolmentStatus(ctx.db, id, 'withdrawn', ctx.clock.now());
      const promoted = fillFromWaitlist(ctx, session.id);
      return { withdrawn: enrolment.name, promoted };
    },
  }),
  defineOperation({
    name: 'enrolments.rosterPreview',
    output: enrolmentsOutputs['enrolments.rosterPreview'],
    title: '预览批量报名名单',
    kind: 'command', // like the registry import preview: part of a write, by those who may write
    permission: write,
    input: rosterPreview,
    scope: sessionIdScope,
    handler: ({ sessionId, text, fileBase64 }, ctx) => {
      const session = requireSession(ctx, sessionId, 'sessionId');
      assertOpenForEnrolment(session);
      // Reading a workbook is asynchronous (streamed), so the preview is a job; pasted text takes no time but goes the same way.
      return {
        jobId: ctx.jobs.start('读取名单', async () => {
          const rows: RosterRow[] = await readRoster(ctx, session, { text, file: fileBase64 === undefined ? undefined : Buffer.from(fileBase64, 'base64') });
          // Without pii.read: misses are limited (the roster must not find a masked number by trial), and a
          // matched row answers the person's name and the masked number only.
          const unmatched = new Set(rows.filter((r) => r.problem === 'unknown').map((r) => r.idNumber)).size;
          admitIdNumberLookup(ctx, 'enrolments.rosterPreview', unmatched, fileBase64 === undefined ? 'text' : 'file');
          return { result: { rows: seesPii(ctx.actor) ? rows : rows.map((r) => ({ ...r, idNumber: maskIdNumber(r.idNumber) })) } };
        }),
      };
    },
  }),
  defineOperation({
    name: 'enrolments.bulk',
    output: enrolmentsOutputs['enrolments.bulk'],
    title: '批量报名',
    kind: 'command',
    permission: write,
    input: bulkEnrol,
    scope: sessionIdScope,
    handler: ({ sessionId, personIds }, ctx) => {
      const session = requireSession(ctx, sessionId, 'sessionId');
      assertOpenForEnrolment(session);
      // One transaction: if anyone can no longer be enrolled (the roster changed since the preview), nobody is.
      const outcomes = personIds.map((personId) => enrolPerson(ctx, session, personId));
      return {
        enrolled: outcomes.filter((o) => o.status === 'enrolled').length,
        waitlisted: outcomes.filter((o) => o.status === 'waitlisted').length,
      };
    },
  }),
  defineOperation({
    name: 'enrolments.export',
    output: enrolmentsOutputs['enrolments.export'],
    title: '导出报名名单',
    kind: 'query',
    permission: 'export',
    input: enrolmentExport,
    scope: { base: ({ sessionId, baseId }, db) => [sessionId === undefined ? null : baseOfSession(db, sessionId), baseId], visibleBases: true },
    handler: ({ sessionId, baseId, from, to }, ctx) => {
      const session = sessionId === undefined ? undefined : requireSession(ctx, sessionId, 'sessionId');
      const baseIds = listedBaseIds(ctx, baseId);
      const title = session ? `报名名单_${session.courseCode}_${session.startsAt.slice(0, 10)}` : '报名记录';
      // Across sessions, up to a million rows and more: written in a worker thread (core/worker-jobs.ts);
      // one session's roster is small, and a worker's start (~0.5 s) would only delay it.
      const filter = { baseIds, sessionId, from, to };
      return {
        jobId: ctx.jobs.start('导出报名名单', (job) =>
          session ? exportEnrolments(ctx, filter, title, job) : runInWorker(ctx, 'enrolments.export', { filter, title }, job),
        ),
      };
    },
  }),
] as const;
