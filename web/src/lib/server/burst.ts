/**
 * A bounded burst of analyses at the API, measured as it goes: what the /scale page shows.
 * It calls `score` (one request) `total` times, `concurrency` at a time, and reports a tick
 * every TICK_MS, then a summary. An answer is a request the API answered with a result; a
 * failure (refused, timed out, unreachable) is counted apart, by kind, and never enters the
 * rate or the latencies.
 */

export const BURST_LIMITS = { total: 1000, concurrency: 50, perInstance: 4 } as const;
/** Fine enough that a local burst of a few tenths of a second still draws a line. */
export const TICK_MS = 100;
/** Rates and latencies in a tick are over the last second, so short ticks do not jitter. */
export const WINDOW_MS = 1000;

export interface Answer {
  readonly ok: boolean;
  /** The API pod that answered (`servedBy.instance`), when it did. */
  readonly instance?: string;
  /** What went wrong, for counting errors by kind: an error code or an HTTP status. */
  readonly error?: string;
}

export interface Tick {
  readonly elapsedMs: number;
  /** Requests finished, answered or failed. */
  readonly done: number;
  /** Requests answered. */
  readonly ok: number;
  readonly failed: number;
  /** Failures so far by kind. */
  readonly errors: Readonly<Record<string, number>>;
  /** Answers per second over the last second. */
  readonly rps: number;
  /** Failures per second over the last second. */
  readonly failedPerSecond: number;
  /** Latency of the answers of the last second; null when there were none. */
  readonly p50: number | null;
  readonly p95: number | null;
  /** Distinct API pods that answered in the last second. */
  readonly activeInstances: number;
}

export interface Summary {
  readonly elapsedMs: number;
  readonly total: number;
  readonly ok: number;
  readonly failed: number;
  readonly errors: Readonly<Record<string, number>>;
  /** Answers per second over the whole burst. */
  readonly rps: number;
  /** Latency of the answers; null when nothing was answered. */
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  /** Milliseconds from the start to the first successful answer: a cold start, as felt. */
  readonly firstOkMs: number | null;
  /** Answers per API pod. */
  readonly instances: Readonly<Record<string, number>>;
}

/** Nearest rank; null for no values, so "no answers" never reads as "0 ms". */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)] ?? 0);
}

export async function runBurst(
  options: { total: number; concurrency: number },
  score: (index: number) => Promise<Answer>,
  onTick: (tick: Tick) => void,
  signal?: AbortSignal,
): Promise<Summary> {
  const started = performance.now();
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const instances: Record<string, number> = {};
  let next = 0;
  let ok = 0;
  let failed = 0;
  let firstOkMs: number | null = null;
  // Answers of the last WINDOW_MS: when they came, how long they took, and from which pod.
  let recent: { at: number; ms: number; instance?: string }[] = [];
  let recentFailures: number[] = [];

  const flush = () => {
    const now = performance.now();
    recent = recent.filter((answer) => answer.at > now - WINDOW_MS);
    recentFailures = recentFailures.filter((at) => at > now - WINDOW_MS);
    const sorted = recent.map((answer) => answer.ms).sort((a, b) => a - b);
    const span = Math.min(WINDOW_MS, Math.max(now - started, 1));
    onTick({
      elapsedMs: Math.round(now - started),
      done: ok + failed,
      ok,
      failed,
      errors: { ...errors },
      rps: Math.round((recent.length / span) * 1000),
      failedPerSecond: Math.round((recentFailures.length / span) * 1000),
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      activeInstances: new Set(recent.flatMap((a) => (a.instance ? [a.instance] : []))).size,
    });
  };
  const ticker = setInterval(flush, TICK_MS);

  async function worker(): Promise<void> {
    while (next < options.total && !signal?.aborted) {
      const index = next++;
      const begun = performance.now();
      const answer = await score(index).catch((): Answer => ({ ok: false, error: 'client_error' }));
      const at = performance.now();
      if (answer.ok) {
        ok++;
        firstOkMs ??= Math.round(at - started);
        latencies.push(at - begun);
        recent.push({ at, ms: at - begun, ...(answer.instance && { instance: answer.instance }) });
        if (answer.instance) instances[answer.instance] = (instances[answer.instance] ?? 0) + 1;
      } else {
        failed++;
        recentFailures.push(at);
        const kind = answer.error ?? 'unknown';
        errors[kind] = (errors[kind] ?? 0) + 1;
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.total) }, worker));
  } finally {
    clearInterval(ticker);
  }
  flush();
  const elapsedMs = Math.round(performance.now() - started);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    elapsedMs,
    total: ok + failed,
    ok,
    failed,
    errors,
    rps: Math.round((ok / Math.max(elapsedMs, 1)) * 1000),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    firstOkMs,
    instances,
  };
}

/** The caps the page enforces, whatever a client sends. */
export function parseBurstOptions(form: {
  total: unknown;
  concurrency: unknown;
}): { ok: true; total: number; concurrency: number } | { ok: false; message: string } {
  const total = Number(form.total);
  const concurrency = Number(form.concurrency);
  if (!Number.isInteger(total) || total < 1 || total > BURST_LIMITS.total) {
    return { ok: false, message: `A burst is 1 to ${BURST_LIMITS.total} requests.` };
  }
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > BURST_LIMITS.concurrency) {
    return { ok: false, message: `Concurrency is 1 to ${BURST_LIMITS.concurrency}.` };
  }
  return { ok: true, total, concurrency };
}

export type BurstClaim =
  | { readonly ok: true; readonly release: () => void }
  | { readonly ok: false; readonly status: 409 | 429; readonly message: string };

/**
 * Who may start a burst on this UI instance: one at a time per (API-confirmed) user, and at
 * most `perInstance` in all, so neither one account nor many can turn the page into a flood.
 */
export function createBurstSlots(perInstance: number) {
  const running = new Set<string>();
  return {
    claim(username: string): BurstClaim {
      if (running.has(username)) {
        return { ok: false, status: 409, message: 'One of your bursts is already running.' };
      }
      if (running.size >= perInstance) {
        return {
          ok: false,
          status: 429,
          message: `${perInstance} bursts are already running on this server. Try again when one ends.`,
        };
      }
      running.add(username);
      return { ok: true, release: () => running.delete(username) };
    },
  };
}

export type BurstSlots = ReturnType<typeof createBurstSlots>;
