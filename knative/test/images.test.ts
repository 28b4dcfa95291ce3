import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@sentiment/testkit/process';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { podRunOf, verifyRunAsNonRoot, type Doc, type PodRun } from './helpers/kubelet.ts';
import { startLibsqlStandIn, type LibsqlStandIn } from './helpers/libsql-standin.ts';

/**
 * Dockerfile.fn and Dockerfile.web, built and run for real with podman (`npm run test:images`,
 * as root), the way the kubelet would run their pods: every setting comes from knative/api.yaml
 * and knative/web.yaml (helpers/kubelet.ts). What cannot exist here is replaced and named: the
 * libSQL server by a stand-in (helpers/libsql-standin.ts), cluster DNS by loopback addresses, a
 * pod's own network namespace by a free 127.0.0.1 port per container (`--network host`).
 */

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument --
   the manifests are parsed YAML; manifests.test.ts checks their shape. */

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const TAG = `test-${process.pid}`;
const IMAGES = { fn: `dev.local/sentiment-fn:${TAG}`, web: `dev.local/sentiment-web:${TAG}` };
const started: string[] = [];

async function podman(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('podman', args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    // execFile's error quotes the whole command line, and `podman run` carries the pod's
    // secrets as `-e NAME=value`: say what failed without them.
    const stderr = (error as { stderr?: string }).stderr ?? '';
    // No `cause`: it is the error that quotes the secrets.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`podman ${redactSecrets(args).join(' ')} failed: ${stderr.trim()}`);
  }
}

/** `JWT_SECRET=…` for every env assignment whose name says it holds a secret. */
function redactSecrets(args: readonly string[]): string[] {
  return args.map((arg) => arg.replace(/^(\w*(?:SECRET|TOKEN|KEY|PASSWORD)\w*)=.*$/i, '$1=…'));
}

function ksvc(file: string): Doc {
  return parseAllDocuments(readFileSync(join(ROOT, 'knative', file), 'utf8'))[0]?.toJS() as Doc;
}

function envFile(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/**
 * Polls the readiness path the way queue-proxy does until it succeeds: a GET every 50 ms with a
 * 100 ms timeout and the kubelet's user agent, 200–399 meaning ready (knative/serving
 * `pkg/queue/readiness/probe.go`, `pkg/queue/health/probe.go`).
 */
async function probeUntilReady(name: string, url: string, path: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await fetch(url + path, {
      headers: { 'user-agent': 'kube-probe/1.36' },
      signal: AbortSignal.timeout(100),
    }).then(
      (res) => res.status,
      () => 0,
    );
    if (status >= 200 && status < 400) return;
    const state = await podman('inspect', '--format', '{{.State.Status}}', name);
    if (Date.now() > deadline || state === 'exited') {
      throw new Error(`${name} never became ready (${state}): ${await podman('logs', name)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Pod {
  readonly name: string;
  readonly url: string;
  readonly spec: PodRun;
}

/** Starts an image as the kubelet would start the manifest's container, and waits for ready. */
async function startPod(
  manifest: string,
  image: string,
  clusterDns: Record<string, string>,
  adjust: (args: string[]) => string[] = (args) => args,
): Promise<Pod> {
  const service = ksvc(manifest);
  const imageUser = await podman('image', 'inspect', '--format', '{{.Config.User}}', image);
  const refusal = verifyRunAsNonRoot(
    service.spec.template.spec.securityContext,
    service.spec.template.spec.containers[0].securityContext,
    imageUser,
  );
  // What the kubelet reports as CreateContainerConfigError; podman itself would start it.
  if (refusal) throw new Error(`the kubelet would refuse ${manifest}: ${refusal}`);
  const port = await freePort();
  const spec = podRunOf(service, {
    port,
    secrets,
    clusterDns,
    revision: `${service.metadata.name}-00001`,
  });
  const name = `sentiment-test-${service.metadata.name}-${port}`;
  await podman('run', '-d', '--name', name, ...adjust(spec.args), image);
  started.push(name);
  const url = `http://127.0.0.1:${port}`;
  await probeUntilReady(name, url, spec.readinessPath);
  return { name, url, spec };
}

let secrets: Record<string, Record<string, string>>;
let libsql: LibsqlStandIn;
let api: Pod;
let web: Pod;

beforeAll(async () => {
  for (const [kind, image] of Object.entries(IMAGES)) {
    await podman(
      'build',
      '--pull=never',
      '--network',
      'host',
      '-f',
      `Dockerfile.${kind}`,
      '-t',
      image,
      '.',
    );
  }
  const base = Number(await podman('image', 'inspect', '--format', '{{.Size}}', 'node:24-slim'));
  for (const image of Object.values(IMAGES)) {
    const size = Number(await podman('image', 'inspect', '--format', '{{.Size}}', image));
    const user = await podman('image', 'inspect', '--format', '{{.Config.User}}', image);
    console.log(
      `${image}: ${(size / 1e6).toFixed(1)} MB, ${((size - base) / 1e6).toFixed(1)} MB over node:24-slim, USER ${user}`,
    );
  }
  // The secrets `npm run deploy` would make, made the same way.
  const dir = mkdtempSync(join(tmpdir(), 'sentiment-secrets-'));
  await run(process.execPath, [join(ROOT, 'knative/scripts/generate.mjs'), '--dir', dir]);
  secrets = {
    'libsql-auth': envFile(join(dir, 'libsql-auth.env')),
    'api-jwt': envFile(join(dir, 'api-jwt.env')),
  };
  libsql = await startLibsqlStandIn(
    join(dir, 'sentiment.db'),
    secrets['libsql-auth']?.['public-key'] ?? '',
  );
  api = await startPod('api.yaml', IMAGES.fn, {
    'http://libsql.sentiment.svc.cluster.local:8080': libsql.url,
  });
  web = await startPod('web.yaml', IMAGES.web, {
    'http://api.sentiment.svc.cluster.local': api.url,
  });
}, 600_000);

afterAll(async () => {
  for (const name of started) await podman('rm', '-f', name).catch(() => '');
  await podman('rmi', ...Object.values(IMAGES)).catch(() => '');
  await libsql?.stop();
});

describe('the container images, run as the kubelet would run their pods', () => {
  it('run as a numeric non-root user the kubelet can verify, with a read-only root', async () => {
    for (const { name } of [api, web]) {
      expect(await podman('exec', name, 'id', '-u')).toBe('1000');
      const readOnly = await podman('inspect', '--format', '{{.HostConfig.ReadonlyRootfs}}', name);
      expect(readOnly).toBe('true');
      expect(await podman('inspect', '--format', '{{.HostConfig.Memory}}', name)).toBe(
        String(api.spec.memoryBytes),
      );
    }
  });

  it('see the env Knative injects, and the API says which revision served it', async () => {
    const health = await fetch(`${api.url}/healthz`);
    expect(health.status).toBe(200);
    expect(api.spec.env).toMatchObject({ K_SERVICE: 'api', K_REVISION: 'api-00001' });
    expect(web.spec.env).toMatchObject({ K_SERVICE: 'web', K_CONFIGURATION: 'web' });
  });

  it('let the UI container register, log in and analyze through the API container and libSQL', async () => {
    // What a browser sends with a form: without text/html SvelteKit answers with JSON instead.
    // web.yaml sets no ORIGIN: server.js takes the origin from the request's Host.
    const host = new URL(web.url).host;
    const browser = { origin: `http://${host}`, accept: 'text/html' };
    const form = (fields: Record<string, string>) => new URLSearchParams(fields);
    const credentials = { username: 'boxed', password: 'inside a container' };
    const before = libsql.requests();

    const registered = await fetch(`${web.url}/register`, {
      method: 'POST',
      headers: browser,
      body: form({ ...credentials, confirm: credentials.password }),
      redirect: 'manual',
    });
    expect(registered.status).toBe(303);

    const login = await fetch(`${web.url}/login`, {
      method: 'POST',
      // Through Kourier and queue-proxy a login always carries these two hops, and web.yaml's
      // XFF_DEPTH takes the browser's address from them (knative/test/throttle-route.test.ts).
      headers: { ...browser, 'x-forwarded-for': '192.0.2.10, 10.244.0.5' },
      body: form(credentials),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('session='));
    expect(cookie).toContain('HttpOnly');

    const analyzed = await fetch(`${web.url}/?/analyze`, {
      method: 'POST',
      headers: { ...browser, cookie: cookie?.split(';')[0] ?? '' },
      body: form({ text: 'Containers are wonderful' }),
    });
    expect(analyzed.status).toBe(200);
    const page = await analyzed.text();
    expect(page).toContain('Analysis result');
    // The word is marked with a positive weight; its size is the lexicon's business.
    expect(page).toMatch(/<mark[^>]*data-weight="\d+\.\d+"[^>]*>wonderful/);
    expect(libsql.requests()).toBeGreaterThan(before);
  });

  it('stop cleanly on SIGTERM, with exit code 0', async () => {
    // A process that ignored SIGTERM would be killed after the grace period: exit code 137.
    for (const { name } of [web, api]) {
      await podman('stop', '-t', '10', name);
      expect(await podman('inspect', '--format', '{{.State.ExitCode}}', name)).toBe('0');
    }
  });
});

interface LoadFigures {
  readonly label: string;
  /** Requests per second: stored analyses, then unstored scoring (CPU and garbage only). */
  readonly storedRps: number;
  readonly scoreRps: number;
  readonly failures: number;
  readonly peakRssMiB: number;
  readonly oomKilled: string;
  readonly state: string;
}

/** 50 connections on one route for a few seconds: requests per second, and what failed. */
async function at50(pod: Pod, path: string, token: string): Promise<[number, number]> {
  const result = await autocannon({
    url: pod.url,
    connections: 50,
    duration: 5,
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ text: 'Fifty at once, and the pod stays up: wonderful.' }),
      },
    ],
  });
  return [Math.round(result.requests.average), result.non2xx + result.errors];
}

/** Stored analyses, then scoring, at 50 connections; then the container's peak RSS and fate. */
async function loadAt50(pod: Pod, label: string): Promise<LoadFigures> {
  const credentials = { username: 'fifty', password: 'under the limit' };
  const post = (path: string) =>
    fetch(pod.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });
  await post('/v1/users');
  const { token } = (await (await post('/v1/sessions')).json()) as { token: string };
  const [storedRps, storedFailures] = await at50(pod, '/v1/analyses', token);
  const [scoreRps, scoreFailures] = await at50(pod, '/v1/score', token);
  // VmHWM: the most resident memory the process has had, in kB.
  const status = await podman('exec', pod.name, 'cat', '/proc/1/status').catch(() => '');
  return {
    label,
    storedRps,
    scoreRps,
    failures: storedFailures + scoreFailures,
    peakRssMiB: Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024),
    oomKilled: await podman('inspect', '--format', '{{.State.OOMKilled}}', pod.name),
    state: await podman('inspect', '--format', '{{.State.Status}}', pod.name),
  };
}

describe('the API container under its manifest’s memory limit', () => {
  it('stores analyses at 50 connections without being killed, and prints the figures', async () => {
    const withoutLimit = (args: string[]) => args.filter((a) => !a.startsWith('--memory'));
    const withoutHeapFlags = (args: string[]) => [...args, '-e', 'NODE_OPTIONS='];
    const figures: LoadFigures[] = [];
    for (const [label, adjust] of [
      ['no limit, default heap', (args: string[]) => withoutHeapFlags(withoutLimit(args))],
      ['limit, default heap', withoutHeapFlags],
      ['as the manifest says', (args: string[]) => args],
    ] as const) {
      // A fresh database each time, so no run pays for the rows of the one before.
      const db = await startLibsqlStandIn(
        join(mkdtempSync(join(tmpdir(), 'sentiment-memory-')), 'sentiment.db'),
        secrets['libsql-auth']?.['public-key'] ?? '',
      );
      const pod = await startPod(
        'api.yaml',
        IMAGES.fn,
        { 'http://libsql.sentiment.svc.cluster.local:8080': db.url },
        adjust,
      );
      figures.push(await loadAt50(pod, label));
      await podman('rm', '-f', pod.name);
      await db.stop();
    }
    const [baseline] = figures;
    for (const f of figures) {
      const ratio = (a: number, b = 1) => (a / b).toFixed(2);
      console.log(
        `memory: ${f.label.padEnd(23)} stored ${f.storedRps} req/s (${ratio(f.storedRps, baseline?.storedRps)}×), ` +
          `score ${f.scoreRps} req/s (${ratio(f.scoreRps, baseline?.scoreRps)}×), ` +
          `peak RSS ${f.peakRssMiB} MiB, OOMKilled ${f.oomKilled}, ${f.failures} failed`,
      );
    }
    for (const f of figures) {
      expect(f, f.label).toMatchObject({ oomKilled: 'false', state: 'running', failures: 0 });
      expect(f.storedRps, f.label).toBeGreaterThan(0);
    }
    const limit = ksvc('api.yaml').spec.template.spec.containers[0].resources.limits.memory;
    expect(figures.at(-1)?.peakRssMiB).toBeLessThan(Number.parseInt(limit, 10));
  }, 180_000);
});
