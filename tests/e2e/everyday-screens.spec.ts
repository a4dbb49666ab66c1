import type { Page } from '@playwright/test';
import { checkCharFor } from '../../core/idcard.ts';
import { arrange, expect, openScreen, screenshot, test, type WebShell } from './fixtures.ts';

/** Every navigation group and its entries, as an administrator sees them. */
const GROUPS: [string, string[]][] = [
  ['督导管理', ['督导库', '人员', '证书', '镇区覆盖', '督导工作记录']],
  ['学时与再审核', ['学时达标', '年度再审核', '待完成事项', '证书核验']],
  ['实训基地', ['基地', '班期日历', '考勤待办', '基地评估']],
  ['报表与审计', ['年度审计报表', '操作日志']],
  ['系统', ['行政区划', '机构', '规则设置', '督导等级', '用户', '备份', '服务器设置']],
];

/** Opens each group in turn (the current one stays open) and checks every entry shows whole without scrolling the navigation. */
async function everyEntryReachable(page: Page, shot: string) {
  const nav = page.getByRole('navigation', { name: '主导航' });
  // A new user starts on 工作台, a link of its own: every group is closed.
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '工作台', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('button', { expanded: true })).toHaveCount(0);
  for (const [group, entries] of GROUPS) {
    const toggle = nav.getByRole('button', { name: group });
    if ((await toggle.getAttribute('aria-expanded')) === 'false') {
      // Keyboard first: Tab to the group, Enter opens it.
      await toggle.focus();
      await page.keyboard.press('Enter');
    }
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    for (const entry of entries) await expect(nav.getByRole('link', { name: entry, exact: true })).toBeInViewport({ ratio: 1 });
    expect(await nav.evaluate((el) => el.scrollTop)).toBe(0);
    await screenshot(page, `${shot}-${group}`);
    // Going there keeps its group open; the user closes the others.
    const last = nav.getByRole('link', { name: entries.at(-1)!, exact: true });
    await last.click();
    await expect(last).toHaveAttribute('aria-current', 'page');
    for (const [other] of GROUPS.filter(([g]) => g !== group)) {
      const button = nav.getByRole('button', { name: other });
      if ((await button.getAttribute('aria-expanded')) === 'true') await button.click();
      await expect(button).toHaveAttribute('aria-expanded', 'false');
    }
  }
  // What the user left open is kept (per user, on this computer).
  await page.reload();
  await expect(nav.getByRole('button', { name: '系统' })).toHaveAttribute('aria-expanded', 'true');
  await expect(nav.getByRole('button', { name: '督导管理' })).toHaveAttribute('aria-expanded', 'false');
}

test.describe('navigation at 1366×768', () => {
  test('every group opens, and every entry of an open group shows without scrolling the navigation', async ({ app: page }) => {
    await everyEntryReachable(page, 'nav-1366');
  });
});

test.describe('navigation at 1366×768, 125 % scaling', () => {
  // 1366×768 at 125 % Windows scaling leaves a 1093×614 CSS-pixel page (docs/design.md §7).
  test.use({ viewport: { width: 1093, height: 614 }, deviceScaleFactor: 1.25 });
  test('every group opens, and every entry of an open group shows without scrolling the navigation', async ({ app: page }) => {
    await everyEntryReachable(page, 'nav-125pct');
  });
});

test('操作日志 names operations, record types and fields in Chinese, never by their codes', async ({ app: page }) => {
  await openScreen(page, '操作日志');
  const grid = page.getByRole('grid', { name: '操作日志' });
  await expect(grid.getByRole('row').filter({ hasText: '登录' }).filter({ hasText: '最近登录时间' }).first()).toBeVisible();
  await expect(grid.getByRole('row').filter({ hasText: '创建管理员账号' }).first()).toContainText('用户名：admin');
  await expect(grid).not.toContainText('auth.login');
  await expect(grid).not.toContainText('last_login_at');
  await expect(grid).not.toContainText('app_user');
  await screenshot(page, 'audit-log-in-chinese');
});

const idNumber = (seq: string) => `44200019850101${seq}` + checkCharFor(`44200019850101${seq}`);
/** The configured zone's year now (the browser runs in Asia/Shanghai too). */
const thisYear = () => Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
const LONG_BASE = '中山市石岐区阳光社会工作服务中心综合实训基地';

/** A base with a long name and one session on 10 March next year, 09:00–12:00. */
async function arrangeSessionNextYear(shell: WebShell): Promise<string> {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const town = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  const org = await arrange<{ id: number }>(shell, 'organizations.create', { name: '中山市社会工作协会', kind: 'mass_organization' });
  const mentorPerson = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber('201'), name: '林导师', phone: '13800002010' });
  const { courseCategories } = await arrange<{ courseCategories: { id: number }[] }>(shell, 'bases.lists', {});
  const { base } = await arrange<{ base: { id: number } }>(shell, 'bases.create', {
    name: LONG_BASE,
    organizationId: org.id,
    regionId: town.id,
    grade: 'ordinary',
    accreditationStatus: 'accredited',
    accreditedUntil: '2030-12-31',
  });
  const room = await arrange<{ id: number }>(shell, 'rooms.create', { baseId: base.id, name: '一号培训室', seats: 30 });
  const course = await arrange<{ id: number }>(shell, 'courses.create', {
    baseId: base.id,
    code: 'SQ-01',
    title: '个案工作实务',
    categoryId: courseCategories[0]!.id,
    creditHours: 3,
    defaultCapacity: 20,
  });
  const mentor = await arrange<{ id: number }>(shell, 'mentors.add', { baseId: base.id, personId: mentorPerson.id, joinedOn: '2025-01-01' });
  const day = `${thisYear() + 1}-03-10`;
  await arrange(shell, 'sessions.create', {
    courseId: course.id,
    roomId: room.id,
    startsAt: `${day}T09:00`,
    endsAt: `${day}T12:00`,
    capacity: 20,
    leadMentorIds: [mentor.id],
  });
  return day;
}

test('the calendar jumps to a month next year in one step and back to 今天; a session’s page names its date and time; its form shows the whole base name', async ({
  app: page,
  shell,
}) => {
  const day = await arrangeSessionNextYear(shell);
  await openScreen(page, '班期日历');
  const today = page.getByRole('button', { name: '今天' });
  await expect(today).toBeDisabled(); // the week shown holds today (the configured zone's)

  // One step: type the date (or a month) and press Enter.
  await page.getByRole('textbox', { name: '跳转到日期' }).fill(day);
  await page.getByRole('textbox', { name: '跳转到日期' }).press('Enter');
  await expect(page.locator(`td.fc-timegrid-col[data-date="${day}"]`)).toBeVisible();
  await expect(page.getByText('个案工作实务')).toBeVisible();
  await expect(today).toBeEnabled();
  await screenshot(page, 'calendar-jumped');

  // The month view goes to the month typed.
  await page.getByRole('button', { name: '月' }).click();
  await page.getByRole('textbox', { name: '跳转到日期' }).fill(`${thisYear() + 1}年3月`);
  await page.getByRole('textbox', { name: '跳转到日期' }).press('Enter');
  await expect(page.getByRole('heading', { name: `${thisYear() + 1}年3月` })).toBeVisible();
  await today.click();
  await expect(today).toBeDisabled();
  await page.getByRole('button', { name: '周' }).click();

  // The session's page says which session it is: its date and time.
  await page.getByRole('textbox', { name: '跳转到日期' }).fill(day);
  await page.getByRole('textbox', { name: '跳转到日期' }).press('Enter');
  await page.getByText('个案工作实务').click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`个案工作实务.*${day} 09:00–12:00`) })).toBeVisible();

  // The form shows the base's whole name (1366×768).
  await page.getByRole('button', { name: '修改班期' }).click();
  const form = page.getByRole('dialog', { name: '修改班期' });
  const base = form.getByRole('combobox', { name: '基地' });
  await expect(base).toHaveValue(LONG_BASE);
  expect(await base.evaluate((input: HTMLInputElement) => input.scrollWidth <= input.clientWidth)).toBe(true);
  await screenshot(page, 'session-form-long-base');
});

test('学时达标 marks a period that has ended and explains it; 培训学时 says how much of the total counts', async ({ app: page, shell }) => {
  const person = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber('301'), name: '陈晓明', practiceStart: '2010-01-01' });
  await arrange(shell, 'certificates.create', {
    personId: person.id,
    level: 'assistant',
    number: 'ZS-2020-001',
    issuedOn: '2020-07-01',
    registrationValidUntil: '2029-06-30',
  });
  const { courseCategories } = await arrange<{ courseCategories: { id: number }[] }>(shell, 'bases.lists', {});
  const add = (earnedOn: string) =>
    arrange<{ id: number }>(shell, 'training.addExternal', {
      personId: person.id,
      categoryId: courseCategories[0]!.id,
      hours: 3,
      earnedOn,
      provider: '省社工联合会',
      note: '结业证书',
    });
  await arrange(shell, 'training.verifyExternal', { id: (await add('2025-05-01')).id });
  await add('2025-06-01'); // not verified: does not count yet

  await page.goto(`${new URL(shell.url).origin}/#/people/${person.id}`);
  await page.getByRole('tab', { name: '培训学时' }).click();
  await expect(page.getByText('计入 3 / 合计 6 学时')).toBeVisible();
  await page.getByRole('tab', { name: '学时达标' }).click();
  const table = page.getByRole('table', { name: '学时达标' });
  const ended = table.getByRole('row', { name: /登记期 2023-07-01 至 2026-06-30（已结束的周期）/ });
  await expect(ended).toContainText('已结束的周期：要求 72 学时，计入 3，期末尚差 69（不影响当前是否达标）');
  await screenshot(page, 'compliance-past-period');
});
