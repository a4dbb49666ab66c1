/**
 * A list refreshing while the user clicks (issue 20 point 4): notices close together make one
 * refetch, and a refetch that brings the rows already shown leaves them as they are.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from '../../renderer/src/api/coalesce.ts';
import { keepUnchanged } from '../../renderer/src/components/keepRows.ts';

describe('change notices close together refresh once', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('flushes once after a quiet spell, with everything gathered meanwhile', () => {
    const flushed: string[][] = [];
    const gathered = coalesce<string>((batch) => flushed.push(batch), { quietMs: 300, maxWaitMs: 1000 });
    gathered.add('people');
    vi.advanceTimersByTime(200);
    gathered.add('certificates');
    vi.advanceTimersByTime(200);
    gathered.add('supervisors');
    vi.advanceTimersByTime(299);
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual([['people', 'certificates', 'supervisors']]);
    vi.advanceTimersByTime(5000);
    expect(flushed).toHaveLength(1); // nothing more arrived: nothing more to do
  });

  it('a steady stream still refreshes at the latest maxWait after its first notice, then gathers anew', () => {
    const at: number[] = [];
    const start = Date.now();
    const gathered = coalesce<number>(() => at.push(Date.now() - start), { quietMs: 300, maxWaitMs: 1000 });
    for (let t = 0; t < 1500; t += 100) {
      gathered.add(t);
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(1000);
    expect(at).toEqual([1000, 1700]); // within issue 20's 2 s of every change
  });

  it('cancel drops what was gathered', () => {
    const flush = vi.fn();
    const gathered = coalesce<string>(flush, { quietMs: 300, maxWaitMs: 1000 });
    gathered.add('people');
    gathered.cancel();
    vi.advanceTimersByTime(2000);
    expect(flush).not.toHaveBeenCalled();
  });
});

describe('a refetched page keeps the rows already shown', () => {
  const id = (row: { id: number }) => row.id;
  const shown = [
    { id: 1, name: '钟嘉豪', version: 1 },
    { id: 2, name: '谭美玲', version: 1 },
  ];

  it('the same rows again: the very array shown, so the grid re-renders nothing', () => {
    const fetched = structuredClone(shown);
    expect(keepUnchanged(shown, fetched, id)).toBe(shown);
  });

  it('one row changed (its version): a new array, the unchanged row still the object shown', () => {
    const fetched = [
      { id: 1, name: '钟嘉豪', version: 1 },
      { id: 2, name: '谭美玲', version: 2 },
    ];
    const rows = keepUnchanged(shown, fetched, id);
    expect(rows).not.toBe(shown);
    expect(rows[0]).toBe(shown[0]);
    expect(rows[1]).toBe(fetched[1]);
  });

  it('a value the row shows changed without its version (a count, a joined name): the new row', () => {
    const fetched = [shown[0]!, { ...shown[1]!, name: '谭美玲（已改名）' }];
    expect(keepUnchanged(shown, fetched, id)[1]).toBe(fetched[1]);
  });

  it('rows reordered, added or removed: a new array in the new order, equal rows reused', () => {
    const reordered = keepUnchanged(shown, [structuredClone(shown[1]!), structuredClone(shown[0]!)], id);
    expect(reordered).toEqual([shown[1], shown[0]]);
    expect(reordered[0]).toBe(shown[1]);
    expect(keepUnchanged(shown, [structuredClone(shown[0]!)], id)).toEqual([shown[0]]);
    const added = keepUnchanged(shown, [...structuredClone(shown), { id: 3, name: '王五', version: 1 }], id);
    expect(added).toHaveLength(3);
    expect(added[1]).toBe(shown[1]);
  });

  it('rows keyed otherwise (getRowId) are matched by that key', () => {
    const byPerson = [{ personId: 7, hours: 12 }];
    expect(keepUnchanged(byPerson, [{ personId: 7, hours: 12 }], (r) => r.personId)).toBe(byPerson);
  });
});
