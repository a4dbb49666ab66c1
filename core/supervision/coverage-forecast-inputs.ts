/** The forecast's inputs from the database: the register with its planned events, certificates, the open cycle's outcomes, quotas and names. */
import type { Context } from '../contract.ts';
import * as repo from '../../db/repos/coverage-forecast.ts';
import { towns as townRows } from '../../db/repos/coverage.ts';
import { listCycles, regionAndOrganizationNames } from '../../db/repos/recert.ts';
import { registrationValidUntil } from '../compliance/periods.ts';
import { registrationRule } from '../services/certificates.ts';
import { townQuotas } from './coverage.ts';
import type { ForecastSettings, ForecastSupervisor, Names, Piece, SupervisorState, Town } from './coverage-forecast.ts';

const EVENT_TEXT: Record<string, string> = {
  appointed: '聘任',
  reappointed: '再次聘任',
  promoted: '晋升',
  demoted: '降级',
  suspended: '暂停',
  reinstated: '恢复在册',
  expired: '过期',
  revoked: '注销',
  validity_changed: '调整有效期',
  region_changed: '调整服务区划',
  reviewed: '年度再审核',
};

/** The cycle in progress as the 工作台 shows it (this year's, else the latest open), if it is open (a draft has no proposals). */
function cycleInProgress(ctx: Pick<Context, 'db'>, today: string) {
  const year = Number(today.slice(0, 4));
  const cycles = listCycles(ctx.db);
  const cycle = cycles.find((c) => c.year === year && c.status !== 'closed') ?? cycles.find((c) => c.status === 'open');
  return cycle?.status === 'open' ? cycle : null;
}

/** The latest registration end over a person's certificates, as the certificates screen computes each. */
export function registrationEnds(certificates: repo.ForecastCertificateRow[], registrationYears: number): Map<number, string> {
  const ends = new Map<number, string>();
  for (const c of certificates) {
    const end = registrationValidUntil(c, registrationYears);
    const current = ends.get(c.personId);
    if (!current || end > current) ends.set(c.personId, end);
  }
  return ends;
}

export interface ForecastInputs {
  towns: Town[];
  supervisors: ForecastSupervisor[];
  quotas: ReturnType<typeof townQuotas>;
  settings: ForecastSettings;
  names: Names;
  registrationYears: number;
}

export function loadForecastInputs(ctx: Context, months: number): ForecastInputs {
  const today = ctx.clock.today();
  const rule = registrationRule(ctx);
  const quotas = townQuotas(ctx);
  const cycle = cycleInProgress(ctx, today);
  const outcomes = new Map(cycle ? repo.cycleOutcomes(ctx.db, cycle.id).map((r) => [r.supervisorId, r.outcome]) : []);
  const ends = registrationEnds(repo.supervisorCertificates(ctx.db), rule.registrationYears);
  const events = new Map<number, repo.ForecastEventRow[]>();
  for (const e of repo.eventsOfPlannedChanges(ctx.db, today)) (events.get(e.supervisorId) ?? events.set(e.supervisorId, []).get(e.supervisorId)!).push(e);

  const supervisors = repo.forecastSupervisors(ctx.db, today).map((row): ForecastSupervisor => {
    const now: SupervisorState = { levelId: row.levelId, regionId: row.regionId, status: row.status, validUntil: row.validUntil };
    const own = events.get(row.id);
    let pieces: Piece[] = [{ from: today, state: now, cause: null }];
    if (own) {
      // The row already holds the state after the last event: before a later-dated event takes effect, the state is the one before it.
      const stateAfter = (e: repo.ForecastEventRow): SupervisorState => ({
        levelId: e.levelId ?? row.levelId,
        regionId: e.regionId ?? row.regionId,
        status: e.status ?? row.status,
        validUntil: e.validUntil ?? row.validUntil,
      });
      const past = own.filter((e) => e.effectiveOn <= today).at(-1);
      const planned = own.filter((e) => e.effectiveOn > today);
      const first = planned[0];
      // 镇区覆盖 (month 0) counts the row; from next month until the change takes effect, the state before it.
      const until = first
        ? { source: 'event' as const, text: `已登记 ${first.effectiveOn} 起${EVENT_TEXT[first.kind] ?? first.kind}，生效前按原状态计` }
        : null;
      pieces = [
        { from: today, state: past ? stateAfter(past) : null, cause: until },
        ...planned.map((e) => ({
          from: e.effectiveOn,
          state: stateAfter(e),
          cause: { source: 'event' as const, text: `已登记 ${e.effectiveOn} ${EVENT_TEXT[e.kind] ?? e.kind}` },
        })),
      ];
    }
    return {
      supervisorId: row.id,
      personId: row.personId,
      name: row.name,
      now,
      pieces,
      registrationEnd: ends.get(row.personId) ?? null,
      outcome: outcomes.get(row.id) ?? null,
    };
  });

  const levelNames = new Map(quotas.levels.map((l) => [l.id, l.name]));
  const { regions } = regionAndOrganizationNames(ctx.db);
  return {
    towns: townRows(ctx.db).map((t) => ({ regionId: t.id, code: t.code, name: t.name, parentName: t.parentName })),
    supervisors,
    quotas,
    settings: { today, months, windowMonths: rule.windowMonths, cycle: cycle ? { year: cycle.year } : null },
    names: { level: (id) => levelNames.get(id) ?? String(id), region: (id) => regions.get(id) ?? String(id) },
    registrationYears: rule.registrationYears,
  };
}
