import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { checkCharFor } from '../../core/idcard.ts';
import { arrange, expect, openScreen, screenshot, test } from './fixtures.ts';

const idNumber = (first17: string) => first17 + checkCharFor(first17);

async function workbookFile(rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('督导名册');
  sheet.addRow(['2026年督导名册（启航社工报送）']); // a title above the header row, as sheets kept by hand have
  sheet.addRow(['姓名', '身份证号码', '手机', '所在区划', '证书等级', '证书编号', '发证日期', '督导等级', '服务区划', '聘任日期', '督导有效期至']);
  for (const row of rows) sheet.addRow(row);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sws-xlsx-')), '督导名册.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
}

async function readBack(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets[0]!;
}

test('import a workbook with bad rows: preview, error file, commit; then find and export', async ({ app: page, shell }) => {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  await arrange(shell, 'regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  const good = idNumber('44200019850315123');
  const file = await workbookFile([
    ['钟嘉豪', good, '13800138000', '石岐街道', '社会工作师', 'ZS2015001', '2015-06-20', '中级督导', '石岐街道', '2019-03-01', '2027-12-31'],
    ['谭美玲', idNumber('44200019900101246'), '13900139000', '石岐街道', '助理社会工作师', 'ZL2018001', '2018-06-20', '', '', '', ''],
    ['王五', '442000199001011230', '', '石岐街道', '', '', '', '', '', '', ''], // wrong check digit
    ['赵六', idNumber('44200019900101248'), '', '不存在镇', '', '', '', '', '', '', ''], // unknown region
  ]);

  await openScreen(page, '人员');
  await page.getByRole('button', { name: '导入 Excel' }).click();
  const dialog = page.getByRole('dialog', { name: '从 Excel 导入人员、证书与督导' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: '选择 .xlsx 文件' }).click();
  await (await chooser).setFiles(file);
  await expect(dialog.getByText('督导名册.xlsx')).toBeVisible();
  // Choosing the file previews it.
  await expect(dialog.getByText('共 4 行：将新增 2 人，更新 0 人，0 人无变化，2 行不能导入，跳过 0 行。')).toBeVisible();
  const refused = dialog.getByRole('table', { name: '不能导入的行' });
  await expect(refused.getByRole('row', { name: /第 5 行 .*【身份证号码】身份证号校验位不正确/ })).toBeVisible();
  await expect(refused.getByRole('row', { name: /第 6 行 .*【所在区划】区划「不存在镇」不存在/ })).toBeVisible();
  await screenshot(page, '20-导入预览');

  // The preview comes back as a workbook: the refused rows with the reasons added, then every row.
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: '下载预览明细（含不能导入的行及原因）' }).click();
  const errorFile = await (await download).path();
  const sheet = await readBack(errorFile);
  expect(sheet.getRow(1).getCell(sheet.getRow(1).cellCount).value).toBe('错误原因');
  expect(sheet.rowCount).toBe(3);

  await dialog.getByRole('button', { name: '导入 2 行' }).click();
  await expect(dialog.getByText('导入完成：共 4 行，新增 2 人，更新 0 人，0 人无变化，2 行未导入，跳过 0 行。')).toBeVisible();
  await dialog.getByRole('button', { name: '关闭' }).click();

  // The imported people are there, findable by pinyin initials; the appointment came along.
  await page.getByRole('textbox', { name: '姓名、拼音或首字母、身份证号、手机号' }).fill('zjh');
  await expect(page.getByRole('row', { name: /钟嘉豪/ })).toBeVisible();
  // Their history starts with the import, which names the file it came from.
  await page
    .getByRole('row', { name: /钟嘉豪/ })
    .getByRole('gridcell', { name: '钟嘉豪' })
    .click();
  await page.getByRole('tab', { name: '操作记录' }).click();
  await expect(page.getByRole('gridcell', { name: '导入人员与督导', exact: true })).toBeVisible();
  await expect(page.getByRole('gridcell', { name: /批量写入行数：2；起始编号：\d+；结束编号：\d+；来源文件：督导名册\.xlsx/ })).toBeVisible();
  await screenshot(page, '20b-导入后的操作记录');
  await openScreen(page, '人员');
  await openScreen(page, '督导库');
  await expect(page.getByRole('row', { name: /钟嘉豪.*中级督导/ })).toBeVisible();

  // Export the supervisor list and read the file back.
  const exported = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const exportedFile = await exported;
  expect(exportedFile.suggestedFilename()).toMatch(/^督导库_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const list = await readBack(await exportedFile.path());
  expect(list.getRow(1).values).toEqual([undefined, '姓名', '身份证号', '督导等级', '服务区划', '所在机构', '聘任日期', '督导有效期至', '状态', '手机号码']);
  expect(list.getRow(2).getCell(1).value).toBe('钟嘉豪');
  expect(list.getRow(2).getCell(2).value).toBe(good); // text, every digit kept
  expect(list.getRow(2).getCell(6).value).toEqual(new Date('2019-03-01T00:00:00Z')); // a real date
  expect(list.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
});

test('a file that is not a workbook is refused with a clear message', async ({ app: page }) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sws-csv-')), '名册.xlsx');
  fs.writeFileSync(file, '姓名,身份证号\n张三,1\n');
  await openScreen(page, '督导库');
  await page.getByRole('button', { name: '导入 Excel' }).click();
  const dialog = page.getByRole('dialog', { name: '从 Excel 导入人员、证书与督导' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: '选择 .xlsx 文件' }).click();
  await (await chooser).setFiles(file);
  await expect(dialog.getByText(/文件不是 Excel 工作簿（.xlsx）/)).toBeVisible();
  await screenshot(page, '21-导入-文件格式错误');
});
