import { describe, expect, it } from 'vitest';
import {
  EMPTY,
  counts,
  onPodEvent,
  onScale,
  onService,
  summary,
  type PodLike,
  type Timeline,
  type WatchType,
} from '../scripts/timeline.ts';

/**
 * The watcher's logic on event sequences shaped like a Knative revision's pods, as the API
 * server reports them: created without conditions (Pending), scheduled, the user container
 * running while queue-proxy probes (Ready False), Ready True, a deletionTimestamp while it
 * drains, then deleted. Timestamps are whole seconds, as Kubernetes writes them.
 */

type State = 'created' | 'scheduled' | 'starting' | 'ready' | 'draining';

/** A pod of `revision` in `state`, its phases `offsets` seconds after 10:00:00. */
function pod(
  name: string,
  state: State,
  revision = 'api-00001',
  offsets = { scheduled: 1, started: 3, ready: 4 },
): PodLike {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s)).toISOString();
  const reached = ['scheduled', 'starting', 'ready', 'draining'].indexOf(state) + 1;
  const conditions = [
    ...(reached >= 1
      ? [{ type: 'PodScheduled', status: 'True', lastTransitionTime: at(offsets.scheduled) }]
      : []),
    ...(reached >= 2
      ? [
          {
            type: 'Ready',
            status: reached >= 3 ? 'True' : 'False',
            lastTransitionTime: at(reached >= 3 ? offsets.ready : offsets.scheduled),
          },
        ]
      : []),
  ];
  return {
    metadata: {
      name,
      creationTimestamp: at(0),
      labels: { 'serving.knative.dev/revision': revision, 'serving.knative.dev/service': 'api' },
      ...(state === 'draining' && { deletionTimestamp: at(90) }),
    },
    status: {
      phase: reached >= 2 ? 'Running' : 'Pending',
      conditions,
      containerStatuses:
        reached >= 2
          ? [
              { name: 'api', state: { running: { startedAt: at(offsets.started) } } },
              { name: 'queue-proxy', state: { running: { startedAt: at(offsets.started) } } },
            ]
          : [],
    },
  };
}

function play(events: [WatchType, PodLike][], start: Timeline = EMPTY) {
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
const serving = (...names: string[]) =>
  onService(EMPTY, { traffic: names.map((revisionName) => ({ revisionName, percent: 100 })) })
    .timeline;

describe('onPodEvent', () => {
  it('follows one pod from zero to ready, with its cold-start phases, back to zero', () => {
    const { lines, timeline } = play([
      ['ADDED', pod(NAME, 'created')],
      ['MODIFIED', pod(NAME, 'scheduled')],
      ['MODIFIED', pod(NAME, 'starting')],
      ['MODIFIED', pod(NAME, 'ready')],
      ['MODIFIED', pod(NAME, 'ready')], // a status update that changes nothing visible
      ['MODIFIED', pod(NAME, 'draining')],
      ['DELETED', pod(NAME, 'draining')],
    ]);
    expect(lines).toEqual([
      `api-00001: pod ${NAME} starting  (0 ready, 1 starting, 0 terminating)`,
      `api-00001: pod ${NAME} ready: created → scheduled 1.0 s, → container started 2.0 s, → ready 1.0 s (4.0 s in all)  (1 ready, 0 starting, 0 terminating)`,
      `api-00001: pod ${NAME} terminating  (0 ready, 0 starting, 1 terminating)`,
      `api-00001: pod ${NAME} gone  (0 ready, 0 starting, 0 terminating)`,
      'api-00001: the API is back at zero pods',
    ]);
    expect(timeline.pods.size).toBe(0);
  });

  it('counts several pods rising under load, and says zero only when the last one goes', () => {
    const names = ['api-a', 'api-b', 'api-c'];
    const up = play(
      names.flatMap((n): [WatchType, PodLike][] => [
        ['ADDED', pod(n, 'created')],
        ['MODIFIED', pod(n, 'ready')],
      ]),
    );
    expect(counts(up.timeline)).toBe('3 ready, 0 starting, 0 terminating');
    const down = play(
      names.flatMap((n): [WatchType, PodLike][] => [
        ['MODIFIED', pod(n, 'draining')],
        ['DELETED', pod(n, 'draining')],
      ]),
      up.timeline,
    );
    expect(down.lines.filter((l) => l.endsWith('the API is back at zero pods'))).toHaveLength(1);
    expect(down.lines.at(-1)).toBe('api-00001: the API is back at zero pods');
  });

  it('stays quiet about a deletion it never saw the pod of', () => {
    expect(play([['DELETED', pod('stranger', 'draining')]]).lines).toEqual([]);
  });

  it('follows only the revision in traffic: an old revision’s pods and scale are ignored', () => {
    const start = serving('api-00002');
    const { lines, timeline } = play(
      [
        ['ADDED', pod('old-pod', 'ready', 'api-00001')],
        ['ADDED', pod('new-pod', 'created', 'api-00002')],
        ['DELETED', pod('old-pod', 'draining', 'api-00001')],
      ],
      start,
    );
    expect(lines).toEqual([
      'api-00002: pod new-pod starting  (0 ready, 1 starting, 0 terminating)',
    ]);
    expect(onScale(timeline, 'api-00001', { desiredScale: 0, actualScale: 0 }).lines).toEqual([]);
    expect(onScale(timeline, 'api-00002', { desiredScale: 1, actualScale: 0 }).lines).toEqual([
      'api-00002: scale: desired 1, actual 0',
    ]);
  });

  it('moves to a new revision when the traffic does, forgetting the old one’s pods', () => {
    const before = play([['ADDED', pod('old-pod', 'ready', 'api-00001')]], serving('api-00001'));
    const moved = onService(before.timeline, {
      traffic: [
        { revisionName: 'api-00001', percent: 0 },
        { revisionName: 'api-00002', percent: 100 },
      ],
    });
    expect(moved.lines).toEqual(['traffic goes to api-00002']);
    expect(moved.timeline.pods.size).toBe(0);
    expect(
      onService(moved.timeline, { traffic: [{ revisionName: 'api-00002', percent: 100 }] }).lines,
    ).toEqual([]);
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
      const result = onScale(timeline, 'api-00001', status);
      timeline = result.timeline;
      lines.push(...result.lines);
    }
    expect(lines).toEqual([
      'api-00001: scale: desired 0, actual 0',
      'api-00001: scale: desired 1, actual 0',
      'api-00001: scale: desired 3, actual 1',
      'api-00001: scale: desired ?, actual ?',
    ]);
    expect(counts(onScale(EMPTY, 'api-00001', { desiredScale: 2, actualScale: 1 }).timeline)).toBe(
      '0 ready, 0 starting, 0 terminating | scale: desired 2, actual 1',
    );
  });
});

describe('summary', () => {
  it('gives the median and worst of each cold-start phase, and ready → first answer from load', () => {
    const { timeline } = play([
      ['ADDED', pod('fast', 'ready', 'api-00001', { scheduled: 1, started: 2, ready: 3 })],
      ['ADDED', pod('mid', 'ready', 'api-00001', { scheduled: 1, started: 3, ready: 4 })],
      ['ADDED', pod('slow', 'ready', 'api-00001', { scheduled: 2, started: 6, ready: 8 })],
    ]);
    const firstAnswerAt = {
      fast: new Date(Date.UTC(2026, 10, 25, 10, 0, 3, 500)).toISOString(),
      slow: new Date(Date.UTC(2026, 10, 25, 10, 0, 9)).toISOString(),
    };
    expect(summary(timeline, firstAnswerAt)).toEqual([
      'cold starts of 3 pod(s): median, worst',
      '  created → scheduled            1.0 s, 2.0 s',
      '  scheduled → container started  2.0 s, 4.0 s',
      '  container started → ready      1.0 s, 2.0 s',
      '  created → ready                4.0 s, 8.0 s',
      '  ready → first answer           0.8 s, 1.0 s',
    ]);
  });

  it('says so when no pod was seen starting', () => {
    expect(summary(EMPTY)).toEqual(['no pod was seen starting']);
  });
});
