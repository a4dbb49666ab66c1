/** Dates as users type or paste them (2026-11-22, 2026/11/22, 2026.11.22, 20261122, 2026年11月22日) to ISO text. */
export function normalizeDateText(text: string): string {
  const trimmed = text.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(trimmed);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  const parts = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(trimmed);
  if (parts) return `${parts[1]}-${parts[2]!.padStart(2, '0')}-${parts[3]!.padStart(2, '0')}`;
  return trimmed;
}

/** An Excel date cell (ExcelJS gives it at midnight UTC) as ISO text. */
export function isoFromExcelDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
