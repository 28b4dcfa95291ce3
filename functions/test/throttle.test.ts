import { describe, expect, it } from 'vitest';
import {
  FIRST_LOCK_MS,
  FREE_ATTEMPTS,
  lockRemainingMs,
  MAX_LOCK_MS,
  retryAfterSeconds,
} from '../src/throttle.ts';

describe('lockRemainingMs', () => {
  const now = 1_000_000_000;
  it('allows attempts below the free count', () => {
    expect(lockRemainingMs(null, now)).toBe(0);
    expect(lockRemainingMs({ failures: FREE_ATTEMPTS - 1, lastFailedAt: now }, now)).toBe(0);
  });
  it('locks at the free count and doubles the lock per further failure, up to the cap', () => {
    const lock = (failures: number) => lockRemainingMs({ failures, lastFailedAt: now }, now);
    expect(lock(FREE_ATTEMPTS)).toBe(FIRST_LOCK_MS);
    expect(lock(FREE_ATTEMPTS + 1)).toBe(2 * FIRST_LOCK_MS);
    expect(lock(FREE_ATTEMPTS + 30)).toBe(MAX_LOCK_MS);
  });
  it('counts down from the last failure', () => {
    const record = { failures: FREE_ATTEMPTS, lastFailedAt: now };
    expect(lockRemainingMs(record, now + 10_000)).toBe(FIRST_LOCK_MS - 10_000);
    expect(lockRemainingMs(record, now + FIRST_LOCK_MS)).toBe(0);
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up, and never says 0', () => {
    expect(retryAfterSeconds(1001)).toBe('2');
    expect(retryAfterSeconds(1)).toBe('1');
  });
});
