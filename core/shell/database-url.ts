/** The `--database` value as the shells and core read it. */

/** `--database` is a URL: true for postgres:// and postgresql://, false for a file path. */
export const isPostgresUrl = (value: string): boolean => /^postgres(ql)?:\/\//i.test(value);

/** A connection URL as logs and messages may show it: without its password. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(无效的地址)';
  }
}
