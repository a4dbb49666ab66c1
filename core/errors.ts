import type { z } from 'zod';

/**
 * Error codes that cross both transports. The message is always Chinese and actionable.
 * UNAVAILABLE: the program or the association server could not be reached, so nothing was saved.
 */
export type ErrorCode = 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHORIZED' | 'UNKNOWN_OPERATION' | 'INTERNAL' | 'UNAVAILABLE';

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** Input field the error belongs to, as a dotted path (e.g. `idNumber`). */
  field?: string;
  /** A stale version refused (core/versions.ts): who changed the record last, when, its version now, and its current values as the detail output shows them. */
  conflict?: ConflictInfo;
}

/** What a refused stale save tells the form, so it can show the other user's values beside the user's own. */
export interface ConflictInfo {
  /** Display name of whoever changed the record last (from the audit log). */
  by: string;
  /** When, as an ISO UTC instant. */
  at: string;
  /** The record's version now: saving again with it is what 「保存」 after resolving does. */
  version: number;
  /** The record as its detail output shows it now (masked like that output for roles without pii.read). */
  current: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
  }

  toPayload(): ErrorPayload {
    return this.field === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, field: this.field };
  }
}

/** A stale version: the record changed since the caller read it (core/versions.ts). */
export class StaleVersionError extends AppError {
  readonly conflict: ConflictInfo;
  /** The output schema `current` follows, to mask it like that output (the operation's own output when absent). */
  readonly currentSchema: z.ZodType | undefined;

  constructor(message: string, conflict: ConflictInfo, currentSchema?: z.ZodType) {
    super('CONFLICT', message);
    this.conflict = conflict;
    this.currentSchema = currentSchema;
  }

  override toPayload(): ErrorPayload {
    return { ...super.toPayload(), conflict: this.conflict };
  }
}

export const notFound = (what: string, field?: string) => new AppError('NOT_FOUND', `${what}不存在或已被删除`, field);

export const invalid = (message: string, field?: string) => new AppError('VALIDATION', message, field);

export const conflict = (message: string, field?: string) => new AppError('CONFLICT', message, field);

/** The one result shape both transports carry. */
export type CallResult<T> = { ok: true; result: T } | { ok: false; error: ErrorPayload };

/**
 * An error whose transaction still commits: e.g. a wrong password, where the failure count
 * must be saved although the call fails.
 */
export class CommittedError extends AppError {}
