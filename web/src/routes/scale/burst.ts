import { createTally, percentile, perSecond, type BurstSummary } from '#lib/burst-stats.ts';

/**
 * A bounded burst of analyses at the API, measured as it goes: what the /scale page shows.
 * It calls `score` (one request) `total` times, `concurrency` at a time, and reports a tick
 * every TICK_MS, then a summary (lib/burst-stats.ts says what counts as an answer).
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

export async function runBurst(
  options: { total: number; concurrency: number },
  score: (index: number) => Promise<Answer>,
  onTick: (tick: Tick) => void,
  signal?: AbortSignal,
): Promise<BurstSummary> {
  const started = performance.now();
  const tally = createTally(started);
  let next = 0;
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
      ...tally.counts(),
      rps: perSecond(recent.length, span),
      failedPerSecond: perSecond(recentFailures.length, span),
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
        tally.answer(at, at - begun, answer.instance);
        recent.push({ at, ms: at - begun, ...(answer.instance && { instance: answer.instance }) });
      } else {
        tally.fail(answer.error ?? 'unknown');
        recentFailures.push(at);
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.total) }, worker));
  } finally {
    clearInterval(ticker);
  }
  flush();
  return tally.summarize(performance.now());
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
