import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import type { PodCounts, PodLike } from '#lib/pods.ts';
import { countPods } from '#lib/pods.ts';
import { cluster } from '#lib/server/backend.ts';

/**
 * The API's pods, read from the Kubernetes API with this pod's ServiceAccount (knative/web.yaml
 * gives it a Role that may only read pods in its namespace). Plain HTTPS: one GET does not earn
 * a Kubernetes client library its place in the image.
 */

const ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
const SELECTOR = 'serving.knative.dev/service=api';

/** `inCluster: false` says plainly that there are no pods to show, not that reading them failed. */
export type PodsView =
  { available: true; counts: PodCounts } | { available: false; inCluster: boolean; reason: string };

export async function readApiPods(): Promise<PodsView> {
  if (!cluster) {
    return {
      available: false,
      inCluster: false,
      reason: 'The UI is not running in a Kubernetes cluster, so it cannot see pods.',
    };
  }
  try {
    // Read on every call, not once: the kubelet rotates the projected token in place, and
    // client-go re-reads the file for the same reason (transport/token_source.go).
    const [token, ca, namespace] = await Promise.all(
      ['token', 'ca.crt', 'namespace'].map((file) => readFile(`${ACCOUNT}/${file}`, 'utf8')),
    );
    const path = `/api/v1/namespaces/${namespace?.trim()}/pods?labelSelector=${encodeURIComponent(SELECTOR)}`;
    const { status, body } = await get(cluster, path, token?.trim() ?? '', ca ?? '');
    if (status === 403) {
      return {
        available: false,
        inCluster: true,
        reason: 'The UI’s ServiceAccount may not list pods (see knative/web-rbac.yaml).',
      };
    }
    if (status !== 200)
      return {
        available: false,
        inCluster: true,
        reason: `The Kubernetes API answered ${status}.`,
      };
    const { items } = JSON.parse(body) as { items: PodLike[] };
    return { available: true, counts: countPods(items) };
  } catch {
    return {
      available: false,
      inCluster: true,
      reason: 'The Kubernetes API cannot be reached from the UI.',
    };
  }
}

function get(
  { host, port }: { host: string; port: number },
  path: string,
  token: string,
  ca: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port,
        path,
        ca,
        headers: { authorization: `Bearer ${token}` },
        timeout: 3000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
