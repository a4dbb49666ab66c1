import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { openCore, type Core } from '../../../core/app.ts';
import { Random } from '../../../core/demo/random.ts';
import { openSameData, type DataLocation } from '../../../db/open.ts';
import { round, stats } from '../measure.ts';
import { peopleWorkbook } from './excel.ts';
import type { LoadInput, LoadResult, LoadUser, PhaseResult } from '../server-load-users.ts';
import { post as postTo } from '../http-client.ts';
import { startLoadServers, type LoadServer } from '../load-servers.ts';
import type { BenchCase, BenchResult } from '../types.ts';

/**
 * Bounded: a minute of the users alone, then a minute with the long jobs. The demo scale only keeps the case from
 * rotting (tests/postgres/bench.test.ts): its phases and import are as small as still let every user work and some save
 * (a save each 10 s at each user's own offset: ~7 of the 50 users save in 1.5 s).
 */
const PHASE_MS = { demo: 1_500, city: 60_000, province: 60_000 } as const;
const USERS = 50;
const IMPORT_ROWS = { demo: 200, city: 50_000, province: 50_000 } as const;
const EXPORT_ROWS = 1_000_000;
const PASSWORD = 'bench-load-password-2026';
/** After the loaded minute, how long the jobs may still take before the case stops waiting for them. */
const JOBS_GRACE_MS = 5 * 60_000;
/**
 * The long jobs of the loaded minute: all three, or those named in SWS_BENCH_LOAD_JOBS (`export,compliance`:
 * the import left out, to tell its share of the stalls from the others').
 */
const LOAD_JOBS = (process.env.SWS_BENCH_LOAD_JOBS ?? 'import,export,compliance').split(',').map((s) => s.trim());
/** Each user keeps its change stream open (GET /api/events), as the renderer does; SWS_BENCH_LOAD_STREAMS=0 leaves them out (figures before 2026-12-06 21:30). */
const LOAD_STREAMS = process.env.SWS_BENCH_LOAD_STREAMS !== '0';
/** Server processes: one on the SQLite file (its one writer); two on PostgreSQL, as behind a balancer (issue 21). */
const PROCESSES = { sqlite: 1, postgres: 2 } as const;

/**
 * 协会服务器 under load (docs/design.md §6): `npm run serve` on 127.0.0.1 over this scale's data, 50
 * signed-in staff (searches, list pages, detail pages, one save each per 10 s), first alone, then
 * while a 50,000-row import, a 1,000,000-row enrolment export and a compliance run of everyone go on.
 * On SQLite one server process on a copy of the file; on PostgreSQL two processes on the bench's
 * database (the users spread over both in turn, the jobs too). Budget: read p95 < 50 ms, save p95
 * < 100 ms, no errors, every save stored.
 */
export const serverLoadCase: BenchCase = {
  name: 'server-load',
  postgres: true,
  async run(ctx) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-bench-load-'));
    const processes = ctx.database ? PROCESSES.postgres : PROCESSES.sqlite;
    // SQLite: a copy, so the case's users, saves and import stay out of the bench database the other cases read.
    // PostgreSQL: the throwaway database itself (already a copy; this case runs after the others that read it).
    const where: DataLocation = ctx.database ? { dataFile: ctx.dataFile, database: ctx.database } : { dataFile: path.join(dir, 'data.sqlite3') };
    if (!ctx.database) await ctx.core.db.backup(where.dataFile);
    const setup: Core = ctx.database ? ctx.core : await openCore({ dataFile: where.dataFile, backupDir: path.join(dir, 'backups') });
    const rng = new Random(20);
    const userIds = Array.from({ length: USERS }, (_, i) => ensureUser(setup, `bench-staff-${i}`, 'staff'));
    ensureUser(setup, 'bench-admin', 'admin');
    const personIds = setup.db.prepare('SELECT id FROM person ORDER BY id % 7, id LIMIT 2000').pluck().all() as number[];
    const searchTerms = (setup.db.prepare('SELECT name, name_initials FROM person WHERE id % 97 = 0 LIMIT 300').raw().all() as [string, string][]).flatMap(
      ([name, initials]) => [name.slice(0, rng.int(1, 2)), initials.slice(0, 3)],
    );
    const enrolments = Number(setup.db.prepare('SELECT count(*) FROM enrolment').pluck().get());
    // The date from which about a million enrolments follow (all of them at smaller scales).
    const from =
      enrolments > EXPORT_ROWS
        ? (setup.db
            .prepare('SELECT substr(s.starts_at, 1, 10) FROM enrolment e JOIN training_session s ON s.id = e.session_id ORDER BY s.starts_at DESC LIMIT 1 OFFSET ?')
            .pluck()
            .get(EXPORT_ROWS - 1) as string)
        : undefined;
    if (setup !== ctx.core) setup.close();

    // The servers in processes of their own, as they run for the association, each with its own data folder
    // (on SQLite the one holding the copy); their event loops' delay measured inside them.
    const dataDirs = Array.from({ length: processes }, (_, i) => (ctx.database ? path.join(dir, `server-${i + 1}`) : dir));
    let servers: LoadServer[] = [];
    const results: BenchResult[] = [];
    try {
      servers = await startLoadServers(dataDirs, ctx.database);
      const post = (server: LoadServer, operation: string, body: unknown, session?: string) => postTo(server, agent, operation, body, session);
      // Each signs in on one process and works on another (round robin): a session is the database's, not a process's.
      const login = async (username: string, on: LoadServer) => {
        const { json, session } = await post(on, 'auth.login', { username, password: PASSWORD });
        if (!json.ok || !session) throw new Error(`登录 ${username} 失败：${json.error?.message ?? '没有会话 Cookie'}`);
        return session;
      };
      const serverOf = (i: number) => servers[i % servers.length]!;
      const adminSession = await login('bench-admin', serverOf(0));
      // All at once: each sign-in's scrypt runs on the server's thread pool, not one after another.
      const users: LoadUser[] = await Promise.all(
        Array.from({ length: USERS }, async (_, i) => ({
          session: await login(`bench-staff-${i}`, serverOf(i + 1)),
          port: serverOf(i).port,
          personId: personIds[Math.floor((i * personIds.length) / USERS)]!,
        })),
      );

      // The long work's workbook, made before the clock starts.
      const workbook = (await peopleWorkbook(IMPORT_ROWS[ctx.scale], '110101')).toString('base64');

      const input: LoadInput = {
        users,
        streams: LOAD_STREAMS,
        idleMs: PHASE_MS[ctx.scale],
        loadedMs: PHASE_MS[ctx.scale],
        searchTerms,
        personIds,
        seed: 7,
      };
      const worker = new Worker(new URL('../server-load-users.ts', import.meta.url), { workerData: input });
      const messages: unknown[] = [];
      let wake: (() => void) | null = null;
      worker.on('message', (m: unknown) => {
        messages.push(m);
        wake?.();
      });
      let failed: Error | null = null;
      worker.on('error', (e) => {
        failed = e;
        wake?.();
      });
      const next = async <T>(): Promise<T> => {
        while (!messages.length) {
          if (failed) throw failed;
          await new Promise<void>((resolve) => (wake = resolve));
        }
        return messages.shift() as T;
      };

      // Each server's event loop, seen from outside: a trivial request (auth.status) every 20 ms waits as long as the loop is held.
      const probe = (server: LoadServer) => {
        const samples: number[] = [];
        let running = true;
        const done = (async () => {
          while (running) {
            const t = performance.now();
            await post(server, 'auth.status', {}).catch(() => undefined);
            samples.push(performance.now() - t);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        })();
        return async () => {
          running = false;
          await done;
          return stats(samples);
        };
      };
      const probeAll = () => {
        const stops = servers.map(probe);
        return () => Promise.all(stops.map((stop) => stop()));
      };
      const eventLoops = () => Promise.all(servers.map((s) => s.eventLoop()));
      await eventLoops(); // sign-ins and the workbook left out
      let stopProbe = probeAll();
      const idle = await next<PhaseResult>();
      const idleStall = await stopProbe();
      const idleLoop = await eventLoops();

      stopProbe = probeAll();
      const loadStarted = performance.now();
      const jobs = await Promise.all(
        (
          [
            ['import', '导入 ' + IMPORT_ROWS[ctx.scale].toLocaleString('zh-CN') + ' 行人员', 'registry.importCommit', { fileName: '压测名册.xlsx', base64: workbook }],
            ['export', '导出报名记录', 'enrolments.export', from ? { from } : {}],
            ['compliance', '学时达标（全员）导出', 'compliance.export', {}],
          ] as const
        )
          .filter(([key]) => LOAD_JOBS.includes(key))
          .map(async ([, title, operation, body], j) => {
          // The jobs spread over the processes too; each is followed on the process that runs it.
          const server = serverOf(j);
          const { json } = await post(server, operation as string, body, adminSession);
          if (!json.ok) throw new Error(`${title}：${json.error?.message}`);
          return { title: title as string, server, id: (json.result as { jobId: string }).jobId, state: 'running', ms: 0, note: '' };
        }),
      );
      // Each job followed as its user's screen does (every 250 ms), to time it from the start of the loaded minute.
      const waitUntil = loadStarted + PHASE_MS[ctx.scale] + JOBS_GRACE_MS;
      const watched = Promise.all(
        jobs.map(async (job) => {
          for (;;) {
            const asked = await post(job.server, 'jobs.status', { id: job.id }, adminSession).catch((error: Error) => error);
            if (asked instanceof Error) {
              Object.assign(job, { state: 'failed', ms: performance.now() - loadStarted, note: `查询任务进度失败：${asked.message}` });
              return;
            }
            const { json } = asked;
            const status = json.result as { state: string; done: number; total: number; error: string | null; result: unknown };
            if (status.state !== 'running' || performance.now() > waitUntil) {
              job.state = status.state;
              job.ms = performance.now() - loadStarted;
              job.note = status.error ?? (status.state === 'running' ? `${status.done}/${status.total}` : '');
              if (status.state === 'done' && job.title.startsWith('导入')) {
                const counts = (status.result as { counts: Record<string, number> }).counts;
                job.note = `新增 ${counts.created}，未通过 ${counts.refused}`;
              }
              return;
            }
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        }),
      );
      worker.postMessage('go');
      const loaded = await next<PhaseResult>();
      const loadedStall = await stopProbe();
      const loadedLoop = await eventLoops();
      const { saved, notices } = await next<LoadResult>();
      await worker.terminate();

      await watched;
      await Promise.all(servers.map((s) => s.stop()));
      const db = openSameData(where, { readonly: true });

      // Nothing lost: every save answered ok is in the log, and each person holds the last value saved.
      const savesOk = saved.reduce((n, s) => n + s.ok, 0);
      const logged = Number(
        db
          .prepare(`SELECT count(*) FROM audit_log WHERE operation = 'people.update' AND table_name = 'person' AND actor_id IN (${userIds.join(',')})`)
          .pluck()
          .get(),
      );
      const holding = saved.filter((s) => s.last === null || db.prepare('SELECT major FROM person WHERE id = ?').pluck().get(s.personId) === s.last).length;
      db.close();

      const row = (operation: string, samples: number[], budgetMs: number, idleP95?: number): BenchResult => {
        const s = stats(samples.length ? samples : [0]);
        return {
          operation,
          median: round(s.median),
          p95: round(s.p95),
          runs: samples.length,
          budget: `p95 < ${budgetMs} ms`,
          met: s.p95 < budgetMs,
          ...(idleP95 ? { ratio: Math.round((s.p95 / idleP95) * 10) / 10 } : {}),
          note: `最长 ${round(s.max)} ms${idleP95 ? '；对照比 = 负载 / 空闲 的 p95' : ''}`,
        };
      };
      const withNote = (r: BenchResult, more: string): BenchResult => ({ ...r, note: r.note ? `${r.note}；${more}` : more });
      const idleRead = stats(idle.reads.length ? idle.reads : [0]).p95;
      const idleSave = stats(idle.saves.length ? idle.saves : [0]).p95;
      const errors = [...idle.errors, ...loaded.errors];
      results.push(
        {
          ...row(`服务器负载：${USERS} 人，空闲时 读取（搜索、列表、详情）`, idle.reads, 50),
          ...(servers.length > 1 ? { note: `${servers.length} 个服务器进程，用户轮流分配（在一个进程登录，在另一个进程工作）` } : {}),
        },
        row(`服务器负载：${USERS} 人，空闲时 保存`, idle.saves, 100),
        withNote(row(`服务器负载：${USERS} 人，导入 + 导出 + 学时达标进行中 读取`, loaded.reads, 50, idleRead), `p95 按类：${Object.entries(loaded.readsByKind)
            .map(([kind, times]) => `${kind} ${round(stats(times).p95)}`)
            .join('，')} ms`),
        row(`服务器负载：${USERS} 人，导入 + 导出 + 学时达标进行中 保存`, loaded.saves, 100, idleSave),
        {
          operation: '服务器负载：出错的请求',
          value: errors.length,
          budget: '0',
          met: errors.length === 0,
          note: errors.length ? [...new Set(errors)].slice(0, 3).join('；') : `共 ${idle.reads.length + idle.saves.length + loaded.reads.length + loaded.saves.length} 个请求`,
        },
        {
          operation: '服务器负载：保存成功 / 日志中的保存',
          value: savesOk,
          unit: `/ ${logged}`,
          budget: '相等，且每人存着最后一次保存的值',
          met: savesOk === logged && holding === saved.length,
          note: `${holding} / ${saved.length} 人存着最后一次保存的值${LOAD_STREAMS ? `；${USERS} 个变更通知流共收到 ${notices} 条通知` : '；未打开变更通知流'}`,
        },
        {
          operation: '服务器负载：最简请求的最长等待（负载时；≈ 事件循环最长阻塞）',
          value: round(Math.max(...loadedStall.map((s) => s.max))),
          unit: 'ms',
          budget: '≈ 20 ms（报告，不作判定）',
          met: null,
          note: perProcess(
            loadedStall.map(
              (l, i) =>
                `负载 中位数 ${round(l.median)} ms，p95 ${round(l.p95)} ms，最长 ${round(l.max)} ms；空闲 最长 ${round(idleStall[i]!.max)} ms，p95 ${round(idleStall[i]!.p95)} ms`,
            ),
          ),
        },
        {
          operation: '服务器负载：服务器事件循环最长阻塞（负载时，进程内测得）',
          value: Math.max(...loadedLoop.map((l) => l.max)),
          unit: 'ms',
          budget: '≈ 20 ms（报告，不作判定）',
          met: null,
          note: perProcess(
            loadedLoop.map((l, i) => `负载 最长 ${l.max} ms，p99 ${l.p99} ms，平均 ${l.mean} ms；空闲 最长 ${idleLoop[i]!.max} ms，p99 ${idleLoop[i]!.p99} ms`),
          ),
        },
        ...jobs.map(
          (job): BenchResult => ({
            operation: `服务器负载：任务「${job.title}」`,
            value: round(job.ms),
            unit: 'ms',
            budget: '—',
            met: job.state === 'done' ? null : false,
            note: `${job.state === 'done' ? '完成' : job.state}${job.note ? `：${job.note}` : ''}`,
          }),
        ),
      );
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return results;
  },
};

/** One line per server process (the process's number first when there are several). */
const perProcess = (lines: string[]) => (lines.length === 1 ? lines[0]! : lines.map((l, i) => `进程 ${i + 1}：${l}`).join('；'));

/** A bench account (created once in the copy). */
function ensureUser(core: Core, username: string, role: 'admin' | 'staff'): number {
  const found = core.db.prepare('SELECT id FROM app_user WHERE username = ?').pluck().get(username) as number | undefined;
  if (found) return found;
  const created = core.call('users.create', { username, displayName: username, role, password: PASSWORD });
  if (!created.ok) throw new Error(`新增用户 ${username} 失败：${created.error.message}`);
  return (created.result as { id: number }).id;
}

const agent = new http.Agent({ keepAlive: true });
