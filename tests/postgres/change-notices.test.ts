/**
 * Change notices across server processes on one PostgreSQL database (issue 21 point 3): a write in
 * one process reaches the subscribers of another (LISTEN/NOTIFY, db/postgres/change-channel.ts),
 * built from the audit log as the writer's own are; a restore in one tells everyone on the other to reload.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../core/app.ts';
import { fixedClock } from '../../core/clock.ts';
import type { PublishedChange } from '../../core/change-notices.ts';
import { backupNow } from '../support/backup.ts';
import { makeIdNumber, tempDir, TODAY } from '../support/core.ts';
import { freshPostgresDatabase } from '../support/postgres.ts';

const openServer = (url: string) => openCore({ dataFile: path.join(tempDir(), 'data.sqlite3'), database: url, clock: fixedClock(TODAY) });

/** The notices a core publishes, and a wait for the first that matches. */
function collect(core: Core) {
  const heard: PublishedChange[] = [];
  core.onChange((change) => heard.push(change));
  return {
    heard,
    async waitFor(match: (change: PublishedChange) => boolean): Promise<PublishedChange> {
      for (let i = 0; i < 500; i++) {
        const found = heard.find(match);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`no such notice; heard ${JSON.stringify(heard)}`);
    },
  };
}

describe('change notices across server processes on PostgreSQL', () => {
  it('a write in another process (a real second process) produces a notice here', async () => {
    const database = freshPostgresDatabase();
    const here = await openServer(database.url);
    try {
      const notices = collect(here);
      const child = path.join(import.meta.dirname, 'change-writer-child.ts');
      const { stdout } = await promisify(execFile)(process.execPath, [child, database.url, tempDir(), makeIdNumber(), '另一进程甲']);
      expect(stdout.trim()).toBe('true');
      const notice = await notices.waitFor((c) => c.records.some((r) => r.kind === 'people'));
      expect(notice).toMatchObject({ operation: 'people.create', session: null, everything: false });
      // Nothing here called anything: the notice came from the other process's NOTIFY alone.
      expect(notices.heard).toHaveLength(1);
    } finally {
      here.close();
      database.drop();
    }
  });

  it('both ways between two servers; a process does not hear its own work twice; a restore there reloads everyone here', async () => {
    const database = freshPostgresDatabase();
    const one = await openServer(database.url);
    const two = await openServer(database.url);
    try {
      const onOne = collect(one);
      const onTwo = collect(two);
      const person = one.call('people.create', { idNumber: makeIdNumber(), name: '甲' });
      expect(person.ok).toBe(true);
      await onTwo.waitFor((c) => c.operation === 'people.create');
      expect(two.call('organizations.create', { name: '第二进程的机构', kind: 'community' }).ok).toBe(true);
      await onOne.waitFor((c) => c.operation === 'organizations.create');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(onOne.heard.filter((c) => c.operation === 'people.create')).toHaveLength(1);
      expect(onTwo.heard.filter((c) => c.operation === 'organizations.create')).toHaveLength(1);

      const { name } = await backupNow(one);
      one.call('people.create', { idNumber: makeIdNumber('442000', '19800101', '131'), name: '乙' });
      expect(one.call('backup.restore', { name })).toMatchObject({ ok: true });
      const reload = await onTwo.waitFor((c) => c.everything);
      expect(reload).toMatchObject({ operation: 'backup.restore' });
    } finally {
      one.close();
      two.close();
      database.drop();
    }
  });
});
