#!/usr/bin/env node
/**
 * npm run watch: a live timeline of the API's pods and Knative's desired vs actual scale, from
 * the cluster in your kubeconfig. Ctrl-C stops it.
 */
import * as k8s from '@kubernetes/client-node';
import { EMPTY, counts, onPodEvent, onScale, type Timeline, type WatchType } from './timeline.ts';

const NAMESPACE = 'sentiment';
const SELECTOR = 'serving.knative.dev/service=api';

const kubeconfig = new k8s.KubeConfig();

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : JSON.stringify(error);
}

function stamp(): string {
  return new Date().toTimeString().slice(0, 8);
}
function print(lines: string[]): void {
  for (const line of lines) console.log(`${stamp()}  ${line}`);
}

try {
  kubeconfig.loadFromDefault();
  const core = kubeconfig.makeApiClient(k8s.CoreV1Api);
  await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: SELECTOR, limit: 1 });
} catch (error) {
  console.error(
    `watch: no cluster is reachable with your kubeconfig (${describe(error)}). ` +
      'Start one with npm run cluster:up && npm run deploy.',
  );
  process.exit(1);
}

let timeline: Timeline = EMPTY;
console.log(`${stamp()}  watching the API's pods in namespace ${NAMESPACE} (Ctrl-C to stop)`);
const watch = new k8s.Watch(kubeconfig);

function follow(path: string, handle: (type: WatchType, object: unknown) => void): void {
  void watch
    .watch(
      path,
      { labelSelector: SELECTOR },
      (type: string, object: unknown) => handle(type as WatchType, object),
      (error: unknown) => {
        // Watches end now and then (the server's timeout): start again after a breath.
        if (error) console.error(`${stamp()}  watch interrupted: ${describe(error)}`);
        setTimeout(() => follow(path, handle), 1000);
      },
    )
    .catch((error: unknown) => {
      console.error(`watch: cannot watch ${path}: ${describe(error)}`);
      process.exit(1);
    });
}

follow(`/api/v1/namespaces/${NAMESPACE}/pods`, (type, object) => {
  const result = onPodEvent(timeline, type, object as k8s.V1Pod);
  timeline = result.timeline;
  print(result.lines);
});
follow(
  `/apis/autoscaling.internal.knative.dev/v1alpha1/namespaces/${NAMESPACE}/podautoscalers`,
  (_type, object) => {
    const status = (object as { status?: { desiredScale?: number; actualScale?: number } }).status;
    const result = onScale(timeline, status);
    timeline = result.timeline;
    print(result.lines);
  },
);

process.on('SIGINT', () => {
  console.log(`\n${stamp()}  ${counts(timeline)}`);
  process.exit(0);
});
