import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { checkCharFor } from '../../core/idcard.ts';
import { expect, firstRunSetup, openScreen, pickFromSearch, screenshot, test } from './fixtures.ts';

const idNumber = (first17: string) => first17 + checkCharFor(first17);

/** A roster as kept by hand: a title row, aliased and unknown headings, colloquial levels, towns without suffix, a 合计 row. */
async function messyRoster(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('花名册');
  sheet.addRow(['2026年持证社工花名册（各机构报送汇总）']);
  sheet.addRow(['序号', '姓名', '性别', '身份证号码', '联系电话', '所属镇街', '工作单位', '持证等级', '证书编号', '取得证书日期', '毕业院校专业']);
  sheet.addRow([
    1,
    '钟嘉豪',
    '男',
    idNumber('44200019850315123'),
    '13800138000',
    '石岐',
    '启航社工',
    '中级社工师',
    'ZS2015001',
    new Date('2015-06-20T00:00:00Z'),
    '社会工作',
  ]);
  sheet.addRow([
    2,
    '谭美玲',
    '男',
    idNumber('44200019900101246'),
    '13900139000',
    '西区',
    '长青社工服务中心',
    '助理社工师',
    'ZL2018001',
    '2018-06-20',
    '心理学',
  ]);
  sheet.addRow([3, '黄志强', '男', idNumber('44200019880808111'), '', '东区', '启航社工', '社工员', 'SY2019003', '2019/6/20', '社会学']);
  sheet.addRow([4, '王五', '男', '442000199001011230', '12345', '火星镇', '启航社工', '社工大师', 'X1', '', '']); // three problems at once
  sheet.addRow(['合计', '4 人', '', '', '', '', '', '', '', '', '']);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sws-xlsx-')), '持证社工花名册.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
}

test('a new user: the first-run welcome loads the city’s towns (广东省 / 中山市), then a messy roster: map the unknown column, see every row and reason, create the organisations, find the people without reloading', async ({
  page,
  shell,
}) => {
  const file = await messyRoster();
  await page.goto(shell.url);
  await firstRunSetup(page, { keepWelcome: true });
  const welcome = page.getByRole('dialog', { name: '欢迎使用社工督导与实训基地管理系统' });
  await pickFromSearch(page, welcome.getByRole('combobox', { name: '省份' }), '广东', /^广东省$/);
  await pickFromSearch(page, welcome.getByRole('combobox', { name: '城市' }), '中山', /^中山市$/);
  await welcome.getByRole('button', { name: '导入 Excel 名册' }).click();
  await expect(welcome).toBeHidden();
  const dialog = page.getByRole('dialog', { name: '从 Excel 导入人员、证书与督导' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: '选择 .xlsx 文件' }).click();
  await (await chooser).setFiles(file);

  // The file has a column the app does not know: the dialog opens on the mapping step.
  await expect(dialog.getByRole('tab', { name: '1. 列的对应', selected: true })).toBeVisible();
  const mapping = dialog.getByRole('table', { name: '列的对应' });
  await expect(mapping.getByRole('row', { name: /取得证书日期/ }).getByRole('combobox')).toHaveValue('issuedOn');
  await expect(mapping.getByRole('combobox', { name: '「毕业院校专业」对应的字段' })).toHaveValue('');
  await expect(mapping.getByRole('combobox', { name: '「序号」对应的字段' })).toHaveValue('');
  await screenshot(page, '22-导入-列的对应');
  await mapping.getByRole('combobox', { name: '「毕业院校专业」对应的字段' }).selectOption({ label: '专业' });
  await expect(mapping.getByRole('combobox', { name: '「毕业院校专业」对应的字段' })).toHaveValue('major');
  await expect(dialog.getByText(/共 5 行：/)).toBeVisible();

  // The preview: every row, every reason; the organisations that do not exist.
  await dialog.getByRole('button', { name: '下一步：查看预览' }).click();
  await expect(dialog.getByText('共 5 行：将新增 0 人，更新 0 人，0 人无变化，4 行不能导入，跳过 1 行。')).toBeVisible();
  await expect(dialog.getByText('文件中有 2 个机构尚未登记：启航社工、长青社工服务中心。', { exact: false })).toBeVisible();
  const refused = dialog.getByRole('table', { name: '不能导入的行' });
  const wang = refused.getByRole('row', { name: /第 6 行/ });
  await expect(wang).toContainText('【身份证号码】身份证号校验位不正确');
  await expect(wang).toContainText('【所属镇街】区划「火星镇」不存在');
  await expect(wang).toContainText('【持证等级】无法识别的证书等级「社工大师」');
  await expect(wang).toContainText('【联系电话】');
  await expect(refused.getByRole('row', { name: /第 4 行/ })).toContainText('机构「长青社工服务中心」不存在');
  await dialog.getByRole('checkbox', { name: '新建文件中没有登记的机构（2 个）' }).check();
  await expect(dialog.getByText('将新建机构 2 个：启航社工、长青社工服务中心')).toBeVisible();
  await expect(dialog.getByText('共 5 行：将新增 3 人，更新 0 人，0 人无变化，1 行不能导入，跳过 1 行。')).toBeVisible();
  await dialog.getByRole('tab', { name: /^新增/ }).click();
  const created = dialog.getByRole('table', { name: '新增的行' });
  // The towns were loaded from the national standard in the welcome: 石岐 is matched among 中山市's.
  await expect(created.getByRole('row', { name: /第 3 行/ })).toContainText('所属镇街「石岐」按“石岐街道”匹配（在本协会所在城市中山市的镇区·街道中）');
  await expect(created.getByRole('row', { name: /第 3 行/ })).toContainText('持证等级「中级社工师」按“社会工作师”导入');
  await expect(created.getByRole('row', { name: /第 4 行/ })).toContainText('注意：性别「男」与身份证号不符：按身份证号记为女');
  await dialog.getByRole('tab', { name: /^跳过/ }).click();
  await expect(dialog.getByRole('table', { name: '跳过的行' })).toContainText('合计行，已跳过');
  await dialog.getByRole('tab', { name: /^新增/ }).click();
  await screenshot(page, '22b-导入-预览');

  await dialog.getByRole('button', { name: '导入 3 行' }).click();
  await expect(dialog.getByText('导入完成：共 5 行，新增 3 人，更新 0 人，0 人无变化，1 行未导入，跳过 1 行。')).toBeVisible();
  await dialog.getByRole('button', { name: '关闭' }).click();

  // The list shows them, without a reload.
  await openScreen(page, '人员');
  await expect(page.getByRole('row', { name: /钟嘉豪.*启航社工.*石岐街道/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /谭美玲.*长青社工服务中心.*西区街道/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /黄志强/ })).toBeVisible();
  await expect(page.getByText('尚无人员', { exact: false })).toHaveCount(0);
});
