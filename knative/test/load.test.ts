import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startApi } from '@sentiment/testkit/api';
import { launchBrowser } from '@sentiment/testkit/browser';
import type { NodeProcess } from '@sentiment/testkit/process';
import { startWeb } from '@sentiment/testkit/web';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { startKourierStandIn, type KourierStandIn } from './helpers/kourier-standin.ts';

/**
 * `npm run load` against the real local stack, its summary checked against the API's data; then
 * the cluster-facing tools (load, the Scale page, test-cluster.mjs's HTTP legs) through a
 * stand-in for Kourier that routes only by Host, in front of the UI started with web.yaml's env.
 */

const run = promisify(execFile);
const KNATIVE = join(import.meta.dirname, '..');
const LOAD = join(KNATIVE, 'scripts', 'load.ts');
const ROUTE = 'web.sentiment.127.0.0.1.sslip.io';

let api: NodeProcess;
let web: NodeProcess;
beforeAll(async () => {
  api = await startApi();
  web = await startWeb(api.url);
});
afterAll(async () => {
  await Promise.all([web.stop(), api.stop()]);
});

interface LoadSummary {
  requests: number;
  ok: number;
  failed: number;
  errors: Record<string, number>;
  firstOkMs: number | null;
  latencyMs: { p50: number; p99: number };
  instances: Record<string, number>;
  firstAnswerAt: Record<string, string>;
}

async function load(...args: string[]): Promise<LoadSummary> {
  const { stdout } = await run(process.execPath, [LOAD, '--url', web.url, '--json', ...args]);
  return JSON.parse(stdout) as LoadSummary;
}

async function storedAnalyses(username: string, password: string): Promise<number> {
  const session = await fetch(`${api.url}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const { token } = (await session.json()) as { token: string };
  const me = await fetch(`${api.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  return ((await me.json()) as { total: number }).total;
}

describe('npm run load', () => {
  it('creates its user, sends exactly the burst, and every answer is an analysis the API stored', async () => {
    const summary = await load(
      '--requests',
      '240',
      '--concurrency',
      '12',
      '--ramp',
      '1',
      '--user',
      'loader',
    );
    expect(summary).toMatchObject({ requests: 240, ok: 240, failed: 0, errors: {} });
    expect(summary.firstOkMs).toBeGreaterThanOrEqual(0);
    expect(summary.latencyMs.p99).toBeGreaterThanOrEqual(summary.latencyMs.p50);
    expect(Object.values(summary.instances).reduce((a, b) => a + b, 0)).toBe(240);
    // When each pod first answered, for npm run watch's cold-start summary.
    expect(Object.keys(summary.firstAnswerAt)).toEqual(Object.keys(summary.instances));
    expect(await storedAnalyses('loader', 'load-test-password')).toBe(240);
  });

  it('signs in again as the same user on a second run, adding to what it stored', async () => {
    await load('--requests', '30', '--user', 'again');
    await load('--requests', '30', '--user', 'again');
    expect(await storedAnalyses('again', 'load-test-password')).toBe(60);
  });

  it('counts failures by kind, and exits 1, when the API cannot analyze', async () => {
    // The real API for signing in, and a 503 for every analysis, as when the database is down.
    const proxy = createServer((req, res) => {
      if (req.url?.startsWith('/v1/analyses')) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { code: 'unavailable', message: 'the database is not reachable' },
          }),
        );
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const headers = { 'content-type': req.headers['content-type'] ?? 'application/json' };
        fetch(api.url + (req.url ?? '/'), {
          method: req.method,
          headers,
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        })
          .then(async (answer) => {
            res.writeHead(answer.status, { 'content-type': 'application/json' });
            res.end(Buffer.from(await answer.arrayBuffer()));
          })
          .catch(() => res.destroy());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const brokenWeb = await startWeb(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
    const result = await run(process.execPath, [
      LOAD,
      '--url',
      brokenWeb.url,
      '--json',
      '--requests',
      '20',
      '--user',
      'unlucky',
    ]).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    await brokenWeb.stop();
    proxy.close();
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      requests: 20,
      ok: 0,
      failed: 20,
      errors: { 'http 503': 20 },
    });
  });
});

/** web.yaml's literal env, as the UI's pod gets it; BACKEND_URL pointed at the local API. */
function webManifestEnv(backendUrl: string): Record<string, string> {
  const [service] = parseAllDocuments(readFileSync(join(KNATIVE, 'web.yaml'), 'utf8')).map(
    (doc) =>
      doc.toJS() as {
        spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
      },
  );
  const env = Object.fromEntries(
    (service?.spec.template.spec.containers[0]?.env ?? []).map((e) => [e.name, e.value ?? '']),
  );
  return { ...env, BACKEND_URL: backendUrl };
}

/** One plain request through the stand-in with a given Host (fetch would replace it). */
function statusVia(proxy: string, host: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(proxy);
    request({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('through a stand-in for Kourier (nginx routing only by Host)', () => {
  let routedWeb: NodeProcess;
  let kourier: KourierStandIn;
  let browser: Browser | undefined;
  beforeAll(async () => {
    routedWeb = await startWeb(api.url, webManifestEnv(api.url));
    kourier = await startKourierStandIn({ [ROUTE]: routedWeb.url });
  });
  afterAll(async () => {
    await browser?.close();
    await kourier?.stop();
    await routedWeb?.stop();
  });

  it('answers 404 for any Host it has no route for, as Kourier does', async () => {
    expect(await statusVia(kourier.url, ROUTE, '/healthz')).toBe(200);
    expect(await statusVia(kourier.url, new URL(kourier.url).host, '/healthz')).toBe(404);
    expect(await statusVia(kourier.url, 'api.sentiment.svc.cluster.local', '/healthz')).toBe(404);
  });

  it('npm run load signs in and sends its burst with the route’s Host (nodejs/undici#2369)', async () => {
    const summary = await load('--url', kourier.url, '--host', ROUTE, '--requests', '60');
    expect(summary).toMatchObject({ requests: 60, ok: 60, failed: 0, errors: {} });
    expect(await storedAnalyses('loadtest', 'load-test-password')).toBe(60);
  });

  it('npm run load works on the fallback port 8080, whose Host carries the port', async () => {
    const summary = await load(
      '--url',
      kourier.url,
      '--host',
      `${ROUTE}:8080`,
      '--requests',
      '20',
      '--user',
      'eighty',
    );
    expect(summary).toMatchObject({ requests: 20, ok: 20, failed: 0 });
  });

  it('the Scale page runs a burst in Chromium through the route', async () => {
    browser = await launchBrowser();
    // Chromium sends every request to the stand-in as its proxy: no DNS for sslip.io is needed.
    const context = await browser.newContext({
      baseURL: `http://${ROUTE}`,
      proxy: { server: kourier.url },
    });
    const page = await context.newPage();
    await page.goto('/register');
    await page.getByLabel('Username').fill('routed');
    await page.getByLabel('Password', { exact: true }).fill('through the gateway');
    await page.getByLabel('Password again').fill('through the gateway');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`http://${ROUTE}/`);
    await page.goto('/scale');
    await page.getByLabel('Requests', { exact: true }).fill('100');
    await page.getByLabel('At once').fill('10');
    await page.getByRole('button', { name: 'Start burst' }).click();
    const summary = page.getByTestId('summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.textContent()).toMatch(/^\s*100 of 100 answered in/);
    await context.close();
  });

  it('test-cluster.mjs signs up, analyzes and bursts through the route (kubectl faked: no cluster)', async () => {
    // A kubectl stand-in: both services ready; the API's pods listed as none, except on the
    // second look (during or right after the burst), which sees one ready.
    const bin = mkdtempSync(join(tmpdir(), 'fake-kubectl-'));
    const pod = JSON.stringify({
      items: [
        {
          metadata: { name: 'api-1' },
          status: { conditions: [{ type: 'Ready', status: 'True' }] },
        },
      ],
    });
    writeFileSync(
      join(bin, 'kubectl'),
      `#!/bin/sh
case "$*" in
  cluster-info*) exit 0 ;;
  "get ksvc"*) printf 'api=True web=True ' ; exit 0 ;;
esac
n=$(cat "$0.count" 2>/dev/null || echo 0); echo $((n + 1)) > "$0.count"
if [ "$n" -eq 1 ]; then echo '${pod}'; else echo '{"items":[]}'; fi
`,
    );
    chmodSync(join(bin, 'kubectl'), 0o755);
    const result = await run(process.execPath, [join(KNATIVE, 'scripts', 'test-cluster.mjs')], {
      env: {
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        INGRESS_URL: kourier.url,
        INGRESS_HOST: ROUTE,
      },
      timeout: 60_000,
    }).then(
      (ok) => ({ code: 0, ...ok }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('all 200 answered');
  });
});
