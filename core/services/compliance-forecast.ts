/** 学时达标 › 预测 and 补学计划: the compliance forecast, a person's projection, the plan, its enrolments and its invitation list. */
import type { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { requirePerson } from './references.ts';
import { forecastList, forecastOfPerson, planInput, planSeats } from '../schemas/forecast.ts';
import { complianceForecastOutputs } from '../outputs/compliance-forecast.ts';
import { forecastOfEveryone, horizonOf, type ForecastRow } from '../compliance/forecast.ts';
import { forecastView } from '../compliance/forecast-view.ts';
import { planFor } from '../compliance/plan-view.ts';
import { currentRuleContext } from '../compliance/rule-context.ts';
import { countingRule } from '../compliance/ledger.ts';
import { bookedSeats } from '../../db/repos/forecast-facts.ts';
import { getSession } from '../../db/repos/sessions.ts';
import { getPerson } from '../../db/repos/people.ts';
import { seatsTaken } from '../../db/repos/enrolments.ts';
import { baseOfSession } from '../../db/repos/base-of.ts';
import { addDays, formatTimeRange } from '../dates.ts';
import { CertificateLevel, hoursCount } from '../../domain/index.ts';
import { enrolmentCheck, enrolmentRefusal, enrolPerson } from '../training/enrolment.ts';
import { AppError } from '../errors.ts';
import { streamedExport } from '../excel/streamed-export.ts';
import { runInWorker } from '../worker-jobs.ts';
import type { ColumnSpec } from '../excel/workbook.ts';
import type { JobHandle } from '../jobs.ts';

const UNIFIED_TEXT = { met: '已完成', booked: '已报名', missing: '未完成' } as const;

const FORECAST_COLUMNS: ColumnSpec[] = [
  { header: '姓名', kind: 'text', width: 10 },
  { header: '身份证号', kind: 'code', width: 20 },
  { header: '联系电话', kind: 'code', width: 14 },
  { header: '镇区', kind: 'text', width: 12 },
  { header: '所在机构', kind: 'text', width: 24 },
  { header: '证书等级', kind: 'text', width: 14 },
  { header: '预测日', kind: 'date', width: 12 },
  { header: '登记期止', kind: 'date', width: 12 },
  { header: '登记期要求学时', kind: 'number', width: 10 },
  { header: '已计学时', kind: 'number', width: 10 },
  { header: '已报名待上学时', kind: 'number', width: 10 },
  { header: '登记期预计尚差', kind: 'number', width: 10 },
  { header: '滚动期预计尚差', kind: 'number', width: 10 },
  { header: '年度预计尚差', kind: 'number', width: 10 },
  { header: '预计尚差（须补）', kind: 'number', width: 10 },
  { header: '统一培训', kind: 'text', width: 10 },
  { header: '预计是否有风险', kind: 'text', width: 10 },
];

const forecastCells = (r: ForecastRow) => [
  r.personName,
  r.idNumber,
  r.phone,
  r.regionName,
  r.organizationName,
  r.certificateLevel ? CertificateLevel.label(r.certificateLevel as CertificateLevel) : '未持证',
  r.projectedOn,
  r.periodEnd,
  r.periodRequired,
  r.periodDone,
  r.periodBooked,
  r.periodShortfall,
  r.windowShortfall,
  r.yearShortfall,
  r.shortfall,
  r.unified ? UNIFIED_TEXT[r.unified] : '不适用',
  r.atRisk ? '有风险' : '无',
];

const INVITATION_COLUMNS: ColumnSpec[] = [
  { header: '姓名', kind: 'text', width: 10 },
  { header: '手机', kind: 'code', width: 14 },
  { header: '班期', kind: 'text', width: 30 },
  { header: '时间', kind: 'text', width: 26 },
  { header: '基地', kind: 'text', width: 20 },
  { header: '可补学时', kind: 'number', width: 10 },
];

type Seats = z.output<typeof planSeats>['seats'];

/** Every base the seats' sessions belong to: a coordinator may act only on their own. */
const seatsScope = { base: ({ seats }: { seats: Seats }, db: Context['db']) => seats.map((s) => baseOfSession(db, s.sessionId)) };

/** 导出学时达标预测: the forecast as filtered and sorted, every row (run in a worker thread by the operation). */
export function forecastExport(ctx: Context, query: unknown, today: string, job: JobHandle) {
  const q = query as z.output<typeof forecastList>;
  return streamedExport(
    ctx,
    {
      sheet: '学时达标预测',
      fileName: `学时达标预测-${q.horizonMonths}个月-${today}.xlsx`,
      columns: FORECAST_COLUMNS,
      read: (db) => {
        const { rows } = forecastView(db, q, today, { here: true }); // the list as it is now
        return { total: rows.length, rows };
      },
      cells: forecastCells,
    },
    job,
  );
}

function invitationExport(ctx: Context, seats: Seats, job: JobHandle) {
  return streamedExport(
    ctx,
    {
      sheet: '补学邀请名单',
      fileName: `补学邀请名单-${ctx.clock.today()}.xlsx`,
      columns: INVITATION_COLUMNS,
      read: (db) => ({
        total: seats.length,
        rows: (function* () {
          for (const seat of seats) {
            const person = getPerson(db, seat.personId);
            const session = getSession(db, seat.sessionId);
            if (!person || !session) continue;
            yield { name: person.name, phone: person.phone, session, hours: session.creditHours };
          }
        })(),
      }),
      cells: (r) => [
        r.name,
        r.phone,
        `${r.session.courseTitle}（${r.session.courseCode}）`,
        formatTimeRange(r.session.startsAt, r.session.endsAt),
        r.session.baseName,
        r.hours,
      ],
    },
    job,
  );
}

export const complianceForecastOperations = [
  defineOperation({
    name: 'compliance.forecast',
    output: complianceForecastOutputs['compliance.forecast'],
    title: '查看学时达标预测',
    kind: 'query',
    permission: 'registry.read',
    input: forecastList,
    handler: (q, ctx) => {
      const today = ctx.clock.today();
      // Above a small population everyone is computed in a worker thread: meanwhile the rows kept, or none yet (`freshness`).
      const { rows, rc, until, freshness } = forecastView(ctx.db, q, today);
      const start = q.page * q.pageSize;
      return {
        rows: rows.slice(start, start + q.pageSize),
        total: rows.length,
        atRisk: rows.reduce((n, r) => n + (r.atRisk ? 1 : 0), 0),
        asOf: today,
        until,
        ruleVersion: rc.version,
        freshness,
      };
    },
  }),
  defineOperation({
    name: 'compliance.forecastOfPerson',
    output: complianceForecastOutputs['compliance.forecastOfPerson'],
    title: '查看个人学时达标预测',
    kind: 'query',
    permission: 'registry.read',
    input: forecastOfPerson,
    handler: ({ personId, horizonMonths }, ctx) => {
      requirePerson(ctx, personId);
      const rc = currentRuleContext(ctx.db);
      const h = horizonOf(ctx.clock.today(), horizonMonths);
      // The very computation of the list, for one person.
      const row = forecastOfEveryone(ctx.db, rc, h, [personId])[0]!;
      const rule = countingRule(rc.rules);
      const yearEnd = `${h.today.slice(0, 4)}-12-31`;
      const sessions = bookedSeats(ctx.db, addDays(h.today, 1), h.until > yearEnd ? h.until : yearEnd, [personId]).map((seat) => {
        const s = getSession(ctx.db, seat.sessionId)!;
        return {
          sessionId: seat.sessionId,
          courseTitle: s.courseTitle,
          baseName: s.baseName,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          hours: seat.hours,
          counted: seat.day <= row.projectedOn && hoursCount({ categoryId: seat.categoryId, kind: 'session', verified: false }, rule),
          unified: seat.unified,
        };
      });
      return { row, asOf: h.today, until: h.until, sessions };
    },
  }),
  defineOperation({
    name: 'compliance.forecastExport',
    output: complianceForecastOutputs['compliance.forecastExport'],
    title: '导出学时达标预测',
    kind: 'query',
    permission: 'export',
    input: forecastList,
    handler: (q, ctx) => {
      const today = ctx.clock.today();
      // Everyone's forecast is a few large queries and a pass over everyone: in a worker thread (core/worker-jobs.ts).
      return { jobId: ctx.jobs.start('导出学时达标预测', (job) => runInWorker(ctx, 'compliance.forecastExport', { query: q, today }, job)) };
    },
  }),
  defineOperation({
    name: 'compliance.plan',
    output: complianceForecastOutputs['compliance.plan'],
    title: '制定补学计划',
    // Like the roster preview: the first step of a write (the enrolments), by those who may make it. Across
    // every base's sessions and everyone's phone: staff and administrators (a coordinator sees only their own bases).
    kind: 'command',
    permission: 'registry.write',
    input: planInput,
    handler: (input, ctx) => {
      // Above a small population the plan is built in a worker thread: meanwhile an empty plan, marked as being computed.
      const plan = planFor(ctx.db, ctx.clock.today(), input);
      if (plan) return { ...plan, freshness: { state: 'current' as const } };
      return { rows: [], atRisk: 0, hoursNeeded: 0, hoursClosed: 0, peopleHelped: 0, sessionsConsidered: 0, freshness: { state: 'computing' as const } };
    },
  }),
  defineOperation({
    name: 'compliance.planEnrol',
    output: complianceForecastOutputs['compliance.planEnrol'],
    title: '按补学计划批量报名',
    kind: 'command',
    permission: 'bases.write',
    input: planSeats,
    scope: seatsScope,
    handler: ({ seats }, ctx) => {
      // Row by row, each in a savepoint: a refused row is reported and the others still go in. The plan
      // promised a seat, so a session full by now refuses the row rather than putting the person on its waitlist.
      const rows = seats.map(({ personId, sessionId }) => {
        const name = getPerson(ctx.db, personId)?.name ?? `人员 ${personId}`;
        const refuse = (message: string) => ({ personId, sessionId, name, ok: false, message });
        const session = getSession(ctx.db, sessionId);
        if (!session) return refuse('该班期不存在或已被删除');
        const closed = enrolmentRefusal(session);
        if (closed) return refuse(closed);
        if (seatsTaken(ctx.db, sessionId) >= session.capacity) return refuse(`班期「${session.courseTitle}」已满，未报名`);
        const refusal = enrolmentCheck(ctx, session, personId);
        if (refusal) return refuse(refusal.message);
        try {
          ctx.db.transaction(() => enrolPerson(ctx, session, personId))();
        } catch (error) {
          if (error instanceof AppError) return refuse(error.message);
          throw error;
        }
        return { personId, sessionId, name, ok: true, message: `已报名「${session.courseTitle}」${formatTimeRange(session.startsAt, session.endsAt)}` };
      });
      const enrolled = rows.filter((r) => r.ok).length;
      return { rows, enrolled, refused: rows.length - enrolled };
    },
  }),
  defineOperation({
    name: 'compliance.planInvitations',
    output: complianceForecastOutputs['compliance.planInvitations'],
    title: '导出补学邀请名单',
    kind: 'query',
    permission: 'export',
    input: planSeats,
    scope: seatsScope,
    handler: ({ seats }, ctx) => ({ jobId: ctx.jobs.start('导出补学邀请名单', (job) => invitationExport(ctx, seats, job)) }),
  }),
] as const;
