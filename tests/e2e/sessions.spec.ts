import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { checkCharFor } from '../../core/idcard.ts';
import { arrange, choose, expect, login, logout, openScreen, pickFromSearch, screenshot, test, type WebShell } from './fixtures.ts';

const idNumber = (seq: string) => `44200019850101${seq}` + checkCharFor(`44200019850101${seq}`);

/** Days as the calendar shows them (the browser runs in Asia/Shanghai, weeks start on Monday). */
function lastWeek(): { monday: string; wednesday: string } {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const day = new Date(`${today}T00:00:00Z`);
  const monday = new Date(day.getTime() - (((day.getUTCDay() + 6) % 7) + 7) * 86_400_000);
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { monday: iso(monday), wednesday: iso(new Date(monday.getTime() + 2 * 86_400_000)) };
}

interface Fixture {
  west: number;
  east: number;
  eastSession: number;
  westCourse: number;
  westRoom: number;
  westMentors: { lin: number; wang: number };
}

/**
 * Two bases: 石岐 (a coordinator's) and 东区. 林导师 sits in both pools and already teaches at 东区
 * last Wednesday 09:00–12:00; 王导师 only at 石岐. Five trainees exist in the registry.
 * Unfurnished, 石岐 has no room, mentors or course yet (its coordinator adds them).
 */
async function arrangeBases(shell: WebShell, { furnishWest = true } = {}): Promise<Fixture> {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const town = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  const org = await arrange<{ id: number }>(shell, 'organizations.create', { name: '中山市社会工作协会', kind: 'mass_organization' });
  const people: Record<string, number> = {};
  for (const [seq, name] of [
    ['201', '林导师'],
    ['202', '王导师'],
    ['203', '学员甲'],
    ['204', '学员乙'],
    ['205', '学员丙'],
    ['206', '学员丁'],
    ['207', '学员戊'],
  ] as const) {
    people[name] = (await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber(seq), name, phone: `1380000${seq}0` })).id;
  }
  const { courseCategories } = await arrange<{ courseCategories: { id: number; name: string }[] }>(shell, 'bases.lists', {});
  const base = async (name: string, code: string, title: string, furnish = true) => {
    const { base } = await arrange<{ base: { id: number } }>(shell, 'bases.create', {
      name,
      organizationId: org.id,
      regionId: town.id,
      grade: 'ordinary',
      accreditationStatus: 'accredited',
      accreditedUntil: '2028-12-31',
    });
    if (!furnish) return { id: base.id, room: 0, course: 0 };
    const room = await arrange<{ id: number }>(shell, 'rooms.create', { baseId: base.id, name: '一号培训室', seats: 30 });
    const course = await arrange<{ id: number }>(shell, 'courses.create', {
      baseId: base.id,
      code,
      title,
      categoryId: courseCategories[0]!.id,
      creditHours: 3,
      defaultCapacity: 2,
    });
    return { id: base.id, room: room.id, course: course.id };
  };
  const west = await base('石岐社工实训基地', 'SQ-01', '个案工作实务', furnishWest);
  const east = await base('东区社工实训基地', 'DQ-01', '小组工作实务');
  const mentor = (baseId: number, personId: number) => arrange<{ id: number }>(shell, 'mentors.add', { baseId, personId, joinedOn: '2025-01-01' });
  const westMentors = furnishWest
    ? { lin: (await mentor(west.id, people['林导师']!)).id, wang: (await mentor(west.id, people['王导师']!)).id }
    : { lin: 0, wang: 0 };
  const linEast = await mentor(east.id, people['林导师']!);
  const { wednesday } = lastWeek();
  const eastSession = await arrange<{ session: { id: number } }>(shell, 'sessions.create', {
    courseId: east.course,
    roomId: east.room,
    startsAt: `${wednesday}T09:00`,
    endsAt: `${wednesday}T12:00`,
    capacity: 20,
    leadMentorIds: [linEast.id],
  });
  return { west: west.id, east: east.id, eastSession: eastSession.session.id, westCourse: west.course, westRoom: west.room, westMentors };
}

/** The calendar cell of a day and a half-hour slot in the week view. */
async function clickSlot(page: Page, date: string, time: string) {
  const column = page.locator(`td.fc-timegrid-col[data-date="${date}"]`);
  const lane = page.locator(`td.fc-timegrid-slot-lane[data-time="${time}:00"]`);
  await lane.scrollIntoViewIfNeeded();
  const c = (await column.boundingBox())!;
  const l = (await lane.boundingBox())!;
  // As a hand does it: press, a pixel of travel, release (FullCalendar selects on pointer up).
  await page.mouse.move(c.x + c.width / 2, l.y + l.height / 2);
  await page.mouse.down();
  await page.mouse.move(c.x + c.width / 2 + 1, l.y + l.height / 2, { steps: 2 });
  await page.mouse.up();
}

test('a coordinator schedules from the calendar, is refused a mentor busy at another base, fills the session and its waitlist, and takes attendance', async ({
  app: page,
  shell,
}) => {
  test.slow(); // a whole coordinator's day: account, base, calendar, enrolment, attendance
  await arrangeBases(shell, { furnishWest: false });
  const { wednesday } = lastWeek();
  // The administrator opens the coordinator's account, limited to 石岐; a coordinator without a base is refused.
  await openScreen(page, '用户');
  await page.getByRole('button', { name: '新增用户' }).click();
  const account = page.getByRole('dialog', { name: '新增用户' });
  await account.getByLabel(/^用户名/).fill('shiqi');
  await account.getByLabel(/^姓名/).fill('石岐协调员');
  await choose(page, account.getByRole('combobox', { name: '角色' }), '基地协调员');
  await account.getByLabel(/^初始密码/).fill('coordinator-2026');
  await account.getByRole('button', { name: '保存' }).click();
  await expect(account.getByText('请为基地协调员选择负责的基地')).toBeVisible();
  await account.getByRole('combobox', { name: '负责的基地' }).fill('石岐');
  await page.getByRole('option', { name: '石岐社工实训基地' }).click();
  await account.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('row', { name: /shiqi.*石岐协调员.*基地协调员.*石岐社工实训基地/ })).toBeVisible();
  await logout(page);
  await login(page, 'shiqi', 'coordinator-2026');

  // The coordinator furnishes the base: a room, two mentors from the registry, a course.
  await openScreen(page, '基地');
  await expect(page.getByRole('row', { name: /东区/ })).toHaveCount(0); // only their own base
  await page.getByRole('row', { name: /石岐社工实训基地/ }).click();
  await page.getByRole('tab', { name: /教室/ }).click();
  await page.getByRole('button', { name: '新增教室' }).click();
  const room = page.getByRole('dialog', { name: '新增教室' });
  await room.getByRole('textbox', { name: '教室名称' }).fill('一号培训室');
  await room.getByRole('textbox', { name: '座位数' }).fill('30');
  await room.getByRole('button', { name: '保存' }).click();
  await expect(room).toBeHidden();
  await page.getByRole('tab', { name: /导师库/ }).click();
  for (const name of ['林导师', '王导师']) {
    await page.getByRole('button', { name: '加入导师库' }).click();
    const mentor = page.getByRole('dialog', { name: '加入导师库' });
    await pickFromSearch(page, mentor.getByRole('combobox', { name: '人员' }), name, new RegExp(name));
    await mentor.getByRole('textbox', { name: '加入日期' }).fill('2025-01-01'); // they have taught here for a while
    await mentor.getByRole('button', { name: '保存' }).click();
    await expect(mentor).toBeHidden();
  }
  await page.getByRole('tab', { name: /课程/ }).click();
  await page.getByRole('button', { name: '新增课程' }).click();
  const course = page.getByRole('dialog', { name: '新增课程' });
  await course.getByRole('textbox', { name: '课程编号' }).fill('SQ-01');
  await course.getByRole('textbox', { name: '课程名称' }).fill('个案工作实务');
  await choose(page, course.getByRole('combobox', { name: '课程类别' }), '社工知识普及培训');
  await course.getByRole('textbox', { name: '学时' }).fill('3');
  await course.getByRole('textbox', { name: '默认人数' }).fill('2');
  await course.getByRole('button', { name: '保存' }).click();
  await expect(course).toBeHidden();

  await openScreen(page, '班期日历');
  await page.getByRole('button', { name: '上一周' }).click();
  // The coordinator sees only their own base: 东区's session is not on the calendar.
  await expect(page.locator(`td.fc-timegrid-col[data-date="${wednesday}"]`)).toBeVisible();
  await expect(page.getByText('小组工作实务')).toHaveCount(0);

  await clickSlot(page, wednesday, '10:00');
  const form = page.getByRole('dialog', { name: '新增班期' });
  await expect(form.getByRole('textbox', { name: '开始时间' })).toHaveValue(`${wednesday} 10:00`);
  await expect(form.getByRole('textbox', { name: '结束时间' })).toHaveValue(`${wednesday} 13:00`);
  await expect(form.getByRole('combobox', { name: '基地' })).toHaveValue('石岐社工实训基地'); // their only base
  await choose(page, form.getByRole('combobox', { name: '课程' }), 'SQ-01 个案工作实务（3 学时）');
  await expect(form.getByRole('textbox', { name: '人数上限' })).toHaveValue('2');
  await choose(page, form.getByRole('combobox', { name: '教室' }), '一号培训室（30 座）');
  await form.getByRole('combobox', { name: '主讲导师' }).click();
  await page.getByRole('option', { name: '林导师' }).click();
  await form.getByRole('button', { name: '保存' }).click();
  // 林导师 teaches at 东区 09:00–12:00 that day: refused, naming that session, its base and time.
  await expect(form.getByText(`导师「林导师」在该时段已有班期「DQ-01 小组工作实务」（东区社工实训基地，${wednesday} 09:00–12:00）`)).toBeVisible();
  await screenshot(page, '30-班期-导师冲突');
  await form.getByRole('button', { name: '林导师' }).locator('svg').click(); // the chip's delete icon
  await form.getByRole('combobox', { name: '主讲导师' }).click();
  await page.getByRole('option', { name: '王导师' }).click();
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toBeHidden();
  await page.locator('.fc-event', { hasText: '个案工作实务' }).click();

  await expect(page.getByRole('heading', { level: 1, name: /SQ-01 个案工作实务/ })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: `${wednesday} 10:00–13:00` })).toBeVisible();

  // Enrolment: two seats, the third person waits.
  await page.getByRole('tab', { name: /报名名单/ }).click();
  for (const name of ['学员甲', '学员乙', '学员丙']) {
    await page.getByRole('button', { name: '报名', exact: true }).click();
    const enrol = page.getByRole('dialog', { name: '为本班期报名' });
    await pickFromSearch(page, enrol.getByRole('combobox', { name: '人员' }), name, new RegExp(name));
    await enrol.getByRole('button', { name: '报名' }).click();
    await expect(enrol).toBeHidden();
  }
  await expect(page.getByText('名额已满：「学员丙」进入候补名单第 1 位')).toBeVisible();
  await expect(page.getByRole('row', { name: /学员丙.*候补第 1 位/ })).toBeVisible();
  // Enrolling someone twice is refused with their name.
  await page.getByRole('button', { name: '报名', exact: true }).click();
  const again = page.getByRole('dialog', { name: '为本班期报名' });
  await pickFromSearch(page, again.getByRole('combobox', { name: '人员' }), '学员甲', /学员甲/);
  await again.getByRole('button', { name: '报名' }).click();
  await expect(again.getByText('「学员甲」已报名该班期')).toBeVisible();
  await again.getByRole('button', { name: '取消' }).click();

  // 学员乙 withdraws: 学员丙 moves up from the waitlist.
  await page.getByRole('button', { name: '退出：学员乙' }).click();
  await page.getByRole('dialog', { name: '「学员乙」退出本班期？' }).getByRole('button', { name: '确认退出' }).click();
  await expect(page.getByText('「学员乙」已退出；候补的「学员丙」已转为正式报名')).toBeVisible();
  await expect(page.getByRole('row', { name: /学员丙.*已报名/ })).toBeVisible();
  // 学员乙 signs up again: the seats are taken, so to the waitlist.
  await page.getByRole('button', { name: '报名', exact: true }).click();
  const rejoin = page.getByRole('dialog', { name: '为本班期报名' });
  await pickFromSearch(page, rejoin.getByRole('combobox', { name: '人员' }), '学员乙', /学员乙/);
  await rejoin.getByRole('button', { name: '报名' }).click();
  await expect(page.getByText('名额已满：「学员乙」进入候补名单第 1 位')).toBeVisible();
  await screenshot(page, '31-班期-报名与候补');

  // Attendance: everyone present, then 学员丙 only partly; hours are required for that.
  await page.getByRole('tab', { name: '考勤' }).click();
  await page.getByRole('button', { name: '全部标为全勤' }).click();
  await page.getByRole('group', { name: '出勤情况：学员丙' }).getByRole('button', { name: '部分出勤' }).click();
  await page.getByRole('button', { name: '完成考勤并计入学时' }).click();
  await expect(page.getByText('请填写「学员丙」的出勤学时')).toBeVisible();
  await page.getByRole('textbox', { name: '出勤学时：学员丙' }).fill('4');
  await page.getByRole('button', { name: '完成考勤并计入学时' }).click();
  await expect(page.getByText('「学员丙」的出勤学时 4 超过课程学时 3')).toBeVisible();
  await page.getByRole('textbox', { name: '出勤学时：学员丙' }).fill('2');
  await screenshot(page, '32-班期-考勤');
  await page.getByRole('button', { name: '完成考勤并计入学时' }).click();
  await expect(page.getByText('考勤已完成：2 名学员，共计入 5 学时')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: /已结课/ })).toBeVisible();
  // Whoever still waited never got a place: 未获名额, a final status.
  await page.getByRole('tab', { name: /报名名单/ }).click();
  await expect(page.getByRole('row', { name: /学员乙.*未获名额/ })).toBeVisible();
  await page.getByRole('tab', { name: '考勤' }).click();

  // A correction later: 学员丙 did stay the whole time. It needs a reason and adds the difference.
  await page.getByRole('button', { name: '更正：学员丙' }).click();
  const correct = page.getByRole('dialog', { name: '更正「学员丙」的考勤' });
  await choose(page, correct.getByRole('combobox', { name: '出勤情况' }), '全勤');
  await correct.getByRole('button', { name: '保存' }).click();
  await expect(correct.getByText('请填写更正原因')).toBeVisible();
  await correct.getByRole('textbox', { name: '更正原因' }).fill('签到表漏记下午签到');
  await correct.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已更正「学员丙」：学时 +1')).toBeVisible();

  // The hours are on the trainee's page, in the ledger, the correction with its reason.
  await page.getByRole('tab', { name: /报名名单/ }).click();
  await page.getByRole('link', { name: '学员丙' }).click();
  await page.getByRole('tab', { name: '培训学时' }).click();
  await expect(page.getByText('合计 3 学时')).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(`${wednesday}.*2.*班期考勤.*SQ-01 个案工作实务`) })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(`${wednesday}.*1.*考勤更正.*签到表漏记下午签到`) })).toBeVisible();
  await screenshot(page, '33-人员-培训学时');
});

test('moving a session on the calendar is checked in core; a list roster enrols the valid rows; cancelling lists whom to notify', async ({
  app: page,
  shell,
}) => {
  test.slow();
  const f = await arrangeBases(shell);
  const { monday, wednesday } = lastWeek();
  const west = await arrange<{ session: { id: number } }>(shell, 'sessions.create', {
    courseId: f.westCourse,
    roomId: f.westRoom,
    startsAt: `${monday}T14:00`,
    endsAt: `${monday}T17:00`,
    capacity: 10,
    leadMentorIds: [f.westMentors.lin],
  });

  await openScreen(page, '班期日历');
  await page.getByRole('button', { name: '上一周' }).click();
  const event = page.locator('.fc-event', { hasText: '个案工作实务' });
  await expect(event).toBeVisible();
  await expect(page.locator('.fc-event', { hasText: '小组工作实务' })).toBeVisible(); // staff see every base

  // Drag it onto Wednesday 09:00, where its mentor teaches at 东区: put back, with the reason.
  const target = async (date: string, time: string) => {
    const column = (await page.locator(`td.fc-timegrid-col[data-date="${date}"]`).boundingBox())!;
    const lane = (await page.locator(`td.fc-timegrid-slot-lane[data-time="${time}:00"]`).boundingBox())!;
    return { x: column.x + column.width / 2, y: lane.y + 4 };
  };
  const drag = async (date: string, time: string) => {
    await page.locator(`td.fc-timegrid-slot-lane[data-time="${time}:00"]`).scrollIntoViewIfNeeded();
    const from = (await event.boundingBox())!;
    const to = await target(date, time);
    await page.mouse.move(from.x + from.width / 2, from.y + 6);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 5, from.y + 12, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await page.mouse.up();
  };
  await drag(wednesday, '09:00');
  await expect(page.getByText(/未能改期：导师「林导师」在该时段已有班期「DQ-01 小组工作实务」/)).toBeVisible();
  await expect(page.locator(`td.fc-timegrid-col[data-date="${monday}"] .fc-event`, { hasText: '个案工作实务' })).toBeVisible();
  await drag(wednesday, '14:00');
  await expect(page.getByText(`已改期为 ${wednesday} 14:00–17:00`)).toBeVisible();
  await screenshot(page, '34-班期日历-改期');

  // The list view shows the same session at its new time.
  await page.getByRole('button', { name: '列表' }).click();
  await expect(page.getByRole('row', { name: new RegExp(`${wednesday} 14:00–17:00.*SQ-01 个案工作实务.*石岐社工实训基地`) })).toBeVisible();
  await page.getByRole('row', { name: /SQ-01 个案工作实务/ }).click();

  // A pasted roster: two valid rows, an unknown 身份证号 and a malformed one are shown, only the valid are enrolled.
  await page.getByRole('tab', { name: /报名名单/ }).click();
  await page.getByRole('button', { name: '批量报名' }).click();
  const roster = page.getByRole('dialog', { name: '批量报名' });
  await roster.getByRole('textbox', { name: /身份证号/ }).fill([idNumber('203'), idNumber('204'), idNumber('299'), '12345'].join('\n'));
  await roster.getByRole('button', { name: '检查名单' }).click();
  await expect(roster.getByText('共 4 行：2 人可报名，2 行有问题，不会报名')).toBeVisible();
  await screenshot(page, '35-班期-批量报名');
  await roster.getByRole('button', { name: '为 2 人报名' }).click();
  await expect(roster).toBeHidden();
  await expect(page.getByText('已报名 2 人，候补 0 人')).toBeVisible();

  // The roster as a sign-in sheet: .xlsx with 身份证号 as text.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^报名名单_SQ-01_${wednesday}_\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await file.path());
  const sheet = workbook.worksheets[0]!;
  expect(sheet.getRow(1).getCell(5).value).toBe('姓名');
  expect([sheet.getRow(2).getCell(5).value, sheet.getRow(3).getCell(5).value].sort()).toEqual(['学员乙', '学员甲']);
  expect([sheet.getRow(2).getCell(6).value, sheet.getRow(3).getCell(6).value].sort()).toEqual([idNumber('203'), idNumber('204')].sort());

  // Cancelling needs a reason and lists the people to notify.
  await page.getByRole('button', { name: '取消班期' }).click();
  const cancel = page.getByRole('dialog', { name: '取消班期「个案工作实务」' });
  await expect(cancel.getByText('以下 2 人已报名或在候补名单上，取消后请通知他们：')).toBeVisible();
  await expect(cancel.getByText(/学员甲（13800002030）/)).toBeVisible();
  await expect(cancel.getByText(/学员乙（13800002040）/)).toBeVisible();
  await cancel.getByRole('button', { name: '确认取消班期' }).click();
  await expect(cancel.getByText('请填写取消原因')).toBeVisible();
  await cancel.getByRole('textbox', { name: '取消原因' }).fill('导师因公出差');
  await cancel.getByRole('button', { name: '确认取消班期' }).click();
  await expect(cancel).toBeHidden();
  await expect(page.getByText(/班期已取消。请通知：.*学员甲（13800002030）/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: /已取消/ })).toBeVisible();
  expect(west.session.id).toBeGreaterThan(0);
});

test('staff record a person’s external training with its evidence, are refused a future date, then verify it', async ({ app: page, shell }) => {
  await arrange(shell, 'people.create', { idNumber: idNumber('301'), name: '黄敏' });
  await openScreen(page, '人员');
  await page.getByRole('row', { name: /黄敏/ }).click();
  await page.getByRole('tab', { name: '培训学时' }).click();
  await expect(page.getByText('尚无培训学时记录')).toBeVisible();
  await page.getByRole('button', { name: '登记外部培训' }).click();
  const form = page.getByRole('dialog', { name: '登记外部培训' });
  await choose(page, form.getByRole('combobox', { name: '培训类别' }), '社会工作师高级研修培训');
  await form.getByRole('textbox', { name: '学时' }).fill('6');
  await form.getByRole('textbox', { name: '培训日期' }).fill('2099-03-15');
  await form.getByRole('textbox', { name: '培训机构' }).fill('广东省社会工作师联合会');
  await form.getByRole('textbox', { name: '证明材料说明' }).fill('结业证书编号 GD-2026-0315');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form.getByText('培训日期不能晚于今天')).toBeVisible();
  await form.getByRole('textbox', { name: '培训日期' }).fill('2026-03-15');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByText('合计 6 学时')).toBeVisible();
  await expect(
    page.getByRole('row', { name: /2026-03-15.*社会工作师高级研修培训.*6.*外部培训.*广东省社会工作师联合会，结业证书编号 GD-2026-0315/ }),
  ).toBeVisible();
  await page.getByRole('button', { name: /^核实：2026-03-15/ }).click();
  await expect(page.getByRole('row', { name: /外部培训.*已核实/ })).toBeVisible();
  await screenshot(page, '36-人员-外部培训');
});

test('考勤待办 lists a past session still waiting for its attendance, and exports the list', async ({ app: page, shell }) => {
  await arrangeBases(shell);
  await openScreen(page, '考勤待办');
  await expect(page.getByRole('row', { name: /DQ-01.*小组工作实务/ })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^班期_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await file.path());
  const sheet = workbook.worksheets[0]!;
  expect(sheet.rowCount).toBe(2);
  expect([sheet.getRow(2).getCell(2).value, sheet.getRow(2).getCell(3).value, sheet.getRow(2).getCell(6).value]).toEqual([
    'DQ-01',
    '小组工作实务',
    '东区社工实训基地',
  ]);
});
