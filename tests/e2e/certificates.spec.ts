import { checkCharFor } from '../../core/idcard.ts';
import { arrange, choose, expect, navigateTo, openScreen, screenshot, test } from './fixtures.ts';

const idNumber = (seq: string) => `44200019800101${seq}` + checkCharFor(`44200019800101${seq}`);
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE');

test('registrations due: window open, expired, computed end dates and the rule behind them', async ({ app: page, shell }) => {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const town = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  const add = async (seq: string, name: string, until: string) => {
    const p = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber(seq), name, regionId: town.id, phone: '13800138000' });
    await arrange(shell, 'certificates.create', {
      personId: p.id,
      level: 'assistant',
      number: `ZL${seq}`,
      issuedOn: '2012-06-20',
      registrationValidUntil: until,
    });
    return p;
  };
  await add('111', '何嘉怡', daysFromNow(30)); // window open
  await add('113', '罗志强', daysFromNow(-10)); // expired
  const later = await add('115', '潘晓彤', daysFromNow(400)); // not yet due

  await navigateTo(page, '证书');
  await expect(page.getByRole('heading', { level: 1, name: '证书登记到期' })).toBeVisible();
  await expect(page.getByText(/依据：民发〔2009〕44号：登记有效期 3 年，期满前 3 个月内可申请再登记/)).toBeVisible();
  await expect(page.getByRole('row', { name: /何嘉怡/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /罗志强|潘晓彤/ })).toHaveCount(0);
  await screenshot(page, '15-证书-再登记窗口期');
  await page.getByRole('tab', { name: '登记已过期' }).click();
  await expect(page.getByRole('row', { name: /罗志强/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /何嘉怡/ })).toHaveCount(0);

  // A certificate entered without an end date gets one computed, labelled as such.
  await page.goto(`${new URL(shell.url).origin}/#/people/${later.id}`);
  await page.getByRole('tab', { name: /证书/ }).click();
  await page.getByRole('button', { name: '新增证书' }).click();
  const dialog = page.getByRole('dialog', { name: '新增证书' });
  await choose(page, dialog.getByRole('combobox', { name: '证书等级' }), '社会工作师');
  await dialog.getByRole('textbox', { name: '证书编号' }).fill('ZS2024001');
  await dialog.getByRole('textbox', { name: '发证日期' }).fill('2024-02-29');
  await expect(dialog.getByText('留空则按登记规则由发证日期推算')).toBeVisible();
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: /ZS2024001/ });
  await expect(row).toContainText('2027-02-28');
  await expect(row).toContainText('按规则由发证日期推算');
  await expect(row).toContainText('2026-11-29 至 2027-02-28');
  await screenshot(page, '16-证书-推算登记有效期');
});

test('an admin changes the registration rule; a bad value is refused under its field', async ({ app: page }) => {
  await openScreen(page, '规则设置');
  await expect(page.getByText('现行规则：民发〔2009〕44号：登记有效期 3 年，期满前 3 个月内可申请再登记')).toBeVisible();
  // The page holds several rule forms, each with its own 保存.
  const registration = page.locator('form').filter({ has: page.getByRole('textbox', { name: '再登记窗口（月）' }) });
  await registration.getByRole('textbox', { name: '再登记窗口（月）' }).fill('0');
  await registration.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('再登记窗口至少 1 个月')).toBeVisible();
  await registration.getByRole('textbox', { name: '再登记窗口（月）' }).fill('6');
  await registration.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('现行规则：民发〔2009〕44号：登记有效期 3 年，期满前 6 个月内可申请再登记')).toBeVisible();
  await screenshot(page, '17-规则设置');
});
