#!/usr/bin/env node
/**
 * npm run watch: a live timeline of the API's pods and Knative's desired vs actual scale, for the
 * revision(s) that take traffic, from the cluster in your kubeconfig. Ctrl-C stops it and prints
 * each phase of the cold starts it saw (median, worst).
 */
import * as k8s from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
// The watcher's logic, without I/O (tested on its own in test/timeline.test.ts).
import * as watcher from './timeline.ts';

const USAGE = `usage: npm run watch -- [--load-summary FILE]

Follows the API's pods in namespace sentiment, for the revision(s) its route sends traffic to:
each pod starting (with created → scheduled → container started → ready), ready, terminating,
gone, and the autoscaler's desired vs actual scale. Ctrl-C prints the median and worst of each
cold-start phase.

  --load-summary FILE  the output of npm run load -- --json; adds ready → first answer per pod
  --help               this text
`;

const { values: args } = parseArgs({
  options: { 'load-summary': { type: 'string' }, help: { type: 'boolean', default: false } },
});
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const NAMESPACE = 'sentiment';
const SERVICE = 'api';
// Every revision's pods and PodAutoscaler carry the service label; old revisions are kept (up to
// 20 for 48 h, knative/serving pkg/gc/config.go), so events are kept only for those in traffic.
const SELECTOR = `serving.knative.dev/service=${SERVICE}`;
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

interface ServiceStatus {
  status?: { traffic?: { revisionName?: string; percent?: number }[] };
}

let timeline: watcher.Timeline = watcher.EMPTY;
try {
  kubeconfig.loadFromDefault();
  const core = kubeconfig.makeApiClient(k8s.CoreV1Api);
  await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: SELECTOR, limit: 1 });
  const custom = kubeconfig.makeApiClient(k8s.CustomObjectsApi);
  const service = (await custom
    .getNamespacedCustomObject({
      group: 'serving.knative.dev',
      version: 'v1',
      namespace: NAMESPACE,
      plural: 'services',
      name: SERVICE,
    })
    .catch(() => ({}))) as ServiceStatus;
  timeline = watcher.onService(timeline, service.status).timeline;
} catch (error) {
  console.error(
    `watch: no cluster is reachable with your kubeconfig (${describe(error)}). ` +
      'Start one with npm run cluster:up && npm run deploy.',
  );
  process.exit(1);
}

console.log(
  `${stamp()}  watching the API's pods in namespace ${NAMESPACE}` +
    `${timeline.serving.length ? `, revision ${timeline.serving.join(', ')}` : ''} (Ctrl-C to stop)`,
);
const watch = new k8s.Watch(kubeconfig);

function follow(
  path: string,
  query: Record<string, string>,
  handle: (type: watcher.WatchType, object: unknown) => void,
): void {
  void watch
    .watch(
      path,
      query,
      (type: string, object: unknown) => handle(type as watcher.WatchType, object),
      (error: unknown) => {
        // Watches end now and then (the server's timeout): start again after a breath.
        if (error) console.error(`${stamp()}  watch interrupted: ${describe(error)}`);
        setTimeout(() => follow(path, query, handle), 1000);
      },
    )
    .catch((error: unknown) => {
      console.error(`watch: cannot watch ${path}: ${describe(error)}`);
      process.exit(1);
    });
}

function apply(result: { timeline: watcher.Timeline; lines: string[] }): void {
  timeline = result.timeline;
  print(result.lines);
}

follow(
  `/apis/serving.knative.dev/v1/namespaces/${NAMESPACE}/services`,
  { fieldSelector: `metadata.name=${SERVICE}` },
  (_type, object) => apply(watcher.onService(timeline, (object as ServiceStatus).status)),
);
follow(`/api/v1/namespaces/${NAMESPACE}/pods`, { labelSelector: SELECTOR }, (type, object) =>
  apply(watcher.onPodEvent(timeline, type, object as k8s.V1Pod, SERVICE)),
);
follow(
  `/apis/autoscaling.internal.knative.dev/v1alpha1/namespaces/${NAMESPACE}/podautoscalers`,
  { labelSelector: SELECTOR },
  (_type, object) => {
    const pa = object as {
      metadata?: { name?: string };
      status?: { desiredScale?: number; actualScale?: number };
    };
    apply(watcher.onScale(timeline, pa.metadata?.name ?? '?', pa.status));
  },
);

/** When each pod first answered, from npm run load's --json summary, if one was given. */
function firstAnswers(): Record<string, string> {
  const file = args['load-summary'];
  if (!file || !existsSync(file)) return {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as {
      firstAnswerAt?: Record<string, string>;
    };
    return parsed.firstAnswerAt ?? {};
  } catch {
    return {};
  }
}

process.on('SIGINT', () => {
  console.log(`\n${stamp()}  ${watcher.counts(timeline)}`);
  for (const line of watcher.summary(timeline, firstAnswers())) console.log(line);
  process.exit(0);
});
