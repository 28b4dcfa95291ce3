/**
 * The pod watcher's logic, without I/O: watch events in, timeline lines out. A line is written
 * when a pod of a revision that takes traffic appears, becomes ready (with its cold-start
 * phases), starts terminating or is gone, when that revision's autoscaler changes its desired or
 * actual scale, and when the API is back at zero pods. Each line names the revision.
 */

import { podPhase, type PodPhase, type PodLike as PhasedPod } from '@sentiment/web/pods';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

const REVISION_LABEL = 'serving.knative.dev/revision';

/** The parts of a Kubernetes Pod this reads: its phase (as the Scale page reads it), and more. */
export interface PodLike extends PhasedPod {
  readonly metadata?: {
    readonly name?: string;
    readonly creationTimestamp?: string | Date;
    readonly deletionTimestamp?: unknown;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly status?: {
    readonly phase?: string;
    readonly conditions?: readonly {
      readonly type?: string;
      readonly status?: string;
      readonly lastTransitionTime?: string | Date;
    }[];
    readonly containerStatuses?: readonly {
      readonly name?: string;
      readonly state?: { readonly running?: { readonly startedAt?: string | Date } };
    }[];
  };
}

/** A pod's way from nothing to ready, from its own timestamps (ms since the epoch). */
export interface ColdStart {
  readonly created: number;
  readonly scheduled: number;
  readonly started: number;
  readonly ready: number;
}

export interface Timeline {
  readonly pods: ReadonlyMap<string, PodPhase>;
  /** Pod name → revision. */
  readonly revisionOf: ReadonlyMap<string, string>;
  readonly coldStarts: ReadonlyMap<string, ColdStart>;
  /** The revisions the Route sends traffic to; empty until the Service has been seen. */
  readonly serving: readonly string[];
  readonly desired: number | null;
  readonly actual: number | null;
  /** Whether any pod has been seen, so that reaching zero again is worth saying. */
  readonly sawPods: boolean;
}

export const EMPTY: Timeline = {
  pods: new Map(),
  revisionOf: new Map(),
  coldStarts: new Map(),
  serving: [],
  desired: null,
  actual: null,
  sawPods: false,
};

const WORDS: Record<PodPhase, string> = {
  pending: 'starting',
  ready: 'ready',
  terminating: 'terminating',
};

const time = (value: string | Date | undefined) =>
  value === undefined ? NaN : new Date(value).getTime();

/**
 * The phases, once the pod is ready: created (metadata), scheduled (PodScheduled), the user
 * container running (containerStatuses), ready (Ready: queue-proxy's probe passed). Kubernetes
 * records these to the second.
 */
export function coldStartOf(pod: PodLike, container: string): ColdStart | null {
  const since = (type: string) =>
    time(
      pod.status?.conditions?.find((c) => c.type === type && c.status === 'True')
        ?.lastTransitionTime,
    );
  const started = pod.status?.containerStatuses?.find((c) => c.name === container)?.state?.running
    ?.startedAt;
  const phases = {
    created: time(pod.metadata?.creationTimestamp),
    scheduled: since('PodScheduled'),
    started: time(started),
    ready: since('Ready'),
  };
  return Object.values(phases).every(Number.isFinite) ? phases : null;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function describeColdStart(start: ColdStart): string {
  return (
    `created → scheduled ${seconds(start.scheduled - start.created)}, ` +
    `→ container started ${seconds(start.started - start.scheduled)}, ` +
    `→ ready ${seconds(start.ready - start.started)} (${seconds(start.ready - start.created)} in all)`
  );
}

export function counts(timeline: Timeline): string {
  const n = { pending: 0, ready: 0, terminating: 0 };
  for (const phase of timeline.pods.values()) n[phase]++;
  const scale =
    timeline.desired === null
      ? ''
      : ` | scale: desired ${timeline.desired}, actual ${timeline.actual ?? '?'}`;
  return `${n.ready} ready, ${n.pending} starting, ${n.terminating} terminating${scale}`;
}

const isServed = (timeline: Timeline, revision: string) =>
  timeline.serving.length === 0 || timeline.serving.includes(revision);

/** The Knative Service's status: which revisions take traffic (status.traffic, percent > 0). */
export function onService(
  timeline: Timeline,
  status: { traffic?: readonly { revisionName?: string; percent?: number }[] } | undefined,
): { timeline: Timeline; lines: string[] } {
  const serving = (status?.traffic ?? [])
    .filter((t) => (t.percent ?? 0) > 0 && t.revisionName)
    .map((t) => t.revisionName ?? '');
  if (serving.length === 0 || serving.join() === timeline.serving.join()) {
    return { timeline, lines: [] };
  }
  // The old revision's pods and scale are no longer the API's: forget them.
  const pods = new Map(
    [...timeline.pods].filter(([n]) => serving.includes(timeline.revisionOf.get(n) ?? '')),
  );
  return {
    timeline: { ...timeline, serving, pods, desired: null, actual: null },
    lines: [`traffic goes to ${serving.join(', ')}`],
  };
}

export function onPodEvent(
  timeline: Timeline,
  type: WatchType,
  pod: PodLike,
  container = 'api',
): { timeline: Timeline; lines: string[] } {
  const name = pod.metadata?.name ?? '?';
  const revision = pod.metadata?.labels?.[REVISION_LABEL] ?? '?';
  if (!isServed(timeline, revision)) return { timeline, lines: [] };
  const before = timeline.pods.get(name);
  const pods = new Map(timeline.pods);
  const revisionOf = new Map(timeline.revisionOf).set(name, revision);
  let coldStarts = timeline.coldStarts;
  const lines: string[] = [];
  if (type === 'DELETED') {
    pods.delete(name);
    if (before) lines.push(`pod ${name} gone`);
  } else {
    const phase = podPhase(pod);
    pods.set(name, phase);
    if (phase !== before) {
      const start = phase === 'ready' ? coldStartOf(pod, container) : null;
      if (start && !coldStarts.has(name)) coldStarts = new Map(coldStarts).set(name, start);
      lines.push(`pod ${name} ${WORDS[phase]}${start ? `: ${describeColdStart(start)}` : ''}`);
    }
  }
  const next = {
    ...timeline,
    pods,
    revisionOf,
    coldStarts,
    sawPods: timeline.sawPods || pods.size > 0,
  };
  if (lines.length > 0) lines[lines.length - 1] += `  (${counts(next)})`;
  if (type === 'DELETED' && before && pods.size === 0 && timeline.sawPods) {
    lines.push('the API is back at zero pods');
  }
  return { timeline: next, lines: lines.map((line) => `${revision}: ${line}`) };
}

/** A revision's PodAutoscaler (named after it): how many pods it wants and how many it has. */
export function onScale(
  timeline: Timeline,
  revision: string,
  status: { desiredScale?: number; actualScale?: number } | undefined,
): { timeline: Timeline; lines: string[] } {
  if (!isServed(timeline, revision)) return { timeline, lines: [] };
  const desired = status?.desiredScale ?? null;
  const actual = status?.actualScale ?? null;
  if (desired === timeline.desired && actual === timeline.actual) return { timeline, lines: [] };
  const next = { ...timeline, desired, actual };
  return {
    timeline: next,
    lines: [`${revision}: scale: desired ${desired ?? '?'}, actual ${actual ?? '?'}`],
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * At the end: median and worst of each cold-start phase over the pods seen starting, and, when
 * `npm run load --json` wrote down when each pod first answered, ready → first answer.
 */
export function summary(timeline: Timeline, firstAnswers: Record<string, string> = {}): string[] {
  const starts = [...timeline.coldStarts];
  if (starts.length === 0) return ['no pod was seen starting'];
  const phases: [string, (name: string, s: ColdStart) => number][] = [
    ['created → scheduled', (_n, s) => s.scheduled - s.created],
    ['scheduled → container started', (_n, s) => s.started - s.scheduled],
    ['container started → ready', (_n, s) => s.ready - s.started],
    ['created → ready', (_n, s) => s.ready - s.created],
    ['ready → first answer', (n, s) => time(firstAnswers[n]) - s.ready],
  ];
  const lines = [`cold starts of ${starts.length} pod(s): median, worst`];
  for (const [label, measure] of phases) {
    const values = starts.map(([name, start]) => measure(name, start)).filter(Number.isFinite);
    if (values.length > 0) {
      lines.push(
        `  ${label.padEnd(30)} ${seconds(median(values))}, ${seconds(Math.max(...values))}`,
      );
    }
  }
  return lines;
}
