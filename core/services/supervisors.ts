import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { byId } from '../schemas/common.ts';
import { appointFields, entryCheck, levelChange, regionChange, statusChange, supervisorList, validityChange } from '../schemas/supervisors.ts';
import * as repo from '../../db/repos/supervisors.ts';
import { certificatesWithRegistration } from './certificates.ts';
import { certificatesOfPerson as listCertificates } from '../../db/repos/certificates.ts';
import { requirePerson, requireRegion } from './references.ts';
import { checkEntryConditions, daysActiveAtLevel, type ConditionResult } from '../supervision/entry-conditions.ts';
import { allowedTargets, statusTransition, type EventKind } from '../supervision/lifecycle.ts';
import { SupervisorStatus } from '../../domain/index.ts';
import { isRealDate } from '../idcard.ts';
import { addDays } from '../dates.ts';
import { supervisorsListRow, supervisorsOutputs } from '../outputs/supervisors.ts';
import { expectVersion } from '../versions.ts';

const get = (ctx: Context, id: number) => repo.getSupervisor(ctx.db, id) ?? throwNotFound();

/** The supervisor a change names, at the version the caller read (a stale one is refused). */
function getAt(ctx: Context, { id, version }: { id: number; version?: number | undefined }) {
  const s = get(ctx, id);
  expectVersion(ctx, { table: 'supervisor', id, version, current: () => s, currentSchema: supervisorsListRow });
  return s;
}

function requireLevel(ctx: Context, levelId: number) {
  const level = repo.getSupervisorLevel(ctx.db, levelId);
  if (!level) throw notFound('所选督导等级', 'levelId');
  return level;
}

/** The entry conditions of `levelId` for a person (and, when already a supervisor, their history). */
function entryConditions(ctx: Context, personId: number, levelId: number, supervisorId?: number): ConditionResult[] {
  const person = requirePerson(ctx, personId);
  const levels = repo.supervisorLevels(ctx.db);
  const index = levels.findIndex((l) => l.id === levelId);
  if (index < 0) throw notFound('所选督导等级', 'levelId');
  const lower = index > 0 ? levels[index - 1]! : null;
  const events = supervisorId ? repo.supervisorEvents(ctx.db, supervisorId) : [];
  return checkEntryConditions(
    levels[index]!,
    lower,
    {
      certificateLevels: listCertificates(ctx.db, personId).map((c) => c.level),
      practiceStart: person.practiceStart,
      daysAtLower: lower ? daysActiveAtLevel(events, lower.id, ctx.clock.today()) : 0,
    },
    ctx.clock.today(),
  );
}

/** Unmet conditions need a reason to go ahead; the reason is recorded on the event. */
function requireOverrideWhenUnmet(conditions: ConditionResult[], overrideReason: string | null): string | null {
  const unmet = conditions.filter((c) => !c.met);
  if (unmet.length === 0) return null;
  if (!overrideReason) {
    throw invalid(`未满足准入条件：${unmet.map((c) => c.text).join('；')}。如确需聘任，请填写破格聘任理由`, 'overrideReason');
  }
  return overrideReason;
}

export interface Change {
  kind: EventKind;
  effectiveOn: string;
  reason: string | null;
  overrideReason?: string | null;
  /** Set when a closing re-certification cycle applies its decision. */
  cycleId?: number;
  state: { levelId: number; regionId: number; validUntil: string; status: SupervisorStatus };
}

/** Every change: the new state on the supervisor row and an event that records it and why. */
export function recordSupervisorChange(ctx: Context, supervisorId: number, change: Change): void {
  recordSupervisorChanges(ctx, [{ supervisorId, change }]);
}

/**
 * Several supervisors' changes at once (a closing re-review changes everyone on the register): the
 * rows' new states, then the events in the same order, several hundred to a statement.
 */
export function recordSupervisorChanges(ctx: Context, changes: readonly { supervisorId: number; change: Change }[]): void {
  const now = ctx.clock.now();
  repo.updateSupervisorStates(
    ctx.db,
    changes.map(({ supervisorId, change }) => ({ id: supervisorId, ...change.state })),
    now,
  );
  repo.insertSupervisorEvents(
    ctx.db,
    changes.map(({ supervisorId, change }) => ({
      supervisorId,
      kind: change.kind,
      effectiveOn: change.effectiveOn,
      levelId: change.state.levelId,
      status: change.state.status,
      validUntil: change.state.validUntil,
      regionId: change.state.regionId,
      reason: change.reason,
      overrideReason: change.overrideReason ?? null,
      cycleId: change.cycleId ?? null,
      actorName: ctx.actor.name,
    })),
    now,
  );
}

function record(ctx: Context, supervisorId: number, change: Change) {
  recordSupervisorChange(ctx, supervisorId, change);
  return get(ctx, supervisorId);
}

export function stateOf(s: repo.SupervisorRow) {
  return { levelId: s.levelId, regionId: s.regionId, validUntil: s.validUntil, status: s.status };
}

function notBeforeAppointment(s: repo.SupervisorRow, effectiveOn: string) {
  if (effectiveOn < s.appointedOn) throw invalid(`生效日期不能早于聘任日期 ${s.appointedOn}`, 'effectiveOn');
}

/** `supervisors.appoint`'s rules; the registry import calls it too. */
export function appoint(f: z.output<typeof appointFields>, ctx: Context) {
  const person = requirePerson(ctx, f.personId);
  requireLevel(ctx, f.levelId);
  requireRegion(ctx, f.regionId);
  if (f.validUntil < f.appointedOn) throw invalid('有效期至不能早于聘任日期', 'validUntil');
  const already = repo.findSupervisorByPerson(ctx.db, f.personId);
  if (already && already.status !== 'revoked') {
    throw conflict(`「${person.name}」已在督导库中（${already.levelName}，${SupervisorStatus.label(already.status)}），请在其督导详情中办理变更`, 'personId');
  }
  const overrideReason = requireOverrideWhenUnmet(entryConditions(ctx, f.personId, f.levelId, already?.id), f.overrideReason);
  const state = { levelId: f.levelId, regionId: f.regionId, validUntil: f.validUntil, status: f.status };
  if (already) {
    // A revoked appointment is taken up again: same record, its history continues.
    if (f.appointedOn < already.appointedOn) throw invalid(`再次聘任日期不能早于原聘任日期 ${already.appointedOn}`, 'appointedOn');
    return record(ctx, already.id, { kind: 'reappointed', effectiveOn: f.appointedOn, reason: null, overrideReason, state });
  }
  const id = repo.insertSupervisor(ctx.db, { personId: f.personId, ...state, appointedOn: f.appointedOn }, ctx.clock.now());
  repo.insertSupervisorEvent(
    ctx.db,
    { supervisorId: id, kind: 'appointed', effectiveOn: f.appointedOn, ...state, reason: null, overrideReason, actorName: ctx.actor.name },
    ctx.clock.now(),
  );
  return get(ctx, id);
}

function changeLevel(f: z.output<typeof levelChange>, ctx: Context) {
  const s = getAt(ctx, f);
  notBeforeAppointment(s, f.effectiveOn);
  if (s.status === 'revoked') throw invalid('已注销的督导不能调整等级', 'levelId');
  const level = requireLevel(ctx, f.levelId);
  if (level.id === s.levelId) throw invalid(`已是${level.name}，无需调整`, 'levelId');
  const promotion = level.rank > s.levelRank;
  // Entry conditions guard promotions; a demotion needs only its reason.
  const overrideReason = promotion ? requireOverrideWhenUnmet(entryConditions(ctx, s.personId, level.id, s.id), f.overrideReason) : null;
  return record(ctx, s.id, {
    kind: promotion ? 'promoted' : 'demoted',
    effectiveOn: f.effectiveOn,
    reason: f.reason,
    overrideReason,
    state: { ...stateOf(s), levelId: level.id },
  });
}

function changeStatus(f: z.output<typeof statusChange>, ctx: Context) {
  const s = getAt(ctx, f);
  notBeforeAppointment(s, f.effectiveOn);
  const transition = statusTransition(s.status, f.status);
  if ('refusal' in transition) throw invalid(transition.refusal, 'status');
  let validUntil = s.validUntil;
  if (f.validUntil !== undefined) {
    if (!isRealDate(f.validUntil)) throw invalid('有效期至不是有效日期（格式如 2026-11-22）', 'validUntil');
    validUntil = f.validUntil;
  }
  if (f.status === 'active' && validUntil < f.effectiveOn) {
    throw invalid(`原有效期至 ${s.validUntil} 已过：恢复在册须同时填写新的有效期`, 'validUntil');
  }
  return record(ctx, s.id, { kind: transition.kind, effectiveOn: f.effectiveOn, reason: f.reason, state: { ...stateOf(s), status: f.status, validUntil } });
}

function changeValidity(f: z.output<typeof validityChange>, ctx: Context) {
  const s = getAt(ctx, f);
  notBeforeAppointment(s, f.effectiveOn);
  if (s.status === 'revoked') throw invalid('已注销的督导不能调整有效期', 'validUntil');
  if (f.validUntil === s.validUntil) throw invalid('有效期未改变', 'validUntil');
  if (f.validUntil < s.appointedOn) throw invalid('有效期至不能早于聘任日期', 'validUntil');
  return record(ctx, s.id, { kind: 'validity_changed', effectiveOn: f.effectiveOn, reason: f.reason, state: { ...stateOf(s), validUntil: f.validUntil } });
}

function changeRegion(f: z.output<typeof regionChange>, ctx: Context) {
  const s = getAt(ctx, f);
  notBeforeAppointment(s, f.effectiveOn);
  if (s.status === 'revoked') throw invalid('已注销的督导不能调整服务区划', 'regionId');
  requireRegion(ctx, f.regionId);
  if (f.regionId === s.regionId) throw invalid('服务区划未改变', 'regionId');
  return record(ctx, s.id, { kind: 'region_changed', effectiveOn: f.effectiveOn, reason: f.reason, state: { ...stateOf(s), regionId: f.regionId } });
}

/** The list's filters as the repository reads them: 「聘任即将到期」 is 有效期至 from today through today + N days. */
export function supervisorQuery<Q extends { endingWithinDays?: number | undefined }>(ctx: Pick<Context, 'clock'>, { endingWithinDays, ...query }: Q) {
  if (!endingWithinDays) return query;
  const today = ctx.clock.today();
  return { ...query, validUntilFrom: today, validUntilThrough: addDays(today, endingWithinDays) };
}

export const supervisorOperations = [
  defineOperation({
    name: 'supervisors.levels',
    output: supervisorsOutputs['supervisors.levels'],
    title: '读取督导等级',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, { db }) => repo.supervisorLevels(db),
  }),
  defineOperation({
    name: 'supervisors.list',
    output: supervisorsOutputs['supervisors.list'],
    title: '查询督导库',
    kind: 'query',
    permission: 'registry.read',
    input: supervisorList,
    handler: (query, ctx) => repo.listSupervisors(ctx.db, supervisorQuery(ctx, query)),
  }),
  defineOperation({
    name: 'supervisors.get',
    output: supervisorsOutputs['supervisors.get'],
    title: '查看督导',
    kind: 'query',
    permission: 'registry.read',
    input: byId,
    handler: ({ id }, ctx) => {
      const supervisor = get(ctx, id);
      return {
        supervisor,
        certificates: certificatesWithRegistration(ctx, supervisor.personId),
        events: repo.supervisorEvents(ctx.db, id),
        /** The statuses this supervisor may change to now (domain/rules/supervisor-lifecycle.ts): the dialog offers only these. */
        allowedStatusTargets: allowedTargets(supervisor.status),
      };
    },
  }),
  defineOperation({
    name: 'supervisors.checkEntry',
    output: supervisorsOutputs['supervisors.checkEntry'],
    title: '核对准入条件',
    kind: 'query',
    permission: 'registry.read',
    input: entryCheck,
    handler: ({ personId, levelId, supervisorId }, ctx) => {
      const conditions = entryConditions(ctx, personId, levelId, supervisorId);
      return { conditions, allMet: conditions.every((c) => c.met) };
    },
  }),
  defineOperation({
    name: 'supervisors.appoint',
    output: supervisorsOutputs['supervisors.appoint'],
    title: '聘任督导',
    kind: 'command',
    permission: 'registry.write',
    input: appointFields,
    handler: appoint,
  }),
  defineOperation({
    name: 'supervisors.changeLevel',
    output: supervisorsOutputs['supervisors.changeLevel'],
    title: '调整督导等级',
    kind: 'command',
    permission: 'registry.write',
    input: levelChange,
    handler: changeLevel,
  }),
  defineOperation({
    name: 'supervisors.changeStatus',
    output: supervisorsOutputs['supervisors.changeStatus'],
    title: '变更督导状态',
    kind: 'command',
    permission: 'registry.write',
    input: statusChange,
    handler: changeStatus,
  }),
  defineOperation({
    name: 'supervisors.changeValidity',
    output: supervisorsOutputs['supervisors.changeValidity'],
    title: '调整督导有效期',
    kind: 'command',
    permission: 'registry.write',
    input: validityChange,
    handler: changeValidity,
  }),
  defineOperation({
    name: 'supervisors.changeRegion',
    output: supervisorsOutputs['supervisors.changeRegion'],
    title: '调整督导服务区划',
    kind: 'command',
    permission: 'registry.write',
    input: regionChange,
    handler: changeRegion,
  }),
] as const;

function throwNotFound(): never {
  throw notFound('该督导');
}
