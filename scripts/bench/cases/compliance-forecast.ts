import { currentRuleContext } from '../../../core/compliance/rule-context.ts';
import { complianceOfEveryone } from '../../../core/compliance/population.ts';
import { forecastOfEveryone, horizonOf } from '../../../core/compliance/forecast.ts';
import { forecastListLanded, forecastListOptions, forecastView } from '../../../core/compliance/forecast-view.ts';
import { planLanded } from '../../../core/compliance/plan-view.ts';
import { dataLocationOf, openSameData } from '../../../db/open.ts';
import { round, stats, timeEach } from '../measure.ts';
import { CertificateLevel } from '../../../domain/index.ts';
import type { BenchCase, BenchResult } from '../types.ts';

/**
 * Issue 24: the compliance forecast of everyone (100,000 people at province scale) under 2 s, and
 * the plan for one city's people at risk under 2 s. Beside them 学时达标's own computation of
 * everyone, as the ratio: the forecast is the same steps at a day of each person's own, plus the
 * seats they hold.
 */
export const complianceForecastCase: BenchCase = {
  name: 'compliance-forecast',
  postgres: true,
  async run(ctx) {
    const db = ctx.core.db;
    const today = new Date().toISOString().slice(0, 10);
    const rc = currentRuleContext(db);
    const results: BenchResult[] = [];

    const baseline = stats(timeEach([1, 2, 3], () => complianceOfEveryone(db, rc, today), 1));
    let people = 0;
    let atRisk = 0;
    const forecast = stats(
      timeEach([1, 2, 3, 4, 5], () => {
        const rows = forecastOfEveryone(db, rc, horizonOf(today, 6));
        people = rows.length;
        atRisk = rows.filter((r) => r.atRisk).length;
      }, 1),
    );
    results.push({
      operation: `学时达标预测（6 个月）：${people.toLocaleString('zh-CN')} 人全部核算（其中有风险 ${atRisk.toLocaleString('zh-CN')} 人）`,
      median: round(forecast.median),
      p95: round(forecast.p95),
      runs: forecast.runs,
      budget: '< 2 s（100,000 人）',
      ratio: round(forecast.median / baseline.median),
      met: forecast.p95 < 2000,
      note: `对照：学时达标全部核算 ${round(baseline.median)} ms`,
    });

    // 学时达标 › 预测's first request (issue 20, item 5): what it holds the server's thread for, computed there (as before,
    // on a second connection with nothing kept) and with its worker thread (the request answers 「计算中」; the rows land later).
    const q = { horizonMonths: 12, sortDir: 'asc', search: undefined } as const;
    const other = openSameData(dataLocationOf(db)!, { readonly: true });
    const { inlineUpTo } = forecastListOptions;
    forecastListOptions.inlineUpTo = Number.MAX_SAFE_INTEGER;
    let started = performance.now();
    forecastView(other, q, today);
    const inline = performance.now() - started;
    forecastListOptions.inlineUpTo = inlineUpTo;
    other.close();
    started = performance.now();
    const first = ctx.core.call('compliance.forecast', { ...q, page: 0, pageSize: 25 });
    const onThread = performance.now() - started;
    await forecastListLanded(db);
    const landed = performance.now() - started;
    started = performance.now();
    const next = ctx.core.call('compliance.forecast', { ...q, page: 0, pageSize: 25 });
    const after = performance.now() - started;
    const state = (r: typeof first) => (r.ok ? (r.result as { freshness: { state: string } }).freshness.state : r.error.message);
    results.push({
      operation: `学时达标 › 预测（12 个月）首次请求：服务器线程用时`,
      median: round(onThread),
      p95: round(onThread),
      runs: 1,
      budget: '< 20 ms',
      met: onThread < 20,
      note: `答「${state(first)}」，${round(landed)} ms 后算完，再请求 ${round(after)} ms（${state(next)}）；在服务器线程上算（此前的做法）${round(inline)} ms`,
    });

    // The city with the most people: its plan, the forecast once computed (kept until the next write), then from cold.
    const city = db
      .prepare(
        `SELECT c.id FROM region c JOIN region t ON t.parent_id = c.id JOIN person p ON p.region_id = t.id WHERE c.level = 'city' GROUP BY c.id ORDER BY count(*) DESC LIMIT 1`,
      )
      .pluck()
      .get() as number | undefined;
    if (city === undefined) return results;
    // A plan of more people at risk than one request may plan for (core/compliance/plan-build.ts, planLimits) is refused: then the
    // city's largest certificate level that fits (as the refusal asks: narrow by 镇区, 机构 or 证书等级).
    const scopes = [
      { input: { horizonMonths: 6, regionId: city }, label: '一个市' },
      ...CertificateLevel.values.map((level) => ({
        input: { horizonMonths: 6, regionId: city, certificateLevel: level },
        label: `一个市的${CertificateLevel.zh[level]}`,
      })),
    ];
    // The plan's own time: built on this thread as before (above 500 people the server builds it in a worker thread, timed below).
    forecastListOptions.inlineUpTo = Number.MAX_SAFE_INTEGER;
    // The first try computes the forecast (kept until the next write): the cold time is that try's and the chosen one's.
    const tried = scopes.map((scope) => {
      const started = performance.now();
      const res = ctx.core.call('compliance.plan', scope.input);
      return { scope, ms: performance.now() - started, atRisk: res.ok ? (res.result as { atRisk: number }).atRisk : -1, refusal: res.ok ? '' : res.error.message };
    });
    const fits = tried.filter((t) => t.atRisk >= 0).sort((a, b) => b.atRisk - a.atRisk)[0];
    if (!fits) throw new Error(`compliance.plan：${tried[0]!.refusal}`);
    const { input, label } = fits.scope;
    const cold = tried[0]!.ms + (fits === tried[0] ? 0 : fits.ms);
    const call = () => {
      const res = ctx.core.call('compliance.plan', input);
      if (!res.ok) throw new Error(`compliance.plan：${res.error.message}`);
      return res.result as { atRisk: number; rows: unknown[]; hoursClosed: number; hoursNeeded: number; sessionsConsidered: number };
    };
    let plan = call();
    const warm = stats(timeEach([1, 2, 3, 4, 5], () => (plan = call()), 1));
    forecastListOptions.inlineUpTo = inlineUpTo;
    results.push({
      operation: `补学计划：${label}有风险的 ${plan.atRisk.toLocaleString('zh-CN')} 人，候选班期 ${plan.sessionsConsidered} 个，建议 ${plan.rows.length} 个名额`,
      median: round(warm.median),
      p95: round(warm.p95),
      runs: warm.runs,
      budget: '< 2 s',
      met: warm.p95 < 2000 && cold < 2000 + forecast.p95,
      note: `含预测核算的首次 ${round(cold)} ms；可补 ${plan.hoursClosed} / 尚差 ${plan.hoursNeeded} 学时`,
    });

    // 补学计划's first request (issue 20, item 5): with its worker thread it answers 「计算中」; the plan lands later.
    started = performance.now();
    const firstPlan = ctx.core.call('compliance.plan', input);
    const planOnThread = performance.now() - started;
    await planLanded(db);
    const planLandedMs = performance.now() - started;
    started = performance.now();
    const nextPlan = ctx.core.call('compliance.plan', input);
    const planAfter = performance.now() - started;
    results.push({
      operation: `补学计划（${label}）首次请求：服务器线程用时`,
      median: round(planOnThread),
      p95: round(planOnThread),
      runs: 1,
      budget: '< 20 ms',
      met: planOnThread < 20,
      note: `答「${state(firstPlan)}」，${round(planLandedMs)} ms 后算完，再请求 ${round(planAfter)} ms（${state(nextPlan)}）；在服务器线程上算（此前的做法）${round(warm.median)} ms`,
    });
    return results;
  },
};
