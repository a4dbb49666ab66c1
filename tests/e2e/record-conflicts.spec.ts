import { arrange, expect, login, logout, screenshot, test } from './fixtures.ts';
import { makeIdNumber } from '../support/core.ts';

const PASSWORD = 'conflict-Pass-26';

/**
 * No silent overwrite (issue 20): two members of staff edit the same person in two browsers on one
 * web shell. 李四 saves after 张三 changed the person a moment before: 李四 is told who changed it and
 * when, sees each differing field beside their own, keeps one of each, and saves what they chose.
 */
test('staff B saves a person staff A just changed: sees A and the differing fields, keeps one from each, saves', async ({ app: pageA, shell, browser }) => {
  await arrange(shell, 'users.create', { username: 'zhangsan', displayName: '张三', role: 'staff', password: PASSWORD });
  await arrange(shell, 'users.create', { username: 'lisi', displayName: '李四', role: 'staff', password: PASSWORD });
  const person = await arrange<{ id: number }>(shell, 'people.create', { idNumber: makeIdNumber(), name: '陈晓明', phone: '13800001111', major: '社会工作' });

  await logout(pageA);
  await login(pageA, 'zhangsan', PASSWORD);
  await expect(pageA.getByRole('navigation')).toBeVisible();
  const contextB = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 768 } });
  const pageB = await contextB.newPage();
  await pageB.goto(shell.url);
  await login(pageB, 'lisi', PASSWORD);
  await expect(pageB.getByRole('navigation')).toBeVisible();

  for (const page of [pageA, pageB]) {
    await page.evaluate((id) => (window.location.hash = `#/people/${id}`), person.id);
    await expect(page.getByRole('heading', { level: 1, name: '陈晓明' })).toBeVisible();
  }

  // 李四 opens the form first, on what the page showed.
  await pageB.getByRole('button', { name: '修改人员' }).click();
  const formB = pageB.getByRole('dialog', { name: '修改人员' });
  await expect(formB.getByRole('textbox', { name: '姓名' })).toHaveValue('陈晓明');

  // 张三 changes the phone and the major and saves.
  await pageA.getByRole('button', { name: '修改人员' }).click();
  const formA = pageA.getByRole('dialog', { name: '修改人员' });
  await formA.getByRole('textbox', { name: '手机号码' }).fill('13800002222');
  await formA.getByRole('textbox', { name: '专业' }).fill('社区工作');
  await formA.getByRole('button', { name: '保存' }).click();
  await expect(formA).toBeHidden();

  // 李四 changes the name and the major, and saves on the old version: refused, naming 张三.
  await formB.getByRole('textbox', { name: '姓名' }).fill('陈晓敏');
  await formB.getByRole('textbox', { name: '专业' }).fill('家庭社会工作');
  await formB.getByRole('button', { name: '保存' }).click();
  await expect(formB.getByText(/该记录已被 张三 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 修改，请查看对方的修改后再保存/)).toBeVisible();
  const panel = formB.getByRole('region', { name: /^张三 于 .* 修改了这条记录$/ });
  await expect(panel).toBeVisible();
  await expect(panel.getByText('我的：家庭社会工作')).toBeVisible();
  await expect(panel.getByText('对方的：社区工作')).toBeVisible();
  await expect(panel.getByText('对方的：13800002222')).toBeVisible();
  await expect(panel.getByText('我的：陈晓敏')).toBeVisible();
  await expect(panel.getByRole('group')).toHaveCount(3); // name, phone, major: only fields the form shows
  await screenshot(pageB, '60-保存冲突');

  // The phone 李四 did not touch already takes 张三's value; 李四 keeps their own name and takes 张三's major.
  await expect(panel.getByRole('group', { name: '手机号码' }).getByRole('button', { name: '采用对方的' })).toHaveAttribute('aria-pressed', 'true');
  await panel.getByRole('group', { name: '姓名' }).getByRole('button', { name: '保留我的' }).click();
  await panel.getByRole('group', { name: '专业' }).getByRole('button', { name: '采用对方的' }).click();
  await expect(formB.getByRole('textbox', { name: '专业' })).toHaveValue('社区工作');
  await expect(formB.getByRole('textbox', { name: '手机号码' })).toHaveValue('13800002222');
  await formB.getByRole('button', { name: '保存' }).click();
  await expect(formB).toBeHidden();
  await expect(pageB.getByRole('heading', { level: 1, name: '陈晓敏' })).toBeVisible();

  const stored = await arrange<{ person: { name: string; phone: string; major: string; version: number } }>(shell, 'people.get', { id: person.id });
  expect(stored.person).toMatchObject({ name: '陈晓敏', phone: '13800002222', major: '社区工作', version: 3 });
  await contextB.close();
});
