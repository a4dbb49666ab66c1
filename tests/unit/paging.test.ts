import { describe, expect, it } from 'vitest';
import { orderAndPage } from '../../db/paging.ts';

const SQLITE = { engine: 'sqlite' } as const;

describe('orderAndPage', () => {
  const columns = { status: 's.status', name: 'p.name' };

  it('sorts by the whitelisted column in the asked direction and pages with LIMIT / OFFSET', () => {
    expect(orderAndPage(SQLITE, { page: 1, pageSize: 25, sortField: 'status', sortDir: 'desc' }, columns, 's.id DESC')).toBe(
      'ORDER BY s.status DESC LIMIT 25 OFFSET 25',
    );
  });

  it('uses the fallback order without a sort field, and ignores a field it does not know', () => {
    expect(orderAndPage(SQLITE, { page: 2, pageSize: 20, sortDir: 'asc' }, columns, 's.id DESC')).toBe('ORDER BY s.id DESC LIMIT 20 OFFSET 40');
    expect(orderAndPage(SQLITE, { page: 0, pageSize: 20, sortField: 'constructor', sortDir: 'asc' }, columns, 's.id DESC')).toBe(
      'ORDER BY s.id DESC LIMIT 20 OFFSET 0',
    );
  });

  it('on PostgreSQL, puts empty values where SQLite does: first ascending, last descending', () => {
    const postgres = { engine: 'postgres' } as const;
    expect(orderAndPage(postgres, { page: 0, pageSize: 20, sortField: 'name', sortDir: 'asc' }, columns, 's.id DESC')).toBe(
      'ORDER BY p.name ASC NULLS FIRST LIMIT 20 OFFSET 0',
    );
    expect(orderAndPage(postgres, { page: 0, pageSize: 20, sortField: 'name', sortDir: 'desc' }, columns, 's.id DESC')).toBe(
      'ORDER BY p.name DESC NULLS LAST LIMIT 20 OFFSET 0',
    );
  });

  it('on PostgreSQL, breaks ties by the list’s key (its top-N sort orders equal values differently page by page); SQLite’s plans stay as measured', () => {
    const postgres = { engine: 'postgres' } as const;
    const page = { page: 1, pageSize: 7, sortField: 'status', sortDir: 'asc' } as const;
    expect(orderAndPage(postgres, page, columns, 's.id DESC', 's.id')).toBe('ORDER BY s.status ASC NULLS FIRST, s.id LIMIT 7 OFFSET 7');
    expect(orderAndPage(postgres, { page: 0, pageSize: 7, sortDir: 'asc' }, columns, 's.starts_at DESC, s.id', 's.id')).toBe(
      'ORDER BY s.starts_at DESC, s.id LIMIT 7 OFFSET 0',
    );
    expect(orderAndPage(postgres, { page: 0, pageSize: 7, sortDir: 'asc' }, columns, 's.id DESC', 's.id')).toBe('ORDER BY s.id DESC LIMIT 7 OFFSET 0');
    expect(orderAndPage(SQLITE, page, columns, 's.id DESC', 's.id')).toBe('ORDER BY s.status ASC LIMIT 7 OFFSET 7');
  });

  it('on PostgreSQL, breaks ties in the sort’s direction and says nothing of empty values for a NOT NULL column, so that an index on (column, key) serves the page both ways', () => {
    const postgres = { engine: 'postgres' } as const;
    const notNull = new Set(['name']);
    expect(orderAndPage(postgres, { page: 2, pageSize: 7, sortField: 'name', sortDir: 'asc' }, columns, 's.id DESC', 'p.id', notNull)).toBe(
      'ORDER BY p.name ASC, p.id LIMIT 7 OFFSET 14',
    );
    expect(orderAndPage(postgres, { page: 2, pageSize: 7, sortField: 'name', sortDir: 'desc' }, columns, 's.id DESC', 'p.id', notNull)).toBe(
      'ORDER BY p.name DESC, p.id DESC LIMIT 7 OFFSET 14',
    );
    expect(orderAndPage(postgres, { page: 0, pageSize: 7, sortField: 'status', sortDir: 'desc' }, columns, 's.id DESC', 's.id', notNull)).toBe(
      'ORDER BY s.status DESC NULLS LAST, s.id DESC LIMIT 7 OFFSET 0',
    );
    expect(orderAndPage(SQLITE, { page: 0, pageSize: 7, sortField: 'name', sortDir: 'desc' }, columns, 's.id DESC', 'p.id', notNull)).toBe(
      'ORDER BY p.name DESC LIMIT 7 OFFSET 0',
    );
  });
});
