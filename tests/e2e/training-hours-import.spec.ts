import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { checkCharFor } from '../../core/idcard.ts';
import { arrange, expect, openScreen, screenshot, test } from './fixtures.ts';

const idNumber = (first17: string) => first17 + checkCharFor(first17);

test('导入历史学时: a small sheet previewed (one row refused), the valid rows imported, and the hours on the person’s 培训学时 tab', async ({ app: page, shell }) => {
  const person = await arrange<{ id: number; idNumber: string }>(shell, 'people.create', { idNumber: idNumber('44200019850315123'), name: '钟嘉豪' });
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('学时台账');
  sheet.addRow(['姓名', '身份证号', '培训日期', '类别', '时数', '举办单位', '备注']);
  sheet.addRow(['钟嘉豪', person.idNumber, '2023-04-15', '督导实务培训', 12, '中山市社会工作协会', '结业证书 ZS-2023-041']);
  sheet.addRow(['钟嘉豪', person.idNumber, '2024-09-20', '社工知识普及培训', 6.5, '广东省社会工作师联合会', '']);
  sheet.addRow(['谭美玲', idNumber('44200019900101246'), '2024-09-20', '社工知识普及培训', 6, '广东省社会工作师联合会', '']); // not in 人员
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sws-xlsx-')), '2019-2024学时台账.xlsx');
  await wb.xlsx.writeFile(file);

  await openScreen(page, '学时达标');
  await page.getByRole('button', { name: '导入历史学时' }).click();
  const dialog = page.getByRole('dialog', { name: '导入历史培训学时' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: '选择 .xlsx 文件' }).click();
  await (await chooser).setFiles(file);
  await dialog.getByRole('button', { name: '预览' }).click();
  await expect(dialog.getByText('共 3 行：将新增 2 条学时记录，0 行已导入过或重复（不再计入），1 行不能导入。')).toBeVisible();
  await expect(dialog.getByRole('table', { name: '不能导入的行' }).getByRole('row', { name: /第 4 行 身份证号 .*不在“人员”中/ })).toBeVisible();
  // All or nothing unless the valid rows alone are chosen.
  const commit = dialog.getByRole('button', { name: '导入 2 行' });
  await expect(commit).toBeDisabled();
  await dialog.getByRole('checkbox', { name: '仅导入通过校验的 2 行（1 行未通过，不导入）' }).check();
  await screenshot(page, '47-导入历史学时-预览');
  await commit.click();
  await expect(dialog.getByText('导入完成：新增 2 条学时记录，0 行重复未计入，1 行未导入。')).toBeVisible();
  await dialog.getByRole('button', { name: '关闭' }).click();

  await page.getByRole('grid', { name: '学时达标' }).getByRole('gridcell', { name: '钟嘉豪' }).click();
  await page.getByRole('tab', { name: '培训学时' }).click();
  await expect(page.getByText('合计 18.5 学时')).toBeVisible();
  const ledger = page.getByRole('grid', { name: '培训学时' });
  await expect(ledger.getByRole('row', { name: /2023-04-15.*督导实务培训.*12.*导入：2019-2024学时台账\.xlsx/ })).toBeVisible();
  await expect(ledger.getByRole('row', { name: /2024-09-20.*社工知识普及培训.*6\.5.*导入：2019-2024学时台账\.xlsx/ })).toBeVisible();
  await screenshot(page, '48-人员-培训学时-导入');
});
