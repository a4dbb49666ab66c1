import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { checkCharFor } from '../../core/idcard.ts';
import { arrange, choose, expect, openScreen, screenshot, test, type WebShell } from './fixtures.ts';

const idNumber = (seq: string) => `44200019800101${seq}` + checkCharFor(`44200019800101${seq}`);
const year = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));

/**
 * Three 中级督导 in 石岐街道 with 社会工作师 certificates registered past the year end and verified
 * external hours this year: 甲 30, 乙 20, 丙 30. The rules ask no unified training, so hours decide
 * (24 a year): 甲 and 丙 would pass, 乙 would pass with conditions.
 */
async function arrangeSupervisors(shell: WebShell) {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const town = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  const levels = await arrange<{ id: number; name: string }[]>(shell, 'supervisors.levels', {});
  const { courseCategories } = await arrange<{ courseCategories: { id: number }[] }>(shell, 'bases.lists', {});
  const rules = await arrange<{ body: { review: { byLevel: { levelId: number }[] } } }>(shell, 'rules.training', {});
  const body = structuredClone(rules.body);
  body.review.byLevel = body.review.byLevel.map((r) => ({ ...r, unifiedTrainings: 0, yearHours: 24 }));
  await arrange(shell, 'rules.saveTraining', { body, note: '本年度统一培训取消' });
  const ids: Record<string, { personId: number; supervisorId: number }> = {};
  for (const [seq, name, hours] of [
    ['301', '督导甲', 30],
    ['302', '督导乙', 20],
    ['303', '督导丙', 30],
  ] as const) {
    const person = await arrange<{ id: number }>(shell, 'people.create', {
      idNumber: idNumber(seq),
      name,
      regionId: town.id,
      practiceStart: '2010-01-01',
      phone: `1390000${seq}0`,
    });
    await arrange(shell, 'certificates.create', {
      personId: person.id,
      level: 'social_worker',
      number: `S${seq}`,
      issuedOn: `${year - 1}-01-01`,
      registrationValidUntil: `${year + 1}-12-31`,
    });
    const s = await arrange<{ id: number }>(shell, 'supervisors.appoint', {
      personId: person.id,
      levelId: levels.find((l) => l.name === '中级督导')!.id,
      regionId: town.id,
      appointedOn: `${year - 2}-01-01`,
      validUntil: `${year}-12-31`,
      overrideReason: '历史聘任',
    });
    const record = await arrange<{ id: number }>(shell, 'training.addExternal', {
      personId: person.id,
      categoryId: courseCategories[0]!.id,
      hours,
      earnedOn: `${year}-01-01`,
      provider: '广东省社会工作师联合会',
      note: '结业证书',
    });
    await arrange(shell, 'training.verifyExternal', { id: record.id });
    ids[name] = { personId: person.id, supervisorId: s.id };
  }
  return ids;
}

const tally = (page: Page, key: 'total' | 'pass' | 'conditional' | 'fail') => page.getByTestId(`tally-${key}`);

test('staff run the year: preview, a stricter threshold moves it, open, bulk-confirm passes, fail one with a reason, close, timeline and export', async ({
  app: page,
  shell,
}) => {
  test.slow();
  await arrangeSupervisors(shell);

  await openScreen(page, '年度再审核');
  await expect(page.getByText('尚未建立再审核年度。')).toBeVisible();
  await page.getByRole('button', { name: '新建年度' }).click();
  const create = page.getByRole('dialog', { name: '新建年度' });
  await expect(create.getByLabel(/^年度/)).toHaveValue(String(year));
  await create.getByRole('button', { name: '建立草稿' }).click();

  // The draft: a what-if under the current rules.
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`${year}年度督导资质再审核`) })).toBeVisible();
  await expect(tally(page, 'total')).toHaveText('3');
  await expect(tally(page, 'pass')).toHaveText('2');
  await expect(tally(page, 'conditional')).toHaveText('1');
  await screenshot(page, '40-再审核-预览');

  // A stricter threshold: 中级督导 need 25 hours a year; the numbers move.
  await page.getByRole('link', { name: '修改规则' }).click();
  const rules = page.getByRole('form', { name: '学时与再审核规则' });
  await rules.getByLabel('中级督导年度学时').fill('35');
  await expect(rules.getByText('中级督导：统一培训至少 0 次，年度学时至少 35')).toBeVisible();
  await rules.getByLabel('修订说明').fill('中级督导年度学时提高');
  await rules.getByRole('button', { name: '保存为新版本' }).click();
  await expect(rules.getByText(/已保存为第 3 版/)).toBeVisible();
  await screenshot(page, '41-规则-学时与再审核');
  await page.goBack();
  await expect(tally(page, 'pass')).toHaveText('0');
  await expect(tally(page, 'conditional')).toHaveText('3');
  await page.getByRole('link', { name: '修改规则' }).click();
  await rules.getByLabel('中级督导年度学时').fill('24');
  await rules.getByLabel('修订说明').fill('恢复');
  await rules.getByRole('button', { name: '保存为新版本' }).click();
  await expect(rules.getByText(/已保存为第 4 版/)).toBeVisible();
  await page.goBack();
  await expect(tally(page, 'pass')).toHaveText('2');

  // Open: rules frozen, one review each.
  await page.getByRole('button', { name: '开启审核' }).click();
  const opening = page.getByRole('dialog', { name: `开启${year}年度再审核？` });
  await expect(opening.getByText(/学时规则第 4 版将冻结/)).toBeVisible();
  await opening.getByRole('button', { name: '开启审核' }).click();
  // A job in a worker thread (core/recert/cycle-jobs.ts): the dialog shows its progress and closes when it is done.
  await expect(opening).toBeHidden({ timeout: 30_000 });
  const grid = page.getByRole('grid', { name: '审核名单' });
  await expect(grid.getByRole('row')).toHaveCount(4);
  await expect(grid.getByRole('row', { name: /督导乙/ })).toContainText(`${year}年计入 20 学时，要求 24，尚差 4`);

  // Bulk-confirm the passes.
  await choose(page, page.getByRole('combobox', { name: '系统建议' }), '通过');
  await expect(grid.getByRole('row')).toHaveCount(3);
  await grid.getByRole('checkbox', { name: /全选|Select all/ }).check();
  await page.getByRole('button', { name: '确认所选建议（2）' }).click();
  const confirm = page.getByRole('dialog', { name: '确认 2 名督导的系统建议' });
  await confirm.getByRole('button', { name: '确认' }).click();
  await expect(confirm).toBeHidden();
  await expect(grid.getByText('本年度没有在册督导').or(grid.getByText('没有符合条件的记录'))).toBeVisible();

  // Closing is refused while someone is undecided.
  await page.getByRole('button', { name: '结束审核' }).click();
  const closing = page.getByRole('dialog', { name: `结束${year}年度再审核？` });
  await closing.getByRole('button', { name: '结束审核' }).click();
  await expect(closing.getByText('还有 1 名督导尚未作出结论，全部确认后才能结束')).toBeVisible();
  await closing.getByRole('button', { name: '取消' }).click();

  // Decide 乙 one by one: 不通过 needs a reason.
  await choose(page, page.getByRole('combobox', { name: '系统建议' }), '有条件通过');
  await grid.getByRole('row', { name: /督导乙/ }).click();
  const review = page.getByRole('dialog', { name: `督导乙：${year}年度再审核` });
  await expect(review.getByText(`${year}年计入 20 学时，要求 24，尚差 4（可限期整改）`)).toBeVisible();
  await choose(page, review.getByRole('combobox', { name: '审核结论' }), '不通过');
  await review.getByRole('button', { name: '保存结论' }).click();
  await expect(review.getByText('结论为“不通过”时须填写理由')).toBeVisible();
  await review.getByLabel('结论理由').fill('年内未履行督导职责');
  await screenshot(page, '42-再审核-逐人决定');
  await review.getByRole('button', { name: '保存结论' }).click();
  await expect(review).toBeHidden();

  await page.getByRole('button', { name: '结束审核' }).click();
  await expect(closing.getByText('通过 2 人、有条件通过 0 人')).toBeVisible();
  await closing.getByRole('button', { name: '结束审核' }).click();
  await expect(closing).toBeHidden({ timeout: 30_000 });
  await expect(page.getByText(/结论已执行，本年度只读/)).toBeVisible();
  await screenshot(page, '43-再审核-已结束');

  // The results, exported and read back.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${year}年度督导资质再审核结果.xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await file.path());
  const sheet = workbook.worksheets[0]!;
  expect(sheet.getRow(1).getCell(11).value).toBe('系统建议');
  const rows = Object.fromEntries([2, 3, 4].map((r) => [sheet.getRow(r).getCell(1).value, sheet.getRow(r)]));
  expect(rows['督导乙']!.getCell(11).value).toBe('有条件通过');
  expect(rows['督导乙']!.getCell(13).value).toBe('不通过');
  expect(rows['督导乙']!.getCell(15).value).toBe('年内未履行督导职责');
  expect(rows['督导甲']!.getCell(13).value).toBe('通过');

  // 乙 is suspended, with the reason on the timeline; 甲's appointment runs to the end of next year.
  await openScreen(page, '督导库');
  await page
    .getByRole('grid')
    .getByRole('row', { name: /督导乙/ })
    .click();
  await expect(page.getByText('暂停').first()).toBeVisible();
  await page.getByRole('tab', { name: /督导记录/ }).click();
  await expect(page.getByText(`${year}年度资质再审核不通过：年内未履行督导职责`)).toBeVisible();
  await screenshot(page, '44-督导-再审核后时间线');
  // The event the closing wrote links to its cycle (「年度再审核 {year}」).
  await page.getByRole('link', { name: `年度再审核 ${year}` }).click();
  await expect(page.getByText(/结论已执行，本年度只读/)).toBeVisible();
});

test('compliance: a person’s periods and shortfall, the list filtered and exported, and who still needs what this year', async ({ app: page, shell }) => {
  const ids = await arrangeSupervisors(shell);

  await page.goto(`${shell.url.split('#')[0]}#/people/${ids['督导乙']!.personId}`);
  await page.getByRole('tab', { name: '学时达标' }).click();
  await expect(page.getByText(`登记期 ${year - 1}-01-01 至 ${year + 1}-12-31`).first()).toBeVisible();
  await expect(page.getByText(/计入 20 学时，要求 90，尚差 70/)).toBeVisible();
  await screenshot(page, '45-人员-学时达标');
  await page.getByRole('tab', { name: '培训学时' }).click();
  await expect(page.getByRole('grid').getByText(`计入登记期 ${year - 1}-01-01 至 ${year + 1}-12-31；计入近 5 年`)).toBeVisible();

  await openScreen(page, '学时达标');
  const grid = page.getByRole('grid', { name: '学时达标' });
  await expect(grid.getByRole('row')).toHaveCount(4);
  await choose(page, page.getByRole('combobox', { name: '是否达标' }), '未达标');
  await expect(grid.getByRole('row', { name: /督导乙/ })).toContainText('未达标');
  await screenshot(page, '46-学时达标名单');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await (await download).path());
  expect(workbook.worksheets[0]!.getRow(1).getCell(16).value).toBe('未达标说明');
  expect(workbook.worksheets[0]!.rowCount).toBe(4);

  await openScreen(page, '待完成事项');
  const outstanding = page.getByRole('grid', { name: '待完成事项' });
  await expect(outstanding.getByRole('row')).toHaveCount(2);
  await expect(outstanding.getByRole('row', { name: /督导乙/ })).toContainText(`${year}年计入 20 学时，要求 24，尚差 4`);
  await expect(outstanding.getByRole('row', { name: /督导乙/ })).toContainText('13900003020');

  // Bad rule values are refused, naming the field; nothing is saved.
  await openScreen(page, '规则设置');
  const rules = page.getByRole('form', { name: '学时与再审核规则' });
  await rules.getByLabel('滚动年限').fill('0');
  await rules.getByRole('button', { name: '保存为新版本' }).click();
  await expect(rules.getByText('滚动年限至少 1 年')).toBeVisible();
  await expect(rules.getByText(/当前为第 2 版/)).toBeVisible();
});
