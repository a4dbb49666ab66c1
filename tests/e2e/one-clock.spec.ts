/**
 * One clock (issue 20 item 6): the server runs in UTC, the browser in Los Angeles; what the app
 * shows as today and as times is Asia/Shanghai's, the configured zone. 服务器设置 changes the zone
 * and shows the last scheduled backup.
 */
import { ADMIN, expect, firstRunSetup, login, openScreen, screenshot, startWebShell, test } from './fixtures.ts';
import { formatInstant, localDate } from '../../core/dates.ts';

process.env.TZ = 'UTC'; // the web shells these tests start inherit it: the server's own zone must not matter

test.use({ timezoneId: 'America/Los_Angeles' });

/** Between two instants on Shanghai's wall clock, with seconds: what a 操作日志 time may read. */
const shanghai = (iso: string) => formatInstant(iso, 'Asia/Shanghai', { seconds: true });

test('the server in UTC and a browser in Los Angeles agree with Asia/Shanghai about today and times', async ({ app: page }) => {
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/Los_Angeles');
  // Today, as a form's default: 聘任督导's 聘任日期.
  await openScreen(page, '督导库');
  await page.getByRole('button', { name: '聘任督导' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel(/^聘任日期/)).toHaveValue(localDate(new Date().toISOString(), 'Asia/Shanghai'));
  await dialog.getByRole('button', { name: '取消' }).click();
  // The calendar's today is Shanghai's too.
  await openScreen(page, '班期日历');
  await expect(page.locator('.fc-timegrid-col.fc-day-today')).toHaveAttribute('data-date', localDate(new Date().toISOString(), 'Asia/Shanghai'));

  // 操作日志: the administrator's creation, at Shanghai's time (not UTC's, not the browser's).
  const before = new Date(Date.now() - 10 * 60_000).toISOString();
  await openScreen(page, '操作日志');
  await expect(page.getByRole('columnheader', { name: '时间' })).toBeVisible();
  const firstTime = page.getByRole('row').nth(1).getByRole('gridcell').first();
  await expect(firstTime).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  const shown = (await firstTime.textContent())!;
  expect(shown >= shanghai(before) && shown <= shanghai(new Date().toISOString())).toBe(true);
});

/**
 * A browser zone whose date differs from Shanghai's now and for the next minutes: Pago Pago (UTC−11)
 * except from 11:00 to 16:00 UTC, when Kiritimati (UTC+14) is a day ahead. Just before Shanghai's
 * midnight (16:00 UTC) no zone stays a day apart across it: wait until it has passed.
 */
async function zoneOnAnotherDay(): Promise<string> {
  const differs = (zone: string, at: number) => localDate(new Date(at).toISOString(), zone) !== localDate(new Date(at).toISOString(), 'Asia/Shanghai');
  for (;;) {
    const now = Date.now();
    const zone = ['Pacific/Pago_Pago', 'Pacific/Kiritimati'].find((z) => differs(z, now) && differs(z, now + 3 * 60_000));
    if (zone) return zone;
    await new Promise((resolve) => setTimeout(resolve, 30_000));
  }
}

test('the date picker marks the configured zone’s today, not the browser’s, when the two are different days', async ({ app, shell, browser }) => {
  test.slow(); // may wait out Shanghai's midnight
  await expect(app.getByRole('navigation')).toBeVisible(); // the administrator exists
  const zone = await zoneOnAnotherDay();
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: zone, viewport: { width: 1366, height: 768 } });
  try {
    const page = await context.newPage();
    await page.goto(shell.url);
    await login(page, ADMIN.username, ADMIN.password);
    await openScreen(page, '督导库');
    await page.getByRole('button', { name: '聘任督导' }).click();
    const dialog = page.getByRole('dialog');
    const field = dialog.getByLabel(/^聘任日期/);
    const now = new Date().toISOString();
    const today = localDate(now, 'Asia/Shanghai');
    expect(localDate(now, zone)).not.toBe(today); // the browser is on another day
    await expect(field).toHaveValue(today);
    // Emptied, the field's calendar opens on the configured zone's month with its today marked, and only that day.
    await field.fill('');
    await field.blur(); // the empty field is then marked as required (the form moves down): click the calendar after that
    await expect(dialog.getByText('请填写聘任日期（格式如 2026-11-22）')).toBeVisible();
    await dialog.getByRole('button', { name: '选择日期：聘任日期' }).click();
    const marked = page.locator('.MuiDateCalendar-root [aria-current="date"]');
    await expect(marked).toHaveCount(1);
    await expect(marked).toHaveText(String(Number(today.slice(8))));
    await expect(marked).toHaveClass(/MuiPickerDay-today/);
    await marked.click();
    await expect(field).toHaveValue(today);
  } finally {
    await context.close();
  }
});

test('服务器设置 saves a time zone and shows the last scheduled backup', async ({ page }) => {
  const first = await startWebShell();
  let second: Awaited<ReturnType<typeof startWebShell>> | undefined;
  try {
    await page.goto(first.shell.url);
    await firstRunSetup(page);
    // The data now holds an account: the next start makes the day's scheduled backup.
    const exited = new Promise((resolve) => first.process.once('exit', resolve));
    first.process.kill();
    await exited;
    second = await startWebShell(first.shell.dataDir);
    await page.goto(second.shell.url);
    await login(page, ADMIN.username, ADMIN.password);

    await openScreen(page, '服务器设置');
    await expect(page.getByText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} 备份成功：daily-.*\.sqlite3$/)).toBeVisible();
    const zone = page.getByRole('combobox', { name: '时区' });
    await expect(zone).toHaveValue('Asia/Shanghai');
    await expect(page.getByLabel(/^每日备份时间/)).toHaveValue('02:00');
    await expect(page.getByLabel(/^保留每周备份/)).toHaveValue('4');
    await screenshot(page, '27-服务器设置');

    await zone.fill('America/Los_Ang');
    await page.getByRole('option', { name: 'America/Los_Angeles' }).click();
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.getByText('已保存')).toBeVisible();
    // The 操作日志 now reads in Los Angeles.
    await openScreen(page, '操作日志');
    const firstTime = page.getByRole('row').nth(1).getByRole('gridcell').first();
    await expect(firstTime).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const shown = (await firstTime.textContent())!;
    const la = (iso: string) => formatInstant(iso, 'America/Los_Angeles', { seconds: true });
    expect(shown >= la(new Date(Date.now() - 10 * 60_000).toISOString()) && shown <= la(new Date().toISOString())).toBe(true);

    // Kept: the screen opens on it again.
    await openScreen(page, '服务器设置');
    await expect(zone).toHaveValue('America/Los_Angeles');
  } finally {
    first.process.kill();
    second?.process.kill();
  }
});
