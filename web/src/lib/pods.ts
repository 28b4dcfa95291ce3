/**
 * What a Knative revision's pods are doing, from the pod objects Kubernetes reports. Pure, and
 * the one definition: the /scale page reads it in the cluster, and `npm run watch` and
 * `npm run test:cluster` on a laptop, through the export `@sentiment/web/pods` (so it imports
 * nothing and keeps to TypeScript that plain `node` can strip).
 */

export type PodPhase = 'pending' | 'ready' | 'terminating';

/** The parts of a Kubernetes Pod this reads. */
export interface PodLike {
  readonly metadata?: { readonly name?: string; readonly deletionTimestamp?: unknown };
  readonly status?: {
    readonly phase?: string;
    readonly conditions?: readonly { readonly type?: string; readonly status?: string }[];
  };
}

export function podPhase(pod: PodLike): PodPhase {
  if (pod.metadata?.deletionTimestamp) return 'terminating';
  const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  return ready ? 'ready' : 'pending';
}

export interface PodCounts {
  readonly pending: number;
  readonly ready: number;
  readonly terminating: number;
}

export function countPods(pods: Iterable<PodLike>): PodCounts {
  const counts = { pending: 0, ready: 0, terminating: 0 };
  for (const pod of pods) counts[podPhase(pod)]++;
  return counts;
}
