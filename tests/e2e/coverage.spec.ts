import fs from 'node:fs';
import { checkCharFor } from '../../core/idcard.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { arrange, expect, navigateTo, screenshot, test, type WebShell } from './fixtures.ts';

const idNumber = (seq: string) => `44200019800101${seq}` + checkCharFor(`44200019800101${seq}`);

async function twoTowns(shell: WebShell) {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const shiqi = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  const huangpu = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000101', name: '黄圃镇', level: 'town', parentId: city.id });
  const levels = await arrange<{ id: number; name: string }[]>(shell, 'supervisors.levels', {});
  const level = (name: string) => levels.find((l) => l.name === name)!.id;
  let seq = 110;
  const person = async (regionId: number, name: string, certificate: string) => {
    const p = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber(String(++seq)), name, regionId, practiceStart: '2012-07-01' });
    await arrange(shell, 'certificates.create', { personId: p.id, level: certificate, number: `C${seq}`, issuedOn: '2014-06-20' });
    return p;
  };
  // 石岐街道 meets its quota (3 中级 + 2 初级); 黄圃镇 has one 初级 and nobody else.
  for (const [name, levelName] of [
    ['甲一', '中级督导'],
    ['甲二', '中级督导'],
    ['甲三', '中级督导'],
    ['甲四', '初级督导'],
    ['甲五', '初级督导'],
  ] as const) {
    const p = await person(shiqi.id, name, 'social_worker');
    await arrange(shell, 'supervisors.appoint', {
      personId: p.id,
      levelId: level(levelName),
      regionId: shiqi.id,
      appointedOn: '2020-03-01',
      validUntil: '2027-12-31',
      overrideReason: '历史聘任',
    });
  }
  const junior = await person(huangpu.id, '黄志明', 'assistant');
  await arrange(shell, 'supervisors.appoint', {
    personId: junior.id,
    levelId: level('初级督导'),
    regionId: huangpu.id,
    appointedOn: '2021-03-01',
    validUntil: '2027-12-31',
  });
  await person(huangpu.id, '麦嘉欣', 'assistant'); // meets 初级's conditions: the candidate
}

test('coverage shows the town short of quota first, with a candidate for its gap', async ({ app: page, shell }) => {
  await twoTowns(shell);
  await navigateTo(page, '镇区覆盖');
  await expect(page.getByRole('heading', { level: 1, name: '镇区督导覆盖' })).toBeVisible();
  await expect(page.getByText(/共 2 个镇区·街道，1 个未达定额，合计缺 4 名督导/)).toBeVisible();
  const rows = page.getByRole('table', { name: '镇区督导覆盖' }).getByRole('row');
  await expect(rows.nth(1)).toContainText('黄圃镇');
  await expect(rows.nth(1)).toContainText('−4');
  await expect(rows.nth(2)).toContainText('石岐街道');
  await expect(rows.nth(2)).toContainText('已达标');
  await screenshot(page, '18-镇区覆盖');

  // The page exports what it shows: the short town first, a column triple per level.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^镇区覆盖_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const sheet = await readFirstSheet(fs.readFileSync(await file.path()));
  expect(sheet.headers.slice(0, 3)).toEqual(['区划代码', '上级区划', '镇区']);
  expect(sheet.headers).toContain('初级督导缺口');
  const gap = sheet.headers.indexOf('合计缺口');
  expect(sheet.rows.map((r) => [r.values[2], r.values[gap]])).toEqual([
    ['黄圃镇', 4],
    ['石岐街道', 0],
  ]);

  await page.getByRole('button', { name: '查找黄圃镇初级督导人选' }).click();
  const dialog = page.getByRole('dialog', { name: '黄圃镇 · 初级督导补缺人选' });
  await expect(dialog.getByText('麦嘉欣')).toBeVisible();
  await expect(dialog.getByText('可聘任')).toBeVisible();
  await expect(dialog.getByText(/持有助理社会工作师证书/)).toBeVisible();
  await screenshot(page, '19-补缺人选');
  await dialog.getByRole('button', { name: '关闭' }).click();

  // Click through to the supervisors of that town.
  await page.getByRole('button', { name: '黄圃镇', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '督导库' })).toBeVisible();
  await expect(page.getByRole('row', { name: /黄志明/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /甲一/ })).toHaveCount(0);
});

test("a town's quota is adjusted; a bad value is refused", async ({ app: page, shell }) => {
  await twoTowns(shell);
  await navigateTo(page, '镇区覆盖');
  await page.getByRole('button', { name: '调整黄圃镇定额' }).click();
  const dialog = page.getByRole('dialog', { name: '调整「黄圃镇」的督导定额' });
  await dialog.getByRole('textbox', { name: '中级督导' }).fill('-2');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('定额不能为负数')).toBeVisible();
  await dialog.getByRole('textbox', { name: '中级督导' }).fill('0');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/1 个未达定额，合计缺 1 名督导/)).toBeVisible();
});
