import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import readline from 'node:readline';
import { Worker } from 'node:worker_threads';
import { openCore } from '../../../core/app.ts';
import { Random } from '../../../core/demo/random.ts';
import { openDatabase } from '../../../db/open.ts';
import { round, stats } from '../measure.ts';
import { peopleWorkbook } from './excel.ts';
import type { LoadInput, LoadResult, PhaseResult } from '../server-load-users.ts';
import { post as postTo } from '../http-client.ts';
import type { EventLoopReport } from '../event-loop-monitor.ts';
import type { BenchCase, BenchResult } from '../types.ts';

/** Bounded: a minute of the users alone, then a minute with the long jobs (shorter at the small scales, which only keep the case from rotting). */
const PHASE_MS = { demo: 3_000, city: 60_000, province: 60_000 } as const;
const USERS = 50;
const IMPORT_ROWS = { demo: 2_000, city: 50_000, province: 50_000 } as const;
const EXPORT_ROWS = 1_000_000;
const PASSWORD = 'bench-load-password-2026';
/** After the loaded minute, how long the jobs may still take before the case stops waiting for them. */
const JOBS_GRACE_MS = 5 * 60_000;

/**
 * 协会服务器 under load (docs/design.md §6): the web shell on 127.0.0.1 over a copy of this scale's
 * database, 50 signed-in staff (searches, list pages, detail pages, one save each per 10 s), first
 * alone, then while a 50,000-row import, a 1,000,000-row enrolment export and a compliance run of
 * everyone go on. Budget: read p95 < 50 ms, save p95 < 100 ms, no errors, every save stored.
 */
export const serverLoadCase: BenchCase = {
  name: 'server-load',
  async run(ctx) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-bench-load-'));
    const dataFile = path.join(dir, 'data.sqlite3');
    // A copy: the case's users, saves and import stay out of the bench database the other cases read.
    await ctx.core.db.backup(dataFile);
    const setup = await openCore({ dataFile, backupDir: path.join(dir, 'backups') });
    const rng = new Random(20);
    const userIds = Array.from({ length: USERS }, (_, i) => ensureUser(setup, `bench-staff-${i}`, 'staff'));
    ensureUser(setup, 'bench-admin', 'admin');
    const personIds = setup.db.prepare('SELECT id FROM person ORDER BY id % 7, id LIMIT 2000').pluck().all() as number[];
    const searchTerms = (setup.db.prepare('SELECT name, name_initials FROM person WHERE id % 97 = 0 LIMIT 300').raw().all() as [string, string][]).flatMap(
      ([name, initials]) => [name.slice(0, rng.int(1, 2)), initials.slice(0, 3)],
    );
    const enrolments = setup.db.prepare('SELECT count(*) FROM enrolment').pluck().get() as number;
    // The date from which about a million enrolments follow (all of them at smaller scales).
    const from =
      enrolments > EXPORT_ROWS
        ? (setup.db
            .prepare('SELECT substr(s.starts_at, 1, 10) FROM enrolment e JOIN training_session s ON s.id = e.session_id ORDER BY s.starts_at DESC LIMIT 1 OFFSET ?')
            .pluck()
            .get(EXPORT_ROWS - 1) as string)
        : undefined;
    setup.close();

    // The server in a process of its own, as it runs for the association: the web shell on 127.0.0.1,
    // with its own event loop's delay measured inside it and reported over the IPC channel.
    const monitor = fileURLToPath(new URL('../event-loop-monitor.ts', import.meta.url));
    const shell = spawn(process.execPath, ['--import', pathToFileURL(monitor).href, 'web/main.ts', '--port', '0', '--data-dir', dir, '--json'], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const exited = new Promise<void>((resolve) => shell.once('exit', () => resolve()));
    /** The server's event-loop delay since the last ask (the histogram is reset each time). */
    const eventLoop = () =>
      new Promise<EventLoopReport['eventLoop']>((resolve) => {
        const heard = (m: unknown) => {
          if (typeof m !== 'object' || m === null || !('eventLoop' in m)) return;
          shell.off('message', heard);
          resolve((m as EventLoopReport).eventLoop);
        };
        shell.on('message', heard);
        shell.send('event-loop:report');
      });
    const results: BenchResult[] = [];
    try {
      const started = JSON.parse(await new Promise<string>((resolve) => readline.createInterface({ input: shell.stdout! }).once('line', resolve))) as { url: string; port: number };
      const token = new URL(started.url).searchParams.get('token')!;
      const server = { port: started.port, token };
      const post = (operation: string, body: unknown, session?: string) => postTo(server, agent, operation, body, session);
      const login = async (username: string) => {
        const { json } = await post('auth.login', { username, password: PASSWORD });
        if (!json.ok) throw new Error(`登录 ${username} 失败：${json.error?.message}`);
        return (json.result as { token: string }).token;
      };
      const adminSession = await login('bench-admin');
      const users = [];
      for (let i = 0; i < USERS; i++) users.push({ session: await login(`bench-staff-${i}`), personId: personIds[Math.floor((i * personIds.length) / USERS)]! });

      // The long work's workbook, made before the clock starts.
      const workbook = (await peopleWorkbook(IMPORT_ROWS[ctx.scale], '110101')).toString('base64');

      const input: LoadInput = {
        port: server.port,
        token,
        users,
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

      // The server's event loop, seen from outside: a trivial request (auth.status) every 20 ms waits as long as the loop is held.
      const probe = () => {
        const samples: number[] = [];
        let running = true;
        const done = (async () => {
          while (running) {
            const t = performance.now();
            await post('auth.status', {}).catch(() => undefined);
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
      await eventLoop(); // sign-ins and the workbook left out
      let stopProbe = probe();
      const idle = await next<PhaseResult>();
      const idleStall = await stopProbe();
      const idleLoop = await eventLoop();

      stopProbe = probe();
      const loadStarted = performance.now();
      const jobs = await Promise.all(
        [
          ['导入 ' + IMPORT_ROWS[ctx.scale].toLocaleString('zh-CN') + ' 行人员', 'registry.importCommit', { fileName: '压测名册.xlsx', base64: workbook }],
          ['导出报名记录', 'enrolments.export', from ? { from } : {}],
          ['学时达标（全员）导出', 'compliance.export', {}],
        ].map(async ([title, operation, body]) => {
          const { json } = await post(operation as string, body, adminSession);
          if (!json.ok) throw new Error(`${title}：${json.error?.message}`);
          return { title: title as string, id: (json.result as { jobId: string }).jobId, state: 'running', ms: 0, note: '' };
        }),
      );
      // Each job followed as its user's screen does (every 250 ms), to time it from the start of the loaded minute.
      const waitUntil = loadStarted + PHASE_MS[ctx.scale] + JOBS_GRACE_MS;
      const watched = Promise.all(
        jobs.map(async (job) => {
          for (;;) {
            const asked = await post('jobs.status', { id: job.id }, adminSession).catch((error: Error) => error);
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
      const loadedLoop = await eventLoop();
      const { saved } = await next<LoadResult>();
      await worker.terminate();

      await watched;
      shell.kill('SIGTERM');
      await exited;
      const db = openDatabase(dataFile, { readonly: true });

      // Nothing lost: every save answered ok is in the log, and each person holds the last value saved.
      const savesOk = saved.reduce((n, s) => n + s.ok, 0);
      const logged = db
        .prepare(`SELECT count(*) FROM audit_log WHERE operation = 'people.update' AND table_name = 'person' AND actor_id IN (${userIds.join(',')})`)
        .pluck()
        .get() as number;
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
      const idleRead = stats(idle.reads.length ? idle.reads : [0]).p95;
      const idleSave = stats(idle.saves.length ? idle.saves : [0]).p95;
      const errors = [...idle.errors, ...loaded.errors];
      results.push(
        row(`服务器负载：${USERS} 人，空闲时 读取（搜索、列表、详情）`, idle.reads, 50),
        row(`服务器负载：${USERS} 人，空闲时 保存`, idle.saves, 100),
        row(`服务器负载：${USERS} 人，导入 + 导出 + 学时达标进行中 读取`, loaded.reads, 50, idleRead),
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
          note: `${holding} / ${saved.length} 人存着最后一次保存的值`,
        },
        {
          operation: '服务器负载：最简请求的最长等待（负载时；≈ 事件循环最长阻塞）',
          value: round(loadedStall.max),
          unit: 'ms',
          budget: '≈ 20 ms（报告，不作判定）',
          met: null,
          note: `负载 中位数 ${round(loadedStall.median)} ms，p95 ${round(loadedStall.p95)} ms；空闲 最长 ${round(idleStall.max)} ms，p95 ${round(idleStall.p95)} ms`,
        },
        {
          operation: '服务器负载：服务器事件循环最长阻塞（负载时，进程内测得）',
          value: loadedLoop.max,
          unit: 'ms',
          budget: '≈ 20 ms（报告，不作判定）',
          met: null,
          note: `负载 p99 ${loadedLoop.p99} ms，平均 ${loadedLoop.mean} ms；空闲 最长 ${idleLoop.max} ms，p99 ${idleLoop.p99} ms`,
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
      if (shell.exitCode === null) shell.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return results;
  },
};

/** A bench account (created once in the copy). */
function ensureUser(core: Awaited<ReturnType<typeof openCore>>, username: string, role: 'admin' | 'staff'): number {
  const found = core.db.prepare('SELECT id FROM app_user WHERE username = ?').pluck().get(username) as number | undefined;
  if (found) return found;
  const created = core.call('users.create', { username, displayName: username, role, password: PASSWORD });
  if (!created.ok) throw new Error(`新增用户 ${username} 失败：${created.error.message}`);
  return (created.result as { id: number }).id;
}

const agent = new http.Agent({ keepAlive: true });
