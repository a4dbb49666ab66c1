import readXlsxFile from 'read-excel-file/node';
import { arrange, expect, login, logout, openScreen, screenshot, test, type WebShell } from './fixtures.ts';

const year = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));

async function arrangeBases(shell: WebShell) {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const org = await arrange<{ id: number }>(shell, 'organizations.create', { name: '中山市社会工作协会', kind: 'mass_organization' });
  const base = async (name: string) =>
    (
      await arrange<{ base: { id: number } }>(shell, 'bases.create', {
        name,
        organizationId: org.id,
        regionId: city.id,
        grade: 'ordinary',
        accreditationStatus: 'accredited',
        accreditedUntil: '2028-12-31',
      })
    ).base.id;
  const shiqi = await base('石岐社工实训基地');
  const east = await base('东区社工实训基地');
  await arrange(shell, 'users.create', { username: 'shiqi', displayName: '石岐协调员', role: 'coordinator', password: 'coordinator-2026', baseIds: [shiqi] });
  // 东区 was evaluated already: 82 points.
  const scores = [8, 8, 8, 8, 8, 8, 12, 8, 7, 7];
  await arrange(shell, 'evaluations.saveSelf', { baseId: east, year, scores, evidence: scores.map(() => null), submit: true });
  await arrange(shell, 'evaluations.review', { baseId: east, year, scores, evidence: scores.map(() => null), complete: true });
  return { shiqi, east };
}

test('a coordinator self-assesses; staff review with evidence, see the grade and the ranking, and make the base a 示范基地', async ({ app: page, shell }) => {
  test.slow();
  await arrangeBases(shell);

  // The coordinator scores their own base and submits.
  await logout(page);
  await login(page, 'shiqi', 'coordinator-2026');
  await openScreen(page, '基地');
  await page.getByRole('gridcell', { name: '石岐社工实训基地' }).click();
  await page.getByRole('tab', { name: '评估' }).click();
  await expect(page.getByText(`${year} 年系统记录`)).toBeVisible();
  const self = [10, 9, 9, 9, 9, 9, 14, 9, 8, 7]; // 93
  const items = ['场地与教室', '设备与资料', '导师数量与结构', '导师资质', '课程体系', '课程更新', '培训人次与学时', '出勤与反馈', '制度与档案', '信息报送'];
  for (const [i, item] of items.entries()) await page.getByRole('textbox', { name: new RegExp(`^自评：.*/ ${item}$`) }).fill(String(self[i]));
  await page.getByRole('textbox', { name: /^评分依据：.*场地与教室$/ }).fill('两间培训室共 120 座');
  await page.getByRole('button', { name: '提交自评' }).click();
  await page
    .getByRole('dialog', { name: `提交${year}年度自评？` })
    .getByRole('button', { name: '提交自评' })
    .click();
  await expect(page.getByText('自评已提交，等待协会评审')).toBeVisible();
  await expect(page.getByText('自评 93 分')).toBeVisible();
  await screenshot(page, '50-基地评估-自评');
  // They may not review.
  await expect(page.getByRole('button', { name: '完成评审' })).toHaveCount(0);

  // Staff review from the ranking.
  await logout(page);
  await login(page, 'admin', 'shegong-Dudao-26');
  await openScreen(page, '基地评估');
  const ranking = page.getByRole('table', { name: '年度排名' });
  await expect(ranking.getByRole('row', { name: /东区社工实训基地/ })).toContainText('82');
  await expect(ranking.getByRole('row', { name: /石岐社工实训基地/ })).toContainText('待评审');
  await ranking.getByRole('row', { name: /石岐社工实训基地/ }).click();
  await expect(page.getByText('自评 93 分')).toBeVisible();
  const review = [9, 8, 8, 9, 8, 7, 13, 9, 8, 6]; // 85
  for (const [i, item] of items.entries()) await page.getByRole('textbox', { name: new RegExp(`^评审：.*/ ${item}$`) }).fill(String(i === 6 ? 16 : review[i]));
  await page.getByRole('button', { name: '完成评审' }).click();
  await page
    .getByRole('dialog', { name: `完成${year}年度评审？` })
    .getByRole('button', { name: '完成评审' })
    .click();
  await expect(page.getByRole('dialog').getByText('「培训成效 / 培训人次与学时」的得分 16 超过满分 15')).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
  await page.getByRole('textbox', { name: /^评审：.*培训人次与学时$/ }).fill('13');
  await page.getByRole('button', { name: '完成评审' }).click();
  await page
    .getByRole('dialog', { name: `完成${year}年度评审？` })
    .getByRole('button', { name: '完成评审' })
    .click();
  await expect(page.getByText('评审 85 分')).toBeVisible();
  await expect(page.getByText('良好').first()).toBeVisible();
  await screenshot(page, '51-基地评估-评审');

  // The result: a 示范基地, recorded with its reason.
  await page.getByRole('button', { name: '据此调整基地' }).click();
  const apply = page.getByRole('dialog', { name: '据此调整基地' });
  await apply.getByRole('radio', { name: '设为示范基地' }).check();
  await apply.getByRole('button', { name: '确认并记录' }).click();
  await expect(apply.getByText(/请填写理由/)).toBeVisible();
  await apply.getByRole('textbox', { name: '理由' }).fill('评估良好，培训量居全市前列');
  await apply.getByRole('button', { name: '确认并记录' }).click();
  await expect(apply).toBeHidden();
  await expect(page.getByText(`${year}年度评估 85 分（良好）：设为示范基地`)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 }).getByText('示范基地')).toBeVisible();

  await openScreen(page, '基地评估');
  await expect(ranking.getByRole('row').nth(1)).toContainText('石岐社工实训基地');
  await expect(ranking.getByRole('row').nth(1)).toContainText('85');
  await expect(ranking.getByRole('row').nth(2)).toContainText('东区社工实训基地');
  await screenshot(page, '52-基地评估-排名');
  const rankingFile = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const exported = await rankingFile;
  expect(exported.suggestedFilename()).toBe(`基地评估排名_${year}年.xlsx`);
  const [rankingSheet] = await readXlsxFile(await exported.path());
  expect(rankingSheet!.data.slice(1).map((r) => [r[0], r[1], r[6]])).toEqual([
    [1, '石岐社工实训基地', 85],
    [2, '东区社工实训基地', 82],
  ]);

  // The year's audit workbook, from the UI, read back by a reader other than ExcelJS.
  await openScreen(page, '年度审计报表');
  await expect(page.getByRole('list', { name: '工作表' }).getByRole('listitem')).toHaveCount(8);
  await screenshot(page, '53-年度审计报表');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '生成年度审计报表' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^${year}年度审计报表_\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
  const sheets = new Map((await readXlsxFile(await file.path())).map((s) => [s.sheet, s.data]));
  expect([...sheets.keys()]).toEqual(['概览', '督导名册', '督导工作', '年度再审核结果', '培训学时', '基地与课程', '基地评估', '镇区覆盖', '操作记录摘要']);
  expect(
    sheets
      .get('基地评估')!
      .slice(1)
      .map((r) => [r[0], r[1], r[6], r[7]]),
  ).toEqual([
    [1, '石岐社工实训基地', 85, '良好'],
    [2, '东区社工实训基地', 82, '良好'],
  ]);
  expect(sheets.get('年度再审核结果')![1]![0]).toBe(`${year}年度尚未开启再审核`);
  expect(new Map(sheets.get('概览')!.map((r) => [r[0], r[1]])).get('示范基地')).toBe(1);
});

test('an admin versions the evaluation template; thresholds out of order are refused', async ({ app: page }) => {
  await openScreen(page, '基地评估');
  await page.getByRole('tab', { name: '评估模板' }).click();
  const editor = page.getByLabel('评估模板');
  await expect(editor.getByText(/当前为第 1 版.*满分合计 100/)).toBeVisible();
  await editor.getByRole('textbox', { name: '优秀分数线' }).fill('70');
  await editor.getByRole('button', { name: '保存为新版本' }).click();
  await expect(editor.getByText(/分数线应为 优秀 > 良好 > 合格/)).toBeVisible();
  await editor.getByRole('textbox', { name: '优秀分数线' }).fill('92');
  await editor.getByRole('button', { name: '添加二级指标' }).first().click();
  await editor.getByRole('textbox', { name: '二级指标' }).nth(2).fill('无障碍设施');
  await editor.getByRole('textbox', { name: '满分' }).nth(2).fill('5');
  await editor.getByRole('textbox', { name: '修订说明' }).fill('增加无障碍设施，优秀线提高');
  await editor.getByRole('button', { name: '保存为新版本' }).click();
  await expect(editor.getByText('已保存为第 2 版。已开始的评估仍按原版本。')).toBeVisible();
  await expect(editor.getByText(/当前为第 2 版.*满分合计 105/)).toBeVisible();
  await screenshot(page, '54-评估模板');
});
