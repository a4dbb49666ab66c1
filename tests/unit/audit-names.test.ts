import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { migrate } from '../../db/migrate.ts';
import { auditedTables } from '../../db/audit.ts';
import { AUDIT_TABLE_NAMES, auditFieldName, hasAuditFieldName, PROGRAM_OPERATION_TITLES } from '../../domain/index.ts';
import { operationTitle, registry } from '../../core/api.ts';
import { tempDir } from '../support/core.ts';

const CHINESE = /[\u4e00-\u9fff]/;

describe('操作日志 in Chinese (domain/audit-names.ts)', () => {
  it('names every table with audit triggers and every column of those tables, read from a migrated database', async () => {
    const db = openDatabase(path.join(tempDir(), 'data.sqlite3'));
    await migrate(db);
    const tables = auditedTables(db);
    expect(tables.length).toBeGreaterThan(20);
    const unnamedTables = tables.filter((t) => !CHINESE.test(AUDIT_TABLE_NAMES[t] ?? ''));
    const unnamedColumns = tables.flatMap((t) =>
      (db.prepare('SELECT name FROM pragma_table_info(?)').all(t) as { name: string }[])
        .map((c) => c.name)
        .filter((c) => !hasAuditFieldName(t, c) || !CHINESE.test(auditFieldName(t, c)))
        .map((c) => `${t}.${c}`),
    );
    db.close();
    // A new table or column needs its Chinese name in domain/audit-names.ts.
    expect(unnamedTables).toEqual([]);
    expect(unnamedColumns).toEqual([]);
  });

  it('gives the same column its table’s own meaning where it has one, and keeps keys already in Chinese', () => {
    expect(auditFieldName('person', 'name')).toBe('姓名');
    expect(auditFieldName('organization', 'name')).toBe('名称');
    expect(auditFieldName('app_user', 'last_login_at')).toBe('最近登录时间');
    expect(auditFieldName('person', '批量写入行数')).toBe('批量写入行数');
  });

  it('titles every operation: the declared ones and those the program writes itself', () => {
    for (const name of [...Object.keys(registry), ...Object.keys(PROGRAM_OPERATION_TITLES)]) expect(operationTitle(name), name).toMatch(CHINESE);
    expect(operationTitle('auth.login')).toBe('登录');
  });
});
