import { expect, firstRunSetup, openScreen, screenshot, test } from './fixtures.ts';

/**
 * The desktop app's renderer is the same build with the preload bridge (`window.swsApi`) in place of
 * HTTP. Electron cannot run here, so the bridge is stood in for by a script that does what the main
 * process does: calls go to core (here over the web shell), and saving a job's file takes its ticket,
 * fetches the file and reports where the save dialog put it. What is tested is the renderer's desktop
 * path; the main process's side is covered by tests/unit/electron-shell.test.ts.
 */
test('in the desktop app an export is saved where the user chose, and the app says where; a failed save says why', async ({ page, shell }) => {
  const token = new URL(shell.url).searchParams.get('token')!;
  await page.addInitScript((token) => {
    const bridge = {
      failNext: null as string | null,
      saved: [] as { path: string; bytes: number }[],
      async call(name: string, input: unknown, session?: string | null) {
        const response = await fetch(`api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-session-token': token, 'x-user-session': session ?? '' },
          body: JSON.stringify(input ?? {}),
        });
        return response.json();
      },
      async saveDownload(ticket: string) {
        const response = await fetch(`download/${ticket}`);
        if (!response.ok) return { saved: false, error: '文件已失效：请重新导出' };
        if (bridge.failNext) return { saved: false, error: bridge.failNext };
        const name = decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(response.headers.get('content-disposition') ?? '')![1]!);
        const path = `D:\\工作\\导出\\${name}`;
        bridge.saved.push({ path, bytes: (await response.arrayBuffer()).byteLength });
        return { saved: true, path };
      },
    };
    (window as unknown as { swsApi: typeof bridge }).swsApi = bridge;
  }, token);
  await page.goto(shell.url);
  await firstRunSetup(page);

  await openScreen(page, '行政区划');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const saved = page.getByRole('alert').filter({ hasText: '已保存到' });
  await expect(saved).toHaveText(/已保存到 D:\\工作\\导出\\行政区划_\d{4}-\d{2}-\d{2}\.xlsx/);
  const files = await page.evaluate(() => (window as unknown as { swsApi: { saved: { path: string; bytes: number }[] } }).swsApi.saved);
  expect(files).toHaveLength(1);
  expect(files[0]!.bytes).toBeGreaterThan(1000); // the workbook itself came through the ticket
  await screenshot(page, '60-桌面版-导出已保存');

  // The chosen file is open in Excel: the save fails and the app says why; nothing claims it was saved.
  await page.evaluate(() => ((window as unknown as { swsApi: { failNext: string } }).swsApi.failNext = '目标文件正被其他程序（如 Excel）打开，请关闭后重试'));
  await page.getByRole('button', { name: '导出 Excel' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '目标文件正被其他程序（如 Excel）打开，请关闭后重试' })).toBeVisible();
  await expect(saved).toBeHidden();

  // The import dialog's files (the template, the refused rows) are saved the same way and say where.
  await page.evaluate(() => ((window as unknown as { swsApi: { failNext: string | null } }).swsApi.failNext = null));
  await openScreen(page, '人员');
  await page.getByRole('button', { name: '导入 Excel' }).click();
  const dialog = page.getByRole('dialog', { name: '从 Excel 导入人员、证书与督导' });
  await dialog.getByRole('button', { name: '下载导入模板' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: '已保存到' })).toHaveText('已保存到 D:\\工作\\导出\\人员与督导导入模板.xlsx');
});
