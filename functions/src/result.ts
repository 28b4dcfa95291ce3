import { ERROR_STATUS, type ApiErrorDetail, type ErrorCode } from './contract.ts';

/** Expected failures travel as values; only bugs are thrown. */

/** An error answer: send.ts writes its detail as the body, with its status and headers. */
export interface AppError extends ApiErrorDetail {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function appError(
  code: ErrorCode,
  message: string,
  extra: Pick<AppError, 'field' | 'headers'> = {},
): AppError {
  return { code, status: ERROR_STATUS[code], message, ...extra };
}

export function err<T = never>(...args: Parameters<typeof appError>): Result<T> {
  return { ok: false, error: appError(...args) };
}

export function invalidInput<T = never>(field: string, message: string): Result<T> {
  return err('invalid_input', message, { field });
}

/** What a handler asks app.ts to send. A `body` that is an async iterable is streamed as text. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export function reply(
  status: number,
  body?: unknown,
  headers?: Record<string, string>,
): Result<Reply> {
  return ok({ status, body, ...(headers && { headers }) });
}
