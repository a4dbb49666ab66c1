import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export const SCREENSHOT_DIR = path.join('tests', 'e2e', 'screenshots');

export interface WebShell {
  url: string;
  dataDir: string;
}

export interface WebShellOptions {
  /**
   * A PostgreSQL database (postgres://…): then the association server (`npm run serve`, accounts
   * mode: sign-in cookies, no token in the address) on that database, given as SWS_DATABASE as an
   * operator would (tests/e2e/postgres-smoke.spec.ts).
   */
  database?: string;
}

/**
 * Starts the real web shell (built renderer, real core, a fresh SQLite file unless `dataDir` holds one) for one test;
 * with `database`, the association server on PostgreSQL instead.
 */
export async function startWebShell(
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-e2e-')),
  options: WebShellOptions = {},
): Promise<{ shell: WebShell; process: ChildProcess }> {
  const child = spawn(process.execPath, [options.database ? 'web/serve.ts' : 'web/main.ts', '--port', '0', '--data-dir', dataDir, '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: options.database ? { ...process.env, SWS_DATABASE: options.database } : process.env,
  });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`web shell exited with ${code}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  return { shell: { url, dataDir }, process: child };
}

/** Stops a shell started for one test and removes its data folder (a run leaves ~80 of them, ~10 MB each, otherwise). */
export async function stopShell(child: ChildProcess, dataDir: string): Promise<void> {
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
  child.kill();
  await exited;
  fs.rmSync(dataDir, { recursive: true, force: true });
}

export const test = base.extend<{ shell: WebShell; app: Page }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none here
  shell: async ({}, use) => {
    const { shell, process: child } = await startWebShell();
    await use(shell);
    await stopShell(child, shell.dataDir);
  },
  /**
   * The app opened at its printed address, in Chinese, after the first-run setup created the
   * administrator (ADMIN) through the UI: signed in as that administrator on the start screen.
   */
  app: async ({ page, shell }, use) => {
    await page.goto(shell.url);
    await firstRunSetup(page);
    await use(page);
  },
});

/** The administrator the `app` fixture creates. */
export const ADMIN = { username: 'admin', displayName: '系统管理员', password: 'shegong-Dudao-26' };

/** Fills the first-run screen (创建管理员账号); ends signed in on the start screen, the welcome closed (从空白开始) unless `keepWelcome`. */
export async function firstRunSetup(page: Page, { keepWelcome = false } = {}): Promise<void> {
  await expect(page.getByRole('heading', { name: '创建管理员账号' })).toBeVisible();
  await page.getByLabel('姓名').fill(ADMIN.displayName);
  await page.getByLabel(/^密码/).fill(ADMIN.password);
  await page.getByLabel('确认密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '创建并登录' }).click();
  const welcome = page.getByRole('dialog', { name: '欢迎使用社工督导与实训基地管理系统' });
  await expect(welcome).toBeVisible();
  if (!keepWelcome) {
    await welcome.getByRole('button', { name: '从空白开始' }).click();
    await expect(welcome).toBeHidden();
    await expect(page.getByRole('navigation')).toBeVisible();
  }
}

/** Logs in on the login screen as a user would. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel(/^密码/).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Logs out through the user menu. */
export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: /（(管理员|工作人员|基地协调员|审计)）/ }).click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
}

/** Calls core's API from the page with the signed-in user's session (as the renderer does). */
export async function callApi(page: Page, name: string, input: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
  return page.evaluate(
    async ({ name, input }) => {
      const response = await fetch(`api/${name}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-session-token': sessionStorage.getItem('sws.token') ?? '',
          'x-user-session': sessionStorage.getItem('sws.userSession') ?? '',
        },
        body: JSON.stringify(input),
      });
      return response.json();
    },
    { name, input },
  );
}

export { expect };

const sessions = new WeakMap<WebShell, string>();

/**
 * Arranges data through the app's public API (the same calls the UI makes), for scenarios whose
 * subject is a later step. What the test checks is always done through the UI.
 */
export async function arrange<T = unknown>(shell: WebShell, name: string, input: unknown): Promise<T> {
  const { origin, searchParams } = new URL(shell.url);
  const post = (operation: string, body: unknown, userSession = '') =>
    fetch(`${origin}/api/${operation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-session-token': searchParams.get('token')!, 'x-user-session': userSession },
      body: JSON.stringify(body),
    });
  // Signed in as the administrator the `app` fixture created, once per shell.
  if (!sessions.has(shell)) {
    const login = (await (await post('auth.login', { username: ADMIN.username, password: ADMIN.password })).json()) as {
      ok: boolean;
      result?: { token: string };
    };
    if (!login.ok) throw new Error('arrange: could not sign in as the administrator (use the `app` fixture first)');
    sessions.set(shell, login.result!.token);
  }
  const response = await post(name, input, sessions.get(shell));
  const body = (await response.json()) as { ok: boolean; result?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
  return body.result as T;
}

/** An operation that answers `{ jobId }` (开启再审核, 结束再审核), arranged like `arrange` and followed to its end: the job's result. */
export async function arrangeJob<T = unknown>(shell: WebShell, name: string, input: unknown): Promise<T> {
  const { jobId } = await arrange<{ jobId: string }>(shell, name, input);
  for (;;) {
    const status = await arrange<{ state: string; result: T; error: string | null }>(shell, 'jobs.status', { id: jobId });
    if (status.state === 'done') return status.result;
    if (status.state !== 'running') throw new Error(`${name}: ${status.error ?? status.state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The screenshots the user manual (docs/使用手册.md) shows: every e2e run takes them afresh, so the manual stays true to the UI. */
export const MANUAL_DIR = path.join('docs', '使用手册');
const MANUAL_SHOTS = new Set([
  '01-欢迎',
  '10-示例数据',
  '05-人员详情',
  '07-督导库-搜索',
  '11-晋升-未满足准入条件',
  '08-督导详情-记录',
  '18-镇区覆盖',
  '19c-镇区覆盖预测-假设晋升',
  '20-导入预览',
  '23-实训基地',
  '30-班期-导师冲突',
  '31-班期-报名与候补',
  '35-班期-批量报名',
  '32-班期-考勤',
  '33-人员-培训学时',
  '36-人员-外部培训',
  '45-人员-学时达标',
  '46-学时达标名单',
  '41-规则-学时与再审核',
  '40-再审核-预览',
  '42-再审核-逐人决定',
  '43-再审核-已结束',
  '44-督导-再审核后时间线',
  '02-行政区划-按国家标准导入',
  '47-导入历史学时-预览',
  '50-基地评估-自评',
  '51-基地评估-评审',
  '52-基地评估-排名',
  '53-年度审计报表',
  '26-backups',
  '27-服务器设置',
  '23-users',
  '24-在线用户',
]);

/** Saves a screenshot of the whole window for a person to look at (and for the manual, when it shows this one). */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' }); // transitions finished: no tab indicator caught mid-way
  if (MANUAL_SHOTS.has(name)) {
    fs.mkdirSync(MANUAL_DIR, { recursive: true });
    fs.copyFileSync(file, path.join(MANUAL_DIR, `${name}.png`));
  }
}

/**
 * Clicks a screen's entry in the left navigation, as a user would: first opening its group when
 * collapsed (only the current screen's group is open at first).
 */
export async function navigateTo(page: Page, label: string): Promise<void> {
  await clickNavigationLink(page, label, { expectCurrent: true });
}

/**
 * The click itself. `expectCurrent: false` is for a click whose answer is not the screen (a session
 * ended meanwhile sends the user to sign in): clicked once the link is there, not retried.
 */
export async function clickNavigationLink(page: Page, label: string, { expectCurrent }: { expectCurrent: boolean }): Promise<void> {
  const nav = page.getByRole('navigation');
  // Hidden from the accessibility tree while a dialog is open (or closing): wait until it is back.
  await expect(nav).toBeVisible();
  const link = nav.getByRole('link', { name: label, exact: true });
  const group = nav.getByRole('group').filter({ has: page.getByRole('link', { name: label, exact: true, includeHidden: true }) });
  // Retried as a user would: a group may still be opening (its screen was reached another way), and a
  // click on a link while its group is still unfolding can miss it: after the click the link must be the current page.
  await expect(async () => {
    if (!(await link.isVisible())) {
      const collapsed = group.getByRole('button', { expanded: false });
      if (await collapsed.count()) await collapsed.click({ timeout: 2_000 });
    }
    await link.click({ timeout: 2_000 });
    if (expectCurrent) await expect(link).toHaveAttribute('aria-current', 'page', { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** Goes to a screen through the left navigation, as a user would. */
export async function openScreen(page: Page, label: string): Promise<void> {
  await navigateTo(page, label);
  await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
}

/**
 * Picks an option of an MUI select as a user does (open, click), checking that it took: on a busy
 * machine a click can land while the menu is still animating open.
 */
export async function choose(page: Page, select: Locator, option: string): Promise<void> {
  await expect(async () => {
    if (!(await page.getByRole('listbox').isVisible())) await select.click();
    await page.getByRole('option', { name: option, exact: true }).click({ timeout: 2_000 });
    await expect(select).toHaveText(option, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/**
 * Types into a search-as-you-type box and picks the matching option, checking that it took: results
 * arrive after a pause, and a click can land on an option the next result list is replacing.
 */
export async function pickFromSearch(page: Page, box: Locator, text: string, option: RegExp): Promise<void> {
  await expect(async () => {
    await box.fill(text);
    await page.getByRole('option', { name: option }).click({ timeout: 3_000 });
    await expect(box).toHaveValue(option, { timeout: 2_000 });
    // On a busy machine a click can land while the list re-renders with the search's late answer and
    // leave it open over the dialog's buttons: then pick again, as a user would.
    await expect(page.getByRole('listbox')).toBeHidden({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}
