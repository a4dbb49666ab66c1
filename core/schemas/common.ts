/**
 * Building blocks for the zod schemas that both the API and the renderer's forms use.
 * Every message is Chinese and names the field, so it can be shown as it is.
 */
import { z } from 'zod';
import { ID_CARD_MESSAGES, idCardProblem, isRealDate, normalizeIdNumber } from '../idcard.ts';
import { systemClock } from '../clock.ts';
import { normalizeDateTimeText } from '../dates.ts';

z.config(z.locales.zhCN());

/** Labels travel with the schema so that errors far from a form still name the field. */
const titled = <S extends z.ZodType>(schema: S, label: string): S => schema.meta({ title: label }) as S;

export const id = (label: string) =>
  titled(
    z
      .number({ error: `请选择${label}` })
      .int()
      .positive(`请选择${label}`),
    label,
  );

export const optionalId = (label: string) =>
  titled(
    z
      .number()
      .int()
      .positive()
      .nullish()
      .transform((v) => v ?? null),
    label,
  );

/**
 * Characters that render as nothing or reorder what is shown, so that two names that look alike
 * differ (or one reads backwards): zero-width characters, direction marks, embeddings, overrides
 * and isolates, the byte-order mark, control characters and NUL. Refused wherever text could
 * spoof a name (docs/design.md §6a).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;

/** The first invisible or direction-changing character in a text, as `U+XXXX`, or null. */
export function invisibleCharacter(text: string): string | null {
  const found = INVISIBLE.exec(text);
  return found ? `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

export const invisibleMessage = (label: string, code: string) => `${label}含有不可见字符或控制字符（${code}），可能使两个看似相同的名称不同：请删除后重新输入`;

/**
 * Text as stored: NFC, trimmed, runs of spaces (full-width ones too) collapsed to one. A one-line
 * text (a name) also folds line breaks into a space; a multi-line one keeps them.
 */
export function normalizeText(text: string, multiline = false): string {
  // ASCII needs no composition; almost every cell of a 50,000-row import is short and CJK or ASCII.
  const composed = /^[\x20-\x7e]*$/.test(text) ? text : text.normalize('NFC');
  if (multiline)
    return composed
      .replace(/\r\n?/g, '\n')
      .replace(/[^\S\n]+/g, ' ')
      .replace(/ *\n */g, '\n')
      .trim();
  return composed.replace(/\s+/g, ' ').trim();
}

/** A zod step that refuses invisible characters (naming the field) and normalises what is left. */
const normalized = (label: string, multiline: boolean) =>
  z.string().transform((v, ctx) => {
    const code = invisibleCharacter(v);
    if (code) {
      ctx.issues.push({ code: 'custom', message: invisibleMessage(label, code), input: v });
      return z.NEVER;
    }
    return normalizeText(v, multiline);
  });

export const requiredText = (label: string, max = 100) =>
  titled(
    z.string({ error: `请填写${label}` }).transform((v, ctx) => {
      const code = invisibleCharacter(v);
      if (code) ctx.issues.push({ code: 'custom', message: invisibleMessage(label, code), input: v });
      const text = normalizeText(v);
      if (text === '') ctx.issues.push({ code: 'custom', message: `请填写${label}`, input: v });
      else if (text.length > max) ctx.issues.push({ code: 'custom', message: `${label}不能超过 ${max} 个字`, input: v });
      return text;
    }),
    label,
  );

/** Optional text from a check (of the text after `tidy`): empty strings and missing values become null. */
const optionalChecked = (label: string, check: (v: string) => boolean, message: string, tidy: (v: string) => string = (v) => v) =>
  titled(
    z
      .string()
      .trim()
      // Tidied in the check and in the final step rather than in a step of its own: a zod step
      // costs every row of a 50,000-row import a little, and the tidying is cheap.
      .refine((v) => v === '' || check(tidy(v)), message)
      .nullish()
      .transform((v) => (v ? tidy(v) : null)),
    label,
  );

/** Optional free text, normalised like names (see normalizeText); `multiline` keeps line breaks. */
export const optionalText = (label: string, max = 200, multiline = false) =>
  titled(
    normalized(label, multiline)
      .refine((v) => v.length <= max, `${label}不能超过 ${max} 个字`)
      .nullish()
      .transform((v) => (v ? v : null)),
    label,
  );

const DATE_HINT = '格式如 2026-11-22';

export const isoDate = (label: string) =>
  titled(
    z
      .string({ error: `请填写${label}（${DATE_HINT}）` })
      .trim()
      .min(1, `请填写${label}（${DATE_HINT}）`)
      .refine(isRealDate, `${label}不是有效日期（${DATE_HINT}）`),
    label,
  );

const DATE_TIME_HINT = '格式如 2026-11-22 09:00';

/** A wall-clock date-time, stored as `YYYY-MM-DDTHH:MM`. */
export const isoDateTime = (label: string) =>
  titled(
    z
      .string({ error: `请填写${label}（${DATE_TIME_HINT}）` })
      .transform(normalizeDateTimeText)
      .refine((v) => v !== '', { message: `请填写${label}（${DATE_TIME_HINT}）`, abort: true })
      .refine((v) => {
        const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(v);
        return !!m && isRealDate(m[1]!) && Number(m[2]) < 24 && Number(m[3]) < 60;
      }, `${label}不是有效的日期时间（${DATE_TIME_HINT}）`),
    label,
  );

export const optionalIsoDate = (label: string) => optionalChecked(label, isRealDate, `${label}不是有效日期（${DATE_HINT}）`);

export const idNumber = (label = '身份证号') =>
  titled(
    z
      .string({ error: `请填写${label}` })
      .transform(normalizeIdNumber)
      .superRefine((value, ctx) => {
        if (value === '') {
          ctx.addIssue({ code: 'custom', message: `请填写${label}` });
          return;
        }
        const problem = idCardProblem(value, systemClock.today());
        if (problem) ctx.addIssue({ code: 'custom', message: ID_CARD_MESSAGES[problem] });
      }),
    label,
  );

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/**
 * Phone numbers as pasted from elsewhere: full-width digits to ASCII, spaces dropped, and a mobile
 * number written 138-0013-8000 or +86 138… reduced to its 11 digits. Landlines keep their dash.
 */
function tidyPhone(raw: string): string {
  if (PHONE.test(raw)) return raw; // as almost always
  const v = /^[0-9-]*$/.test(raw) ? raw : raw.normalize('NFKC').replace(/\s+/g, '');
  const mobile = /^(?:\+?86-?)?(1[\d-]{10,13})$/.exec(v);
  return mobile ? mobile[1]!.replace(/-/g, '') : v;
}

export const optionalPhone = (label = '联系电话') =>
  optionalChecked(label, (v) => PHONE.test(v), `${label}应为 11 位手机号或带区号的固话（如 0760-88888888）`, tidyPhone);

const EMAIL = z.email();
export const optionalEmail = (label = '电子邮箱') => optionalChecked(label, (v) => EMAIL.safeParse(v).success, `${label}格式不正确`);

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, label: string) => titled(z.enum(values, { error: `请选择${label}` }), label);

/** Paging, sorting and search shared by every list. Sorting fields are whitelisted per list. */
export const listQuery = <const F extends readonly [string, ...string[]]>(sortFields: F) =>
  z.object({
    page: z.number().int().min(0).default(0),
    pageSize: z.number().int().min(1).max(100, '每页最多 100 行').default(25),
    sortField: z.enum(sortFields).optional(),
    sortDir: z.enum(['asc', 'desc']).default('asc'),
    search: z
      .string()
      .trim()
      .max(50, '搜索内容不能超过 50 个字')
      .optional()
      .transform((v) => (v ? v : undefined)),
  });

export interface Page<T> {
  rows: T[];
  total: number;
}

export const byId = z.object({ id: id('记录') });

/** A calendar year (re-review cycles, evaluations, the audit workbook). */
export const calendarYear = titled(
  z.number({ error: '请填写年度' }).int('年度应为整数').min(2000, '年度应在 2000–2100 之间').max(2100, '年度应在 2000–2100 之间'),
  '年度',
);

/** Training hours: positive, at most 500, in half hours (courses, attendance, external training). */
export const halfHours = (label: string) =>
  titled(
    z
      .number({ error: `请填写${label}` })
      .positive(`${label}应大于 0`)
      .max(500, `${label}不超过 500`)
      .multipleOf(0.5, `${label}以 0.5 为单位`),
    label,
  );

/**
 * The version of the record the caller read (migration 0027); a stale one is refused with who
 * changed the record and when (core/versions.ts). Optional in the API so that older callers and
 * scripts keep working; the renderer always sends it, and when it is given it is checked.
 */
export const readVersion = titled(z.number().int().positive().optional(), '版本');

/** A record named by id, with the version read (a delete, a status change without other fields). */
export const byIdAtVersion = z.object({ id: id('记录'), version: readVersion });
