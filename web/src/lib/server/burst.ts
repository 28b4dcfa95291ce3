/**
 * A bounded burst of analyses at the API, measured as it goes: what the /scale page shows.
 * It calls `score` (one request) `total` times, `concurrency` at a time, and reports a tick of
 * throughput, latency and the API instances that answered every TICK_MS, then a summary.
 */

export const BURST_LIMITS = { total: 1000, concurrency: 50 } as const;
export const TICK_MS = 500;

export interface Answer {
  readonly ok: boolean;
  /** The API pod that answered (`servedBy.instance`), when it did. */
  readonly instance?: string;
  /** What went wrong, for counting errors by kind: an error code or an HTTP status. */
  readonly error?: string;
}

export interface Tick {
  readonly elapsedMs: number;
  readonly done: number;
  readonly ok: number;
  readonly failed: number;
  /** Requests completed per second over the last tick. */
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  /** Distinct API pods that answered during the last tick. */
  readonly activeInstances: number;
}

export interface Summary {
  readonly elapsedMs: number;
  readonly total: number;
  readonly ok: number;
  readonly failed: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** Milliseconds from the start to the first successful answer: a cold start, as felt. */
  readonly firstOkMs: number | null;
  /** Answers per API pod. */
  readonly instances: Readonly<Record<string, number>>;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
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
  let window: { ms: number; instance?: string }[] = [];
  let windowStart = started;

  const flush = () => {
    const now = performance.now();
    const sorted = window.map((w) => w.ms).sort((a, b) => a - b);
    onTick({
      elapsedMs: Math.round(now - started),
      done: ok + failed,
      ok,
      failed,
      rps: Math.round((window.length / Math.max(now - windowStart, 1)) * 1000),
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      activeInstances: new Set(window.flatMap((w) => (w.instance ? [w.instance] : []))).size,
    });
    window = [];
    windowStart = now;
  };
  const ticker = setInterval(flush, TICK_MS);

  async function worker(): Promise<void> {
    while (next < options.total && !signal?.aborted) {
      const index = next++;
      const begun = performance.now();
      const answer = await score(index).catch((): Answer => ({ ok: false, error: 'client_error' }));
      const ms = performance.now() - begun;
      latencies.push(ms);
      window.push({ ms, ...(answer.instance && { instance: answer.instance }) });
      if (answer.instance) instances[answer.instance] = (instances[answer.instance] ?? 0) + 1;
      if (answer.ok) {
        ok++;
        firstOkMs ??= Math.round(performance.now() - started);
      } else {
        failed++;
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
    rps: Math.round(((ok + failed) / Math.max(elapsedMs, 1)) * 1000),
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

/** One burst per user at a time, per UI instance: the page cannot be used to flood the API. */
const running = new Set<string>();

export function claimBurst(username: string): (() => void) | null {
  if (running.has(username)) return null;
  running.add(username);
  return () => running.delete(username);
}
