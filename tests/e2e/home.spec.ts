/**
 * 工作台 (issue 23 point 1): the first screen after signing in, for every role. Each item's count is
 * the number of rows the list it opens then shows; a chart's 「表格」 shows its numbers; 「导出数据」
 * downloads them. A new database has nothing to do and charts saying 暂无数据.
 */
import type { Page } from '@playwright/test';
import { ADMIN, arrange, callApi, expect, firstRunSetup, login, logout, screenshot, test } from './fixtures.ts';

/** The card of an item (a link named 「<label> <count>」): its count. */
async function cardCount(page: Page, label: string): Promise<number> {
  const card = page.getByRole('link', { name: new RegExp(`^${label} \\d+$`) });
  await expect(card).toBeVisible();
  return Number((await card.getAttribute('aria-label'))!.split(' ').pop());
}

/** Opens an item's list from its card; answers the count the card showed. */
async function openCard(page: Page, label: string, heading: string): Promise<number> {
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
  const count = await cardCount(page, label);
  await page.getByRole('link', { name: new RegExp(`^${label} \\d+$`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible({ timeout: 20_000 }); // its code may still be loading
  return count;
}

/** A paged grid's total, as its footer says it (「1–25 共 36」); an empty one shows its header row only. */
async function gridTotal(page: Page, count: number): Promise<void> {
  if (count > 0) await expect(page.getByText(new RegExp(`共 ${count}(?!\\d)`)).first()).toBeVisible();
  else await expect(page.getByRole('grid').getByRole('row')).toHaveCount(1);
}

const backHome = async (page: Page) => {
  await page.getByRole('navigation').getByRole('link', { name: '工作台', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
};

test('a new database opens on 工作台: nothing to do, and every chart says 暂无数据', async ({ app: page }) => {
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
  await expect(page.getByText('暂无需要处理的事项')).toBeVisible();
  await expect(page.getByRole('region', { name: '定时备份' }).getByText('尚未进行过定时备份')).toBeVisible();
  const charts = page.getByRole('region', { name: '统计图表' });
  await expect(charts.getByText('暂无数据')).toHaveCount(5, { timeout: 30_000 }); // the charts' code loads after the figures show
  await screenshot(page, '60-工作台-空');
});

test('staff, an auditor and a coordinator each see their own 工作台; every count is the rows its list then shows', async ({ page, shell }) => {
  test.setTimeout(240_000);
  await page.goto(shell.url);
  await firstRunSetup(page, { keepWelcome: true });
  await page.getByRole('dialog').getByRole('button', { name: '载入示例数据' }).click();
  await expect(page.getByText(/当前数据库含示例数据（400 名示例人员）/)).toBeVisible({ timeout: 60_000 });
  const password = 'home-screen-2026';
  expect((await callApi(page, 'users.create', { username: 'staff1', displayName: '工作人员乙', role: 'staff', password })).ok).toBe(true);
  expect((await callApi(page, 'users.create', { username: 'audit1', displayName: '审计丙', role: 'auditor', password })).ok).toBe(true);
  const bases = await arrange<{ rows: { id: number; name: string }[] }>(shell, 'bases.list', { page: 0, pageSize: 5 });
  const base = bases.rows[0]!;
  await arrange(shell, 'users.create', { username: 'coord1', displayName: '协调员丁', role: 'coordinator', password, baseIds: [base.id] });

  // Staff: what needs doing, each opening its list filtered.
  await logout(page);
  await login(page, 'staff1', password);
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
  await expect(page.getByText('暂无需要处理的事项')).toHaveCount(0);
  await expect(page.getByRole('region', { name: '每月记入学时（2026 年与上年）' }).locator('svg').first()).toBeVisible({ timeout: 30_000 });
  await screenshot(page, '61-工作台-工作人员');

  let count = await openCard(page, '证书处于再登记窗口期', '证书');
  await expect(page.getByRole('tab', { name: '再登记窗口期' })).toHaveAttribute('aria-selected', 'true');
  await gridTotal(page, count);
  await backHome(page);

  count = await openCard(page, '聘任 90 天内到期的督导', '督导库');
  await expect(page.getByRole('button', { name: '有效期至 90 天内' })).toBeVisible();
  await gridTotal(page, count);
  await screenshot(page, '62-工作台-打开督导库');
  await backHome(page);

  count = await openCard(page, '低于督导定额的镇街', '镇区督导覆盖');
  await expect(page.getByLabel('只看有缺额的镇区')).toBeChecked();
  await gridTotal(page, count);
  await expect(page.getByText(new RegExp(`，${count} 个未达定额`))).toBeVisible();
  await backHome(page);

  count = await openCard(page, '待录入考勤的班期', '考勤待办');
  await gridTotal(page, count);
  await backHome(page);

  count = await openCard(page, '待评审的基地评估', '基地评估');
  await expect(page.getByRole('table', { name: '年度排名' }).locator('tbody tr')).toHaveCount(count);
  await backHome(page);

  // A chart's table view shows its numbers; 「导出数据」 downloads them.
  const hours = page.getByRole('region', { name: '每月记入学时（2026 年与上年）' });
  await hours.getByRole('button', { name: '表格' }).click();
  const table = hours.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['月份', '2025 年学时', '2026 年学时']);
  await expect(table.locator('tbody tr')).toHaveCount(12);
  await screenshot(page, '63-工作台-图表表格');
  const download = page.waitForEvent('download');
  await hours.getByRole('button', { name: '导出数据' }).click();
  expect((await download).suggestedFilename()).toMatch(/^工作台_每月记入学时_\d{4}-\d{2}-\d{2}\.xlsx$/);

  // An auditor: the year's key figures and the audit log's check.
  await logout(page);
  await login(page, 'audit1', password);
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
  await expect(page.getByRole('region', { name: '操作日志完整性' }).getByText(/快速校验.*：日志完整/)).toBeVisible();
  await expect(page.getByRole('group', { name: /^本年记入学时 \d+/ })).toBeVisible();
  await screenshot(page, '64-工作台-审计');
  count = await openCard(page, '在册督导', '督导库');
  await gridTotal(page, count);
  await backHome(page);
  count = await openCard(page, '本年已结课班期', '班期日历');
  await gridTotal(page, count);

  // A coordinator: this week and rosters at their own base, their evaluation; no charts.
  await logout(page);
  await page.goto(shell.url); // a fresh visit (no screen in the address): signing in opens 工作台
  await login(page, 'coord1', password);
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
  await expect(page.getByRole('region', { name: '2026 年度基地评估' }).getByRole('link', { name: base.name })).toBeVisible();
  await expect(page.getByRole('region', { name: '统计图表' })).toHaveCount(0);
  await screenshot(page, '65-工作台-协调员');
  count = await openCard(page, '报名未满的班期', '班期日历');
  await expect(page.getByRole('button', { name: '报名未满' })).toBeVisible();
  await gridTotal(page, count);
  await backHome(page);
  count = await openCard(page, '本周班期', '班期日历');
  await gridTotal(page, count);
});

/** The total a paged grid's footer states (「1–25 共 36」), 0 for an empty one. */
async function shownTotal(page: Page): Promise<number> {
  const grid = page.getByRole('grid');
  await expect(grid).toBeVisible();
  await expect(grid.getByRole('progressbar')).toHaveCount(0);
  const footer = page.getByText(/共 \d+/).first();
  return (await footer.count()) ? Number((await footer.textContent())!.match(/共 (\d+)/)![1]) : 0;
}

test('a list already open follows its address: another card, the side navigation, back and forward', async ({ page, shell }) => {
  test.setTimeout(180_000);
  await page.goto(shell.url);
  await firstRunSetup(page, { keepWelcome: true });
  await page.getByRole('dialog').getByRole('button', { name: '载入示例数据' }).click();
  await expect(page.getByText(/当前数据库含示例数据（400 名示例人员）/)).toBeVisible({ timeout: 60_000 });
  await logout(page);
  await login(page, ADMIN.username, ADMIN.password);
  const nav = page.getByRole('navigation');
  const tab = (name: string) => page.getByRole('tab', { name });

  // 证书: one card, back, the other card of the same list.
  const inWindow = await openCard(page, '证书处于再登记窗口期', '证书');
  await gridTotal(page, inWindow);
  await page.goBack();
  const expiring = await openCard(page, '本月登记到期的证书', '证书');
  await expect(tab('本月登记到期')).toHaveAttribute('aria-selected', 'true');
  await gridTotal(page, expiring);
  // The side navigation's link to the bare list, while it is open: its first tab, every row in it.
  await nav.getByRole('link', { name: '证书', exact: true }).click();
  await expect(tab('再登记窗口期')).toHaveAttribute('aria-selected', 'true');
  await gridTotal(page, inWindow);
  // Back and forward between the two addresses of the same list.
  await page.goBack();
  await expect(tab('本月登记到期')).toHaveAttribute('aria-selected', 'true');
  await gridTotal(page, expiring);
  await page.goForward();
  await expect(tab('再登记窗口期')).toHaveAttribute('aria-selected', 'true');
  await gridTotal(page, inWindow);

  // 督导库: the card's filter, then every supervisor, then back to the card's.
  await backHome(page);
  const ending = await openCard(page, '聘任 90 天内到期的督导', '督导库');
  const chip = page.getByRole('button', { name: '有效期至 90 天内' });
  await expect(chip).toBeVisible();
  await gridTotal(page, ending);
  await nav.getByRole('link', { name: '督导库', exact: true }).click();
  await expect(chip).toHaveCount(0);
  expect(await shownTotal(page)).toBeGreaterThan(ending);
  await page.goBack();
  await expect(chip).toBeVisible();
  await gridTotal(page, ending);
});
