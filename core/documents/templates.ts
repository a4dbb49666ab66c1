/**
 * The wording of 督导聘书 and 再审核结果通知 (document_template, migration 0031): versioned data like
 * the training rules (db/repos/versioned.ts): every save adds a version with who and why; a
 * printed letter names the version it was worded with.
 */
import type { Db } from '../../db/engine/types.ts';
import { z } from 'zod';
import { currentVersion, insertVersion, versionHistory } from '../../db/repos/versioned.ts';
import { unknownPlaceholders, type DocumentTemplateKind } from '../../domain/document-template.ts';
import { AppError } from '../errors.ts';

const letter = (what: string) =>
  z.object({
    title: z.string().trim().min(1, `请填写${what}的标题`).max(60, `${what}的标题最多 60 个字`),
    body: z.string().trim().min(1, `请填写${what}的正文`).max(2000, `${what}的正文最多 2000 个字`),
    issuer: z.string().trim().min(1, `请填写${what}的落款单位`).max(60, `${what}的落款单位最多 60 个字`),
  });

export const documentTemplatesBody = z.object({ appointment: letter('聘书'), recertNotice: letter('再审核结果通知') });
export type DocumentTemplates = z.output<typeof documentTemplatesBody>;

export function currentTemplates(db: Db): {
  version: number;
  body: DocumentTemplates;
  note: string | null;
  createdAt: string;
  createdBy: string;
} {
  const row = currentVersion(db, 'document_template');
  return { version: row.version, body: documentTemplatesBody.parse(JSON.parse(row.body)), note: row.note, createdAt: row.createdAt, createdBy: row.createdBy };
}

export const templateHistory = (db: Db) => versionHistory(db, 'document_template');

/** Saves the wording as the next version; a placeholder the template does not know is refused by name. */
export function saveTemplates(db: Db, body: DocumentTemplates, note: string | null, now: string, by: string): number {
  for (const kind of ['appointment', 'recertNotice'] as DocumentTemplateKind[]) {
    for (const field of ['title', 'body'] as const) {
      const unknown = unknownPlaceholders(kind, body[kind][field]);
      if (unknown.length)
        throw new AppError('VALIDATION', `${kind === 'appointment' ? '聘书' : '再审核结果通知'}中的占位符 {${unknown[0]}} 不可用`, `${kind}.${field}`);
    }
  }
  return insertVersion(db, 'document_template', JSON.stringify(body), note, now, by);
}
