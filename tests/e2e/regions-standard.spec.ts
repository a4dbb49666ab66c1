import { expect, firstRunSetup, openScreen, pickFromSearch, screenshot, test } from './fixtures.ts';

test('a new user picks 广东省 / 中山市 in the first-run welcome and finds its streets under 行政区划', async ({ page, shell }) => {
  await page.goto(shell.url);
  await firstRunSetup(page, { keepWelcome: true });
  const welcome = page.getByRole('dialog', { name: '欢迎使用社工督导与实训基地管理系统' });
  await pickFromSearch(page, welcome.getByRole('combobox', { name: '省份' }), '广东', /^广东省$/);
  await pickFromSearch(page, welcome.getByRole('combobox', { name: '城市' }), '中山', /^中山市$/);
  await screenshot(page, '03-欢迎-本协会所在城市');
  await welcome.getByRole('button', { name: '从空白开始' }).click();
  await expect(welcome).toBeHidden();
  await openScreen(page, '行政区划');
  await page.getByRole('textbox', { name: '名称或区划代码' }).fill('石岐');
  await expect(page.getByRole('row', { name: /石岐街道.*442000001.*中山市/ })).toBeVisible();
});

test('按国家标准导入 in 行政区划: province and city, a preview count, then the list shows the streets; again adds nothing', async ({ app: page }) => {
  await openScreen(page, '行政区划');
  await page.getByRole('button', { name: '按国家标准导入' }).click();
  const dialog = page.getByRole('dialog', { name: '按国家标准导入行政区划' });
  await pickFromSearch(page, dialog.getByRole('combobox', { name: '省份' }), '广东', /^广东省$/);
  await pickFromSearch(page, dialog.getByRole('combobox', { name: '城市' }), '中山', /^中山市$/);
  await expect(dialog.getByText(/将新增 24 个区划（区县 0 个，镇区·街道 23 个）/)).toBeVisible();
  await expect(dialog.getByRole('checkbox', { name: /设为本协会所在城市/ })).toBeChecked();
  await screenshot(page, '02-行政区划-按国家标准导入');
  await dialog.getByRole('button', { name: '导入', exact: true }).click();
  await expect(dialog.getByText('已导入「中山市」：新增 24 个区划')).toBeVisible();
  await expect(dialog.getByText(/「中山市」的区划均已存在，不会新增/)).toBeVisible();
  await dialog.getByRole('button', { name: '关闭' }).click();
  await expect(page.getByRole('gridcell', { name: '石岐街道' })).toBeVisible();
  await screenshot(page, '02-行政区划-国家标准');
});
