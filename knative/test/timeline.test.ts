import { describe, expect, it } from 'vitest';
import {
  EMPTY,
  counts,
  onPodEvent,
  onScale,
  type Timeline,
  type WatchType,
} from '../scripts/timeline.ts';

/**
 * The watcher's logic on event sequences shaped like a Knative revision's pods: created without
 * conditions, Ready false while queue-proxy probes, Ready true, a deletionTimestamp while it
 * drains, then deleted.
 */

type Pod = Parameters<typeof onPodEvent>[2];

function pod(name: string, state: 'created' | 'starting' | 'ready' | 'draining'): Pod {
  const ready = {
    type: 'Ready',
    status: state === 'ready' || state === 'draining' ? 'True' : 'False',
  };
  return {
    metadata: {
      name,
      ...(state === 'draining' && { deletionTimestamp: '2026-11-25T10:01:30Z' }),
    },
    status: state === 'created' ? { phase: 'Pending' } : { phase: 'Running', conditions: [ready] },
  };
}

function play(events: [WatchType, Pod][], start: Timeline = EMPTY) {
  let timeline = start;
  const lines: string[] = [];
  for (const [type, object] of events) {
    const result = onPodEvent(timeline, type, object);
    timeline = result.timeline;
    lines.push(...result.lines);
  }
  return { timeline, lines };
}

const NAME = 'api-00001-deployment-7d9f8c-abcde';

describe('onPodEvent', () => {
  it('follows one pod from zero to ready, through draining, back to zero', () => {
    const { lines, timeline } = play([
      ['ADDED', pod(NAME, 'created')],
      ['MODIFIED', pod(NAME, 'starting')],
      ['MODIFIED', pod(NAME, 'ready')],
      ['MODIFIED', pod(NAME, 'ready')], // a status update that changes nothing visible
      ['MODIFIED', pod(NAME, 'draining')],
      ['DELETED', pod(NAME, 'draining')],
    ]);
    expect(lines).toEqual([
      `pod ${NAME} starting  (0 ready, 1 starting, 0 terminating)`,
      `pod ${NAME} ready  (1 ready, 0 starting, 0 terminating)`,
      `pod ${NAME} terminating  (0 ready, 0 starting, 1 terminating)`,
      `pod ${NAME} gone  (0 ready, 0 starting, 0 terminating)`,
      'the API is back at zero pods',
    ]);
    expect(timeline.pods.size).toBe(0);
  });

  it('counts several pods rising under load, and says zero only when the last one goes', () => {
    const names = ['api-a', 'api-b', 'api-c'];
    const up = play(
      names.flatMap((n): [WatchType, Pod][] => [
        ['ADDED', pod(n, 'created')],
        ['MODIFIED', pod(n, 'ready')],
      ]),
    );
    expect(counts(up.timeline)).toBe('3 ready, 0 starting, 0 terminating');
    const down = play(
      names.flatMap((n): [WatchType, Pod][] => [
        ['MODIFIED', pod(n, 'draining')],
        ['DELETED', pod(n, 'draining')],
      ]),
      up.timeline,
    );
    expect(down.lines.filter((l) => l === 'the API is back at zero pods')).toHaveLength(1);
    expect(down.lines.at(-1)).toBe('the API is back at zero pods');
  });

  it('stays quiet about a deletion it never saw the pod of', () => {
    expect(play([['DELETED', pod('stranger', 'draining')]]).lines).toEqual([]);
  });
});

describe('onScale', () => {
  it('reports the autoscaler’s desired and actual scale when either changes', () => {
    let timeline = EMPTY;
    const lines: string[] = [];
    for (const status of [
      { desiredScale: 0, actualScale: 0 },
      { desiredScale: 1, actualScale: 0 },
      { desiredScale: 1, actualScale: 0 },
      { desiredScale: 3, actualScale: 1 },
      undefined,
    ]) {
      const result = onScale(timeline, status);
      timeline = result.timeline;
      lines.push(...result.lines);
    }
    expect(lines).toEqual([
      'scale: desired 0, actual 0',
      'scale: desired 1, actual 0',
      'scale: desired 3, actual 1',
      'scale: desired ?, actual ?',
    ]);
    expect(counts(onScale(EMPTY, { desiredScale: 2, actualScale: 1 }).timeline)).toBe(
      '0 ready, 0 starting, 0 terminating | scale: desired 2, actual 1',
    );
  });
});
