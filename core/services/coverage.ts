import { z } from 'zod';
import { defineOperation } from '../contract.ts';
import { notFound } from '../errors.ts';
import { candidateQuery, coverageList, defaultQuotaSet, quotaSet } from '../schemas/coverage.ts';
import * as repo from '../../db/repos/coverage.ts';
import { getRegion } from '../../db/repos/regions.ts';
import { supervisorEvents, supervisorLevels } from '../../db/repos/supervisors.ts';
import { certificatesOfPerson } from '../../db/repos/certificates.ts';
import { setRuleSetting } from '../../db/repos/rule-settings.ts';
import { coverageRows, defaultQuota, levelsInUse, supervisionYearOf, townCoverage, withSupervision } from '../supervision/coverage.ts';
import { checkEntryConditions, daysActiveAtLevel } from '../supervision/entry-conditions.ts';
import { coverageOutputs } from '../outputs/coverage.ts';

export const coverageOperations = [
  defineOperation({
    name: 'coverage.list',
    output: coverageOutputs['coverage.list'],
    title: '查询镇区覆盖',
    kind: 'query',
    permission: 'registry.read',
    input: coverageList,
    handler: ({ page, pageSize, search, onlyShort, onlyUnsupervised }, ctx) => {
      const year = supervisionYearOf(ctx);
      const all = withSupervision(ctx, townCoverage(ctx), year);
      const matching = coverageRows(all, { search, onlyShort, onlyUnsupervised });
      const levels = levelsInUse(ctx, all);
      return {
        rows: matching.slice(page * pageSize, (page + 1) * pageSize),
        total: matching.length,
        summary: {
          towns: all.length,
          shortTowns: all.filter((r) => r.gap > 0).length,
          gap: all.reduce((s, r) => s + r.gap, 0),
          levels,
          supervisionYear: year,
          // The towns' figures added up (a record reaching two towns counts for each, as on each row).
          supervisionHours: Math.round(all.reduce((s, r) => s + r.supervisionHours, 0) * 10) / 10,
          unsupervisedTowns: all.filter((r) => r.unsupervised).length,
        },
      };
    },
  }),
  defineOperation({
    name: 'coverage.candidates',
    output: coverageOutputs['coverage.candidates'],
    title: '查询补缺人选',
    kind: 'query',
    permission: 'registry.read',
    input: candidateQuery,
    handler: ({ regionId, levelId }, ctx) => {
      if (!getRegion(ctx.db, regionId)) throw notFound('该区划', 'regionId');
      const levels = supervisorLevels(ctx.db);
      const index = levels.findIndex((l) => l.id === levelId);
      if (index < 0) throw notFound('所选督导等级', 'levelId');
      const level = levels[index]!;
      const lower = index > 0 ? levels[index - 1]! : null;
      const today = ctx.clock.today();
      // The same entry check as appointing and promoting: only those who meet every condition.
      return repo
        .candidatePool(ctx.db, regionId, lower?.id ?? null)
        .map((p) => {
          const promotion = p.supervisorId !== null && p.supervisorLevelId === lower?.id;
          const daysAtLower = promotion && lower ? daysActiveAtLevel(supervisorEvents(ctx.db, p.supervisorId!), lower.id, today) : 0;
          const conditions = checkEntryConditions(
            level,
            lower,
            { certificateLevels: certificatesOfPerson(ctx.db, p.personId).map((c) => c.level), practiceStart: p.practiceStart, daysAtLower },
            today,
          );
          return { ...p, route: promotion ? ('promote' as const) : ('appoint' as const), conditions };
        })
        .filter((c) => c.conditions.every((x) => x.met))
        .slice(0, 20);
    },
  }),
  defineOperation({
    name: 'quotas.set',
    output: coverageOutputs['quotas.set'],
    title: '设置区划督导定额',
    kind: 'command',
    permission: 'config.write',
    input: quotaSet,
    handler: ({ regionId, quotas }, ctx) => {
      const region = getRegion(ctx.db, regionId);
      if (!region) throw notFound('该区划', 'regionId');
      const known = new Set(supervisorLevels(ctx.db).map((l) => l.id));
      for (const q of quotas) {
        if (!known.has(q.levelId)) throw notFound('所选督导等级', 'quotas');
        repo.setQuotaOverride(ctx.db, regionId, q.levelId, q.quota, ctx.clock.now());
      }
      return withSupervision(ctx, townCoverage(ctx), supervisionYearOf(ctx)).find((r) => r.regionId === regionId) ?? null;
    },
  }),
  defineOperation({
    name: 'quotas.setDefault',
    output: coverageOutputs['quotas.setDefault'],
    title: '设置镇区默认督导定额',
    kind: 'command',
    permission: 'config.write',
    input: defaultQuotaSet,
    handler: ({ quotas }: z.output<typeof defaultQuotaSet>, ctx) => {
      const known = new Set(supervisorLevels(ctx.db).map((l) => l.id));
      for (const q of quotas) if (!known.has(q.levelId)) throw notFound('所选督导等级', 'quotas');
      const value = Object.fromEntries(quotas.filter((q) => q.quota > 0).map((q) => [String(q.levelId), q.quota]));
      setRuleSetting(ctx.db, 'town_quota', JSON.stringify(value), ctx.clock.now(), ctx.actor.name);
      return Object.fromEntries(defaultQuota(ctx));
    },
  }),
  defineOperation({
    name: 'quotas.default',
    output: coverageOutputs['quotas.default'],
    title: '读取镇区默认督导定额',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, ctx) => Object.fromEntries(defaultQuota(ctx)),
  }),
] as const;
