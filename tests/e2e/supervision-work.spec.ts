import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { checkCharFor } from '../../core/idcard.ts';
import { arrange, choose, expect, openScreen, pickFromSearch, screenshot, test } from './fixtures.ts';

const idNumber = (first17: string) => first17 + checkCharFor(first17);

test('督导工作记录: staff add a 督导对象, import a month of supervision from a sheet (an overlap refused with its reason), record one by hand (an overlap refused, then saved), and the person’s page shows their supervisor', async ({
  app: page,
  shell,
}) => {
  // Arranged through the API: a town, a supervisor, two social workers of a 家综, one relationship already there.
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const town = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  const levels = await arrange<{ id: number; name: string }[]>(shell, 'supervisors.levels', {});
  const org = await arrange<{ id: number }>(shell, 'organizations.create', { name: '石岐家综', kind: 'social_work_agency' });
  const chen = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber('44200019800101111'), name: '陈督导' });
  const supervisor = await arrange<{ id: number }>(shell, 'supervisors.appoint', {
    personId: chen.id,
    levelId: levels.find((l) => l.name === '中级督导')!.id,
    regionId: town.id,
    appointedOn: '2024-01-01',
    validUntil: '2027-12-31',
    overrideReason: '历史聘任',
  });
  await arrange(shell, 'people.create', { idNumber: idNumber('44200019900101222'), name: '李华', organizationId: org.id });
  const wang = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber('44200019910101333'), name: '王芳', organizationId: org.id });
  await arrange(shell, 'people.create', { idNumber: idNumber('44200019920101444'), name: '赵敏', organizationId: org.id });
  await arrange(shell, 'supervision.createRelationship', { supervisorId: supervisor.id, personId: wang.id, form: 'group', startsOn: '2026-01-01' });

  // 规则设置: at most 2 督导对象 for a 中级督导 (off by default).
  await openScreen(page, '规则设置');
  const limits = page.getByRole('form', { name: '督导对象上限' });
  await limits.getByRole('textbox', { name: '中级督导' }).fill('2');
  await limits.getByRole('button', { name: '保存' }).click();
  await expect(limits.getByText('已保存督导对象上限')).toBeVisible();

  // The supervisor's 督导对象 tab: add 李华 by hand.
  await openScreen(page, '督导库');
  await page.getByRole('grid', { name: '督导库' }).getByRole('gridcell', { name: '陈督导' }).click();
  await page.getByRole('tab', { name: '督导对象' }).click();
  await expect(page.getByText('当前督导对象 1 名（中级督导上限 2 名）')).toBeVisible();
  await page.getByRole('button', { name: '添加督导对象' }).click();
  const addDialog = page.getByRole('dialog', { name: '添加督导对象' });
  await pickFromSearch(page, addDialog.getByRole('combobox', { name: /人员/ }), '李华', /李华/);
  await addDialog.getByRole('textbox', { name: '开始日期' }).fill('2026-01-01');
  await addDialog.getByRole('textbox', { name: '协议编号' }).fill('XY-2026-007');
  await addDialog.getByRole('button', { name: '保存' }).click();
  await expect(addDialog).toBeHidden();
  await expect(page.getByText('当前督导对象 2 名（中级督导上限 2 名）')).toBeVisible();
  await expect(
    page.getByRole('table', { name: '督导对象' }).getByRole('row', { name: /李华.*石岐家综.*个别督导.*2026-01-01.*XY-2026-007.*当前/ }),
  ).toBeVisible();
  await screenshot(page, '60-督导-督导对象');
  // A third is over the level's limit: refused, naming it.
  await page.getByRole('button', { name: '添加督导对象' }).click();
  await pickFromSearch(page, addDialog.getByRole('combobox', { name: /人员/ }), '赵敏', /赵敏/);
  await addDialog.getByRole('textbox', { name: '开始日期' }).fill('2026-01-01');
  await addDialog.getByRole('button', { name: '保存' }).click();
  await expect(addDialog.getByRole('alert')).toContainText('中级督导最多 2 名督导对象，陈督导目前已有 2 名');
  await screenshot(page, '60a-督导对象-超过上限');
  await addDialog.getByRole('button', { name: '取消' }).click();
  await expect(addDialog).toBeHidden();

  // A month of supervision in a sheet, kept by hand: a title row, the app's headings under other names, one row overlapping another.
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('11月');
  sheet.addRow(['2026 年 11 月 陈督导 督导工作记录']);
  sheet.addRow(['督导', '日期', '开始', '结束', '形式', '被督导者', '主题', '摘要']);
  sheet.addRow(['陈督导', '2026-11-03', '09:00', '11:00', '个别督导', '李华', '个案评估与介入计划', '评估表逐项讨论']);
  sheet.addRow(['陈督导', '2026-11-10', '14:00', '16:00', '团体督导', '李华、王芳', '小组工作设计', '']);
  sheet.addRow(['陈督导', '2026-11-17', '09:30', '11:30', '个别', '王芳', '危机个案', '']);
  sheet.addRow(['陈督导', '2026-11-10', '15:00', '16:30', '个别督导', '王芳', '重叠的一次', '']); // overlaps the 11-10 group supervision
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sws-xlsx-')), '2026年11月督导.xlsx');
  await wb.xlsx.writeFile(file);

  await openScreen(page, '督导工作记录');
  await page.getByRole('button', { name: '导入督导记录' }).click();
  const dialog = page.getByRole('dialog', { name: '导入督导记录' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: '选择 .xlsx 文件' }).click();
  await (await chooser).setFiles(file);
  await expect(
    dialog.getByText('共 4 行：将新增 3 条督导记录，0 行已导入过（不再导入），0 行与文件中前面的行相同（只导入一次），1 行不能导入。'),
  ).toBeVisible();
  const refused = dialog.getByRole('table', { name: '不能导入的行' }).getByRole('row', { name: /第 6 行/ });
  await expect(refused).toContainText('【开始】与第 4 行（2026-11-10 14:00–16:00）时间重叠');
  const commit = dialog.getByRole('button', { name: '导入 3 行' });
  await expect(commit).toBeDisabled(); // all or nothing, unless only the rows without errors are chosen
  await dialog.getByRole('checkbox', { name: /只导入无误的行/ }).check();
  await screenshot(page, '61-导入督导记录-预览');
  await commit.click();
  await expect(dialog.getByText('导入完成：共 4 行，新增 3 条督导记录，0 行已导入过，0 行重复未导入，1 行未导入。')).toBeVisible();
  await dialog.getByRole('button', { name: '关闭' }).click();
  const grid = page.getByRole('grid', { name: '督导工作记录' });
  await expect(grid.getByRole('row', { name: /2026-11-10 14:00–16:00.*陈督导.*2 小时.*团体督导.*王芳、李华.*小组工作设计/ })).toBeVisible();

  // By hand: an overlap with an imported supervision is refused with its reason; moved, it is saved.
  await page.getByRole('button', { name: '新增督导记录' }).click();
  const form = page.getByRole('dialog', { name: '新增督导记录' });
  await pickFromSearch(page, form.getByRole('combobox', { name: '督导', exact: true }), '陈督导', /陈督导/);
  await form.getByRole('textbox', { name: '开始时间' }).fill('2026-11-17 10:00');
  await form.getByRole('textbox', { name: '结束时间' }).fill('2026-11-17 11:00');
  await form.getByRole('textbox', { name: '督导主题' }).fill('机构督导：服务流程');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form.getByText('陈督导在该时段有督导记录「危机个案」（2026-11-17 09:30–11:30）')).toBeVisible();
  await screenshot(page, '62-督导记录-时间重叠');
  await form.getByRole('textbox', { name: '开始时间' }).fill('2026-11-24 10:00');
  await form.getByRole('textbox', { name: '结束时间' }).fill('2026-11-24 11:30');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toBeHidden();
  await expect(grid.getByRole('row', { name: /2026-11-24 10:00–11:30.*陈督导.*1 小时 30 分.*机构督导：服务流程/ })).toBeVisible();
  // A month at a time: November 2026 has the four, October none.
  await choose(page, page.getByRole('combobox', { name: '年度' }), '2026');
  await choose(page, page.getByRole('combobox', { name: '月份' }), '11 月');
  await expect(grid.getByRole('row')).toHaveCount(5); // the header and four records
  await screenshot(page, '63-督导工作记录');
  await choose(page, page.getByRole('combobox', { name: '月份' }), '10 月');
  await expect(grid.getByRole('row', { name: /陈督导/ })).toHaveCount(0);

  // The person's page: who supervises them now.
  await openScreen(page, '人员');
  await page.getByRole('grid', { name: '人员' }).getByRole('gridcell', { name: '李华' }).click();
  await page.getByRole('tab', { name: '接受督导' }).click();
  const now = page.getByRole('region', { name: '目前的督导' });
  await expect(now.getByRole('link', { name: '陈督导' })).toBeVisible();
  await expect(now).toContainText('（中级督导）· 个别督导 · 2026-01-01 起 · XY-2026-007');
  await screenshot(page, '64-人员-接受督导');
});
