import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { checkCharFor } from '../../core/idcard.ts';
import { arrange, choose, expect, login, logout, openScreen, pickFromSearch, screenshot, test, type WebShell } from './fixtures.ts';

const idNumber = (seq: string) => `44200019850101${seq}` + checkCharFor(`44200019850101${seq}`);

/** A weekday a week or more ahead, as the browser (Asia/Shanghai) counts days: 2 = Tuesday, 4 = Thursday. */
function nextWeekday(isoWeekday: number, weeksLater = 0): string {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const day = new Date(`${today}T00:00:00Z`);
  const current = ((day.getUTCDay() + 6) % 7) + 1;
  const ahead = ((isoWeekday - current + 7) % 7) + 7 * (weeksLater + 1);
  return new Date(day.getTime() + ahead * 86_400_000).toISOString().slice(0, 10);
}
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** 石岐 with one room (30 seats), a course and two mentors; 王导师 already holds the room on the third Tuesday 13:00–15:00. A coordinator of 石岐. */
async function arrangeBase(shell: WebShell) {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const org = await arrange<{ id: number }>(shell, 'organizations.create', { name: '中山市社会工作协会', kind: 'mass_organization' });
  const lin = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber('301'), name: '林导师' });
  const wang = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber('302'), name: '王导师' });
  const { courseCategories } = await arrange<{ courseCategories: { id: number }[] }>(shell, 'bases.lists', {});
  const { base } = await arrange<{ base: { id: number } }>(shell, 'bases.create', {
    name: '石岐社工实训基地',
    organizationId: org.id,
    regionId: city.id,
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
  await arrange(shell, 'mentors.add', { baseId: base.id, personId: lin.id, joinedOn: '2025-01-01' });
  const wangMentor = await arrange<{ id: number }>(shell, 'mentors.add', { baseId: base.id, personId: wang.id, joinedOn: '2025-01-01' });
  await arrange(shell, 'sessions.create', {
    courseId: course.id,
    roomId: room.id,
    startsAt: `${nextWeekday(2, 2)}T13:00`,
    endsAt: `${nextWeekday(2, 2)}T15:00`,
    capacity: 20,
    leadMentorIds: [wangMentor.id],
  });
  await arrange(shell, 'users.create', { username: 'shiqi', displayName: '石岐协调员', role: 'coordinator', password: 'coordinator-2026', baseIds: [base.id] });
}

test('a coordinator schedules a 6-week series with one occurrence clashing, moves that one, and saves all six', async ({ app: page, shell }) => {
  test.slow();
  await arrangeBase(shell);
  await logout(page);
  await login(page, 'shiqi', 'coordinator-2026');
  const first = nextWeekday(2);
  const third = nextWeekday(2, 2);

  await openScreen(page, '班期日历');
  await page.getByRole('button', { name: '新增班期' }).click();
  const form = page.getByRole('dialog', { name: '新增班期' });
  await expect(form.getByRole('combobox', { name: '基地' })).toHaveValue('石岐社工实训基地'); // their only base
  await choose(page, form.getByRole('combobox', { name: '课程' }), 'SQ-01 个案工作实务（3 学时）');
  await form.getByRole('textbox', { name: '开始时间' }).fill(`${first} 14:00`);
  await form.getByRole('textbox', { name: '结束时间' }).fill(`${first} 17:00`);
  await choose(page, form.getByRole('combobox', { name: '教室' }), '一号培训室（30 座）');
  await form.getByRole('combobox', { name: '主讲导师' }).click();
  await page.getByRole('option', { name: '林导师' }).click();
  // 每周二 14:00–17:00，共 6 周.
  await form.getByLabel('重复（每周）').check();
  await expect(form.getByRole('textbox', { name: '共几周' })).toHaveValue('6');
  const occurrences = form.getByRole('list', { name: '重复（每周）' });
  await expect(occurrences.getByRole('listitem')).toHaveCount(6);
  await form.getByRole('button', { name: '检查各次时间' }).click();
  await expect(form.getByRole('status')).toHaveText('有 1 次存在冲突：请调整后再保存');
  const clash = occurrences.getByRole('listitem', { name: '第 3 次' });
  await expect(clash).toContainText(`${third} 14:00–17:00`);
  await expect(clash).toContainText(`教室「一号培训室」在该时段已被班期「SQ-01 个案工作实务」（石岐社工实训基地，${third} 13:00–15:00）占用`);
  await expect(occurrences.getByRole('listitem', { name: '第 2 次' })).toContainText('无冲突');
  await screenshot(page, '34-班期-重复-逐次检查');

  // Saving anyway saves nothing: the refusal names the occurrence.
  await form.getByRole('button', { name: '保存 6 个班期' }).click();
  await expect(form.getByText(/第 3 次（.*）：教室「一号培训室」.*整个系列未保存/).first()).toBeVisible();
  expect((await arrange<{ total: number }>(shell, 'sessions.list', {})).total).toBe(1);

  // Move the third to Wednesday: checked again at once, then all six are saved together.
  await clash.getByRole('button', { name: '调整' }).click();
  const move = page.getByRole('dialog', { name: '调整第 3 次的时间' });
  await move.getByRole('textbox', { name: '开始时间' }).fill(`${plusDays(third, 1)} 14:00`);
  await move.getByRole('textbox', { name: '结束时间' }).fill(`${plusDays(third, 1)} 17:00`);
  await move.getByRole('button', { name: '确定' }).click();
  await expect(form.getByRole('status')).toHaveText('6 次均无冲突，可以保存');
  await expect(clash).toContainText(`${plusDays(third, 1)} 14:00–17:00`);
  await screenshot(page, '34-班期-重复-调整后');
  await form.getByRole('button', { name: '保存 6 个班期' }).click();
  await expect(form).toBeHidden();
  const saved = await arrange<{ total: number; rows: { startsAt: string }[] }>(shell, 'sessions.list', { pageSize: 100, sortField: 'startsAt' });
  expect(saved.total).toBe(7);
  expect(saved.rows.filter((r) => r.startsAt.endsWith('T14:00')).map((r) => r.startsAt.slice(0, 10))).toEqual([
    first,
    nextWeekday(2, 1),
    plusDays(third, 1),
    nextWeekday(2, 3),
    nextWeekday(2, 4),
    nextWeekday(2, 5),
  ]);
});

test('a mentor’s weekly unavailability refuses a session, naming it; 查找空闲时段 proposes a slot that saves', async ({ app: page, shell }) => {
  test.slow();
  await arrangeBase(shell);
  const thursday = nextWeekday(4);

  // On the base's 导师库, 林导师 is away every Thursday morning.
  await openScreen(page, '基地');
  await page.getByRole('row', { name: /石岐社工实训基地/ }).click();
  await page.getByRole('tab', { name: /导师库/ }).click();
  await page.getByRole('button', { name: '不可用时间：林导师' }).click();
  const away = page.getByRole('dialog', { name: '「林导师」的不可用时间' });
  await expect(away.getByText('尚未登记不可用时间')).toBeVisible();
  await away.getByRole('button', { name: '添加不可用时间' }).click();
  const add = page.getByRole('dialog', { name: '为「林导师」添加不可用时间' });
  await choose(page, add.getByRole('combobox', { name: '星期' }), '周四');
  await add.getByRole('textbox', { name: '开始时刻' }).fill('9:00');
  await add.getByRole('textbox', { name: '结束时刻' }).fill('12:00');
  await add.getByRole('textbox', { name: '原因' }).fill('外出督导');
  await add.getByRole('button', { name: '保存' }).click();
  await expect(add).toBeHidden();
  await expect(away.getByRole('cell', { name: '每周四 09:00–12:00，原因：外出督导', exact: true })).toBeVisible();
  await screenshot(page, '24-导师-不可用时间');
  await away.getByRole('button', { name: '关闭' }).click();

  // A session on a Thursday morning with 林导师 is refused, naming the entry.
  await openScreen(page, '班期日历');
  await page.getByRole('button', { name: '新增班期' }).click();
  const form = page.getByRole('dialog', { name: '新增班期' });
  await pickFromSearch(page, form.getByRole('combobox', { name: '基地' }), '石岐', /石岐社工实训基地/);
  await choose(page, form.getByRole('combobox', { name: '课程' }), 'SQ-01 个案工作实务（3 学时）');
  await form.getByRole('textbox', { name: '开始时间' }).fill(`${thursday} 10:00`);
  await form.getByRole('textbox', { name: '结束时间' }).fill(`${thursday} 12:00`);
  await choose(page, form.getByRole('combobox', { name: '教室' }), '一号培训室（30 座）');
  await form.getByRole('combobox', { name: '主讲导师' }).click();
  await page.getByRole('option', { name: '林导师' }).click();
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form.getByText('导师「林导师」在该时段不可用（不可用时间：每周四 09:00–12:00，原因：外出督导）')).toBeVisible();
  await screenshot(page, '34-班期-导师不可用');

  // The assistant, for 林导师 on that Thursday only: the morning is avoided, the slot fills the form and saves.
  await form.getByRole('button', { name: '查找空闲时段' }).click();
  const finder = page.getByRole('dialog', { name: '查找空闲时段' });
  await expect(finder.getByRole('combobox', { name: '课程' })).toHaveText('SQ-01 个案工作实务');
  await finder.getByRole('textbox', { name: '开始日期' }).fill(thursday);
  await finder.getByRole('textbox', { name: '结束日期' }).fill(thursday);
  await choose(page, finder.getByRole('combobox', { name: /^导师/ }), '林导师');
  await finder.getByRole('button', { name: '查找' }).click();
  const best = finder.getByRole('group').first();
  await expect(best).toContainText(`${thursday} 12:00–15:00 · 一号培训室（30 座）· 林导师`);
  await expect(best).toContainText('避开：导师「林导师」不可用（每周四 09:00–12:00，原因：外出督导）');
  await screenshot(page, '34-班期-查找空闲时段');
  await best.getByRole('button', { name: '选用此时段' }).click();
  await expect(finder).toBeHidden();
  await expect(form.getByRole('textbox', { name: '开始时间' })).toHaveValue(`${thursday} 12:00`);
  await expect(form.getByRole('textbox', { name: '结束时间' })).toHaveValue(`${thursday} 15:00`);
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toBeHidden();
});

test('mentors’ unavailable times imported from a sheet: preview with reasons, only the valid rows, listed on the mentor', async ({ app: page, shell }) => {
  await arrangeBase(shell);
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('不可用时间');
  sheet.addRow(['导师姓名', '身份证号', '星期', '开始时间', '结束时间', '事由']);
  sheet.addRow(['林导师', idNumber('301'), '周三', '9:00', '12:00', '社区值班']);
  sheet.addRow(['王导师', idNumber('302'), '周八', '14:00', '13:00', '']);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sws-xlsx-')), '导师不可用时间.xlsx');
  await wb.xlsx.writeFile(file);

  await openScreen(page, '基地');
  await page.getByRole('row', { name: /石岐社工实训基地/ }).click();
  await page.getByRole('tab', { name: /导师库/ }).click();
  await page.getByRole('button', { name: '导入不可用时间' }).click();
  const dialog = page.getByRole('dialog', { name: '导入导师不可用时间' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: '选择 .xlsx 文件' }).click();
  await (await chooser).setFiles(file);
  await expect(dialog.getByText('共 2 行：将登记 1 条不可用时间，0 行已登记过，0 行与文件中前面的行重复，1 行不能导入。')).toBeVisible();
  const preview = dialog.getByRole('tab', { name: '2. 预览' });
  if (!(await preview.getAttribute('aria-selected'))?.includes('true')) await dialog.getByRole('button', { name: '下一步：查看预览' }).click();
  const refused = dialog.getByRole('table', { name: '不能导入的行' }).getByRole('row', { name: /第 3 行/ });
  await expect(refused).toContainText('【星期】无法识别的星期「周八」');
  await expect(refused).toContainText('【结束时间】结束时刻应晚于开始时刻');
  await dialog.getByRole('checkbox', { name: /^只导入无误的行/ }).check();
  await screenshot(page, '24-导师-导入不可用时间');
  await dialog.getByRole('button', { name: '导入 1 行' }).click();
  await expect(dialog.getByText('导入完成：共 2 行，登记 1 条不可用时间，0 行已登记过，0 行重复，1 行未导入。')).toBeVisible();
  await dialog.getByRole('button', { name: '关闭' }).click();
  await page.getByRole('button', { name: '不可用时间：林导师' }).click();
  const away = page.getByRole('dialog', { name: '「林导师」的不可用时间' });
  await expect(away.getByRole('row', { name: /每周三 09:00–12:00，原因：社区值班.*表格导入/ })).toBeVisible();
  await away.getByRole('button', { name: '关闭' }).click();
  // The mentor's own page (授课记录) shows the same entries.
  await page.getByRole('link', { name: '林导师' }).click();
  await page.getByRole('tab', { name: '授课记录' }).click();
  await page.getByRole('button', { name: '不可用时间' }).click();
  await expect(page.getByRole('dialog', { name: '「林导师」的不可用时间' }).getByRole('row', { name: /每周三 09:00–12:00/ })).toBeVisible();
});
