/**
 * PostgreSQL, several server processes: while another connection holds the writer lock (an import's
 * publish on another process), a save waits for it without holding this server's thread: reads are
 * answered meanwhile, and the save goes through once the lock is free.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startWebServer, TOKEN_HEADER, USER_SESSION_HEADER } from '../../web/server.ts';
import { WRITER_LOCK } from '../../db/engine/postgres.ts';
import { dataLocationOf, makeIdNumber, openTestCore, tempDir } from '../support/core.ts';
import { testEngine } from '../support/postgres.ts';

const TOKEN = 'writer-lock-test-token';

describe.skipIf(testEngine() !== 'postgres')('the writer lock held by another connection (PostgreSQL)', () => {
  it('a save waits for it off the thread: a read is answered meanwhile, then the save goes through', async () => {
    const core = await openTestCore();
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html>');
    const web = await startWebServer({ core, staticDir, token: TOKEN, port: 0 });
    const post = async (name: string, input: unknown, session: string) => {
      const res = await fetch(`http://127.0.0.1:${web.port}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: TOKEN, [USER_SESSION_HEADER]: session },
        body: JSON.stringify(input),
      });
      return (await res.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
    };
    const setup = await post('auth.setup', { username: 'admin', displayName: '管理员', password: 'shegong-Dudao-26' }, '');
    const session = (setup.result as { token: string }).token;

    // Another server process's connection takes the writer lock. Should this server's thread wait for it, the release
    // below could never run: the holder's session is ended by PostgreSQL after 3 s idle in its transaction instead.
    const holder = new pg.Client({ connectionString: dataLocationOf(core).database });
    await holder.connect();
    holder.on('error', () => {}); // ended by the server when the timeout strikes (before the change)
    await holder.query(`SET idle_in_transaction_session_timeout = '3s'`);
    await holder.query(`BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK})`);

    const events: string[] = [];
    const save = post('people.create', { name: '张三', idNumber: makeIdNumber() }, session).then((answer) => {
      events.push('save');
      return answer;
    });
    const read = post('people.list', {}, session).then((answer) => {
      events.push('read');
      return answer;
    });
    expect(await read).toMatchObject({ ok: true });
    await holder.query('COMMIT').catch(() => events.push('holder ended by the timeout'));
    const saved = await save;
    expect(events).toEqual(['read', 'save']); // before: the save held the thread until the holder was ended, the read after it
    expect(saved).toMatchObject({ ok: true });
    expect(core.db.prepare('SELECT count(*) FROM person').pluck().get()).toBe(1);

    await holder.end().catch(() => {});
    await web.close();
    core.close();
  });
});
