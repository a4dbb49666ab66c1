/**
 * 服务器设置 › 迁移到 PostgreSQL (issue 21 point 4), through the real renderer on the SQLite web
 * shell: a bad address is refused naming the field; a good one, after the confirmation, copies into
 * an empty database on a throwaway PostgreSQL this test starts and removes, and the report says what
 * was copied and checked and what to do next; a second copy is refused (the target is not empty).
 */
import pg from 'pg';
import { findPostgresBinaries, startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/postgres/throwaway.ts';
import { expect, openScreen, test as base } from './fixtures.ts';

const PASSWORD = 'Geheim-Pw-7731';

const test = base.extend<{ target: string }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none here
  target: async ({}, use) => {
    const server: ThrowawayPostgres = await startThrowawayPostgres();
    try {
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query('CREATE DATABASE sws_moved');
      await admin.end();
      // The throwaway server trusts local connections: the password is written, never checked.
      await use(server.urlOf('sws_moved').replace('//sws@', `//sws:${PASSWORD}@`));
    } finally {
      server.stop();
    }
  },
});

test('a bad address is refused naming the field', async ({ app: page }) => {
  await openScreen(page, '服务器设置');
  const section = page.getByRole('region', { name: '迁移到 PostgreSQL' });
  await section.getByRole('textbox', { name: 'PostgreSQL 地址' }).fill('mysql://root@db/sws');
  await section.getByRole('button', { name: '复制到 PostgreSQL…' }).click();
  await expect(section.getByText(/^PostgreSQL 地址无效：须以 postgres:\/\/ 开头/)).toBeVisible();
  await expect(page.getByRole('dialog')).toBeHidden();
});

test.describe('with a throwaway PostgreSQL', () => {
  test.skip(!findPostgresBinaries(), '跳过：未找到 PostgreSQL 15 或更新版本的服务器程序（PG_BINDIR 可指定）');

  test('copies after the confirmation, reports the counts and the checks and the next step; a second copy is refused', async ({ app: page, target }) => {
    await openScreen(page, '服务器设置');
    const section = page.getByRole('region', { name: '迁移到 PostgreSQL' });
    await section.getByRole('textbox', { name: 'PostgreSQL 地址' }).fill(target);
    await section.getByRole('button', { name: '复制到 PostgreSQL…' }).click();
    const dialog = page.getByRole('dialog', { name: '复制到 PostgreSQL？' });
    await expect(dialog).toContainText('postgres://sws@127.0.0.1:');
    await expect(dialog).not.toContainText(PASSWORD);
    await dialog.getByRole('button', { name: '开始复制' }).click();
    await expect(section.getByText(/^已复制到 postgres:\/\/sws@127\.0\.0\.1:\d+\/sws_moved：\d+ 个表、共 \d+ 行，用时 [\d.]+ 秒。$/)).toBeVisible({
      timeout: 60_000,
    });
    await expect(section.getByText(/^核对通过：每个表的行数与源数据相等；操作日志完整（\d+ 条）；完整性检查未发现问题。$/)).toBeVisible();
    await expect(section.getByText(/--database postgres:\/\/sws@127\.0\.0\.1:\d+\/sws_moved/)).toBeVisible();
    await expect(section).not.toContainText(PASSWORD);
    // The password is not left in the field once the copy has started.
    await expect(section.getByRole('textbox', { name: 'PostgreSQL 地址' })).toHaveValue(target.replace(`:${PASSWORD}`, ''));

    await section.getByRole('textbox', { name: 'PostgreSQL 地址' }).fill(target);
    await section.getByRole('button', { name: '复制到 PostgreSQL…' }).click();
    await page.getByRole('dialog', { name: '复制到 PostgreSQL？' }).getByRole('button', { name: '开始复制' }).click();
    await expect(section.getByText(/^未迁移（PostgreSQL 地址 postgres:\/\/sws@127\.0\.0\.1:\d+\/sws_moved）：目标数据库不是空的/)).toBeVisible({
      timeout: 60_000,
    });
  });
});
