import { arrange, expect, navigateTo, login, logout, openScreen, test } from './fixtures.ts';

/** A valid 身份证号 (GB 11643 check character computed here to keep the test self-contained). */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}
const PASSWORD = 'long-enough-password-2026';

/** What an auditor sees of a person and may search by; what a coordinator may change about their base. */
test('an auditor sees the birth year and the last four digits only, and searching by number is refused with the reason', async ({ app: page, shell }) => {
  const id = idNumber('44200019850315123');
  await arrange(shell, 'people.create', { idNumber: id, name: '陈晓明', phone: '19212349903' });
  await arrange(shell, 'users.create', { username: 'audit2', displayName: '审计员丁', role: 'auditor', password: PASSWORD });
  await logout(page);
  await login(page, 'audit2', PASSWORD);
  await openScreen(page, '人员');
  const row = page.getByRole('row', { name: /陈晓明/ });
  await expect(row).toContainText(`${id.slice(0, 4)}**********${id.slice(14)}`);
  await expect(row).toContainText('1985年');
  await expect(row).toContainText('*******9903');
  await expect(page.getByText('1985-03-15')).toHaveCount(0);
  const search = page.getByRole('textbox', { name: '姓名、拼音或首字母' });
  await search.fill('9903');
  await expect(page.getByText(/按身份证号或手机号搜索需要查看个人信息的权限/)).toBeVisible();
  await search.fill('cxm');
  await expect(page.getByRole('row', { name: /陈晓明/ })).toBeVisible();
});

test('a coordinator edits their base but sees its grade and accreditation as staff decided them', async ({ app: page, shell }) => {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const org = await arrange<{ id: number }>(shell, 'organizations.create', { name: '中山市社会工作协会', kind: 'mass_organization' });
  const { base } = await arrange<{ base: { id: number } }>(shell, 'bases.create', {
    name: '石岐社工实训基地',
    organizationId: org.id,
    regionId: city.id,
    grade: 'ordinary',
    accreditationStatus: 'provisional',
    accreditedUntil: '2027-06-30',
  });
  await arrange(shell, 'users.create', { username: 'coord2', displayName: '协调员戊', role: 'coordinator', password: PASSWORD, baseIds: [base.id] });
  await logout(page);
  await login(page, 'coord2', PASSWORD);
  await navigateTo(page, '基地');
  await page.getByRole('gridcell', { name: '石岐社工实训基地' }).click();
  await page.getByRole('button', { name: '修改基地' }).click();
  const dialog = page.getByRole('dialog', { name: '修改基地' });
  await expect(dialog.getByRole('combobox', { name: '基地等级' })).toHaveAttribute('aria-disabled', 'true');
  await expect(dialog.getByRole('combobox', { name: '认定状态' })).toHaveAttribute('aria-disabled', 'true');
  await expect(dialog.getByRole('textbox', { name: '认定有效期至' })).toBeDisabled();
  await expect(dialog.getByText('由协会工作人员认定')).toBeVisible();
  await expect(dialog.getByRole('combobox', { name: '基地协调员' })).toBeDisabled();
  await expect(dialog.getByText('由协会工作人员指定')).toBeVisible();
  await dialog.getByRole('textbox', { name: '地址' }).fill('石岐街道民生路 1 号');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('石岐街道民生路 1 号')).toBeVisible();
  await expect(page.getByText('普通基地').first()).toBeVisible();
});

test('a coordinator pasting candidate 身份证号 into 批量报名 is stopped once too many match nobody, and told why', async ({ app: page, shell }) => {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const org = await arrange<{ id: number }>(shell, 'organizations.create', { name: '中山市社会工作协会', kind: 'mass_organization' });
  const { base } = await arrange<{ base: { id: number } }>(shell, 'bases.create', {
    name: '石岐社工实训基地',
    organizationId: org.id,
    regionId: city.id,
    grade: 'ordinary',
    accreditationStatus: 'accredited',
    accreditedUntil: '2028-12-31',
  });
  const { courseCategories } = await arrange<{ courseCategories: { id: number }[] }>(shell, 'bases.lists', {});
  const course = await arrange<{ id: number }>(shell, 'courses.create', {
    baseId: base.id,
    code: 'SQ-01',
    title: '个案工作实务',
    categoryId: courseCategories[0]!.id,
    creditHours: 3,
  });
  const lin = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber('44200019800101201'), name: '林导师' });
  const mentor = await arrange<{ id: number }>(shell, 'mentors.add', { baseId: base.id, personId: lin.id, joinedOn: '2025-01-01' });
  const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const { session } = await arrange<{ session: { id: number } }>(shell, 'sessions.create', {
    courseId: course.id,
    roomId: null,
    startsAt: `${day}T09:00`,
    endsAt: `${day}T12:00`,
    capacity: 20,
    leadMentorIds: [mentor.id],
  });
  await arrange(shell, 'users.create', { username: 'coord3', displayName: '协调员己', role: 'coordinator', password: PASSWORD, baseIds: [base.id] });
  await logout(page);
  await login(page, 'coord3', PASSWORD);
  await page.goto(`${new URL(shell.url).origin}/#/sessions/${session.id}`);
  await page.getByRole('tab', { name: /报名名单/ }).click();
  await page.getByRole('button', { name: '批量报名' }).click();
  const roster = page.getByRole('dialog', { name: '批量报名' });
  // Eleven valid numbers of 1985 that nobody holds: one more than an hour allows.
  const candidates = Array.from({ length: 11 }, (_, i) => idNumber(`442000198503${String(10 + i)}123`));
  await roster.getByRole('textbox', { name: /身份证号/ }).fill(candidates.join('\n'));
  await roster.getByRole('button', { name: '检查名单' }).click();
  await expect(roster.getByText('为保护个人信息，本小时内未匹配的身份证号已达上限：请核对名单，或请协会工作人员先登记这些人员')).toBeVisible();
  await expect(roster.getByRole('table')).toHaveCount(0);
});
