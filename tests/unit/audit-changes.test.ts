import { describe, expect, it } from 'vitest';
import { describeChanges } from '../../renderer/src/resources/audit/changes.ts';

describe('操作日志: what an entry changed', () => {
  it('leaves out the bookkeeping: timestamps and the record version (migration 0027)', () => {
    const before = { id: 1, name: '张三', phone: null, version: 1, updated_at: 'a' };
    const after = { id: 1, name: '张三丰', phone: null, version: 2, updated_at: 'b' };
    expect(describeChanges(before, after)).toBe('name：张三 → 张三丰');
    expect(describeChanges(null, { id: 1, name: '张三', version: 1 })).toBe('name：张三');
  });
});
