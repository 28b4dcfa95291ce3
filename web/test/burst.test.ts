import { describe, expect, it } from 'vitest';
import { countPods, podPhase } from '../src/lib/pods.ts';
import {
  claimBurst,
  parseBurstOptions,
  percentile,
  runBurst,
  type Tick,
} from '../src/lib/server/burst.ts';
import { readEvents } from '../src/lib/sse.ts';

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
    expect(summary.firstOkMs).toBeGreaterThanOrEqual(0);
    expect(ticks.at(-1)).toMatchObject({ done: 60, ok: 54, failed: 6 });
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

describe('claimBurst', () => {
  it('allows one burst per user at a time', () => {
    const release = claimBurst('ada');
    expect(release).not.toBeNull();
    expect(claimBurst('ada')).toBeNull();
    expect(claimBurst('bob')).not.toBeNull();
    release?.();
    expect(claimBurst('ada')).not.toBeNull();
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99)]).toEqual([
      50, 95, 99,
    ]);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('readEvents', () => {
  it('parses events split anywhere across chunks', async () => {
    const text = 'event: tick\ndata: {"done":1}\n\nevent: done\ndata: {"total":2}\n\n';
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
