/**
 * The change feed reads the log a slice per event-loop turn: a large job's thousands of log rows
 * (a re-review's opening writes ~16,000) would otherwise hold the serving thread while every open
 * screen waits. Every row is still heard, in order, and the rest follows in the next turns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeFeed, type PublishedChange } from '../../core/change-notices.ts';
import { openTestCore, type TestCore } from '../support/core.ts';

let core: TestCore;
beforeAll(async () => {
  core = await openTestCore();
});
afterAll(() => core.close());

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('change feed in slices', () => {
  it('reads at most a slice of log rows in one call, and publishes the rest in the turns after it', async () => {
    const feed = new ChangeFeed(() => core.db, undefined, 3);
    const heard: PublishedChange[] = [];
    feed.subscribe((change) => heard.push(change));
    const ids = Array.from({ length: 7 }, (_, i) => core.ok('organizations.create', { name: `切片机构${i + 1}`, kind: 'other' }).id);

    expect(feed.publish()).toBe(true);
    const organizationsHeard = () => heard.flatMap((change) => change.records.filter((r) => r.kind === 'organizations').map((r) => r.id));
    // One slice this turn: the first three rows' records, not the others.
    expect(organizationsHeard()).toEqual(ids.slice(0, 3));

    for (let turn = 0; turn < 5; turn++) await nextTurn();
    expect(organizationsHeard()).toEqual(ids); // each once, in order
    expect(feed.publish()).toBe(false); // nothing left
  });
});
