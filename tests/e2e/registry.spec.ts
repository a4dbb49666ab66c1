import { checkCharFor } from '../../core/idcard.ts';
import { choose, expect, openScreen, screenshot, test } from './fixtures.ts';

/** A 身份证号 with a correct check digit, and the same number with a wrong one. */
const FIRST_17 = '44200019850315123';
const VALID_ID = FIRST_17 + checkCharFor(FIRST_17);
const WRONG_ID = FIRST_17 + (checkCharFor(FIRST_17) === '0' ? '1' : '0');

test('a user builds the registry: region, organization, person, certificate, supervisor', async ({ app: page }) => {
  // The app opens on 工作台; the supervisor registry, empty, says what to do next.
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
  await openScreen(page, '督导库');
  await expect(page.getByText('督导库为空')).toBeVisible();
  await screenshot(page, '01-督导库-空');

  // 行政区划: the city, then a street under it.
  await openScreen(page, '行政区划');
  await page.getByRole('button', { name: '新增区划' }).click();
  const regionDialog = page.getByRole('dialog', { name: '新增区划' });
  await regionDialog.getByRole('textbox', { name: '名称' }).fill('中山市');
  await regionDialog.getByRole('textbox', { name: '区划代码' }).fill('442000');
  await choose(page, regionDialog.getByRole('combobox', { name: '层级' }), '市');
  await regionDialog.getByRole('button', { name: '保存' }).click();
  await expect(regionDialog).toBeHidden();
  await expect(page.getByRole('gridcell', { name: '中山市' })).toBeVisible();

  await page.getByRole('button', { name: '新增区划' }).click();
  await regionDialog.getByRole('textbox', { name: '名称' }).fill('石岐街道');
  await regionDialog.getByRole('textbox', { name: '区划代码' }).fill('442000001');
  await regionDialog.getByRole('combobox', { name: '上级区划' }).fill('中山');
  await page.getByRole('option', { name: '中山市' }).click();
  await page.keyboard.press('Enter'); // Enter saves
  await expect(regionDialog).toBeHidden();
  await expect(page.getByRole('gridcell', { name: '石岐街道' })).toBeVisible();
  await screenshot(page, '02-行政区划');

  // 机构
  await openScreen(page, '机构');
  await page.getByRole('button', { name: '新增机构' }).click();
  const orgDialog = page.getByRole('dialog', { name: '新增机构' });
  await orgDialog.getByRole('textbox', { name: '机构名称' }).fill('中山市启航社会工作服务中心');
  await orgDialog.getByRole('combobox', { name: '所在区划' }).fill('石岐');
  await page.getByRole('option', { name: '中山市 / 石岐街道' }).click();
  await orgDialog.getByRole('textbox', { name: '联系电话' }).fill('0760-88881234');
  await orgDialog.getByRole('button', { name: '保存' }).click();
  await expect(orgDialog).toBeHidden();
  await expect(page.getByRole('gridcell', { name: '中山市启航社会工作服务中心' })).toBeVisible();
  await screenshot(page, '03-机构');

  // 人员: a wrong check digit is refused under the field, and nothing is saved.
  await openScreen(page, '人员');
  await page.getByRole('button', { name: '新增人员' }).click();
  const personDialog = page.getByRole('dialog', { name: '新增人员' });
  await personDialog.getByRole('textbox', { name: '姓名' }).fill('陈晓明');
  await personDialog.getByRole('textbox', { name: '身份证号' }).fill(WRONG_ID);
  await personDialog.getByRole('button', { name: '保存' }).click();
  await expect(personDialog.getByText('身份证号校验位不正确，请逐位核对')).toBeVisible();
  await expect(personDialog.getByRole('textbox', { name: '身份证号' })).toHaveAttribute('aria-invalid', 'true');
  await screenshot(page, '04-人员-身份证号校验位错误');
  await page.keyboard.press('Escape');
  await expect(personDialog).toBeHidden();
  await expect(page.getByText('尚无人员')).toBeVisible();

  // …and a valid one is saved, with birth date and sex derived from it.
  await page.getByRole('button', { name: '新增人员' }).click();
  await expect(personDialog.getByRole('textbox', { name: '姓名' })).toHaveValue('');
  await personDialog.getByRole('textbox', { name: '姓名' }).fill('陈晓明');
  await personDialog.getByRole('textbox', { name: '身份证号' }).fill(VALID_ID);
  await expect(personDialog.getByText('出生日期 1985-03-15 · 男')).toBeVisible();
  await personDialog.getByRole('textbox', { name: '手机号码' }).fill('138 0013 8000'); // as pasted from a contact card
  await personDialog.getByRole('combobox', { name: '所在机构' }).fill('启航');
  await page.getByRole('option', { name: '中山市启航社会工作服务中心' }).click();
  await personDialog.getByRole('combobox', { name: '所在区划' }).fill('石岐');
  await page.getByRole('option', { name: '中山市 / 石岐街道' }).click();
  await personDialog.getByRole('textbox', { name: '从业起始日期' }).fill('2010/7/1');
  await personDialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '陈晓明' })).toBeVisible();
  await expect(page.getByText('2010-07-01')).toBeVisible();
  await expect(page.getByText(VALID_ID)).toBeVisible();
  await expect(page.getByText('13800138000')).toBeVisible();
  await screenshot(page, '05-人员详情');

  // 证书
  await page.getByRole('tab', { name: /证书/ }).click();
  await page.getByRole('button', { name: '新增证书' }).click();
  const certDialog = page.getByRole('dialog', { name: '新增证书' });
  await choose(page, certDialog.getByRole('combobox', { name: '证书等级' }), '社会工作师');
  await certDialog.getByRole('textbox', { name: '证书编号' }).fill('ZS2015440001');
  await certDialog.getByRole('textbox', { name: '发证日期' }).fill('2015-06-20');
  await certDialog.getByRole('textbox', { name: '登记有效期至' }).fill('2027-06-19');
  await certDialog.getByRole('button', { name: '保存' }).click();
  await expect(certDialog).toBeHidden();
  await expect(page.getByRole('cell', { name: 'ZS2015440001', exact: true })).toBeVisible();
  await screenshot(page, '06-人员证书');

  // 聘任为初级督导
  await page.getByRole('tab', { name: '督导记录' }).click();
  await page.getByRole('button', { name: '聘任为督导' }).click();
  const appointDialog = page.getByRole('dialog', { name: '聘任「陈晓明」为督导' });
  await choose(page, appointDialog.getByRole('combobox', { name: '督导等级' }), '初级督导');
  await expect(appointDialog.getByRole('combobox', { name: '服务区划' })).toHaveValue('中山市 / 石岐街道');
  await appointDialog.getByRole('button', { name: '保存' }).click();
  await expect(appointDialog).toBeHidden();
  await expect(page.getByText('初级督导 · 在册')).toBeVisible();

  // Find them in 督导库 by a name fragment and open the detail page.
  await openScreen(page, '督导库');
  await page.getByRole('textbox', { name: '姓名、拼音或首字母、身份证号、手机号' }).fill('晓明');
  const row = page.getByRole('row', { name: /陈晓明/ });
  await expect(row).toBeVisible();
  await expect(page.getByRole('gridcell', { name: '初级督导' })).toBeVisible();
  await screenshot(page, '07-督导库-搜索');
  await row.click();
  await expect(page.getByRole('heading', { level: 1, name: /陈晓明/ })).toBeVisible();
  await page.getByRole('tab', { name: /督导记录/ }).click();
  await expect(page.getByText(/聘任/).first()).toBeVisible();
  await screenshot(page, '08-督导详情-记录');

  // …and by the pinyin initials of the name, as Chinese users type.
  await openScreen(page, '督导库');
  await page.getByRole('textbox', { name: '姓名、拼音或首字母、身份证号、手机号' }).fill('cxm');
  await expect(page.getByRole('row', { name: /陈晓明/ })).toBeVisible();
  await openScreen(page, '人员');
  await page.getByRole('textbox', { name: '姓名、拼音或首字母、身份证号、手机号' }).fill('chenxiao');
  await expect(page.getByRole('row', { name: /陈晓明/ })).toBeVisible();

  // A search that matches nobody says so.
  await openScreen(page, '督导库');
  await page.getByRole('textbox', { name: '姓名、拼音或首字母、身份证号、手机号' }).fill('不存在的人');
  await expect(page.getByText('没有符合条件的记录')).toBeVisible();
});

test('the interface switches to English and back', async ({ app: page }) => {
  await openScreen(page, '督导库');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Supervisors' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'People' })).toBeVisible();
  await screenshot(page, '09-english');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '督导库' })).toBeVisible();
});

test('a call without the session token is refused with 401', async ({ shell, request }) => {
  const origin = new URL(shell.url).origin;
  const response = await request.post(`${origin}/api/people.list`, { data: {} });
  expect(response.status()).toBe(401);
});
