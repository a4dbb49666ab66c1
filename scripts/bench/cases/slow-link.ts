import { chromium, type Page } from '@playwright/test';
import { round, stats } from '../measure.ts';
import type { BenchCase, BenchResult } from '../types.ts';
import { ensureRendererBuilt } from '../renderer-build.ts';
import { chromiumPath, startWebShell } from '../web-shell.ts';
import { ARGS, signIn } from './renderer.ts';

/** A coordinator at a base: 2 Mbit/s both ways, 150 ms round trips (Chromium's own network throttling). */
const SLOW_LINK = { offline: false, latency: 150, downloadThroughput: (2_000_000 / 8) * 0.9, uploadThroughput: (2_000_000 / 8) * 0.9 };
const FIRST_VISIT_BUDGET_MS = 5000;
const REPEAT_VISIT_BUDGET_MS = 1000;
const RUNS = 5;

/**
 * Waits until `selector` is in the page, checked at every frame. Playwright's own waits check at 0, 20,
 * 70, 170, 270 ms and then every 500 ms: rows shown 300 ms after the page loaded counted as ~770 ms.
 */
const shown = (page: Page, selector: string) =>
  page.waitForFunction((s) => document.querySelector(s) !== null, selector, { polling: 'raf', timeout: 60_000 });
/** The first screen (工作台) has shown its figures: its sections are labelled once its answer is in. */
const FIRST_SCREEN = 'section[aria-label]';

/**
 * DESIGN/issue budget: the first screen after sign-in within 5 s over the slow link on a first visit
 * (nothing cached), and within 1 s on a repeat visit (the hashed assets come from the browser's cache).
 * First visit = opening the address until the sign-in form shows, plus signing in until the first
 * screen's figures show (工作台); repeat visit = reopening the address, signed in, until they show. Each wait
 * checks the page at every frame (`shown`), so the figures are when the screen showed, not when a poll saw it.
 */
export const slowLinkCase: BenchCase = {
  name: 'slow-link',
  browser: true,
  async run(ctx) {
    ensureRendererBuilt(process.cwd());
    const shell = await startWebShell(ctx.dataFile);
    const { url } = shell;
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ARGS });
    const first: number[] = [];
    const repeat: number[] = [];
    let transferred = 0;
    try {
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } }); // a fresh cache each run
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', SLOW_LINK);
        let bytes = 0;
        cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => void (bytes += event.encodedDataLength));
        const started = performance.now();
        await page.goto(url);
        await shown(page, 'form input[type="password"]');
        await signIn(page); // finds the form shown, signs in
        // A new data file greets its first administrator (从空白开始); the bench's has people, so the figures follow.
        await shown(page, `${FIRST_SCREEN}, [aria-labelledby="welcome-title"]`);
        const welcome = page.getByRole('button', { name: '从空白开始' });
        if (await welcome.isVisible()) await welcome.click();
        await shown(page, FIRST_SCREEN);
        first.push(performance.now() - started);
        transferred = bytes;
        // Repeat visit: the same browser profile opens the app again (the session is kept for the tab).
        const again = performance.now();
        await page.reload({ waitUntil: 'commit' });
        await shown(page, FIRST_SCREEN);
        repeat.push(performance.now() - again);
        await context.close();
      }
    } finally {
      await browser.close();
      shell.stop();
    }
    const results: BenchResult[] = [];
    const f = stats(first);
    const r = stats(repeat);
    results.push({
      operation: '慢速网络（2 Mbit/s，往返 150 ms）：首次打开到登录后首屏',
      median: round(f.median),
      p95: round(f.p95),
      runs: f.runs,
      budget: `< ${FIRST_VISIT_BUDGET_MS} ms`,
      met: f.p95 < FIRST_VISIT_BUDGET_MS,
      note: `首次传输约 ${Math.round(transferred / 1024)} KB（压缩后）；各次 ${first.map((ms) => Math.round(ms)).join(' / ')} ms`,
    });
    results.push({
      operation: '慢速网络：再次打开到首屏（浏览器缓存）',
      median: round(r.median),
      p95: round(r.p95),
      runs: r.runs,
      budget: `< ${REPEAT_VISIT_BUDGET_MS} ms`,
      met: r.p95 < REPEAT_VISIT_BUDGET_MS,
      note: `各次 ${repeat.map((ms) => Math.round(ms)).join(' / ')} ms`,
    });
    return results;
  },
};
