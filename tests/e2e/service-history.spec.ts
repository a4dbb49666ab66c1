/**
 * Issue 22: a social worker's 服务履历 on their page after staff change their organization, and
 * 镇区覆盖 showing the supervision a town's organizations received this year (read as of the
 * record's date: the worker counts for the town they were in then), with the towns that have
 * supervisors but no supervision recorded.
 */
import { checkCharFor } from '../../core/idcard.ts';
import { arrange, expect, navigateTo, openScreen, screenshot, test, type WebShell } from './fixtures.ts';

const idNumber = (seq: string) => `44200019900101${seq}` + checkCharFor(`44200019900101${seq}`);
const thisYear = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());

async function practice(shell: WebShell) {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const town = async (code: string, name: string) =>
    (await arrange<{ id: number }>(shell, 'regions.create', { code, name, level: 'town', parentId: city.id })).id;
  const shiqi = await town('442000001', '石岐街道');
  const east = await town('442000002', '东区街道');
  const huangpu = await town('442000101', '黄圃镇');
  const shiqiOrg = await arrange<{ id: number }>(shell, 'organizations.create', { name: '石岐社工服务中心', kind: 'social_work_agency', regionId: shiqi });
  await arrange(shell, 'organizations.create', { name: '东区家庭综合服务中心', kind: 'social_work_agency', regionId: east });
  const levels = await arrange<{ id: number; name: string }[]>(shell, 'supervisors.levels', {});
  const middle = levels.find((l) => l.name === '中级督导')!.id;
  let seq = 400;
  const supervisor = async (name: string, regionId: number) => {
    const p = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber(String(++seq)), name, regionId, practiceStart: '2010-07-01' });
    return arrange<{ id: number }>(shell, 'supervisors.appoint', {
      personId: p.id,
      levelId: middle,
      regionId,
      appointedOn: '2020-03-01',
      validUntil: '2027-12-31',
      overrideReason: '历史聘任',
    });
  };
  const mentor = await supervisor('梁督导', shiqi);
  await supervisor('黄督导', huangpu); // 黄圃镇 has a supervisor and no supervision recorded
  const worker = await arrange<{ id: number }>(shell, 'people.create', {
    idNumber: idNumber('499'),
    name: '陈晓明',
    organizationId: shiqiOrg.id,
    jobGrade: '助理社会工作师二级',
  });
  const relationship = await arrange<{ id: number }>(shell, 'supervision.createRelationship', {
    supervisorId: mentor.id,
    personId: worker.id,
    form: 'individual',
    startsOn: `${thisYear}-01-01`,
  });
  // Early this year, while the worker was at 石岐: two hours.
  await arrange(shell, 'supervision.createRecord', {
    supervisorId: mentor.id,
    startsAt: `${thisYear}-01-02T09:00`,
    endsAt: `${thisYear}-01-02T11:00`,
    form: 'individual',
    subjectIds: [relationship.id],
    topic: '个案评估与介入计划',
  });
}

test('staff change a social worker’s organization and see 服务履历; 镇区覆盖 shows the hours a town received', async ({ app: page, shell }) => {
  await practice(shell);

  await openScreen(page, '人员');
  await page.getByRole('textbox', { name: '姓名、拼音或首字母、身份证号、手机号' }).fill('陈晓明');
  await page.getByRole('row', { name: /陈晓明/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /陈晓明/ })).toBeVisible();

  // The worker moves to 东区's 家综 with a new job grade.
  await page.getByRole('button', { name: '修改人员' }).click();
  const dialog = page.getByRole('dialog', { name: '修改人员' });
  await dialog.getByRole('combobox', { name: '所在机构' }).fill('东区');
  await page.getByRole('option', { name: '东区家庭综合服务中心' }).click();
  await dialog.getByRole('textbox', { name: '岗位等级' }).fill('社会工作师三级');
  // A changed organization or post asks when it took effect (empty: today).
  await expect(dialog.getByRole('textbox', { name: '变更生效日期' })).toBeVisible();
  await screenshot(page, '05a-人员-调动');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('tab', { name: '服务履历' }).click();
  const history = page.getByRole('table', { name: '服务履历' });
  const rows = history.getByRole('row');
  await expect(rows).toHaveCount(3); // the header and two periods, newest first
  await expect(rows.nth(1)).toContainText('东区家庭综合服务中心');
  await expect(rows.nth(1)).toContainText('社会工作师三级');
  await expect(rows.nth(1)).toContainText('至今');
  await expect(rows.nth(1)).toContainText('人员表单');
  await expect(rows.nth(2)).toContainText('石岐社工服务中心');
  await expect(rows.nth(2)).toContainText('助理社会工作师二级');
  await screenshot(page, '05b-人员-服务履历');

  // 镇区覆盖: the January supervision counts for 石岐, where the worker was then; 黄圃 is flagged.
  await navigateTo(page, '镇区覆盖');
  await expect(page.getByRole('heading', { level: 1, name: '镇区督导覆盖' })).toBeVisible();
  const table = page.getByRole('table', { name: '镇区督导覆盖' });
  await expect(table.getByRole('columnheader', { name: `${thisYear}年受督导` })).toBeVisible();
  await expect(table.getByRole('row', { name: /石岐街道/ })).toContainText('2 小时 · 1 次 · 1 个机构');
  await expect(table.getByRole('row', { name: /东区街道/ })).toContainText('无督导记录');
  await expect(table.getByRole('row', { name: /黄圃镇/ })).toContainText('有督导但无督导记录');
  await expect(page.getByText(`${thisYear}年各镇区机构共接受督导 2 小时；1 个镇区有在册督导但无督导记录。`)).toBeVisible();
  await screenshot(page, '18b-镇区覆盖-受督导');

  await page.getByRole('switch', { name: '只看有督导但无督导记录的镇区' }).check();
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('row', { name: /黄圃镇/ })).toBeVisible();
});
