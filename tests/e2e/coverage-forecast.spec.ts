import fs from 'node:fs';
import { checkCharFor } from '../../core/idcard.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { arrange, expect, navigateTo, screenshot, test, type WebShell } from './fixtures.ts';

const idNumber = (seq: number) => `44200019800101${seq}` + checkCharFor(`44200019800101${seq}`);

/** Today in the app's time zone, and the first day of the month `k` months later (the forecast's columns). */
function monthAhead(k: number): { label: string; dayBefore: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const [y, m] = today.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 + k, 1));
  const dayBefore = new Date(first.getTime() - 86_400_000);
  return { label: first.toISOString().slice(0, 7), dayBefore: dayBefore.toISOString().slice(0, 10) };
}

/** 石岐街道 at quota (3 中级, and 3 初级 for 2): 陈有效's appointment ends the day before the month three months on. */
async function townLosingASupervisor(shell: WebShell, validUntil: string) {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const town = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  const levels = await arrange<{ id: number; name: string }[]>(shell, 'supervisors.levels', {});
  const level = (name: string) => levels.find((l) => l.name === name)!.id;
  let seq = 300;
  for (const [name, levelName, until] of [
    ['陈有效', '中级督导', validUntil],
    ['甲二', '中级督导', '2031-12-31'],
    ['甲三', '中级督导', '2031-12-31'],
    ['甲四', '初级督导', '2031-12-31'],
    ['甲五', '初级督导', '2031-12-31'],
    ['甲六', '初级督导', '2031-12-31'],
  ] as const) {
    const p = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber(++seq), name, regionId: town.id, practiceStart: '2008-07-01' });
    await arrange(shell, 'certificates.create', {
      personId: p.id,
      level: 'social_worker',
      number: `F${seq}`,
      issuedOn: '2012-06-20',
      registrationValidUntil: '2035-06-19',
    });
    await arrange(shell, 'supervisors.appoint', {
      personId: p.id,
      levelId: level(levelName),
      regionId: town.id,
      appointedOn: '2016-03-01',
      validUntil: until,
      overrideReason: '历史聘任',
    });
  }
}

test('staff see a town’s forecast drop with its reason, try a promotion what-if that closes it, and export', async ({ app: page, shell }) => {
  const drop = monthAhead(3);
  await townLosingASupervisor(shell, drop.dayBefore);
  await navigateTo(page, '镇区覆盖');
  await page.getByRole('tab', { name: '未来 12/24/36 个月' }).click();
  const table = page.getByRole('table', { name: '镇区覆盖预测' });
  const row = table.getByRole('row').filter({ hasText: '石岐街道' }).first();
  await expect(row).toContainText(drop.label);
  await expect(page.getByText(/未来 12 个月内，1 \/ 1 个镇区·街道将低于定额（目前 0 个）/)).toBeVisible();
  await expect(row.getByRole('cell', { name: `石岐街道 ${drop.label}：在册 5 / 定额 5，缺 1` })).toBeVisible();

  // Why: who leaves, when, for what reason.
  await page.getByRole('button', { name: '展开石岐街道' }).click();
  const detail = page.getByRole('region', { name: '石岐街道：各等级逐月在册 / 定额' });
  await expect(detail.getByText(`${drop.label}首次低于定额，原因：`)).toBeVisible();
  await expect(detail.getByText(`陈有效（中级督导）：聘任有效期至 ${drop.dayBefore}，届满未续聘`)).toBeVisible();
  await screenshot(page, '19a-镇区覆盖预测');

  // What if 甲四 were promoted this month? Nothing is saved; the drop disappears.
  await detail.getByRole('button', { name: '为石岐街道假设补缺' }).click();
  const dialog = page.getByRole('dialog', { name: '石岐街道 · 假设补缺' });
  await expect(dialog.getByRole('combobox', { name: '补缺等级' })).toHaveText('中级督导');
  await dialog.getByRole('radio', { name: /晋升 甲四/ }).check();
  await screenshot(page, '19b-假设补缺');
  await dialog.getByRole('button', { name: '加入假设' }).click();
  await expect(dialog).toBeHidden();
  const whatIfs = page.getByRole('region', { name: '假设（不保存）' });
  await expect(whatIfs.getByText('假设「甲四」本月起由初级督导晋升为中级督导')).toBeVisible();
  await expect(row).toContainText('不低于定额');
  await expect(row).toContainText(`原 ${drop.label}`);
  await expect(row.getByRole('cell', { name: `石岐街道 ${drop.label}：在册 5 / 定额 5（假设改变）` })).toBeVisible();
  await expect(page.getByText(/按假设：0 个镇区将低于定额（不作假设时 1 个）/)).toBeVisible();
  await expect(detail.getByText('当前 加入：甲四（中级督导）假设「甲四」本月起由初级督导晋升为中级督导')).toBeVisible();
  await screenshot(page, '19c-镇区覆盖预测-假设晋升');

  // The export is what is shown: the what-if applied, a row per level and the town's total, a column per month.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^镇区覆盖预测_12个月_含假设_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const sheet = await readFirstSheet(fs.readFileSync(await file.path()));
  expect(sheet.headers.slice(0, 5)).toEqual(['区划代码', '上级区划', '镇区', '督导等级', '定额']);
  expect(sheet.headers).toContain(drop.label);
  expect(sheet.headers.slice(-2)).toEqual(['首次低于定额', '原因']);
  const at = sheet.headers.indexOf(drop.label);
  const cells = (levelName: string) => sheet.rows.find((r) => r.values[2] === '石岐街道' && r.values[3] === levelName)!.values;
  expect([cells('中级督导')[4], cells('中级督导')[at]]).toEqual([3, 3]);
  expect([cells('初级督导')[4], cells('初级督导')[at]]).toEqual([2, 2]);
  expect(cells('合计')[sheet.headers.indexOf('首次低于定额')] ?? null).toBeNull(); // not short with the what-if

  // 清除假设: the forecast as it stands again; the register never changed.
  await whatIfs.getByRole('button', { name: '清除假设' }).click();
  await expect(row).toContainText(drop.label);
  await expect(row).not.toContainText('原 ');
  await page.getByRole('tab', { name: '当前覆盖' }).click();
  await expect(page.getByRole('table', { name: '镇区督导覆盖' }).getByRole('row').nth(1)).toContainText('已达标');
});
