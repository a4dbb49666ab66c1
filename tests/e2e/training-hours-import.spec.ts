import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { checkCharFor } from '../../core/idcard.ts';
import { arrange, expect, openScreen, screenshot, test } from './fixtures.ts';

const idNumber = (first17: string) => first17 + checkCharFor(first17);

test('导入历史学时 through the shared import dialog: an unknown column mapped by the user, a refused row with all its reasons, only the rows without errors imported, the mapping remembered, the hours on the person’s 培训学时 tab', async ({
  app: page,
  shell,
}) => {
  const person = await arrange<{ id: number; idNumber: string }>(shell, 'people.create', { idNumber: idNumber('44200019850315123'), name: '钟嘉豪' });
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('学时台账');
  sheet.addRow(['2019—2024 年继续教育学时台账']); // a title above the headings, as kept by hand
  sheet.addRow(['姓名', '身份证号', '培训日期', '类别', '获得学时', '举办单位', '备注']); // 获得学时: a heading the app does not know
  sheet.addRow(['钟嘉豪', person.idNumber, '2023-04-15', '督导实务培训', 12, '中山市社会工作协会', '结业证书 ZS-2023-041']);
  sheet.addRow(['钟嘉豪', person.idNumber, '2024-09-20', '社工知识普及培训', 6.5, '广东省社会工作师联合会', '']);
  sheet.addRow(['谭美玲', idNumber('44200019900101246'), '2099-01-01', '瑜伽', 6, '', '']); // not in 人员, a future date, an unknown category, no provider
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sws-xlsx-')), '2019-2024学时台账.xlsx');
  await wb.xlsx.writeFile(file);

  await openScreen(page, '学时达标');
  await page.getByRole('button', { name: '导入历史学时' }).click();
  const dialog = page.getByRole('dialog', { name: '导入历史培训学时' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: '选择 .xlsx 文件' }).click();
  await (await chooser).setFiles(file);

  // A column the app does not know: the dialog opens on the mapping step, the same as the registry's.
  await expect(dialog.getByRole('tab', { name: '1. 列的对应', selected: true })).toBeVisible();
  await expect(dialog.getByText('共 3 行：将新增 0 条学时记录，0 行已导入过（不再计入），0 行与文件中前面的行重复（只计一次），3 行不能导入。')).toBeVisible();
  const mapping = dialog.getByRole('table', { name: '列的对应' });
  await expect(mapping.getByRole('combobox', { name: '「类别」对应的字段' })).toHaveValue('category');
  await expect(mapping.getByRole('combobox', { name: '「举办单位」对应的字段' })).toHaveValue('provider');
  const hours = mapping.getByRole('combobox', { name: '「获得学时」对应的字段' });
  await expect(hours).toHaveValue('');
  await hours.selectOption({ label: '学时' });
  await expect(hours).toHaveValue('hours');
  await expect(dialog.getByText('共 3 行：将新增 2 条学时记录，0 行已导入过（不再计入），0 行与文件中前面的行重复（只计一次），1 行不能导入。')).toBeVisible();
  await screenshot(page, '47a-导入历史学时-列的对应');

  // The preview: the refused row with every reason, under the file's own headings.
  await dialog.getByRole('button', { name: '下一步：查看预览' }).click();
  const refused = dialog.getByRole('table', { name: '不能导入的行' }).getByRole('row', { name: /第 5 行/ });
  await expect(refused).toContainText('谭美玲');
  await expect(refused).toContainText(`【身份证号】身份证号 ${idNumber('44200019900101246')} 不在“人员”中`);
  await expect(refused).toContainText('【培训日期】培训日期不能晚于今天');
  await expect(refused).toContainText('【类别】无法识别的学时类别「瑜伽」');
  await expect(refused).toContainText('【举办单位】请填写培训机构');
  // Blank cells clearing stored values is not a choice here: the import only adds.
  await expect(dialog.getByRole('checkbox', { name: '用空白单元格清空原有内容' })).toHaveCount(0);
  // All or nothing unless the rows without errors alone are chosen.
  const commit = dialog.getByRole('button', { name: '导入 2 行' });
  await expect(commit).toBeDisabled();
  await dialog.getByRole('checkbox', { name: '只导入无误的行（2 行；1 行不能导入，不导入）' }).check();
  await expect(commit).toBeEnabled();
  await screenshot(page, '47-导入历史学时-预览');
  await commit.click();
  await expect(dialog.getByText('导入完成：共 3 行，新增 2 条学时记录，0 行已导入过，0 行重复未计入，1 行未导入。')).toBeVisible();
  await expect(dialog.getByRole('button', { name: '下载未通过的行（含错误原因）' })).toBeVisible();
  await dialog.getByRole('button', { name: '关闭' }).click();

  // The same file again: the mapping is remembered (no mapping step), the rows are 已导入过.
  await page.getByRole('button', { name: '导入历史学时' }).click();
  const chooser2 = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: '选择 .xlsx 文件' }).click();
  await (await chooser2).setFiles(file);
  await expect(dialog.getByText('共 3 行：将新增 0 条学时记录，2 行已导入过（不再计入），0 行与文件中前面的行重复（只计一次），1 行不能导入。')).toBeVisible();
  await expect(dialog.getByRole('tab', { name: '2. 预览', selected: true })).toBeVisible();
  await expect(dialog.getByText(/^此文件已导入过：\d{4}-\d\d-\d\d（系统管理员，2 行）/)).toBeVisible();
  await expect(dialog.getByRole('tab', { name: /^更新/ })).toHaveCount(0); // the import only adds
  await dialog.getByRole('tab', { name: '已导入过（2）' }).click();
  await expect(dialog.getByRole('table', { name: '已导入过的行' }).getByRole('row', { name: /第 3 行/ })).toContainText(
    '已导入过：由文件「2019-2024学时台账.xlsx」导入',
  );
  await dialog.getByRole('tab', { name: '1. 列的对应' }).click();
  await expect(mapping.getByRole('row', { name: /获得学时.*沿用上次的选择/ })).toBeVisible();
  await dialog.getByRole('button', { name: '取消' }).click();

  await page.getByRole('grid', { name: '学时达标' }).getByRole('gridcell', { name: '钟嘉豪' }).click();
  await page.getByRole('tab', { name: '培训学时' }).click();
  await expect(page.getByText('合计 18.5 学时')).toBeVisible();
  const ledger = page.getByRole('grid', { name: '培训学时' });
  await expect(ledger.getByRole('row', { name: /2023-04-15.*督导实务培训.*12.*导入：2019-2024学时台账\.xlsx/ })).toBeVisible();
  await expect(ledger.getByRole('row', { name: /2024-09-20.*社工知识普及培训.*6\.5.*导入：2019-2024学时台账\.xlsx/ })).toBeVisible();
  await screenshot(page, '48-人员-培训学时-导入');
});
