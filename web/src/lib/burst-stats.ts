/**
 * What a burst of requests at the API amounted to: written once for the Scale page's bursts
 * (routes/scale/burst.ts) and `npm run load` (knative/scripts/load.ts, which imports it as
 * `@sentiment/web/burst-stats` and runs under plain `node`, so this file has no imports and only
 * erasable TypeScript). An answer is a request the API answered with a result; a failure
 * (refused, timed out, unreachable) is counted apart, by kind, and never enters the rate or the
 * latencies, so an API that is down reads as "none answered", not as a fast one.
 */

export interface BurstSummary {
  readonly elapsedMs: number;
  /** Requests finished, answered or failed. */
  readonly total: number;
  readonly ok: number;
  readonly failed: number;
  /** Failures by kind: an error code or an HTTP status. */
  readonly errors: Readonly<Record<string, number>>;
  /** Answers per second over the whole burst. */
  readonly rps: number;
  /** Latency of the answers in ms; null when nothing was answered. */
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly maxMs: number | null;
  /** Milliseconds from the start to the first answer read: a cold start, as felt. */
  readonly firstOkMs: number | null;
  /** Answers per API pod (`servedBy.instance`). */
  readonly instances: Readonly<Record<string, number>>;
}

/** Nearest rank over sorted values; null for none, so "no answers" never reads as "0 ms". */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)] ?? 0);
}

/** Whole per second, from a count over a span in ms (at least 1 ms, so a burst never divides by 0). */
export function perSecond(count: number, spanMs: number): number {
  return Math.round((count / Math.max(spanMs, 1)) * 1000);
}

/**
 * The running count of one burst, its clock started at `startedAt` (ms, on the clock the caller
 * passes to `answer` and `summarize`).
 */
export function createTally(startedAt: number) {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const instances: Record<string, number> = {};
  let failed = 0;
  let firstOkMs: number | null = null;
  return {
    /** An answer read at `at`, `latencyMs` after its request was sent, from API pod `instance`. */
    answer(at: number, latencyMs: number, instance?: string): void {
      firstOkMs ??= Math.round(at - startedAt);
      latencies.push(latencyMs);
      if (instance) instances[instance] = (instances[instance] ?? 0) + 1;
    },
    fail(kind: string): void {
      failed++;
      errors[kind] = (errors[kind] ?? 0) + 1;
    },
    counts() {
      return {
        done: latencies.length + failed,
        ok: latencies.length,
        failed,
        errors: { ...errors },
      };
    },
    summarize(at: number): BurstSummary {
      const elapsedMs = Math.round(at - startedAt);
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        elapsedMs,
        total: sorted.length + failed,
        ok: sorted.length,
        failed,
        errors: { ...errors },
        rps: perSecond(sorted.length, elapsedMs),
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        maxMs: percentile(sorted, 100),
        firstOkMs,
        instances: { ...instances },
      };
    },
  };
}
