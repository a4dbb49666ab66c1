/**
 * Issue 24: the 工作台 shows the forecasts' headlines. Staff see how many towns will fall below quota
 * within 12 months (the earliest named) and how many people will be short of hours within 6, and
 * each opens its forecast filtered as counted: the list shows as many rows as the headline says.
 */
import type { Page } from '@playwright/test';
import { callApi, expect, firstRunSetup, login, logout, screenshot, test } from './fixtures.ts';

/** The number a headline states (「…：320 人…」). */
async function headlineCount(page: Page, name: RegExp): Promise<number> {
  const link = page.getByRole('region', { name: '预测' }).getByRole('link', { name });
  await expect(link).toBeVisible({ timeout: 30_000 });
  return Number(/：([\d,]+) /.exec((await link.textContent())!)![1]!.replaceAll(',', ''));
}

const backHome = async (page: Page) => {
  await page.getByRole('navigation').getByRole('link', { name: '工作台', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
};

test('staff see the forecasts’ headlines on 工作台, and each opens its forecast with as many rows', async ({ page, shell }) => {
  test.setTimeout(180_000);
  await page.goto(shell.url);
  await firstRunSetup(page, { keepWelcome: true });
  await page.getByRole('dialog').getByRole('button', { name: '载入示例数据' }).click();
  await expect(page.getByText(/当前数据库含示例数据/)).toBeVisible({ timeout: 60_000 });
  const password = 'home-forecast-2026';
  expect((await callApi(page, 'users.create', { username: 'staff2', displayName: '工作人员戊', role: 'staff', password })).ok).toBe(true);
  await logout(page);
  await login(page, 'staff2', password);
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();

  const panel = page.getByRole('region', { name: '预测' });
  const people = await headlineCount(page, /^将在期末前学时不足的人员：[\d,]+ 人（6 个月内）$/);
  const towns = await headlineCount(page, /^未来 12 个月将低于定额的镇区：[\d,]+ 个/);
  expect(people).toBeGreaterThan(0);
  await screenshot(page, '61-工作台-预测');

  // The people: 学时达标 › 预测, 6 months, 有风险, as many rows.
  await panel.getByRole('link', { name: /将在期末前学时不足的人员/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '学时达标' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('tab', { name: '预测', selected: true })).toBeVisible();
  await expect(page.getByText(new RegExp(`其中有风险 ${people} 人`))).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(new RegExp(`共 ${people}(?!\\d)`)).first()).toBeVisible();

  // The towns: 镇区覆盖 › 未来 12 个月, only those at quota now that fall short, as many rows.
  await backHome(page);
  await panel.getByRole('link', { name: /将低于定额的镇区/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '镇区督导覆盖' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('switch', { name: '只看今后转为低于定额的镇区' })).toBeChecked();
  if (towns > 0) await expect(page.getByText(new RegExp(`共 ${towns}(?!\\d)`)).first()).toBeVisible({ timeout: 20_000 });
});
