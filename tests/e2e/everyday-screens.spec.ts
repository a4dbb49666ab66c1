import { expect, openScreen, screenshot, test } from './fixtures.ts';
import type { Page } from '@playwright/test';

/** Every navigation group and its entries, as an administrator sees them. */
const GROUPS: [string, string[]][] = [
  ['督导管理', ['督导库', '人员', '证书', '镇区覆盖']],
  ['学时与再审核', ['学时达标', '年度再审核', '待完成事项']],
  ['实训基地', ['基地', '班期日历', '考勤待办', '基地评估']],
  ['报表与审计', ['年度审计报表', '操作日志']],
  ['系统', ['行政区划', '机构', '规则设置', '督导等级', '用户', '备份', '服务器设置']],
];

/** Opens each group in turn (the current one stays open) and checks every entry shows whole without scrolling the navigation. */
async function everyEntryReachable(page: Page, shot: string) {
  const nav = page.getByRole('navigation', { name: '主导航' });
  // A new user sees only the current screen's group open.
  await expect(nav.getByRole('button', { expanded: true })).toHaveCount(1);
  await expect(nav.getByRole('button', { name: '督导管理', expanded: true })).toBeVisible();
  for (const [group, entries] of GROUPS) {
    const toggle = nav.getByRole('button', { name: group });
    if ((await toggle.getAttribute('aria-expanded')) === 'false') {
      // Keyboard first: Tab to the group, Enter opens it.
      await toggle.focus();
      await page.keyboard.press('Enter');
    }
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    for (const entry of entries) await expect(nav.getByRole('link', { name: entry, exact: true })).toBeInViewport({ ratio: 1 });
    expect(await nav.evaluate((el) => el.scrollTop)).toBe(0);
    await screenshot(page, `${shot}-${group}`);
    // Going there keeps its group open; the user closes the others.
    const last = nav.getByRole('link', { name: entries.at(-1)!, exact: true });
    await last.click();
    await expect(last).toHaveAttribute('aria-current', 'page');
    for (const [other] of GROUPS.filter(([g]) => g !== group)) {
      const button = nav.getByRole('button', { name: other });
      if ((await button.getAttribute('aria-expanded')) === 'true') await button.click();
      await expect(button).toHaveAttribute('aria-expanded', 'false');
    }
  }
  // What the user left open is kept (per user, on this computer).
  await page.reload();
  await expect(nav.getByRole('button', { name: '系统' })).toHaveAttribute('aria-expanded', 'true');
  await expect(nav.getByRole('button', { name: '督导管理' })).toHaveAttribute('aria-expanded', 'false');
}

test.describe('navigation at 1366×768', () => {
  test('every group opens, and every entry of an open group shows without scrolling the navigation', async ({ app: page }) => {
    await everyEntryReachable(page, 'nav-1366');
  });
});

test.describe('navigation at 1366×768, 125 % scaling', () => {
  // 1366×768 at 125 % Windows scaling leaves a 1093×614 CSS-pixel page (docs/design.md §7).
  test.use({ viewport: { width: 1093, height: 614 }, deviceScaleFactor: 1.25 });
  test('every group opens, and every entry of an open group shows without scrolling the navigation', async ({ app: page }) => {
    await everyEntryReachable(page, 'nav-125pct');
  });
});

test('操作日志 names operations, record types and fields in Chinese, never by their codes', async ({ app: page }) => {
  await openScreen(page, '操作日志');
  const grid = page.getByRole('grid', { name: '操作日志' });
  await expect(grid.getByRole('row').filter({ hasText: '登录' }).filter({ hasText: '最近登录时间' }).first()).toBeVisible();
  await expect(grid.getByRole('row').filter({ hasText: '创建管理员账号' }).first()).toContainText('用户名：admin');
  await expect(grid).not.toContainText('auth.login');
  await expect(grid).not.toContainText('last_login_at');
  await expect(grid).not.toContainText('app_user');
  await screenshot(page, 'audit-log-in-chinese');
});
