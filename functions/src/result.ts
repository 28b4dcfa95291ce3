/** Expected failures travel as values; only bugs are thrown. */

export const ERROR_CODES = {
  invalid_input: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  username_taken: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface AppError {
  readonly code: ErrorCode;
  readonly status: number;
  readonly message: string;
  /** The request field at fault, so a form can show the message next to it. */
  readonly field?: string;
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
  return { code, status: ERROR_CODES[code], message, ...extra };
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
