/**
 * What a Knative revision's pods are doing, from the pod objects Kubernetes reports.
 * Pure, shared by the /scale page (in the cluster) and `npm run watch` (on a laptop).
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
