/** The `--database` value as the shells and core read it. */

/** `--database` is a URL: true for postgres:// and postgresql://, false for a file path. */
export const isPostgresUrl = (value: string): boolean => /^postgres(ql)?:\/\//i.test(value);

/** A connection URL as logs and messages may show it: without its password (one owner, the engine's). */
export { withoutPassword } from '../../db/engine/postgres.ts';
