/**
 * What-ifs on the coverage forecast, nothing saved: promote, appoint or transfer someone from a month
 * on, or assume the open cycle passes everyone. Each rewrites the forecast's inputs (a supervisor's
 * pieces from that day on), and the forecast runs again on them.
 */
import type { Context } from '../contract.ts';
import { invalid, notFound } from '../errors.ts';
import { getPerson } from '../../db/repos/people.ts';
import { findSupervisorByPerson } from '../../db/repos/supervisors.ts';
import { supervisorCertificates } from '../../db/repos/coverage-forecast.ts';
import { forecastDays, pieceOn, type ForecastSupervisor, type Piece, type SupervisorState } from './coverage-forecast.ts';
import { registrationEnds, type ForecastInputs } from './coverage-forecast-inputs.ts';

export type Assumption =
  | { action: 'promote'; supervisorId: number; levelId: number; month: number }
  | { action: 'transfer'; supervisorId: number; regionId: number; month: number }
  | { action: 'appoint'; personId: number; levelId: number; regionId: number; month: number };

export type CycleOutcome = 'proposals' | 'allPass' | 'everyYear';

/** The same supervisor from `day` on with `change` applied to every state (a new piece starting that day). */
function changedFrom(s: ForecastSupervisor, day: string, today: string, text: string, change: (state: SupervisorState) => SupervisorState): ForecastSupervisor {
  const at = pieceOn(s.pieces, day);
  const cause = { source: 'whatIf' as const, text, ...(day === today ? { replacesNow: s.now } : {}) };
  const pieces: Piece[] = [
    ...s.pieces.filter((p) => p.from < day),
    { from: day, state: at?.state ? change(at.state) : null, cause },
    ...s.pieces.filter((p) => p.from > day).map((p) => ({ ...p, state: p.state && p.state.status === 'active' ? change(p.state) : p.state })),
  ];
  return { ...s, pieces, now: day === today && s.now ? change(s.now) : s.now };
}

/** The inputs with the assumptions applied, or a refusal naming the field. */
export function applyAssumptions(
  ctx: Context,
  inputs: ForecastInputs,
  assumptions: readonly Assumption[],
  cycleOutcome: CycleOutcome,
): { supervisors: ForecastSupervisor[]; texts: string[] } {
  let supervisors = inputs.supervisors;
  const texts: string[] = [];
  const { today, months } = inputs.settings;
  const days = forecastDays(today, months);
  const levelRank = new Map(inputs.quotas.levels.map((l) => [l.id, l.rank]));
  if (cycleOutcome === 'allPass' && inputs.settings.cycle) {
    supervisors = supervisors.map((s) => (s.outcome ? { ...s, outcome: 'pass' as const } : s));
    texts.push(`假设${inputs.settings.cycle.year}年度再审核全部通过`);
  }
  if (cycleOutcome === 'everyYear') {
    // Each re-review extends to the end of the next year: passed every year, no appointment reaches its end.
    supervisors = supervisors.map((s) => ({ ...s, outcome: s.outcome ? ('pass' as const) : null, renewedYearly: true }));
    texts.push('假设今后各年度再审核均通过（聘任逐年续至次年底）');
  }
  const replace = (next: ForecastSupervisor) => (supervisors = supervisors.map((s) => (s.supervisorId === next.supervisorId ? next : s)));
  for (const a of assumptions) {
    if (a.month > months) throw invalid(`假设的生效月份超出预测范围（${months} 个月）`, 'assumptions');
    const day = days[a.month]!;
    const when = a.month === 0 ? '本月起' : `${day.slice(0, 7)} 起`;
    if (a.action === 'appoint') {
      const person = getPerson(ctx.db, a.personId);
      if (!person) throw notFound('所选人员', 'assumptions');
      if (!levelRank.has(a.levelId)) throw notFound('所选督导等级', 'assumptions');
      const already = findSupervisorByPerson(ctx.db, a.personId);
      if (already && already.status !== 'revoked') throw invalid(`「${person.name}」已在督导库中，请改用晋升或调动假设`, 'assumptions');
      const validUntil = `${Number(day.slice(0, 4)) + 1}-12-31`; // as the appointment form proposes
      const state: SupervisorState = { levelId: a.levelId, regionId: a.regionId, status: 'active', validUntil };
      const text = `假设${when}聘任「${person.name}」为${inputs.names.region(a.regionId)}${inputs.names.level(a.levelId)}（有效期至 ${validUntil}）`;
      const registrationEnd = registrationEnds(supervisorCertificates(ctx.db, [a.personId]), inputs.registrationYears).get(a.personId) ?? null;
      texts.push(text);
      supervisors = [
        ...supervisors.filter((s) => s.personId !== a.personId),
        {
          supervisorId: null,
          personId: a.personId,
          name: person.name,
          now: a.month === 0 ? state : null,
          pieces: [
            ...(a.month === 0 ? [] : [{ from: today, state: null, cause: null }]),
            { from: day, state, cause: { source: 'whatIf', text, ...(a.month === 0 ? { replacesNow: null } : {}) } },
          ],
          registrationEnd,
          outcome: null,
        },
      ];
      continue;
    }
    const s = supervisors.find((x) => x.supervisorId === a.supervisorId);
    const state = s && (a.month === 0 ? s.now : pieceOn(s.pieces, day)?.state);
    if (!s || !state || state.status !== 'active') throw invalid(`所选督导${when}不在册，不能假设${a.action === 'promote' ? '晋升' : '调动'}`, 'assumptions');
    if (a.action === 'promote') {
      const rank = levelRank.get(a.levelId);
      if (rank === undefined) throw notFound('所选督导等级', 'assumptions');
      if (rank <= levelRank.get(state.levelId)!) throw invalid(`「${s.name}」已是${inputs.names.level(state.levelId)}：晋升须高于现任等级`, 'assumptions');
      const text = `假设「${s.name}」${when}由${inputs.names.level(state.levelId)}晋升为${inputs.names.level(a.levelId)}`;
      texts.push(text);
      replace(changedFrom(s, day, today, text, (st) => ({ ...st, levelId: a.levelId })));
    } else {
      if (state.regionId === a.regionId) throw invalid(`「${s.name}」已在${inputs.names.region(a.regionId)}服务`, 'assumptions');
      const text = `假设「${s.name}」${when}由${inputs.names.region(state.regionId)}调往${inputs.names.region(a.regionId)}`;
      texts.push(text);
      replace(changedFrom(s, day, today, text, (st) => ({ ...st, regionId: a.regionId })));
    }
  }
  return { supervisors, texts };
}
