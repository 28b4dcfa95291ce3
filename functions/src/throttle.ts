/**
 * Login throttling policy, pure so that it can be tested without a clock. The failure count
 * itself lives in the database, so every replica of the function sees the same count.
 */

/** Failed attempts allowed before a username is locked. */
export const FREE_ATTEMPTS = 5;
/** The first lock; each further failure doubles it, up to MAX_LOCK_MS. */
export const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 15 * 60_000;
/** Failures older than this are forgotten: the count starts again. */
export const FORGET_AFTER_MS = 60 * 60_000;

export interface FailureRecord {
  readonly failures: number;
  readonly lastFailedAt: number;
}

/** Milliseconds until the username may try again; 0 when it may try now. */
export function lockRemainingMs(record: FailureRecord | null, now: number): number {
  if (!record || record.failures < FREE_ATTEMPTS) return 0;
  const lock = Math.min(FIRST_LOCK_MS * 2 ** (record.failures - FREE_ATTEMPTS), MAX_LOCK_MS);
  return Math.max(0, record.lastFailedAt + lock - now);
}

/** The Retry-After header value: whole seconds, rounded up so the client never retries early. */
export function retryAfterSeconds(remainingMs: number): string {
  return String(Math.max(1, Math.ceil(remainingMs / 1000)));
}
