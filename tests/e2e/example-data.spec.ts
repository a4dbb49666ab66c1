import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../../core/app.ts';
import { checkCharFor } from '../../core/idcard.ts';
import { DATA_FILE } from '../../core/shell/data-dir.ts';
import { expect, firstRunSetup, openScreen, screenshot, startWebShell, stopShell, test } from './fixtures.ts';

const idNumber = (first17: string) => first17 + checkCharFor(first17);

test('a new user loads example data from the empty state, explores it, and removes it', async ({ app: page }) => {
  await openScreen(page, '人员');
  await expect(page.getByText('尚无人员')).toBeVisible();
  await page.getByRole('button', { name: '载入示例数据' }).click();

  // Marked as example data on every screen, and the lists fill.
  const banner = page.getByText(/当前数据库含示例数据（400 名示例人员）/);
  // Loading writes a few thousand records: on a busy 2-core machine it has taken over 10 s.
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('grid', { name: '人员' }).getByRole('row')).not.toHaveCount(1);
  await expect(page.getByText(/共 400/)).toBeVisible();
  await openScreen(page, '督导库');
  await expect(banner).toBeVisible();
  await expect(page.getByRole('gridcell', { name: '中级督导' }).first()).toBeVisible();
  await screenshot(page, '10-示例数据');

  // The load is in the audit log as one entry per table, and a record's history starts with it.
  await openScreen(page, '人员');
  const firstPerson = page.getByRole('grid', { name: '人员' }).getByRole('row').nth(1).getByRole('gridcell').first();
  const name = (await firstPerson.textContent())!;
  await firstPerson.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.getByRole('tab', { name: '操作记录' }).click();
  await expect(page.getByRole('gridcell', { name: '载入示例数据', exact: true })).toBeVisible();
  await expect(page.getByRole('gridcell', { name: /批量写入行数：400；起始编号：1；结束编号：400/ })).toBeVisible();
  await openScreen(page, '督导库');

  // Loading twice is refused by core, whatever the UI shows: the button is gone once people exist.
  await expect(page.getByRole('button', { name: '载入示例数据' })).toHaveCount(0);

  // Removing asks first; cancelling keeps everything.
  await page.getByRole('alert').getByRole('button', { name: '删除示例数据' }).click();
  const dialog = page.getByRole('dialog', { name: '删除示例数据？' });
  await expect(dialog.getByText(/400 名人员/)).toBeVisible();
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(dialog).toBeHidden();
  await expect(banner).toBeVisible();

  await page.getByRole('alert').getByRole('button', { name: '删除示例数据' }).click();
  await dialog.getByRole('button', { name: '删除示例数据' }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByText('督导库为空')).toBeVisible();
});

test('the first-run welcome says where the data is kept and loads example data in one click', async ({ page, shell }) => {
  await page.goto(shell.url);
  await firstRunSetup(page, { keepWelcome: true });
  const welcome = page.getByRole('dialog', { name: '欢迎使用社工督导与实训基地管理系统' });
  await expect(welcome.getByText(shell.dataDir, { exact: false })).toBeVisible();
  await expect(welcome.getByText(/backups 文件夹/)).toBeVisible();
  await screenshot(page, '01-欢迎');
  await welcome.getByRole('button', { name: '载入示例数据' }).click();
  await expect(welcome).toBeHidden({ timeout: 30_000 }); // the load is a job: seconds on a busy machine
  await expect(page.getByText(/当前数据库含示例数据（400 名示例人员）/)).toBeVisible();
  // Shown once: signing in again goes straight to work.
  await page.reload();
  await expect(page.getByRole('navigation')).toBeVisible();
  await expect(welcome).toHaveCount(0);
});

test('a data file that already holds people is not offered example data on its first run', async ({ page }) => {
  // A file from before accounts existed: people, but no administrator yet.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-e2e-'));
  const core = await openCore({ dataFile: path.join(dataDir, DATA_FILE) });
  expect(core.call('people.create', { idNumber: idNumber('44200019850315123'), name: '陈晓明' }).ok).toBe(true);
  core.close();
  const { shell, process: child } = await startWebShell(dataDir);
  try {
    await page.goto(shell.url);
    await firstRunSetup(page, { keepWelcome: true });
    const welcome = page.getByRole('dialog', { name: '欢迎使用社工督导与实训基地管理系统' });
    await expect(welcome.getByText('数据文件中已有人员记录，因此不提供示例数据', { exact: false })).toBeVisible();
    await expect(welcome.getByRole('button', { name: '载入示例数据' })).toHaveCount(0);
    await welcome.getByRole('button', { name: '从空白开始' }).click();
    await openScreen(page, '人员');
    await expect(page.getByRole('row', { name: /陈晓明/ })).toBeVisible();
  } finally {
    await stopShell(child, dataDir);
  }
});
