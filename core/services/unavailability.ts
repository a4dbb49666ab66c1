/**
 * Mentors' 不可用时间 (issue 24): listed, added and removed on a mentor's row of a base's 导师库.
 * An entry is the person's time (every base's conflict checks respect it: core/training/scheduling.ts),
 * recorded through one pool membership, whose base scopes who may change it.
 */
import type { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { notFound } from '../errors.ts';
import { unavailabilityFields, unavailabilityImport, unavailabilityOfMentor, unavailabilityRemove } from '../schemas/unavailability.ts';
import { runUnavailabilityImport } from '../excel/unavailability-import.ts';
import { importJob } from './excel.ts';
import { unavailabilityOutputs } from '../outputs/unavailability.ts';
import { baseOfMentor } from '../../db/repos/base-of.ts';
import { getMentor } from '../../db/repos/mentors.ts';
import { sessionsTaughtBy } from '../../db/repos/sessions.ts';
import * as repo from '../../db/repos/mentor-unavailability.ts';
import { sessionHoldsTime, unavailableDuring, type Unavailability } from '../../domain/index.ts';
import { describeUnavailability } from '../training/unavailability.ts';
import { describeSession } from '../training/scheduling.ts';
import { localDateTime } from '../dates.ts';
import { expectVersion } from '../versions.ts';

/** The flat form the output and the screen use. */
export function unavailabilityView(u: repo.UnavailabilityRow) {
  const once = u.kind === 'once';
  return {
    id: u.id,
    mentorId: u.mentorId,
    personId: u.personId,
    personName: u.personName,
    baseName: u.baseName,
    kind: u.kind,
    startsAt: once ? u.startsAt : null,
    endsAt: once ? u.endsAt : null,
    weekday: once ? null : u.weekday,
    startTime: once ? null : u.startTime,
    endTime: once ? null : u.endTime,
    validFrom: once ? null : u.validFrom,
    validUntil: once ? null : u.validUntil,
    reason: u.reason,
    source: u.source,
    version: u.version,
    description: describeUnavailability(u),
  };
}

/** The entry as the rule sees it, from the flat input (checked by its schema). */
export function entryOf(f: {
  kind: 'once' | 'weekly';
  startsAt?: string | undefined;
  endsAt?: string | undefined;
  weekday?: number | undefined;
  startTime?: string | undefined;
  endTime?: string | undefined;
  validFrom?: string | null | undefined;
  validUntil?: string | null | undefined;
  reason?: string | null | undefined;
}): repo.UnavailabilityFields {
  const reason = f.reason ?? null;
  return f.kind === 'once'
    ? { kind: 'once', startsAt: f.startsAt!, endsAt: f.endsAt!, reason }
    : {
        kind: 'weekly',
        weekday: f.weekday!,
        startTime: f.startTime!,
        endTime: f.endTime!,
        validFrom: f.validFrom ?? null,
        validUntil: f.validUntil ?? null,
        reason,
      };
}

/** Live sessions this person teaches from now on that an entry would have refused. */
export function sessionsInside(ctx: Context, personId: number, entry: Unavailability) {
  const now = localDateTime(ctx.clock.now(), ctx.clock.timeZone());
  return sessionsTaughtBy(ctx.db, personId, null)
    .filter((s) => s.endsAt > now && sessionHoldsTime(s) && unavailableDuring(entry, s))
    .reverse()
    .map((s) => ({ id: s.id, description: describeSession(s) }));
}

/** 导入不可用时间 as a job: a large workbook in a worker thread on a connection of its own, a small one here (core/services/excel.ts importJob). */
function unavailabilityImportJob(
  { baseId, fileName, base64, overrides, onlyValidRows }: z.infer<typeof unavailabilityImport>,
  mode: 'preview' | 'commit',
  ctx: Context,
) {
  const data = Buffer.from(base64, 'base64');
  const options = { overrides, onlyValidRows };
  return importJob(ctx, 'unavailability.import', { baseId, fileName, data, mode, options }, (job) =>
    runUnavailabilityImport(ctx, baseId, { fileName, data }, mode, job, options),
  );
}

function requireMentor(ctx: Context, mentorId: number) {
  const mentor = getMentor(ctx.db, mentorId);
  if (!mentor) throw notFound('该导师', 'mentorId');
  return mentor;
}

export const unavailabilityOperations = [
  defineOperation({
    name: 'unavailability.ofMentor',
    output: unavailabilityOutputs['unavailability.ofMentor'],
    title: '查看导师不可用时间',
    kind: 'query',
    permission: 'bases.read',
    input: unavailabilityOfMentor,
    scope: { base: ({ mentorId }, db) => baseOfMentor(db, mentorId) },
    handler: ({ mentorId }, ctx) => {
      const mentor = requireMentor(ctx, mentorId);
      return { personName: mentor.personName, rows: repo.unavailabilityOfPerson(ctx.db, mentor.personId).map(unavailabilityView) };
    },
  }),
  defineOperation({
    name: 'unavailability.add',
    output: unavailabilityOutputs['unavailability.add'],
    title: '登记导师不可用时间',
    kind: 'command',
    permission: 'bases.write',
    input: unavailabilityFields,
    scope: { base: ({ mentorId }, db) => baseOfMentor(db, mentorId) },
    handler: ({ mentorId, ...f }, ctx) => {
      const mentor = requireMentor(ctx, mentorId);
      const entry = entryOf(f);
      const id = repo.insertUnavailability(ctx.db, { ...entry, mentorId, personId: mentor.personId, source: 'manual' }, ctx.clock.now());
      return { row: unavailabilityView(repo.getUnavailability(ctx.db, id)!), clashingSessions: sessionsInside(ctx, mentor.personId, entry) };
    },
  }),
  defineOperation({
    name: 'unavailability.remove',
    output: unavailabilityOutputs['unavailability.remove'],
    title: '删除导师不可用时间',
    kind: 'command',
    permission: 'bases.write',
    input: unavailabilityRemove,
    scope: { base: ({ id }, db) => repo.baseOfUnavailability(db, id) },
    handler: ({ id, version }, ctx) => {
      const row = repo.getUnavailability(ctx.db, id);
      if (!row) throw notFound('该不可用时间', 'id');
      expectVersion(ctx, { table: 'mentor_unavailability', id, version, current: () => unavailabilityView(row) });
      repo.deleteUnavailability(ctx.db, id);
      return { removed: id };
    },
  }),
  defineOperation({
    name: 'unavailability.importPreview',
    output: unavailabilityOutputs['unavailability.importPreview'],
    title: '预览导师不可用时间导入',
    kind: 'command',
    permission: 'bases.write',
    input: unavailabilityImport,
    scope: { base: ({ baseId }) => baseId },
    handler: (input, ctx) => ({ jobId: ctx.jobs.start('不可用时间导入预览', unavailabilityImportJob(input, 'preview', ctx)) }),
  }),
  defineOperation({
    name: 'unavailability.importCommit',
    output: unavailabilityOutputs['unavailability.importCommit'],
    title: '导入导师不可用时间',
    kind: 'command',
    permission: 'bases.write',
    // All or nothing: with any refused row nothing is written, unless the user chose to import only the valid rows.
    input: unavailabilityImport,
    scope: { base: ({ baseId }) => baseId },
    handler: (input, ctx) => ({ jobId: ctx.jobs.start('导入不可用时间', unavailabilityImportJob(input, 'commit', ctx)) }),
  }),
] as const;
