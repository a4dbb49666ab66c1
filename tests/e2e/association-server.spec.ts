/**
 * The association server (`npm run serve`, accounts mode): people sign in through the page with
 * their accounts (an HttpOnly cookie, no token in the address); the administrator sees who is
 * signed in under 用户 › 在线用户 and ends a session; that browser is sent to the sign-in page at
 * its next action.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { test as base, type Page } from '@playwright/test';
import { checkCharFor } from '../../core/idcard.ts';
import { ADMIN, clickNavigationLink, stopShell, expect, firstRunSetup, login, openScreen, screenshot } from './fixtures.ts';

interface Server {
  url: string;
  dataDir: string;
}

/** Starts `web/serve.ts` on a free port with a fresh data folder, as `npm run serve -- --json` does. */
async function startServer(): Promise<{ server: Server; process: ChildProcess }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-e2e-server-'));
  const child = spawn(process.execPath, ['web/serve.ts', '--port', '0', '--data-dir', dataDir, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  return { server: { url, dataDir }, process: child };
}

const test = base.extend<{ server: Server }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none here
  server: async ({}, use) => {
    const { server, process: child } = await startServer();
    await use(server);
    await stopShell(child, server.dataDir);
  },
});

/** A call from the page as the renderer makes it in cookie mode: the session cookie goes along by itself. */
const callFromPage = (page: Page, name: string, input: unknown) =>
  page.evaluate(
    async ({ name, input }) =>
      (await fetch(`api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })).json(),
    { name, input },
  ) as Promise<{ ok: boolean }>;

const STAFF = { username: 'staff1', displayName: '工作人员乙', password: 'password-1' };

/** A 身份证号 with a correct check digit. */
const TAB_TEST_ID = '44200019900101123' + checkCharFor('44200019900101123');

test('server mode: sign in through the page; the administrator ends another user’s session in 在线用户 and that user is sent to sign in', async ({
  browser,
  page,
  server,
}) => {
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/); // no token in the address
  await page.goto(server.url);
  await firstRunSetup(page);
  // The session is an HttpOnly cookie: nothing for scripts to read or keep.
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'sws-session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  expect(await page.evaluate(() => [document.cookie, sessionStorage.getItem('sws.userSession')])).toEqual(['', null]);
  expect((await callFromPage(page, 'users.create', { ...STAFF, role: 'staff' })).ok).toBe(true);

  // A colleague signs in from another browser.
  const other = await browser.newContext();
  const colleague = await other.newPage();
  await colleague.goto(server.url);
  await login(colleague, STAFF.username, STAFF.password);
  await expect(colleague.getByRole('navigation')).toBeVisible();
  await openScreen(colleague, '人员');

  // The administrator sees both sessions and ends the colleague's.
  await openScreen(page, '用户');
  await page.getByRole('tab', { name: '在线用户' }).click();
  const table = page.getByRole('table', { name: '在线用户' });
  await expect(table.getByRole('row', { name: new RegExp(STAFF.displayName) })).toContainText('127.0.0.1');
  await expect(table.getByRole('row', { name: new RegExp(ADMIN.displayName) })).toContainText('当前会话');
  await screenshot(page, '24-在线用户');
  await page.getByRole('button', { name: `结束会话：${STAFF.displayName}` }).click();
  const confirm = page.getByRole('dialog', { name: `结束 ${STAFF.displayName} 的会话？` });
  await expect(confirm).toContainText('将在下一次操作时被要求重新登录');
  await confirm.getByRole('button', { name: '结束会话' }).click();
  await expect(confirm).toBeHidden();
  await expect(table.getByRole('row', { name: new RegExp(STAFF.displayName) })).toHaveCount(0);
  await expect(table).toContainText('目前没有其他用户登录');

  // The colleague's next action finds the session ended: back to the sign-in page.
  await clickNavigationLink(colleague, '督导库', { expectCurrent: false });
  await expect(colleague.getByRole('heading', { name: '登录' })).toBeVisible();
  await login(colleague, STAFF.username, STAFF.password);
  await expect(colleague.getByRole('navigation')).toBeVisible();
  await other.close();
});

test('two tabs of one browser (one session, its cookie): a person added in one tab shows in the other tab’s open list without reloading', async ({
  page,
  server,
}) => {
  await page.goto(server.url);
  await firstRunSetup(page);
  // A second tab of the same browser is signed in by the same cookie: the same session.
  const second = await page.context().newPage();
  await second.goto(server.url);
  await expect(second.getByRole('navigation')).toBeVisible();
  await openScreen(second, '人员');
  await expect(second.getByText('尚无人员')).toBeVisible();

  await openScreen(page, '人员');
  await page.getByRole('button', { name: '新增人员' }).click();
  const dialog = page.getByRole('dialog', { name: '新增人员' });
  await dialog.getByRole('textbox', { name: '姓名' }).fill('两页同步');
  await dialog.getByRole('textbox', { name: '身份证号' }).fill(TAB_TEST_ID);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '两页同步' })).toBeVisible();

  // The other tab heard the change as not its own: its list refreshed, nothing reloaded.
  await expect(second.getByRole('gridcell', { name: '两页同步' })).toBeVisible();
  await expect(second.getByText('尚无人员')).toHaveCount(0);
  await second.close();
});

test('searches on the server find a person by name, pinyin or initials as soon as they are saved, and say so when nobody matches', async ({ page, server }) => {
  await page.goto(server.url);
  await firstRunSetup(page);
  const search = page.getByRole('textbox', { name: '姓名、拼音或首字母、身份证号、手机号' });
  const add = async (name: string, idNumber: string) => {
    await openScreen(page, '人员');
    await page.getByRole('button', { name: '新增人员' }).click();
    const dialog = page.getByRole('dialog', { name: '新增人员' });
    await dialog.getByRole('textbox', { name: '姓名' }).fill(name);
    await dialog.getByRole('textbox', { name: '身份证号' }).fill(idNumber);
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await openScreen(page, '人员');
  };
  const id = (sequence: string) => `44200019850505${sequence}` + checkCharFor(`44200019850505${sequence}`);

  await add('欧阳晓明', id('111'));
  for (const fragment of ['晓明', 'ouyang', 'oyxm']) {
    await search.fill(fragment);
    await expect(page.getByRole('row', { name: /欧阳晓明/ })).toBeVisible();
  }
  // A second person, searched for at once: the search sees the save it follows.
  await add('司徒晓红', id('131'));
  await search.fill('晓');
  await expect(page.getByRole('row', { name: /欧阳晓明/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /司徒晓红/ })).toBeVisible();
  await search.fill('stxh');
  await expect(page.getByRole('row', { name: /司徒晓红/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /欧阳晓明/ })).toHaveCount(0);

  await search.fill('不存在的人');
  await expect(page.getByText('没有符合条件的记录')).toBeVisible();
  await screenshot(page, 'server-人员-搜索无结果');
});
