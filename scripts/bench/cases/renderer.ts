import { chromium, type Page } from '@playwright/test';
import { round, stats } from '../measure.ts';
import type { BenchCase, BenchResult } from '../types.ts';
import { ensureRendererBuilt } from '../renderer-build.ts';
import { chromiumPath, startWebShell } from '../web-shell.ts';

export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const BENCH_ADMIN = { username: 'admin', displayName: '基准测试管理员', password: 'bench-pass-2026' };

/** A generated database has no account yet: the first run creates the administrator; later runs log in. */
export async function signIn(page: Page): Promise<void> {
  const setup = page.getByRole('heading', { name: '创建管理员账号' });
  const login = page.getByRole('heading', { name: '登录' });
  await setup.or(login).waitFor();
  if (await setup.isVisible()) {
    await page.getByLabel('姓名').fill(BENCH_ADMIN.displayName);
    await page.getByLabel(/^密码/).fill(BENCH_ADMIN.password);
    await page.getByLabel('确认密码').fill(BENCH_ADMIN.password);
    await page.getByRole('button', { name: '创建并登录' }).click();
  } else {
    await page.getByLabel('用户名').fill(BENCH_ADMIN.username);
    await page.getByLabel(/^密码/).fill(BENCH_ADMIN.password);
    await page.getByRole('button', { name: '登录' }).click();
  }
}

/** The real renderer in Chromium against the web shell on this scale's database. Reported, not asserted. */
export const rendererCase: BenchCase = {
  name: 'renderer',
  browser: true,
  async run(ctx) {
    ensureRendererBuilt(process.cwd());
    const shell = await startWebShell(ctx.dataFile);
    const { url } = shell;
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ARGS });
    const results: BenchResult[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(url);
      await signIn(page);
      // The first sign-in of a new database greets the administrator; close it.
      const welcome = page.getByRole('button', { name: '从空白开始' });
      const home = page.getByRole('heading', { level: 1, name: '督导库' });
      await welcome.or(home).waitFor();
      if (await welcome.isVisible()) await welcome.click();
      await home.waitFor();
      const firstRows = async (route: string, grid: string) => {
        const samples: number[] = [];
        for (let i = 0; i < 5; i++) {
          await page.goto('about:blank');
          const started = performance.now();
          await page.goto(`${url.split('?')[0]}#${route}`);
          await page.getByRole('grid', { name: grid }).getByRole('gridcell').first().waitFor();
          samples.push(performance.now() - started);
        }
        return stats(samples);
      };
      for (const [route, grid, label] of [['/people', '人员', '人员'], ['/supervisors', '督导库', '督导库']] as const) {
        const s = await firstRows(route, grid);
        results.push({ operation: `界面：打开${label}到首批行显示`, median: round(s.median), p95: round(s.p95), runs: s.runs, budget: '报告值', met: null });
      }
      // Typing a search: includes the search box's 250 ms pause before it asks.
      await page.goto(`${url.split('?')[0]}#/people`);
      const box = page.getByRole('textbox', { name: '姓名、拼音或首字母、身份证号、手机号' });
      const samples: number[] = [];
      for (const fragment of ['陈', '梁', '4420001990', '李', '1985']) {
        const counter = page.getByText(/共 [\d,]+/);
        const before = await counter.textContent();
        const started = performance.now();
        await box.fill(fragment);
        await page.waitForFunction((text) => !document.body.innerText.includes(text ?? ''), before, { timeout: 15_000 });
        samples.push(performance.now() - started);
      }
      const s = stats(samples);
      results.push({ operation: '界面：输入搜索到结果显示（含 250 ms 输入停顿）', median: round(s.median), p95: round(s.p95), runs: s.runs, budget: '报告值', met: null });
    } finally {
      await browser.close();
      shell.stop();
    }
    return results;
  },
};
