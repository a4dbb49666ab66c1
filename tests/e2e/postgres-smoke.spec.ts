/**
 * The smoke test on PostgreSQL (issue 21): the association server (`npm run serve`) on a throwaway
 * PostgreSQL this test starts and removes (scripts/postgres/throwaway.ts), driven through the real
 * renderer: the first run, a region, a person with a certificate appointed as a supervisor, found in
 * 督导库, the list exported, and 备份 saying which engine it is on and making a backup. The rest of
 * the e2e suite runs on SQLite; the integration suite runs on both (npm run test:postgres).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { checkCharFor } from '../../core/idcard.ts';
import { findPostgresBinaries, startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/postgres/throwaway.ts';
import { choose, expect, firstRunSetup, openScreen, startWebShell, test as base, type WebShell } from './fixtures.ts';

const FIRST_17 = '44200019780512123';
const ID_NUMBER = FIRST_17 + checkCharFor(FIRST_17);

const test = base.extend<{ postgres: ThrowawayPostgres; pgShell: WebShell }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none here
  postgres: async ({}, use) => {
    const server = await startThrowawayPostgres();
    try {
      await use(server);
    } finally {
      server.stop();
    }
  },
  pgShell: async ({ postgres }, use) => {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('CREATE DATABASE sws_smoke');
    await admin.end();
    const { shell, process: child } = await startWebShell(undefined, { database: postgres.urlOf('sws_smoke') });
    await use(shell);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited; // the server's connections end before the database server goes
  },
});

test.skip(
  !findPostgresBinaries(),
  '跳过 PostgreSQL 冒烟测试：未找到 PostgreSQL 15 或更新版本的服务器程序（Debian/Ubuntu：apt-get install postgresql，或用 PG_BINDIR 指向其 bin 文件夹）',
);

test('on PostgreSQL through npm run serve: first run, a supervisor made through the UI, found in 督导库, exported, backed up', async ({ page, pgShell }) => {
  await page.goto(pgShell.url);
  await firstRunSetup(page);

  await openScreen(page, '行政区划');
  await page.getByRole('button', { name: '新增区划' }).click();
  const regionDialog = page.getByRole('dialog', { name: '新增区划' });
  await regionDialog.getByRole('textbox', { name: '名称' }).fill('中山市');
  await regionDialog.getByRole('textbox', { name: '区划代码' }).fill('442000');
  await choose(page, regionDialog.getByRole('combobox', { name: '层级' }), '市');
  await regionDialog.getByRole('button', { name: '保存' }).click();
  await expect(regionDialog).toBeHidden();
  await expect(page.getByRole('gridcell', { name: '中山市' })).toBeVisible();

  await openScreen(page, '人员');
  await page.getByRole('button', { name: '新增人员' }).click();
  const personDialog = page.getByRole('dialog', { name: '新增人员' });
  await personDialog.getByRole('textbox', { name: '姓名' }).fill('黄丽萍');
  await personDialog.getByRole('textbox', { name: '身份证号' }).fill(ID_NUMBER);
  await expect(personDialog.getByText('出生日期 1978-05-12 · 男')).toBeVisible();
  await personDialog.getByRole('combobox', { name: '所在区划' }).fill('中山');
  await page.getByRole('option', { name: '中山市' }).click();
  await personDialog.getByRole('textbox', { name: '从业起始日期' }).fill('2008-09-01');
  await personDialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '黄丽萍' })).toBeVisible();

  await page.getByRole('tab', { name: /证书/ }).click();
  await page.getByRole('button', { name: '新增证书' }).click();
  const certDialog = page.getByRole('dialog', { name: '新增证书' });
  await choose(page, certDialog.getByRole('combobox', { name: '证书等级' }), '社会工作师');
  await certDialog.getByRole('textbox', { name: '证书编号' }).fill('ZS2012440007');
  await certDialog.getByRole('textbox', { name: '发证日期' }).fill('2012-06-20');
  await certDialog.getByRole('textbox', { name: '登记有效期至' }).fill('2027-06-19');
  await certDialog.getByRole('button', { name: '保存' }).click();
  await expect(certDialog).toBeHidden();

  await page.getByRole('tab', { name: '督导记录' }).click();
  await page.getByRole('button', { name: '聘任为督导' }).click();
  const appointDialog = page.getByRole('dialog', { name: '聘任「黄丽萍」为督导' });
  await choose(page, appointDialog.getByRole('combobox', { name: '督导等级' }), '初级督导');
  await expect(appointDialog.getByRole('combobox', { name: '服务区划' })).toHaveValue('中山市');
  await appointDialog.getByRole('button', { name: '保存' }).click();
  await expect(appointDialog).toBeHidden();
  await expect(page.getByText('初级督导 · 在册')).toBeVisible();

  // 督导库 finds the supervisor by the pinyin initials (the search on PostgreSQL) and exports the list.
  await openScreen(page, '督导库');
  await page.getByRole('textbox', { name: '姓名、拼音或首字母、身份证号、手机号' }).fill('hlp');
  await expect(page.getByRole('row', { name: /黄丽萍.*初级督导/ })).toBeVisible();
  await page.getByRole('textbox', { name: '姓名、拼音或首字母、身份证号、手机号' }).fill('');
  const exported = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = await exported;
  expect(file.suggestedFilename()).toMatch(/^督导库_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const book = new ExcelJS.Workbook();
  const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sws-e2e-pg-')), file.suggestedFilename());
  await file.saveAs(saved);
  await book.xlsx.readFile(saved);
  const sheet = book.worksheets[0]!;
  expect(sheet.getRow(2).getCell(1).value).toBe('黄丽萍');
  expect(sheet.getRow(2).getCell(2).value).toBe(ID_NUMBER);
  expect(sheet.getRow(2).getCell(3).value).toBe('初级督导');

  // 备份 says the data is on PostgreSQL, and backs it up.
  await openScreen(page, '备份');
  await expect(page.getByText('数据库：PostgreSQL')).toBeVisible();
  await expect(page.getByText(/sws_smoke/)).toBeVisible();
  await page.getByRole('button', { name: '立即备份' }).click();
  await expect(page.getByText(/^已备份：manual-.*\.sqlite3$/)).toBeVisible();
  await expect(page.getByRole('cell', { name: '手动', exact: true })).toBeVisible();
});
