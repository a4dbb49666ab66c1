/** 服务器设置 › 迁移到 PostgreSQL: the target's address (core/services/system.ts system.migrateToPostgres). */
import { z } from 'zod';

const LABEL = 'PostgreSQL 地址';
const EXAMPLE = '如 postgres://用户名:密码@主机:5432/数据库名';

/** A postgres:// address with a host and a database name; whether the server answers is the job's to find out. */
function isPostgresAddress(value: string): boolean {
  if (!/^postgres(ql)?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.hostname !== '' && url.pathname.length > 1;
  } catch {
    return false;
  }
}

export const migrateToPostgresFields = z.object({
  target: z
    .string({ error: `请填写${LABEL}` })
    .trim()
    .min(1, `请填写${LABEL}`)
    .refine(isPostgresAddress, `${LABEL}无效：须以 postgres:// 开头并写明主机和数据库名，${EXAMPLE}`)
    .meta({ title: LABEL }),
});
export type MigrateToPostgresInput = z.input<typeof migrateToPostgresFields>;

/** What the job's result holds when the copy ended (core/migrate-to-postgres.ts): what was copied and checked, the address without its password, every line the copy said. */
export interface MigrateJobResult {
  tables: { table: string; rows: number }[];
  rows: number;
  seconds: number;
  auditEntries: number;
  /** Problems found on the target; empty when everything checked out. */
  problems: string[];
  target: string;
  lines: string[];
}
