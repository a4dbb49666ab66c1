import { describe, expect, it } from 'vitest';
import { orderAndPage } from '../../db/paging.ts';

describe('orderAndPage', () => {
  const columns = { status: 's.status', name: 'p.name' };

  it('sorts by the whitelisted column in the asked direction and pages with LIMIT / OFFSET', () => {
    expect(orderAndPage({ page: 1, pageSize: 25, sortField: 'status', sortDir: 'desc' }, columns, 's.id DESC')).toBe(
      'ORDER BY s.status DESC LIMIT 25 OFFSET 25',
    );
  });

  it('uses the fallback order without a sort field, and ignores a field it does not know', () => {
    expect(orderAndPage({ page: 2, pageSize: 20, sortDir: 'asc' }, columns, 's.id DESC')).toBe('ORDER BY s.id DESC LIMIT 20 OFFSET 40');
    expect(orderAndPage({ page: 0, pageSize: 20, sortField: 'constructor', sortDir: 'asc' }, columns, 's.id DESC')).toBe(
      'ORDER BY s.id DESC LIMIT 20 OFFSET 0',
    );
  });
});
