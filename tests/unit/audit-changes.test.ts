import { describe, expect, it } from 'vitest';
import { describeChanges } from '../../renderer/src/resources/audit/changes.ts';

describe('操作日志: what an entry changed', () => {
  it('leaves out the bookkeeping: timestamps and the record version (migration 0027)', () => {
    const before = { id: 1, name: '张三', phone: null, version: 1, updated_at: 'a' };
    const after = { id: 1, name: '张三丰', phone: null, version: 2, updated_at: 'b' };
    expect(describeChanges(before, after)).toBe('name：张三 → 张三丰');
    expect(describeChanges(null, { id: 1, name: '张三', version: 1 })).toBe('name：张三');
  });

  it('names the fields as core names them (fieldNames of audit.list), not by their column codes', () => {
    const names = { name: '姓名', last_login_at: '最近登录时间' };
    expect(describeChanges({ last_login_at: null }, { last_login_at: '2026-12-06T08:00:00Z' }, names)).toBe('最近登录时间：— → 2026-12-06T08:00:00Z');
    expect(describeChanges(null, { id: 1, name: '张三' }, names)).toBe('姓名：张三');
  });
});
