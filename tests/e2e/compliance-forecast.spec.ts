import { checkCharFor } from '../../core/idcard.ts';
import { arrange, expect, openScreen, screenshot, test, type WebShell } from './fixtures.ts';

const idNumber = (seq: string) => `44200019850101${seq}` + checkCharFor(`44200019850101${seq}`);
const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const dayAfter = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Issue 24: two 助理社会工作师 in 石岐街道 whose registration period ends in three months, each 6
 * hours short of the 72 the period needs. 张甲 has 66 hours and nothing booked; 李乙 has 63 and holds a
 * seat in one 3-hour session. The base in 石岐街道 has three more 3-hour sessions with seats.
 */
async function arrangeAtRisk(shell: WebShell) {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const town = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  const org = await arrange<{ id: number }>(shell, 'organizations.create', { name: '石岐社工服务中心', kind: 'other' });
  const { courseCategories } = await arrange<{ courseCategories: { id: number }[] }>(shell, 'bases.lists', {});
  const { base } = await arrange<{ base: { id: number } }>(shell, 'bases.create', {
    name: '石岐实训基地',
    organizationId: org.id,
    regionId: town.id,
    grade: 'ordinary',
    accreditationStatus: 'accredited',
    accreditedUntil: `${Number(today.slice(0, 4)) + 2}-12-31`,
  });
  const room = await arrange<{ id: number }>(shell, 'rooms.create', { baseId: base.id, name: '一号教室', seats: 30 });
  const course = await arrange<{ id: number }>(shell, 'courses.create', {
    baseId: base.id,
    code: 'SQ-1',
    title: '社区个案实务',
    categoryId: courseCategories[0]!.id,
    creditHours: 3,
  });
  const mentor = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber('401'), name: '王导师', regionId: town.id });
  const mentorId = (await arrange<{ id: number }>(shell, 'mentors.add', { baseId: base.id, personId: mentor.id, joinedOn: '2025-01-01' })).id;
  const sessions: number[] = [];
  for (const days of [7, 8, 9, 10]) {
    const day = dayAfter(days);
    const { session } = await arrange<{ session: { id: number } }>(shell, 'sessions.create', {
      courseId: course.id,
      roomId: room.id,
      startsAt: `${day}T14:00`,
      endsAt: `${day}T17:00`,
      capacity: 10,
      leadMentorIds: [mentorId],
    });
    sessions.push(session.id);
  }
  // Registered until about three months from now: the period (three years) ends within the forecast's horizon.
  const validUntil = dayAfter(90);
  const issuedOn = dayAfter(91).replace(/^\d{4}/, (y) => String(Number(y) - 3));
  const people: Record<string, number> = {};
  for (const [seq, name, hours] of [
    ['402', '张甲', 66],
    ['403', '李乙', 63],
  ] as const) {
    const person = await arrange<{ id: number }>(shell, 'people.create', {
      idNumber: idNumber(seq),
      name,
      regionId: town.id,
      practiceStart: issuedOn,
      phone: `1390000${seq}0`,
    });
    await arrange(shell, 'certificates.create', { personId: person.id, level: 'assistant', number: `A${seq}`, issuedOn, registrationValidUntil: validUntil });
    const record = await arrange<{ id: number }>(shell, 'training.addExternal', {
      personId: person.id,
      categoryId: courseCategories[0]!.id,
      hours,
      earnedOn: today,
      provider: '广东省社会工作师联合会',
      note: '结业证书',
    });
    await arrange(shell, 'training.verifyExternal', { id: record.id });
    people[name] = person.id;
  }
  await arrange(shell, 'enrolments.enrol', { sessionId: sessions[0], personId: people['李乙'] });
  return { validUntil };
}

test('staff see who is at risk, build a catch-up plan, untick a row, bulk-enrol the rest, and the person’s 学时达标 tab shows the projection', async ({
  app: page,
  shell,
}) => {
  test.slow();
  const { validUntil } = await arrangeAtRisk(shell);

  await openScreen(page, '学时达标');
  await page.getByRole('tab', { name: '预测' }).click();
  const grid = page.getByRole('grid', { name: '预测' });
  await expect(grid.getByRole('row', { name: /张甲/ })).toContainText(validUntil);
  await expect(grid.getByRole('row', { name: /张甲/ })).toContainText('有风险');
  // 李乙's booked seat counts: 63 done + 3 booked, 6 still short.
  await expect(grid.getByRole('row', { name: /李乙/ })).toContainText('63 / 72');
  await expect(page.getByText(/其中有风险 2 人/)).toBeVisible();
  await screenshot(page, '48-学时达标-预测');

  await page.getByRole('button', { name: '制定补学计划' }).click();
  const dialog = page.getByRole('dialog', { name: '补学计划' });
  const plan = dialog.getByRole('grid', { name: '补学计划' });
  await expect(dialog.getByText(/有风险 2 人，共尚差 12 学时；建议 4 个名额（2 人），可补 12 学时/)).toBeVisible();
  await expect(plan.getByRole('row', { name: /张甲/ })).toHaveCount(2);
  await expect(plan.getByRole('row', { name: /李乙/ })).toHaveCount(2);
  // 李乙 is not offered the session they already hold.
  await expect(plan.getByRole('row', { name: new RegExp(`李乙.*${dayAfter(7)}`) })).toHaveCount(0);
  // Untick one of 张甲's seats: three are enrolled.
  await plan.getByRole('row', { name: /张甲/ }).last().getByRole('checkbox').uncheck();
  await expect(dialog.getByText('已勾选 3 / 4 行')).toBeVisible();
  await screenshot(page, '49-补学计划');
  await dialog.getByRole('button', { name: '批量报名' }).click();
  const confirm = page.getByRole('dialog', { name: '按补学计划批量报名' });
  await expect(confirm.getByText(/为勾选的 3 行报名/)).toBeVisible();
  await confirm.getByRole('button', { name: '批量报名' }).click();
  await expect(dialog.getByText('已报名 3 行，未报名 0 行。')).toBeVisible();
  await expect(plan.getByText(/^已报名「社区个案实务」/)).toHaveCount(3);
  await screenshot(page, '49-补学计划-已报名');
  await dialog.getByRole('button', { name: '关闭' }).click();

  // The forecast follows: 李乙 is no longer at risk, 张甲 is 3 short.
  await expect(grid.getByRole('row', { name: /李乙/ })).toHaveCount(0);
  await expect(grid.getByRole('row', { name: /张甲/ })).toContainText('3');

  // 张甲's page: the same projection on the 学时达标 tab.
  await grid.getByRole('row', { name: /张甲/ }).click();
  await page.getByRole('tab', { name: '学时达标' }).click();
  const forecast = page.getByRole('region', { name: '预测' });
  await expect(forecast.getByText(`预测日 ${validUntil}（登记期届满）`)).toBeVisible();
  await expect(forecast.getByText('登记期：已计 66 + 已报名待上 3 / 要求 72，预计尚差 3')).toBeVisible();
  await expect(forecast.getByText('按已报名的班期，届时仍差 3 学时。')).toBeVisible();
  await expect(forecast.getByRole('row', { name: /社区个案实务/ })).toHaveCount(1);
  await screenshot(page, '48-人员-学时达标预测');
});

test('above a few hundred people the forecast and the plan are computed off the server’s request path: the screen and the dialog say so, then show them', async ({
  app: page,
  shell,
}) => {
  test.slow();
  await arrangeAtRisk(shell);
  // More people than the server computes inline (core/compliance/forecast-view.ts, forecastListOptions.inlineUpTo: 500).
  for (let seq = 500; seq < 1000; seq++) await arrange(shell, 'people.create', { idNumber: idNumber(String(seq)), name: `人员${seq}` });

  await openScreen(page, '学时达标');
  await page.getByRole('tab', { name: '预测' }).click();
  // A horizon nothing has computed yet (the 工作台's headline computes 6 months): first 「正在计算」, never "nobody".
  await page.getByRole('combobox', { name: '预测期限' }).click();
  await page.getByRole('option', { name: '未来 12 个月' }).click();
  await expect(page.getByText('学时达标预测正在计算，请稍候（完成后自动显示）')).toBeVisible();
  await expect(page.getByText('预测期限内没有登记期届满或学时不足的人员。')).toHaveCount(0);
  // The screen asks again: the rows once they are computed.
  const grid = page.getByRole('grid', { name: '预测' });
  await expect(grid.getByRole('row', { name: /张甲/ })).toContainText('有风险');
  await expect(page.getByText('学时达标预测正在计算，请稍候（完成后自动显示）')).toHaveCount(0);

  // 补学计划 too (core/compliance/plan-view.ts): built in a worker thread, the dialog says so and asks again until it lands.
  await page.getByRole('button', { name: '制定补学计划' }).click();
  const dialog = page.getByRole('dialog', { name: '补学计划' });
  await expect(dialog.getByText('正在制定补学计划…')).toBeVisible();
  await expect(dialog.getByText(/有风险 2 人，共尚差 12 学时；建议 4 个名额（2 人），可补 12 学时/)).toBeVisible();
  await expect(dialog.getByRole('grid', { name: '补学计划' }).getByRole('row', { name: /张甲/ })).toHaveCount(2);
  await expect(dialog.getByText('正在制定补学计划…')).toHaveCount(0);
});
