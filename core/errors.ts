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
