import { z } from 'zod';
import { addDays, monthStart } from '../dates.ts';
import { defineOperation, type Context } from '../contract.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import {
  certificateCreate,
  certificateFields,
  certificateUpdate,
  expiringList,
  registrationRuleFields,
  type REGISTRATION_STATUSES,
} from '../schemas/certificates.ts';
import * as repo from '../../db/repos/certificates.ts';
import { ruleSettings, setRuleSetting } from '../../db/repos/rule-settings.ts';
import { requirePerson } from './references.ts';
import {
  DEFAULT_REGISTRATION_RULE,
  registrationEnd,
  registrationStatus,
  ruleText,
  windowOpenThrough,
  windowStart,
  type RegistrationRule,
} from '../supervision/registration.ts';
import { certificatesOutputs } from '../outputs/certificates.ts';
import { expectVersion } from '../versions.ts';

type CertificateFields = z.output<typeof certificateFields>;

/** The registration rule in force (rule settings, with the national defaults). */
export function registrationRule(ctx: Context): RegistrationRule {
  const settings = ruleSettings(ctx.db);
  const number = (key: string, fallback: number) => (settings[key] ? Number(settings[key].value) : fallback);
  return {
    registrationYears: number('registration_years', DEFAULT_REGISTRATION_RULE.registrationYears),
    windowMonths: number('registration_window_months', DEFAULT_REGISTRATION_RULE.windowMonths),
  };
}

/** A certificate with its registration dates explained: end, window, status and the rule behind them. */
export function withRegistration(ctx: Context, rule: RegistrationRule, c: repo.CertificateRow) {
  return {
    ...c,
    windowStart: windowStart(c.registrationValidUntil, rule.windowMonths),
    registrationStatus: registrationStatus(c.registrationValidUntil, rule.windowMonths, ctx.clock.today()),
    rule: ruleText(rule),
  };
}

export function certificatesWithRegistration(ctx: Context, personId: number) {
  const rule = registrationRule(ctx);
  return repo.certificatesOfPerson(ctx.db, personId).map((c) => withRegistration(ctx, rule, c));
}

/** Applies the certificate rules; an empty registration end is computed from the issue date. */
function toRecord(ctx: Context, f: CertificateFields, selfId?: number): Omit<repo.CertificateFields, 'personId'> {
  const sameNumber = repo.findCertificateByNumber(ctx.db, f.number);
  if (sameNumber && sameNumber.id !== selfId) throw conflict(`证书编号 ${f.number} 已登记，请核对`, 'number');
  if (f.issuedOn > ctx.clock.today()) throw invalid('发证日期不能晚于今天', 'issuedOn');
  if (f.registrationValidUntil !== null && f.registrationValidUntil <= f.issuedOn) {
    throw invalid('登记有效期至应晚于发证日期', 'registrationValidUntil');
  }
  const { registrationValidUntil, ...rest } = f;
  return registrationValidUntil === null
    ? { ...rest, registrationValidUntil: registrationEnd(f.issuedOn, registrationRule(ctx).registrationYears), registrationSource: 'computed' }
    : { ...rest, registrationValidUntil, registrationSource: 'entered' };
}

/**
 * The registration end dates a status means today: in the window (ends between today and the last end
 * whose window has opened), expired (ended before today), or expired this month (ended since the 1st, before today).
 */
export function dueRange(ctx: Context, status: (typeof REGISTRATION_STATUSES)[number]): { from: string | null; through: string } {
  const today = ctx.clock.today();
  if (status === 'window') return { from: today, through: windowOpenThrough(today, registrationRule(ctx).windowMonths) };
  return { from: status === 'expiredThisMonth' ? monthStart(today) : null, through: addDays(today, -1) };
}

const get = (ctx: Context, id: number) => withRegistration(ctx, registrationRule(ctx), repo.getCertificate(ctx.db, id) ?? throwNotFound());

/** `certificates.create`'s rules, for core's own callers (the registry import) as for the operation. */
export function createCertificate(ctx: Context, { personId, ...fields }: z.output<typeof certificateCreate>) {
  requirePerson(ctx, personId);
  return get(ctx, repo.insertCertificate(ctx.db, { ...toRecord(ctx, fields), personId }, ctx.clock.now()));
}

/** `certificates.update`'s rules, likewise. */
export function updateCertificate(ctx: Context, { id, version, ...fields }: z.output<typeof certificateUpdate>) {
  if (!repo.getCertificate(ctx.db, id)) throwNotFound();
  expectVersion(ctx, { table: 'certificate', id, version, current: () => get(ctx, id) });
  repo.updateCertificate(ctx.db, id, toRecord(ctx, fields, id), ctx.clock.now());
  return get(ctx, id);
}

export const certificateOperations = [
  defineOperation({
    name: 'certificates.create',
    output: certificatesOutputs['certificates.create'],
    title: '新增职业水平证书',
    kind: 'command',
    permission: 'registry.write',
    input: certificateCreate,
    handler: (input, ctx) => createCertificate(ctx, input),
  }),
  defineOperation({
    name: 'certificates.update',
    output: certificatesOutputs['certificates.update'],
    title: '修改职业水平证书',
    kind: 'command',
    permission: 'registry.write',
    input: certificateUpdate,
    handler: (input, ctx) => updateCertificate(ctx, input),
  }),
  defineOperation({
    name: 'certificates.expiring',
    output: certificatesOutputs['certificates.expiring'],
    title: '查询证书到期',
    kind: 'query',
    permission: 'registry.read',
    input: expiringList,
    handler: ({ status, ...query }, ctx) => {
      const rule = registrationRule(ctx);
      const page = repo.listRegistrationsEnding(ctx.db, { ...query, ...dueRange(ctx, status) });
      return { ...page, rows: page.rows.map((r) => ({ ...r, windowStart: windowStart(r.registrationValidUntil, rule.windowMonths) })), rule: ruleText(rule) };
    },
  }),
  defineOperation({
    name: 'rules.registration',
    output: certificatesOutputs['rules.registration'],
    title: '读取证书登记规则',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, ctx) => ({ ...registrationRule(ctx), text: ruleText(registrationRule(ctx)) }),
  }),
  defineOperation({
    name: 'rules.setRegistration',
    output: certificatesOutputs['rules.setRegistration'],
    title: '修改证书登记规则',
    kind: 'command',
    permission: 'config.write',
    input: registrationRuleFields,
    handler: (rule, ctx) => {
      setRuleSetting(ctx.db, 'registration_years', String(rule.registrationYears), ctx.clock.now(), ctx.actor.name);
      setRuleSetting(ctx.db, 'registration_window_months', String(rule.windowMonths), ctx.clock.now(), ctx.actor.name);
      return { ...registrationRule(ctx), text: ruleText(registrationRule(ctx)) };
    },
  }),
] as const;

function throwNotFound(): never {
  throw notFound('该证书');
}
