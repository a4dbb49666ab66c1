import type { Browser } from '@playwright/test';
import { checkCharFor } from '../../core/idcard.ts';
import { arrange, arrangeJob, expect, firstRunSetup, login, openScreen, test, type WebShell } from './fixtures.ts';

/**
 * Everyone sees changes: what another user commits reaches open screens without reloading. A
 * coordinator's calendar shows a session staff just created; an open re-review page shows the
 * cycle closed elsewhere; a form being edited keeps what the user typed and offers the new values
 * behind a banner instead of changing under their hands.
 */

const idNumber = (seq: string) => `44200019850101${seq}` + checkCharFor(`44200019850101${seq}`);
const COORDINATOR = { username: 'shiqi', password: 'coordinator-2026' };

/** This week's Monday as the calendar shows it (the browser runs in Asia/Shanghai, weeks start on Monday). */
function thisMonday(): string {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const day = new Date(`${today}T00:00:00Z`);
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
}

/** One base (石岐) with a room, a course and a mentor, and its coordinator's account. */
async function arrangeBase(shell: WebShell) {
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
  const room = await arrange<{ id: number }>(shell, 'rooms.create', { baseId: base.id, name: '一号培训室', seats: 30 });
  const course = await arrange<{ id: number }>(shell, 'courses.create', {
    baseId: base.id,
    code: 'SQ-01',
    title: '个案工作实务',
    categoryId: courseCategories[0]!.id,
    creditHours: 3,
  });
  const person = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber('201'), name: '林导师' });
  const mentor = await arrange<{ id: number }>(shell, 'mentors.add', { baseId: base.id, personId: person.id, joinedOn: '2025-01-01' });
  await arrange(shell, 'users.create', { ...COORDINATOR, displayName: '石岐协调员', role: 'coordinator', baseIds: [base.id] });
  return { base: base.id, room: room.id, course: course.id, mentor: mentor.id };
}

/** A second person at another desk: their own browser context (own tab storage, own session). */
async function otherDesk(browser: Browser, shell: WebShell) {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(shell.url);
  return { page, close: () => context.close() };
}

test('a coordinator’s calendar shows a session staff created meanwhile, without reloading', async ({ app, shell, browser }) => {
  const f = await arrangeBase(shell);
  const desk = await otherDesk(browser, shell);
  try {
    const coordinator = desk.page;
    await login(coordinator, COORDINATOR.username, COORDINATOR.password);
    await openScreen(coordinator, '班期日历');
    const event = coordinator.locator('.fc-event', { hasText: '个案工作实务' });
    await expect(coordinator.locator('.fc-timegrid')).toBeVisible();
    await expect(event).toHaveCount(0);

    // Staff (the administrator's desk) schedules a session at the coordinator's base this week.
    await expect(app.getByRole('navigation')).toBeVisible();
    const monday = thisMonday();
    await arrange(shell, 'sessions.create', {
      courseId: f.course,
      roomId: f.room,
      startsAt: `${monday}T09:00`,
      endsAt: `${monday}T12:00`,
      capacity: 20,
      leadMentorIds: [f.mentor],
    });
    await expect(event).toBeVisible();
    // The list view of the same screen shows it too (its current page refetched).
    await coordinator.getByRole('button', { name: '列表' }).click();
    await expect(coordinator.getByRole('grid').getByText('个案工作实务')).toBeVisible();
  } finally {
    await desk.close();
  }
});

test('an open re-review page shows the cycle closed by another user', async ({ app, shell }) => {
  const year = new Date().getFullYear() - 1;
  const cycle = await arrange<{ id: number }>(shell, 'recert.create', { year });
  await arrangeJob(shell, 'recert.open', { id: cycle.id });
  await app.goto(`${new URL(shell.url).origin}/#/recert/${cycle.id}`);
  await expect(app.getByRole('heading', { level: 1, name: new RegExp(String(year)) })).toBeVisible();
  await expect(app.getByText('审核中', { exact: true })).toBeVisible();
  await expect(app.getByRole('button', { name: '结束审核' })).toBeVisible();

  // Another session (another desk) closes the cycle.
  await arrangeJob(shell, 'recert.close', { id: cycle.id });
  await expect(app.getByText('已结束', { exact: true })).toBeVisible();
  await expect(app.getByText(/系统管理员 刚刚更改了此周期（已结束）/)).toBeVisible();
  await expect(app.getByRole('button', { name: '结束审核' })).toBeHidden();
});

test('a form open while another user saves the record keeps what was typed and shows a banner', async ({ app, shell }) => {
  const person = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber('301'), name: '张小红', phone: '13800000001' });
  await app.goto(`${new URL(shell.url).origin}/#/people/${person.id}`);
  await expect(app.getByRole('heading', { level: 1, name: /张小红/ })).toBeVisible();
  await app.getByRole('button', { name: '修改人员' }).click();
  const dialog = app.getByRole('dialog', { name: '修改人员' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('专业').fill('社会工作');

  // Another desk changes the phone number meanwhile.
  await arrange(shell, 'people.update', { id: person.id, idNumber: idNumber('301'), name: '张小红', phone: '13900000002' });
  await expect(dialog.getByText('该记录已被其他用户修改')).toBeVisible();
  await expect(dialog.getByLabel('专业')).toHaveValue('社会工作'); // nothing changed under the user's hands
  await expect(dialog.getByLabel('手机号码')).toHaveValue('13800000001');
  // The page behind the dialog already shows the new number.
  await expect(app.getByText('13900000002')).toBeVisible();

  await dialog.getByRole('button', { name: '载入最新内容' }).click();
  await expect(dialog.getByText('该记录已被其他用户修改')).toBeHidden();
  await expect(dialog.getByLabel('手机号码')).toHaveValue('13900000002');
});

test('a dropped change stream reconnects with growing pauses, says so meanwhile, and catches up', async ({ page, shell }) => {
  // The first three attempts to open the stream fail as a dropped network would; then the stream is let through.
  let refused = 0;
  await page.route('**/api/events', (route) => (refused < 3 ? (refused++, route.abort('connectionreset')) : route.continue()));
  await page.goto(shell.url);
  await firstRunSetup(page);
  const banner = page.getByText('与程序的实时连接已中断，正在重新连接…（列表可能不是最新的）');
  await expect(banner).toBeVisible();
  await expect(banner).toBeHidden({ timeout: 20_000 }); // 1 s, 2 s, 4 s pauses (give or take a quarter)
  expect(refused).toBe(3);

  await openScreen(page, '人员');
  await arrange(shell, 'people.create', { idNumber: idNumber('401'), name: '重连后新增' });
  await expect(page.getByRole('grid').getByText('重连后新增')).toBeVisible();
});

/**
 * The desktop app's renderer follows changes through the preload bridge (`swsApi.watchChanges`); Electron
 * cannot run here, so a stand-in bridge does what main does: calls go to core over the web shell, and the
 * test hands the window a notice as main would on `sws:change` (main's side: tests/unit/electron-shell.test.ts).
 */
test('in the desktop app a notice from the bridge refreshes the open list; a null notice (session ended) shows the sign-in', async ({ page, shell }) => {
  const token = new URL(shell.url).searchParams.get('token')!;
  await page.addInitScript((token) => {
    const bridge = {
      watching: [] as (string | null)[],
      listener: null as ((notice: unknown) => void) | null,
      async call(name: string, input: unknown, session?: string | null) {
        const response = await fetch(`api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-session-token': token, 'x-user-session': session ?? '' },
          body: JSON.stringify(input ?? {}),
        });
        return response.json();
      },
      async saveDownload() {
        return { saved: false, error: 'not in this test' };
      },
      watchChanges(session: string | null, listener: (notice: unknown) => void) {
        bridge.watching.push(session);
        bridge.listener = listener;
        return () => void (bridge.listener = null);
      },
    };
    (window as unknown as { swsApi: typeof bridge }).swsApi = bridge;
  }, token);
  await page.goto(shell.url);
  await firstRunSetup(page);
  const bridge = () => page.evaluate(() => (window as unknown as { swsApi: { watching: (string | null)[] } }).swsApi.watching);
  expect(await bridge()).toEqual([expect.any(String)]); // the signed-in session, once

  await openScreen(page, '人员');
  await expect(page.getByText('尚无人员', { exact: false })).toBeVisible();
  await arrange(shell, 'people.create', { idNumber: idNumber('501'), name: '桌面端新增' });
  const notice = {
    seq: 1,
    kinds: ['people'],
    records: [{ kind: 'people', id: 1, baseId: null }],
    everything: false,
    actorName: '张三',
    operation: 'people.create',
    at: '',
    own: false,
  };
  await page.evaluate((n) => (window as unknown as { swsApi: { listener(n: unknown): void } }).swsApi.listener(n), notice);
  await expect(page.getByRole('grid').getByText('桌面端新增')).toBeVisible();

  // Main sends null when the session ended (signed out by an administrator, a restore): the sign-in shows at once.
  await page.evaluate(() => (window as unknown as { swsApi: { listener(n: unknown): void } }).swsApi.listener(null));
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
});

test('a list refreshed by another user’s change keeps its rows in place: nothing covers them, and a click opens the row', async ({ app, shell }) => {
  await arrange(shell, 'people.create', { idNumber: idNumber('501'), name: '钟嘉豪' });
  const other = await arrange<{ id: number }>(shell, 'people.create', { idNumber: idNumber('502'), name: '谭美玲' });
  await openScreen(app, '人员');
  const row = app.getByRole('row', { name: /钟嘉豪/ });
  await expect(row).toBeVisible();
  await expect(app.getByRole('row', { name: /谭美玲/ })).toBeVisible();
  // From here on: does anything cover the rows (a loading cover swallows the click that lands on it), is this row's element replaced?
  await row.evaluate((element) => {
    element.setAttribute('data-watched', 'yes');
    const watch = window as unknown as { covered: boolean };
    watch.covered = false;
    new MutationObserver(() => {
      if (document.querySelector('.MuiDataGrid-overlay')) watch.covered = true;
    }).observe(document.body, { subtree: true, childList: true });
  });

  // Another desk adds an organization (the list shows people's organizations): the page is read again and brings the same rows.
  const sameRows = app.waitForResponse((response) => response.url().includes('/api/people.list'));
  await arrange(shell, 'organizations.create', { name: '启航社会工作服务中心', kind: 'mass_organization' });
  await sameRows;
  // Another desk renames a person shown: that row changes where it is.
  const changedRow = app.waitForResponse((response) => response.url().includes('/api/people.list'));
  await arrange(shell, 'people.update', { id: other.id, idNumber: idNumber('502'), name: '谭美琳' });
  await changedRow;
  await expect(app.getByRole('row', { name: /谭美琳/ })).toBeVisible();

  expect(await app.evaluate(() => (window as unknown as { covered: boolean }).covered)).toBe(false);
  await expect(app.locator('[data-watched="yes"]')).toHaveCount(1);
  await row.getByRole('gridcell', { name: '钟嘉豪' }).click();
  await expect(app.getByRole('heading', { level: 1, name: /钟嘉豪/ })).toBeVisible();
});
