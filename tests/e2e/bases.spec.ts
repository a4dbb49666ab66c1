import fs from 'node:fs';
import { checkCharFor } from '../../core/idcard.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { arrange, choose, expect, navigateTo, pickFromSearch, screenshot, test } from './fixtures.ts';

const idNumber = (seq: string) => `44200019800101${seq}` + checkCharFor(`44200019800101${seq}`);

test('a training base with a room, two mentors and a course; a duplicate room is refused', async ({ app: page, shell }) => {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  await arrange(shell, 'regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  await arrange(shell, 'organizations.create', { name: '中山市社会工作协会', kind: 'mass_organization' });
  for (const [seq, name] of [
    ['111', '林慧敏'],
    ['113', '郑志强'],
  ] as const)
    await arrange(shell, 'people.create', { idNumber: idNumber(seq), name });

  await navigateTo(page, '基地');
  await expect(page.getByRole('heading', { level: 1, name: '实训基地' })).toBeVisible();
  await expect(page.getByText('尚无实训基地')).toBeVisible();
  await page.getByRole('button', { name: '新增基地' }).click();
  const dialog = page.getByRole('dialog', { name: '新增基地' });
  await dialog.getByRole('textbox', { name: '基地名称' }).fill('石岐社工实训基地');
  await dialog.getByRole('combobox', { name: '依托机构' }).fill('社会工作协会');
  await page.getByRole('option', { name: '中山市社会工作协会' }).click();
  await dialog.getByRole('combobox', { name: '所在区划' }).fill('石岐');
  await page.getByRole('option', { name: '中山市 / 石岐街道' }).click();
  await choose(page, dialog.getByRole('combobox', { name: '基地等级' }), '示范基地');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('已认定或试运行的基地须填写认定有效期至')).toBeVisible();
  await dialog.getByRole('textbox', { name: '认定有效期至' }).fill('2028-12-31');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /石岐社工实训基地/ })).toBeVisible();

  // 教室
  await page.getByRole('tab', { name: /教室/ }).click();
  await page.getByRole('button', { name: '新增教室' }).click();
  const room = page.getByRole('dialog', { name: '新增教室' });
  await room.getByRole('textbox', { name: '教室名称' }).fill('一号培训室');
  await room.getByRole('textbox', { name: '座位数' }).fill('40');
  await room.getByRole('button', { name: '保存' }).click();
  await expect(room).toBeHidden();
  await page.getByRole('button', { name: '新增教室' }).click();
  await room.getByRole('textbox', { name: '教室名称' }).fill('一号培训室');
  await room.getByRole('textbox', { name: '座位数' }).fill('20');
  await room.getByRole('button', { name: '保存' }).click();
  await expect(room.getByText('本基地已有名为「一号培训室」的教室')).toBeVisible();
  await room.getByRole('button', { name: '取消' }).click();
  await expect(room).toBeHidden();

  // 导师库: two mentors, one with specialties
  await page.getByRole('tab', { name: /导师库/ }).click();
  for (const name of ['林慧敏', '郑志强']) {
    await page.getByRole('button', { name: '加入导师库' }).click();
    const mentor = page.getByRole('dialog', { name: '加入导师库' });
    await pickFromSearch(page, mentor.getByRole('combobox', { name: '人员' }), name.slice(0, 2), new RegExp(name));
    if (name === '林慧敏') {
      await mentor.getByRole('combobox', { name: '专长领域' }).click();
      await page.getByRole('option', { name: '禁毒戒毒' }).click();
      await expect(mentor.getByRole('button', { name: '禁毒戒毒' })).toBeVisible(); // the chosen field, as a chip
    }
    await mentor.getByRole('button', { name: '保存' }).click();
    await expect(mentor).toBeHidden();
  }
  await expect(page.getByRole('table', { name: '导师库' }).getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('row', { name: /林慧敏.*禁毒戒毒/ })).toBeVisible();

  // 课程
  await page.getByRole('tab', { name: /课程/ }).click();
  await page.getByRole('button', { name: '新增课程' }).click();
  const course = page.getByRole('dialog', { name: '新增课程' });
  await course.getByRole('textbox', { name: '课程编号' }).fill('DD-01');
  await course.getByRole('textbox', { name: '课程名称' }).fill('督导实务入门');
  await choose(page, course.getByRole('combobox', { name: '课程类别' }), '督导实务培训');
  await course.getByRole('textbox', { name: '学时' }).fill('2.3');
  await course.getByRole('button', { name: '保存' }).click();
  await expect(course.getByText('学时以 0.5 为单位')).toBeVisible();
  await course.getByRole('textbox', { name: '学时' }).fill('6');
  await course.getByRole('button', { name: '保存' }).click();
  await expect(course).toBeHidden();
  await expect(page.getByRole('row', { name: /DD-01.*督导实务入门.*督导实务培训.*6/ })).toBeVisible();
  await screenshot(page, '22-实训基地-课程');

  await navigateTo(page, '基地');
  await expect(page.getByRole('row', { name: /石岐社工实训基地.*示范基地/ })).toBeVisible();
  await screenshot(page, '23-实训基地');

  // The list exports as shown: one base, with its room, mentors and course counted.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^实训基地_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const { headers, rows } = await readFirstSheet(fs.readFileSync(await file.path()));
  expect(headers.slice(0, 4)).toEqual(['基地名称', '依托机构', '所在区划', '等级']);
  expect(rows.map((r) => [r.values[0], r.values[3], ...r.values.slice(8)])).toEqual([['石岐社工实训基地', '示范基地', 1, 2, 1]]);
});
