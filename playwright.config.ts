import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Chromium: CHROMIUM_PATH if set, else Debian's /usr/bin/chromium when present, else the browser
 * Playwright downloaded itself (scripts/ensure-browser.ts arranges one of these).
 */
const executablePath = process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  // Each scenario is a whole user journey; on a busy 2-core machine the longest took 53–66 s.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    // The most common office screen (docs/design.md §7).
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
