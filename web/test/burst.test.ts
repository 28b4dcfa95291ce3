import { describe, expect, it } from 'vitest';
import { percentile } from '../src/lib/burst-stats.ts';
import { countPods, podPhase } from '../src/lib/pods.ts';
import {
  createBurstSlots,
  parseBurstOptions,
  runBurst,
  type Tick,
} from '../src/routes/scale/burst.ts';
import { formatEvent, readEvents } from '../src/routes/scale/events.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runBurst', () => {
  it('sends exactly the total, never more than the concurrency at once, and counts everything', async () => {
    let inFlight = 0;
    let most = 0;
    const ticks: Tick[] = [];
    const summary = await runBurst(
      { total: 60, concurrency: 7 },
      async (index) => {
        most = Math.max(most, ++inFlight);
        await pause(5);
        inFlight--;
        if (index % 10 === 9) return { ok: false, error: '503 unavailable' };
        return { ok: true, instance: `api-${index % 3}` };
      },
      (tick) => ticks.push(tick),
    );
    expect(most).toBe(7);
    expect(summary).toMatchObject({
      total: 60,
      ok: 54,
      failed: 6,
      errors: { '503 unavailable': 6 },
    });
    expect(summary.instances).toEqual({ 'api-0': 18, 'api-1': 18, 'api-2': 18 });
    expect(ticks.at(-1)).toMatchObject({ done: 60, ok: 54, failed: 6 });
  });

  it('times the first answer from the start of the burst, not from its own request', async () => {
    // One at a time: five failures of 10 ms each, then answers of 10 ms. The first answer is
    // read after the stand-in returned it and before the next request is made. Measured from
    // its own request it would be about 10 ms; from the start of the burst it is over 60.
    const calls: number[] = [];
    let firstAnswerReturned = 0;
    const before = performance.now();
    const summary = await runBurst(
      { total: 7, concurrency: 1 },
      async (index) => {
        calls.push(performance.now());
        await pause(10);
        if (index < 5) return { ok: false, error: 'timeout' };
        firstAnswerReturned ||= performance.now();
        return { ok: true, instance: 'api-0' };
      },
      () => {},
    );
    const [firstCall = 0, , , , , , afterFirstAnswer = 0] = calls;
    // The burst's clock starts after `before` and no later than the first call; it is rounded.
    expect(summary.firstOkMs).toBeGreaterThanOrEqual(Math.floor(firstAnswerReturned - firstCall));
    expect(summary.firstOkMs).toBeLessThanOrEqual(Math.ceil(afterFirstAnswer - before));
  });

  it('reports the percentiles of the answers’ latencies, which it measures around each request', async () => {
    // Twenty answers, one at a time, of known and well-spread delays (5 to 100 ms), interleaved
    // with instant failures that must not count.
    const spans: { begun: number; returned: number }[] = [];
    const summary = await runBurst(
      { total: 40, concurrency: 1 },
      async (index) => {
        if (index % 2 === 0) return { ok: false, error: '503 unavailable' };
        const begun = performance.now();
        await pause(5 * (((index * 7) % 20) + 1));
        spans.push({ begun, returned: performance.now() });
        return { ok: true, instance: 'api-0' };
      },
      () => {},
    );
    // A latency is at least the stand-in's own span, and at most the time from its previous
    // call's return to its next call (sequential: runBurst measures between the two).
    const least = spans.map((s) => s.returned - s.begun).sort((a, b) => a - b);
    const most = spans
      .map((s, i) => (spans[i + 1]?.begun ?? performance.now()) - (spans[i - 1]?.returned ?? 0))
      .sort((a, b) => a - b);
    for (const [p, measured] of [
      [50, summary.p50],
      [95, summary.p95],
      [99, summary.p99],
    ] as const) {
      expect(measured).toBeGreaterThanOrEqual(Math.floor(percentile(least, p) ?? NaN));
      expect(measured).toBeLessThanOrEqual(Math.ceil(percentile(most, p) ?? NaN) + 1);
    }
    expect(summary).toMatchObject({ ok: 20, failed: 20 });
  });

  it('counts a request that throws as a failure, not a crash', async () => {
    const summary = await runBurst(
      { total: 3, concurrency: 2 },
      () => Promise.reject(new Error('boom')),
      () => {},
    );
    expect(summary).toMatchObject({
      total: 3,
      ok: 0,
      failed: 3,
      errors: { client_error: 3 },
      firstOkMs: null,
    });
  });

  it('counts only answers as answered: with the API down there is no rate and no latency', async () => {
    const ticks: Tick[] = [];
    const summary = await runBurst(
      { total: 20, concurrency: 5 },
      () => Promise.resolve({ ok: false, error: '503 unavailable' }),
      (tick) => ticks.push(tick),
    );
    expect(summary).toMatchObject({ total: 20, ok: 0, failed: 20, rps: 0, p50: null, p99: null });
    expect(ticks.at(-1)).toMatchObject({ ok: 0, failed: 20, rps: 0, p50: null });
    expect(ticks.at(-1)?.errors).toEqual({ '503 unavailable': 20 });
  });

  it('measures latency over answers only, however fast the failures come back', async () => {
    // Five instant failures and five answers of about 40 ms. Node's timers run on libuv's cached
    // whole-millisecond clock (getLibuvNow in lib/internal/timers.js), not performance.now(), so
    // a 40 ms pause can measure 39.x here: the floor is the answers' own shortest span.
    const spans: number[] = [];
    const summary = await runBurst(
      { total: 10, concurrency: 10 },
      async (index) => {
        if (index % 2 === 0) return { ok: false, error: 'timeout' };
        const begun = performance.now();
        await pause(40);
        spans.push(performance.now() - begun);
        return { ok: true, instance: 'api-0' };
      },
      () => {},
    );
    expect(summary).toMatchObject({ ok: 5, failed: 5, errors: { timeout: 5 } });
    expect(summary.p50).toBeGreaterThanOrEqual(Math.floor(Math.min(...spans)));
    expect(summary.p50).toBeGreaterThan(30);
  });

  it('ticks often enough to draw a burst that lasts a few tenths of a second', async () => {
    const ticks: Tick[] = [];
    await runBurst(
      { total: 10, concurrency: 1 },
      async () => {
        await pause(40);
        return { ok: true, instance: 'api-0' };
      },
      (tick) => ticks.push(tick),
    );
    // Ten requests one after another take at least 0.4 s: several ticks, each with answers.
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.filter((tick) => tick.rps > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('stops sending when aborted', async () => {
    const stop = new AbortController();
    let sent = 0;
    const summary = await runBurst(
      { total: 1000, concurrency: 2 },
      async () => {
        if (++sent === 10) stop.abort();
        await pause(1);
        return { ok: true };
      },
      () => {},
      stop.signal,
    );
    expect(summary.total).toBeLessThan(20);
  });
});

describe('parseBurstOptions', () => {
  it('accepts the caps and refuses past them', () => {
    expect(parseBurstOptions({ total: '1000', concurrency: '50' })).toEqual({
      ok: true,
      total: 1000,
      concurrency: 50,
    });
    expect(parseBurstOptions({ total: '1001', concurrency: '5' }).ok).toBe(false);
    expect(parseBurstOptions({ total: '10', concurrency: '51' }).ok).toBe(false);
    expect(parseBurstOptions({ total: '2.5', concurrency: '5' }).ok).toBe(false);
    expect(parseBurstOptions({ total: null, concurrency: '5' }).ok).toBe(false);
  });
});

describe('createBurstSlots', () => {
  it('allows one burst per user at a time', () => {
    const slots = createBurstSlots(4);
    const first = slots.claim('ada');
    expect(first.ok).toBe(true);
    expect(slots.claim('ada')).toMatchObject({ ok: false, status: 409 });
    expect(slots.claim('bob').ok).toBe(true);
    if (first.ok) first.release();
    expect(slots.claim('ada').ok).toBe(true);
  });

  it('allows at most so many bursts on one UI instance, whoever asks', () => {
    const slots = createBurstSlots(2);
    const claims = ['ada', 'bob'].map((name) => slots.claim(name));
    expect(slots.claim('cyd')).toMatchObject({ ok: false, status: 429 });
    const [first] = claims;
    if (first?.ok) first.release();
    expect(slots.claim('cyd').ok).toBe(true);
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99)]).toEqual([
      50, 95, 99,
    ]);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('formatEvent and readEvents', () => {
  it('read back what was written, split anywhere across chunks', async () => {
    const text = formatEvent('tick', { done: 1 }) + formatEvent('done', { total: 2 });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
        controller.close();
      },
    });
    const events = [];
    for await (const event of readEvents(body)) events.push(event);
    expect(events).toEqual([
      { event: 'tick', data: { done: 1 } },
      { event: 'done', data: { total: 2 } },
    ]);
  });
});

describe('podPhase', () => {
  it('tells starting, ready and terminating pods apart', () => {
    const pods = [
      { status: { phase: 'Pending' } },
      { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] } },
      { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
      {
        metadata: { deletionTimestamp: '2026-11-25T00:00:00Z' },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      },
    ];
    expect(pods.map(podPhase)).toEqual(['pending', 'pending', 'ready', 'terminating']);
    expect(countPods(pods)).toEqual({ pending: 2, ready: 1, terminating: 1 });
  });
});
