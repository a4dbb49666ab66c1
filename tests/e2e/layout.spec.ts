import { expect, openScreen, screenshot, test } from './fixtures.ts';

// 1366×768 at 125 % Windows scaling leaves a 1093×614 CSS-pixel page (docs/design.md §7).
test.use({ viewport: { width: 1093, height: 614 }, deviceScaleFactor: 1.25 });

test('every screen fits 1366×768 at 125 % scaling without horizontal scrolling', async ({ app: page }) => {
  const noPageOverflow = async () =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

  for (const screen of ['督导库', '人员', '行政区划', '机构', '基地', '班期日历', '考勤待办', '基地评估', '学时达标', '年度再审核', '待完成事项', '规则设置']) {
    await openScreen(page, screen);
    await noPageOverflow();
    await screenshot(page, `125pct-${screen}`);
  }

  // The largest form must show its save button without scrolling the page.
  await openScreen(page, '人员');
  await page.getByRole('button', { name: '新增人员' }).click();
  const dialog = page.getByRole('dialog', { name: '新增人员' });
  await expect(dialog.getByRole('button', { name: '保存' })).toBeInViewport();
  await noPageOverflow();
  await screenshot(page, '125pct-新增人员');
  await page.keyboard.press('Escape');

  // The session form, the longest of the training screens, from the calendar's button.
  await openScreen(page, '班期日历');
  await page.getByRole('button', { name: '新增班期' }).click();
  const session = page.getByRole('dialog', { name: '新增班期' });
  await expect(session.getByRole('button', { name: '保存' })).toBeInViewport();
  await noPageOverflow();
  await screenshot(page, '125pct-新增班期');
});
