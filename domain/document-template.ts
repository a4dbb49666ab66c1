/**
 * The wording of 督导聘书 and 再审核结果通知: text an administrator edits, with placeholders in
 * braces that are filled from the supervisor's record. Defined once here: core fills the printed
 * document with it and the template editor's preview with the same function.
 */

/** Placeholders each template may use (the editor lists them; others are left as written). */
export const DOCUMENT_PLACEHOLDERS = {
  appointment: ['姓名', '身份证号', '等级', '镇区', '聘任日期', '有效期至', '编号', '发文日期'],
  recertNotice: ['姓名', '身份证号', '等级', '镇区', '年度', '结论', '说明', '整改期限', '有效期至', '发文日期'],
} as const;

export type DocumentTemplateKind = keyof typeof DOCUMENT_PLACEHOLDERS;

/** Replaces each `{name}` with its value; an unknown name stays as written, so a typo shows on the preview. */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{([^{}\s]{1,12})\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

/** Placeholders a text uses that its template does not know. */
export function unknownPlaceholders(kind: DocumentTemplateKind, text: string): string[] {
  const known: readonly string[] = DOCUMENT_PLACEHOLDERS[kind];
  return [...text.matchAll(/\{([^{}\s]{1,12})\}/g)].map((m) => m[1]!).filter((name) => !known.includes(name));
}
