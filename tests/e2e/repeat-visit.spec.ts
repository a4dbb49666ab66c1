/**
 * A repeat visit without waiting rounds (issue 20 item 2: the first screen within 1 s over a slow link):
 * core's clock comes with auth.status, the first screen's rows are asked for alongside it, and a list
 * asks for its first page once. The figures are the bench's (`slow-link`); here, the order of the calls.
 */
import type { Page } from '@playwright/test';
import { ADMIN, expect, login, logout, openScreen, test } from './fixtures.ts';

/** The API calls the page makes from now on, in order: `ask <operation>` when sent, `got <operation>` when answered. */
function recordCalls(page: Page): string[] {
  const calls: string[] = [];
  const operation = (url: string) => new URL(url).pathname.replace(/^.*\/api\//, '');
  page.on('request', (r) => void (r.url().includes('/api/') && calls.push(`ask ${operation(r.url())}`)));
  page.on('requestfinished', (r) => void (r.url().includes('/api/') && calls.push(`got ${operation(r.url())}`)));
  return calls;
}

test('a repeat visit asks for the first screen’s rows with the sign-in status, the clock comes with it, and reads again once changes are followed', async ({
  app: page,
}) => {
  const calls = recordCalls(page);
  await page.reload();
  // The first screen is 工作台 (issue 23): its figures are what is asked for ahead.
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
  await expect(page.getByText('暂无需要处理的事项')).toBeVisible();
  expect(calls).not.toContain('ask system.clock'); // auth.status carried it
  expect(calls.indexOf('ask home.overview')).toBeGreaterThanOrEqual(0);
  expect(calls.indexOf('ask home.overview')).toBeLessThan(calls.indexOf('got auth.status'));
  // Read before the change stream listened: read once more when it does, so a change in between is seen.
  await expect.poll(() => calls.filter((c) => c === 'ask home.overview').length).toBe(2);

  // Another screen (nothing asked ahead): its grid asks for its first page once.
  calls.length = 0;
  await openScreen(page, '人员');
  await expect.poll(() => calls.filter((c) => c === 'got people.list').length).toBe(1);
  await page.waitForTimeout(500);
  expect(calls.filter((c) => c === 'ask people.list')).toHaveLength(1);
});

test('an answer asked ahead with a session that has ended is dropped: the sign-in page, then the first screen', async ({ app: page }) => {
  await page.evaluate(() => sessionStorage.setItem('sws.userSession', 'ended-long-ago'));
  const calls = recordCalls(page);
  await page.reload();
  await login(page, ADMIN.username, ADMIN.password);
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
  await expect(page.getByText('暂无需要处理的事项')).toBeVisible();
  expect(calls.filter((c) => c === 'ask home.overview').length).toBeGreaterThanOrEqual(2); // the refused one, and the one after signing in
});

test('signing in: the answer carries the sign-in status, the first screen’s rows are asked for with it, and read again once changes are followed', async ({
  app: page,
}) => {
  await logout(page);
  const calls = recordCalls(page);
  // The browser's own icon request is not the page's: only Chromium's network log shows it.
  const icons: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => void (e.request.url.includes('favicon') && icons.push(e.request.url)));
  await page.reload(); // the sign-in page again, as opened from the address
  await login(page, ADMIN.username, ADMIN.password);
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
  await expect(page.getByText('暂无需要处理的事项')).toBeVisible();
  expect(icons).toEqual([]); // no icon fetched (nor the page in its place)
  calls.splice(0, calls.indexOf('ask auth.login')); // from the sign-in on
  expect(calls).not.toContain('ask auth.status'); // the sign-in's answer carried it
  expect(calls).not.toContain('ask system.clock');
  expect(calls.indexOf('ask home.overview')).toBeGreaterThan(calls.indexOf('got auth.login'));
  // Asked ahead, read before the change stream listened: read once more, and no more than that.
  await expect.poll(() => calls.filter((c) => c === 'ask home.overview').length).toBe(2);
  await page.waitForTimeout(500);
  expect(calls.filter((c) => c === 'ask home.overview')).toHaveLength(2);
});
