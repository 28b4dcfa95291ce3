/**
 * The pod watcher's logic, without I/O: watch events in, timeline lines out. A line is written
 * when a pod appears, becomes ready, starts terminating or is gone, when the autoscaler's
 * desired or actual scale changes, and when the API is back at zero pods.
 */
import { podPhase, type PodLike, type PodPhase } from '../../web/src/lib/pods.ts';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Timeline {
  readonly pods: ReadonlyMap<string, PodPhase>;
  readonly desired: number | null;
  readonly actual: number | null;
  /** Whether any pod has been seen, so that reaching zero again is worth saying. */
  readonly sawPods: boolean;
}

export const EMPTY: Timeline = { pods: new Map(), desired: null, actual: null, sawPods: false };

const WORDS: Record<PodPhase, string> = {
  pending: 'starting',
  ready: 'ready',
  terminating: 'terminating',
};

export function counts(timeline: Timeline): string {
  const n = { pending: 0, ready: 0, terminating: 0 };
  for (const phase of timeline.pods.values()) n[phase]++;
  const scale =
    timeline.desired === null
      ? ''
      : ` | scale: desired ${timeline.desired}, actual ${timeline.actual ?? '?'}`;
  return `${n.ready} ready, ${n.pending} starting, ${n.terminating} terminating${scale}`;
}

export function onPodEvent(
  timeline: Timeline,
  type: WatchType,
  pod: PodLike,
): { timeline: Timeline; lines: string[] } {
  const name = pod.metadata?.name ?? '?';
  const before = timeline.pods.get(name);
  const pods = new Map(timeline.pods);
  const lines: string[] = [];
  if (type === 'DELETED') {
    pods.delete(name);
    if (before) lines.push(`pod ${name} gone`);
  } else {
    const phase = podPhase(pod);
    pods.set(name, phase);
    if (phase !== before) lines.push(`pod ${name} ${WORDS[phase]}`);
  }
  const next = { ...timeline, pods, sawPods: timeline.sawPods || pods.size > 0 };
  if (lines.length > 0) lines[lines.length - 1] += `  (${counts(next)})`;
  if (type === 'DELETED' && before && pods.size === 0 && timeline.sawPods) {
    lines.push('the API is back at zero pods');
  }
  return { timeline: next, lines };
}

/** The Knative PodAutoscaler's view: how many pods it wants and how many it has. */
export function onScale(
  timeline: Timeline,
  status: { desiredScale?: number; actualScale?: number } | undefined,
): { timeline: Timeline; lines: string[] } {
  const desired = status?.desiredScale ?? null;
  const actual = status?.actualScale ?? null;
  if (desired === timeline.desired && actual === timeline.actual) return { timeline, lines: [] };
  const next = { ...timeline, desired, actual };
  return { timeline: next, lines: [`scale: desired ${desired ?? '?'}, actual ${actual ?? '?'}`] };
}
