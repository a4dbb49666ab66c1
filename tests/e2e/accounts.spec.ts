import ExcelJS from 'exceljs';
import { ADMIN, callApi, expect, login, logout, openScreen, screenshot, test } from './fixtures.ts';

const ID_NUMBER = '44200019900101123X'.slice(0, 17);
/** A valid 身份证号 (GB 11643 check character computed here to keep the test self-contained). */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

test('first-run setup, log out; wrong passwords lock the account without saying so, and a second administrator lifts the lock', async ({ app: page }) => {
  await expect(page.getByRole('button', { name: `${ADMIN.displayName}（管理员）` })).toBeVisible();
  await screenshot(page, '20-signed-in-admin');
  expect((await callApi(page, 'users.create', { username: 'admin2', displayName: '管理员乙', role: 'admin', password: 'second-admin-77' })).ok).toBe(true);
  await logout(page);
  await screenshot(page, '21-login');
  const tryLogin = async (username: string, password: string) => {
    const answered = page.waitForResponse((r) => r.url().includes('/api/auth.login'));
    await login(page, username, password);
    await answered;
  };
  // The same answer for an unknown name and for each wrong password: nothing about the account is told.
  await tryLogin('nobody', 'wrong-password');
  await expect(page.getByText('用户名或密码不正确', { exact: true })).toBeVisible();
  for (let i = 1; i <= 5; i++) {
    await tryLogin(ADMIN.username, 'wrong-password');
    await expect(page.getByText('用户名或密码不正确', { exact: true })).toBeVisible();
  }
  // Only the right password learns that the account is locked, and until when.
  await tryLogin(ADMIN.username, ADMIN.password);
  await expect(page.getByText(/密码连续错误 5 次，账号已锁定至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}，请届时再试或请管理员解除锁定/)).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await screenshot(page, '22-locked');

  // The second administrator lifts the lock in 系统 → 用户.
  await tryLogin('admin2', 'second-admin-77');
  await openScreen(page, '用户');
  await page.getByRole('gridcell', { name: ADMIN.displayName }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(/该账号因密码连续错误被锁定至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/)).toBeVisible();
  await dialog.getByRole('button', { name: '解除锁定' }).click();
  await expect(dialog).toHaveCount(0);
  await page.getByRole('gridcell', { name: ADMIN.displayName }).click();
  await expect(page.getByRole('dialog').getByRole('button', { name: '解除锁定' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await logout(page);
  await tryLogin(ADMIN.username, ADMIN.password);
  await expect(page.getByRole('navigation')).toBeVisible();
});

test('an auditor reads masked data, sees no write buttons, and a forced save is refused', async ({ app: page }) => {
  const id = idNumber(ID_NUMBER);
  expect((await callApi(page, 'people.create', { idNumber: id, name: '张三', phone: '13800138000' })).ok).toBe(true);
  // The administrator opens an auditor account on 系统 → 用户.
  await openScreen(page, '用户');
  await page.getByRole('button', { name: '新增用户' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^用户名/).fill('audit1');
  await dialog.getByLabel(/^姓名/).fill('审计员丙');
  await dialog.getByLabel(/^角色/).click();
  await page.getByRole('option', { name: '审计' }).click();
  // A weak password is refused in the form, naming the rule it breaks.
  for (const [weak, rule] of [
    ['short', '初始密码至少 10 位'],
    ['qwertyuiop', '初始密码需包含字母、数字、符号中的至少两类'],
    ['woaini1314', '初始密码过于常见（在常用密码清单中），请换一个'],
    ['audit1-2026', '初始密码不能是用户名，也不能包含用户名'],
  ] as const) {
    await dialog.getByLabel(/^初始密码/).fill(weak);
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog.getByText(rule)).toBeVisible();
  }
  await dialog.getByLabel(/^初始密码/).fill('audit-pass-1');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('gridcell', { name: '审计员丙' })).toBeVisible();
  await screenshot(page, '23-users');
  await logout(page);

  await login(page, 'audit1', 'audit-pass-1');
  await expect(page.getByRole('button', { name: '审计员丙（审计）' })).toBeVisible();
  await openScreen(page, '人员');
  await expect(page.getByRole('gridcell', { name: '张三' })).toBeVisible();
  await expect(page.getByText(`${id.slice(0, 4)}**********${id.slice(14)}`)).toBeVisible();
  await expect(page.getByText('*******8000')).toBeVisible();
  await expect(page.getByText(id)).toHaveCount(0);
  await expect(page.getByRole('button', { name: '新增人员' })).toHaveCount(0);
  await page.getByRole('gridcell', { name: '张三' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '张三' })).toBeVisible();
  await expect(page.getByRole('button', { name: '修改人员' })).toHaveCount(0);
  await page.getByRole('tab', { name: '操作记录' }).click();
  await expect(page.getByRole('gridcell', { name: '新增人员', exact: true })).toBeVisible();
  await screenshot(page, '24-auditor-person-history');
  // Admin-only screens are not offered; a forced call is refused by core anyway.
  await expect(page.getByRole('link', { name: '用户' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '备份' })).toHaveCount(0);
  const forced = await callApi(page, 'people.create', { idNumber: idNumber('44200019910101123'), name: '李四' });
  expect(forced).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await callApi(page, 'backup.create', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

test('the audit log shows changes and its integrity check says 完整', async ({ app: page }) => {
  await callApi(page, 'people.create', { idNumber: idNumber(ID_NUMBER), name: '张三' });
  await openScreen(page, '操作日志');
  await expect(page.getByRole('gridcell', { name: '新增人员', exact: true })).toBeVisible();
  await page.getByRole('button', { name: '校验日志完整性' }).click();
  await expect(page.getByText(/日志完整：共 \d+ 条记录/)).toBeVisible();
  await page.getByLabel('开始日期').fill('2000-01-01');
  await expect(page.getByRole('gridcell', { name: '新增人员', exact: true })).toBeVisible();
  await screenshot(page, '25-audit-log');
  // The log exports as it is filtered, to .xlsx.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^操作日志_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await file.path());
  const sheet = workbook.worksheets[0]!;
  expect(sheet.getRow(1).values).toEqual([
    undefined,
    '序号',
    '时间（Asia/Shanghai）',
    '操作人',
    '操作',
    '数据类型',
    '记录号',
    '动作',
    '修改前',
    '修改后',
    '校验值',
  ]);
  const operations = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2).getCell(4).value);
  expect(operations).toContain('新增人员'); // the operation's title, not its code
});

test('backup, then restore from the UI brings the data back as it was', async ({ app: page }) => {
  await callApi(page, 'people.create', { idNumber: idNumber(ID_NUMBER), name: '备份前的人' });
  await openScreen(page, '备份');
  await page.getByRole('button', { name: '立即备份' }).click();
  await expect(page.getByText(/^已备份：manual-/)).toBeVisible();
  await callApi(page, 'people.create', { idNumber: idNumber('44200019910101123'), name: '备份后的人' });
  await openScreen(page, '人员');
  await expect(page.getByRole('gridcell', { name: '备份后的人' })).toBeVisible();

  await openScreen(page, '备份');
  const row = page.getByRole('row').filter({ hasText: '手动' });
  await row.getByRole('button', { name: '检查' }).click();
  await expect(page.getByText(/完好，可用于恢复/)).toBeVisible();
  await screenshot(page, '26-backups');
  await row.getByRole('button', { name: '恢复' }).click();
  await expect(page.getByRole('dialog')).toContainText('恢复前会先检查该备份');
  await page.getByRole('dialog').getByRole('button', { name: '恢复' }).click();

  // The app reloads on the restored database; the administrator stays signed in and reads what the restore did.
  await expect(
    page.getByText(
      /^已先让其他所有用户退出登录（0 个登录会话），再从备份「manual-.*」（手动备份）恢复。恢复前的数据已保存为安全副本「before-restore-.*」。日志锚点已更新为恢复后的数据。$/,
    ),
  ).toBeVisible();
  await openScreen(page, '人员');
  await expect(page.getByRole('gridcell', { name: '备份前的人' })).toBeVisible();
  await expect(page.getByRole('gridcell', { name: '备份后的人' })).toHaveCount(0);
  await openScreen(page, '备份');
  await expect(page.getByRole('cell', { name: '恢复前' })).toBeVisible();
});

test('a user changes their own password; an administrator deactivates them and they can no longer log in', async ({ app: page }) => {
  expect((await callApi(page, 'users.create', { username: 'staff1', displayName: '工作人员乙', role: 'staff', password: 'staff-pass-1' })).ok).toBe(true);
  await logout(page);
  await login(page, 'staff1', 'staff-pass-1');
  await page.getByRole('button', { name: '工作人员乙（工作人员）' }).click();
  await page.getByRole('menuitem', { name: '修改密码' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^当前密码/).fill('wrong-current');
  await dialog.getByLabel(/^新密码/).fill('staff-pass-2');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('当前密码不正确')).toBeVisible();
  await dialog.getByLabel(/^当前密码/).fill('staff-pass-1');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);
  await logout(page);

  await login(page, ADMIN.username, ADMIN.password);
  await openScreen(page, '用户');
  await page.getByRole('gridcell', { name: '工作人员乙' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '停用' }).click();
  await expect(page.getByRole('heading', { name: '停用用户 工作人员乙（staff1）？' })).toBeVisible();
  await page.getByRole('dialog').filter({ hasText: '停用用户' }).getByRole('button', { name: '停用' }).click();
  await expect(page.getByRole('gridcell', { name: '已停用' })).toBeVisible();
  await logout(page);
  await login(page, 'staff1', 'staff-pass-2');
  await expect(page.getByText('该账号已停用，请联系管理员')).toBeVisible();
});

test('an administrator resets a user’s password in the same dialog the user changes their own in: the rules shown and checked', async ({ app: page }) => {
  expect((await callApi(page, 'users.create', { username: 'staff2', displayName: '工作人员丙', role: 'staff', password: 'staff-pass-1' })).ok).toBe(true);
  await openScreen(page, '用户');
  await page.getByRole('gridcell', { name: '工作人员丙' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '重置密码' }).click();
  const reset = page.getByRole('dialog').filter({ hasText: '重置 工作人员丙 的密码' });
  await expect(reset.getByText('至少 10 位，含字母、数字、符号中的至少两类')).toBeVisible();
  await reset.getByLabel(/^新密码/).fill('short1');
  await reset.getByRole('button', { name: '保存' }).click();
  await expect(reset.getByText(/至少 10 位$/)).toBeVisible();
  await reset.getByLabel(/^新密码/).fill('reset-pass-9');
  await reset.getByRole('button', { name: '保存' }).click();
  await expect(reset).toHaveCount(0);
  await logout(page);
  await login(page, 'staff2', 'reset-pass-9');
  await expect(page.getByRole('button', { name: '工作人员丙（工作人员）' })).toBeVisible();
});
