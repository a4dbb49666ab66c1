import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { checkCharFor } from '../../core/idcard.ts';
import { arrange, expect, firstRunSetup, openScreen, screenshot, test, type WebShell } from './fixtures.ts';
import { readPdf } from '../support/pdf-text.ts';

/**
 * Issue 23: printing (签到表, 学时证明, 聘书, a batch) in the web shell as Chromium prints it
 * (page.pdf() uses the print media, as the browser's 打印 → 另存为 PDF does), checked by the PDF's
 * text, images and fonts, and rendered for a person to look at;
 * then 证书核验 of a genuine, a tampered and a revoked code, in the app and in the exported page.
 */
const OUT = path.join('test-results', 'documents');

async function loadExampleData(shell: WebShell) {
  const { jobId } = await arrange<{ jobId: string }>(shell, 'demo.load', {});
  await expect.poll(async () => (await arrange<{ state: string }>(shell, 'jobs.status', { id: jobId })).state, { timeout: 90_000 }).toBe('done');
}

/**
 * The open print preview as a PDF file (A4 from the stylesheet): its text, images, fonts and pages
 * (tests/support/pdf-text.ts reads it; poppler is not on every machine). To look at: the first page
 * as PNG when poppler's pdftoppm is there, and always the print media as Chromium lays it out.
 */
async function printToPdf(page: Page, name: string) {
  const preview = page.getByRole('dialog');
  await expect(preview.getByRole('button', { name: '打印' })).toBeEnabled({ timeout: 30_000 });
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `${name}.pdf`);
  await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  const pdf = readPdf(fs.readFileSync(file));
  if (hasPdftoppm) execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(OUT, name)]);
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: path.join(OUT, `${name}-print-media.png`), fullPage: true });
  await page.emulateMedia({ media: null });
  return { file, ...pdf, pageCount: pdf.pages.length };
}

const hasPdftoppm = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Some Chinese font, embedded (its program in the file: the PDF reads the same on a machine without it). */
const embedsChineseFont = (fonts: { name: string; embedded: boolean }[]) =>
  fonts.some((f) => f.embedded && /WenQuanYi|CJK|Hei|Song|Kai|Ming|YaHei/i.test(f.name));

const squeeze = (text: string) => text.replace(/\s+/g, '');

test('签到表, 学时证明 and 聘书 print as A4 PDFs with Chinese text embedded, page numbers and QR codes; a batch prints one per person', async ({
  app: page,
  shell,
}) => {
  test.setTimeout(240_000);
  await loadExampleData(shell);

  // 签到表 of a completed session
  const session = (
    await arrange<{ rows: { id: number; courseTitle: string; baseName: string }[] }>(shell, 'sessions.list', { statuses: ['completed'], pageSize: 5 })
  ).rows[0]!;
  const detail = await arrange<{ enrolments: { name: string; status: string }[] }>(shell, 'sessions.get', { id: session.id });
  await page.goto(`${shell.url.split('#')[0]}#/sessions/${session.id}`);
  await page.getByRole('button', { name: '打印签到表' }).click();
  await expect(page.getByRole('dialog').getByRole('heading', { level: 1, name: /培训签到表/ })).toBeVisible();
  await screenshot(page, '64-打印-签到表');
  const sheet = await printToPdf(page, '签到表');
  expect(squeeze(sheet.text)).toContain(squeeze(session.courseTitle));
  expect(squeeze(sheet.text)).toContain(squeeze(session.baseName));
  for (const e of detail.enrolments.filter((x) => x.status === 'completed').slice(0, 3)) expect(squeeze(sheet.text)).toContain(e.name);
  expect(sheet.text).toMatch(/\d{4}\*{10}[\dX]{4}/); // masked 身份证号
  expect(sheet.text).not.toMatch(/\d{17}[\dX]/); // never a full one
  expect(squeeze(sheet.text)).toMatch(/签到签退/);
  expect(squeeze(sheet.text)).toContain(`第1页/共${sheet.pageCount}页`);
  expect(sheet.images).toBeGreaterThanOrEqual(1); // the session's QR code
  expect(embedsChineseFont(sheet.fonts)).toBe(true);
  await page.getByRole('button', { name: '关闭' }).click();

  // 学时证明 of someone with hours in the rolling window: totals as 学时达标 counts them
  const row = (await arrange<{ rows: { personId: number; personName: string; windowDone: number }[] }>(shell, 'compliance.list', { pageSize: 100 })).rows.find(
    (r) => r.windowDone > 0,
  )!;
  await page.goto(`${shell.url.split('#')[0]}#/people/${row.personId}`);
  await page.getByRole('button', { name: '打印学时证明' }).click();
  await page.getByRole('dialog', { name: '打印学时证明' }).getByRole('button', { name: '签发并预览' }).click();
  await expect(page.getByRole('dialog').getByRole('heading', { level: 1, name: '继续教育学时证明' })).toBeVisible();
  await screenshot(page, '65-打印-学时证明');
  const certificate = await printToPdf(page, '学时证明');
  const text = squeeze(certificate.text);
  expect(text).toContain(row.personName);
  expect(text).toContain(`合计${row.windowDone}`);
  expect(text).toMatch(/编号：XS\d{4}-\d{6}/);
  expect(text).toContain('学时规则第');
  expect(certificate.images).toBeGreaterThanOrEqual(1); // the signed QR code
  expect(embedsChineseFont(certificate.fonts)).toBe(true);
  await page.getByRole('button', { name: '关闭' }).click();

  // 督导聘书 of an active supervisor, worded by the template
  const supervisor = (
    await arrange<{ rows: { id: number; personName: string; levelName: string }[] }>(shell, 'supervisors.list', { status: 'active', pageSize: 1 })
  ).rows[0]!;
  await page.goto(`${shell.url.split('#')[0]}#/supervisors/${supervisor.id}`);
  await page.getByRole('button', { name: '打印聘书' }).click();
  await expect(page.getByRole('dialog').getByRole('heading', { level: 1, name: '督导聘书' })).toBeVisible();
  const letter = await printToPdf(page, '聘书');
  expect(squeeze(letter.text)).toContain(`兹聘任${supervisor.personName}同志为本会${supervisor.levelName}`);
  expect(squeeze(letter.text)).toMatch(/编号：PS\d{4}-\d{6}/);
  expect(letter.images).toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: '关闭' }).click();

  // Batch: everyone the search finds on 学时达标, one 学时证明 each, through a job with progress
  const search = '陈';
  const expected = (await arrange<{ total: number }>(shell, 'compliance.list', { search, pageSize: 1 })).total;
  expect(expected).toBeGreaterThan(1);
  await openScreen(page, '学时达标');
  await page.getByLabel('搜索').fill(search);
  await expect(page.getByText(new RegExp(`^1–\\d+ 共 ${expected}$`))).toBeVisible();
  await page.getByRole('button', { name: '批量打印学时证明' }).click();
  await page.getByRole('dialog', { name: '批量打印学时证明' }).getByRole('button', { name: '签发并预览' }).click();
  await expect(page.getByRole('dialog').getByRole('heading', { level: 2, name: new RegExp(`共 ${expected} 份`) })).toBeVisible({ timeout: 60_000 });
  const batch = await printToPdf(page, '学时证明-批量');
  expect(squeeze(batch.text).match(/继续教育学时证明/g)).toHaveLength(expected);
  expect(batch.pageCount).toBeGreaterThanOrEqual(expected); // each starts a page
  expect(batch.images).toBeGreaterThanOrEqual(expected);
  expect(squeeze(batch.text)).toContain(`共${batch.pageCount}页`);
  expect(embedsChineseFont(batch.fonts)).toBe(true);
});

test('证书核验: a genuine code is 有效, a tampered one 签名不符, a revoked one 已撤销 — in the app and in the exported page', async ({ app: page, shell }) => {
  test.setTimeout(180_000);
  await loadExampleData(shell);
  const row = (await arrange<{ rows: { personId: number; personName: string; windowDone: number }[] }>(shell, 'compliance.list', { pageSize: 100 })).rows.find(
    (r) => r.windowDone > 0,
  )!;
  await page.goto(`${shell.url.split('#')[0]}#/people/${row.personId}`);
  await page.getByRole('button', { name: '打印学时证明' }).click();
  await page.getByRole('dialog', { name: '打印学时证明' }).getByRole('button', { name: '签发并预览' }).click();
  const qr = page.locator('.sws-print-root img[data-code]');
  await expect(qr).toHaveCount(1);
  const code = (await qr.getAttribute('data-code'))!;
  expect(code.length).toBeLessThan(300);
  const serial = /XS\d{4}-\d{6}/.exec((await page.getByRole('dialog').textContent()) ?? '')![0];
  await page.getByRole('button', { name: '关闭' }).click();
  // The same code with its claimed total changed (what someone editing a printout's QR would try)
  const [prefix, payload, signature] = code.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as unknown[];
  claims[8] = Number(claims[8]) + 100;
  const tampered = `${prefix}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;

  await openScreen(page, '证书核验');
  const verify = async (text: string) => {
    await page.getByLabel('二维码内容').fill(text);
    await page.getByRole('button', { name: '核验', exact: true }).click();
  };
  await verify(code);
  await expect(page.getByRole('status')).toContainText('有效');
  await expect(page.getByRole('cell', { name: serial })).toBeVisible();
  await expect(page.getByRole('row', { name: /合计/ })).toContainText(`${row.windowDone} 学时`);
  await screenshot(page, '66-证书核验-有效');
  await verify(tampered);
  await expect(page.getByRole('status')).toContainText('签名不符');

  // The page given to others, before the revocation: genuine and tampered checked in a plain browser tab, offline
  const exportPage = async () => {
    await page.getByRole('tab', { name: '签名公钥' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出核验页（HTML）' }).click();
    const file = path.join(OUT, `核验页-${Date.now()}.html`);
    fs.mkdirSync(OUT, { recursive: true });
    await (await download).saveAs(file);
    return file;
  };
  const checkInPage = async (file: string, text: string, expected: string) => {
    const tab = await page.context().newPage();
    await tab.goto(`file://${path.resolve(file)}`);
    await tab.getByLabel('证书二维码内容').fill(text);
    await tab.getByRole('button', { name: '核验' }).click();
    await expect(tab.getByRole('status')).toContainText(expected);
    await tab.close();
  };
  const before = await exportPage();
  await checkInPage(before, code, '有效');
  await checkInPage(before, tampered, '签名不符');

  // Revoke it under 已签发文书, with a reason
  await page.getByRole('tab', { name: '已签发文书' }).click();
  await page.getByLabel('编号或姓名').fill(serial);
  await expect(page.getByRole('row')).toHaveCount(2);
  await page
    .getByRole('row', { name: new RegExp(serial) })
    .getByRole('button', { name: '撤销' })
    .click();
  const dialog = page.getByRole('dialog', { name: `撤销文书 ${serial}` });
  await dialog.getByLabel(/撤销原因/).fill('学时记录更正后重新签发');
  await dialog.getByRole('button', { name: '撤销' }).click();
  await expect(page.getByRole('row', { name: new RegExp(serial) })).toContainText('已撤销');

  await page.getByRole('tab', { name: '证书核验' }).click();
  await verify(code);
  await expect(page.getByRole('status')).toContainText('已撤销');
  await expect(page.getByRole('status')).toContainText('学时记录更正后重新签发');
  const after = await exportPage();
  await checkInPage(after, code, '已撤销');

  // 文书模板: an administrator rewords the 聘书 (previewed with sample data), saves a version; the next 聘书 uses it
  await page.getByRole('tab', { name: '文书模板' }).click();
  const body = page.getByLabel('督导聘书 · 正文（空一行分段）');
  await body.fill('{姓名}同志：经本会研究，聘请您担任{等级}，聘期至 {有效期至}。');
  await expect(page.getByLabel('督导聘书 预览（示例数据）')).toContainText('陈晓明同志：经本会研究，聘请您担任中级督导，聘期至 2027-12-31。');
  await page.getByLabel('修改说明').fill('措辞更正式');
  await page.getByRole('button', { name: '保存为新版本' }).click();
  await expect(page.getByText('已保存为第 2 版')).toBeVisible();
  await screenshot(page, '67-文书模板');
  const supervisor = (
    await arrange<{ rows: { id: number; personName: string; levelName: string }[] }>(shell, 'supervisors.list', { status: 'active', pageSize: 1 })
  ).rows[0]!;
  await page.goto(`${shell.url.split('#')[0]}#/supervisors/${supervisor.id}`);
  await page.getByRole('button', { name: '打印聘书' }).click();
  const letter = await printToPdf(page, '聘书-新措辞');
  expect(squeeze(letter.text)).toContain(squeeze(`${supervisor.personName}同志：经本会研究，聘请您担任${supervisor.levelName}`));
  expect(squeeze(letter.text)).toContain('文书模板第2版');
});

/**
 * The desktop app prints through its preload bridge (electron/print.ts does the rest, unit-tested):
 * here a stand-in bridge answers as main would, and the renderer's desktop path is what is checked.
 */
test('in the desktop app 保存为 PDF and 打印 go through the bridge, and the app says where the PDF went', async ({ page, shell }) => {
  const token = new URL(shell.url).searchParams.get('token')!;
  await page.addInitScript((token) => {
    const bridge = {
      requests: [] as unknown[],
      async call(name: string, input: unknown, session?: string | null) {
        const response = await fetch(`api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-session-token': token, 'x-user-session': session ?? '' },
          body: JSON.stringify(input ?? {}),
        });
        return response.json();
      },
      async print(request: { mode: string; fileName: string }) {
        bridge.requests.push(request);
        return request.mode === 'pdf' ? { saved: true, path: `D:\\文书\\${request.fileName}` } : { saved: false };
      },
    };
    (window as unknown as { swsApi: typeof bridge }).swsApi = bridge;
  }, token);
  await page.goto(shell.url);
  await firstRunSetup(page);
  const first17 = '44200019850101123';
  const person = await arrange<{ id: number }>(shell, 'people.create', { idNumber: first17 + checkCharFor(first17), name: '林晓彤' });
  const { courseCategories } = await arrange<{ courseCategories: { id: number }[] }>(shell, 'bases.lists', {});
  const record = await arrange<{ id: number }>(shell, 'training.addExternal', {
    personId: person.id,
    categoryId: courseCategories[0]!.id,
    hours: 6,
    earnedOn: '2026-03-15',
    provider: '广东省社会工作师联合会',
    note: '结业证书 GD-0315',
  });
  await arrange(shell, 'training.verifyExternal', { id: record.id });

  await page.goto(`${shell.url.split('#')[0]}#/people/${person.id}`);
  await page.getByRole('button', { name: '打印学时证明' }).click();
  await page.getByRole('dialog', { name: '打印学时证明' }).getByRole('button', { name: '签发并预览' }).click();
  const preview = page.getByRole('dialog', { name: /继续教育学时证明 · 林晓彤/ });
  await expect(preview.getByRole('heading', { level: 1, name: '继续教育学时证明' })).toBeVisible();
  await expect(preview.getByRole('cell', { name: '广东省社会工作师联合会' })).toBeVisible();
  await preview.getByRole('button', { name: '保存为 PDF' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'PDF 已保存到' })).toHaveText(/PDF 已保存到 D:\\文书\\学时证明-林晓彤-XS\d{4}-\d{6}\.pdf/);
  await preview.getByRole('button', { name: '打印' }).click();
  const requests = await page.evaluate(() => (window as unknown as { swsApi: { requests: { mode: string; fileName: string }[] } }).swsApi.requests);
  expect(requests.map((r) => r.mode)).toEqual(['pdf', 'print']);
  expect(requests[0]!.fileName).toMatch(/^学时证明-林晓彤-XS\d{4}-\d{6}\.pdf$/);
});
