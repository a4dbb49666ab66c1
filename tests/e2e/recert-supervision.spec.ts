import { checkCharFor } from '../../core/idcard.ts';
import { arrange, expect, openScreen, screenshot, test, type WebShell } from './fixtures.ts';

const idNumber = (seq: string) => `44200019820101${seq}` + checkCharFor(`44200019820101${seq}`);
const year = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));

/**
 * Two 中级督导 in 石岐街道 whose training passes (30 verified hours, no unified training asked), and
 * the supervision staff recorded for them this year through the API: 督导甲 gave 14 two-hour
 * supervisions to six social workers, 督导乙 three one-hour ones to one.
 */
async function arrangeSupervision(shell: WebShell) {
  const city = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000', name: '中山市', level: 'city' });
  const town = await arrange<{ id: number }>(shell, 'regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  const levels = await arrange<{ id: number; name: string }[]>(shell, 'supervisors.levels', {});
  const { courseCategories } = await arrange<{ courseCategories: { id: number }[] }>(shell, 'bases.lists', {});
  const rules = await arrange<{ body: { review: { byLevel: { levelId: number }[] } } }>(shell, 'rules.training', {});
  const body = structuredClone(rules.body);
  body.review.byLevel = body.review.byLevel.map((r) => ({ ...r, unifiedTrainings: 0, yearHours: 24 }));
  await arrange(shell, 'rules.saveTraining', { body, note: '本年度统一培训取消' });
  let seq = 400;
  const person = (name: string) =>
    arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber(String(seq++)), name, regionId: town.id, practiceStart: '2012-01-01' });
  for (const [name, subjects, sessions, hours] of [
    ['督导甲', 6, 14, 2],
    ['督导乙', 1, 3, 1],
  ] as const) {
    const p = await person(name);
    await arrange(shell, 'certificates.create', {
      personId: p.id,
      level: 'social_worker',
      number: `S${seq}`,
      issuedOn: `${year - 1}-01-01`,
      registrationValidUntil: `${year + 1}-12-31`,
    });
    const s = await arrange<{ id: number }>(shell, 'supervisors.appoint', {
      personId: p.id,
      levelId: levels.find((l) => l.name === '中级督导')!.id,
      regionId: town.id,
      appointedOn: `${year - 2}-01-01`,
      validUntil: `${year}-12-31`,
      overrideReason: '历史聘任',
    });
    const record = await arrange<{ id: number }>(shell, 'training.addExternal', {
      personId: p.id,
      categoryId: courseCategories[0]!.id,
      hours: 30,
      earnedOn: `${year}-01-01`,
      provider: '广东省社会工作师联合会',
      note: '结业证书',
    });
    await arrange(shell, 'training.verifyExternal', { id: record.id });
    const relationships: number[] = [];
    for (let i = 0; i < subjects; i++) {
      const subject = await person(`${name.slice(2)}的对象${i + 1}`);
      const r = await arrange<{ id: number }>(shell, 'supervision.createRelationship', {
        supervisorId: s.id,
        personId: subject.id,
        form: 'individual',
        startsOn: `${year}-01-01`,
      });
      relationships.push(r.id);
    }
    for (let i = 0; i < sessions; i++) {
      const day = `${year}-${String(1 + (i % 10)).padStart(2, '0')}-${String(5 + Math.floor(i / 10)).padStart(2, '0')}`;
      await arrange(shell, 'supervision.createRecord', {
        supervisorId: s.id,
        startsAt: `${day}T19:00`,
        endsAt: `${day}T${19 + hours}:00`,
        form: 'individual',
        subjectIds: [relationships[i % relationships.length]],
        topic: '个案督导',
      });
    }
  }
}

test('an admin sets a minimum of supervision hours for 中级督导; the re-review states each supervisor’s supervision and what is missing', async ({
  app: page,
  shell,
}) => {
  test.slow();
  await arrangeSupervision(shell);

  // 规则设置: 中级督导 must give at least 24 hours of supervision a year.
  await openScreen(page, '规则设置');
  const rules = page.getByRole('form', { name: '学时与再审核规则' });
  await expect(rules.getByLabel('中级督导年度督导时数')).toHaveValue('');
  await rules.getByLabel('中级督导年度督导时数').fill('24');
  await expect(rules.getByText('中级督导：统一培训至少 0 次，年度学时至少 24，年度提供督导至少 24 小时')).toBeVisible();
  await rules.getByLabel('修订说明').fill('中级督导须履行督导职责');
  await rules.getByRole('button', { name: '保存为新版本' }).click();
  await expect(rules.getByText(/已保存为第 3 版/)).toBeVisible();
  await rules.getByLabel('中级督导年度督导时数').scrollIntoViewIfNeeded();
  await screenshot(page, '48-规则-督导工作要求');

  // The re-review: the draft's what-if already counts it; opened, the proposal states the facts.
  await openScreen(page, '年度再审核');
  await page.getByRole('button', { name: '新建年度' }).click();
  const create = page.getByRole('dialog', { name: '新建年度' });
  await create.getByRole('button', { name: '建立草稿' }).click();
  await expect(page.getByTestId('tally-pass')).toHaveText('1');
  await expect(page.getByTestId('tally-conditional')).toHaveText('1');
  await page.getByRole('button', { name: '开启审核' }).click();
  const opening = page.getByRole('dialog', { name: `开启${year}年度再审核？` });
  await opening.getByRole('button', { name: '开启审核' }).click();
  await expect(opening).toBeHidden({ timeout: 30_000 }); // a job in a worker thread (core/recert/cycle-jobs.ts)
  const grid = page.getByRole('grid', { name: '审核名单' });
  await expect(grid.getByRole('row', { name: /督导乙/ })).toContainText(`${year}年提供督导 3 次、共 3 小时，督导对象 1 人；要求 ≥ 24 小时，尚差 21 小时`);
  await expect(grid.getByRole('row', { name: /督导甲/ })).toContainText('各项要求均已满足');

  await grid.getByRole('row', { name: /督导甲/ }).click();
  const review = page.getByRole('dialog', { name: `督导甲：${year}年度再审核` });
  await expect(review.getByText(`${year}年提供督导 14 次、共 28 小时，督导对象 6 人；要求 ≥ 24 小时`)).toBeVisible();
  await screenshot(page, '49-再审核-督导工作事实');
  await review.getByRole('button', { name: /取消|关闭/ }).click();
  await grid.getByRole('row', { name: /督导乙/ }).click();
  const short = page.getByRole('dialog', { name: `督导乙：${year}年度再审核` });
  await expect(short.getByText(`${year}年提供督导 3 次、共 3 小时，督导对象 1 人；要求 ≥ 24 小时，尚差 21 小时（可限期整改）`)).toBeVisible();
  await screenshot(page, '49-再审核-督导工作未达');
});
