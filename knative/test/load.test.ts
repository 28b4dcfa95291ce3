import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startApi } from '@sentiment/testkit/api';
import { launchBrowser } from '@sentiment/testkit/browser';
import { serve } from '@sentiment/testkit/process';
import type { NodeProcess } from '@sentiment/testkit/process';
import { startWeb } from '@sentiment/testkit/web';
import type { BurstSummary } from '@sentiment/web/burst-stats';
import { register } from '@sentiment/web/e2e/accounts';
import { openScalePage, runBurstOnPage } from '@sentiment/web/e2e/scale-page';
import { stringify } from 'devalue';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKourierStandIn, type KourierStandIn } from './helpers/kourier-standin.ts';
import { webRevision } from './helpers/web-manifest.ts';

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

type LoadSummary = BurstSummary & { firstAnswerAt: Record<string, string> };

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
    expect(summary).toMatchObject({ total: 240, ok: 240, failed: 0, errors: {} });
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
    const proxy = await serve((req, res) => {
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
    const brokenWeb = await startWeb(proxy.url);
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
    await proxy.stop();
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      total: 20,
      ok: 0,
      failed: 20,
      errors: { 'http 503': 20 },
    });
  });
});

/**
 * A stand-in for the UI's routes that npm run load uses (POST /login, and the analyze action's
 * JSON answer), answering request i of the burst as `answer(i)` says, and noting with the wall
 * clock when each request arrived and when its answer was written.
 */
async function startScriptedUi(answer: (index: number) => { status: number; delayMs: number }) {
  const analyses: { arrivedAt: number; sentAt: number; ok: boolean; instance: string }[] = [];
  let signedInAt = 0;
  const served = await serve((req, res) => {
    req.resume();
    if (req.url === '/login') {
      res.writeHead(303, { location: '/', 'set-cookie': 'session=scripted; Path=/' });
      res.end();
      signedInAt = Date.now();
      return;
    }
    const arrivedAt = Date.now();
    const index = analyses.length;
    const { status, delayMs } = answer(index);
    const instance = `standin-${index % 2}`;
    const record = { arrivedAt, sentAt: 0, ok: status === 200, instance };
    analyses.push(record);
    setTimeout(() => {
      // The shape of a SvelteKit action's JSON answer, its data serialized with devalue.
      const body =
        status === 200
          ? { type: 'success', status, data: stringify({ analysis: { servedBy: { instance } } }) }
          : { type: 'error', status };
      record.sentAt = Date.now();
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    }, delayMs);
  });
  return { ...served, analyses, signedInAt: () => signedInAt };
}

/** Nearest-rank percentile, written here apart from the code under test. */
function nearestRank(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

describe('npm run load against a stand-in UI with known answers', () => {
  it('measures latency over answers only, and the first answer from the start of the load', async () => {
    // Twelve instant 503s, then twelve answers: 30 ms, or 150 ms for every fourth.
    const ui = await startScriptedUi((i) =>
      i < 12 ? { status: 503, delayMs: 0 } : { status: 200, delayMs: i % 4 === 0 ? 150 : 30 },
    );
    const result = await run(process.execPath, [
      LOAD,
      '--url',
      ui.url,
      '--json',
      '--requests',
      '24',
      '--concurrency',
      '1',
    ]).then(
      () => ({ stdout: '' }),
      (error: { stdout: string }) => error,
    );
    const exitedAt = Date.now();
    await ui.stop();
    const summary = JSON.parse(result.stdout) as LoadSummary;
    const seen = ui.analyses;
    expect(summary).toMatchObject({ ok: 12, failed: 12, errors: { 'http 503': 12 } });

    // One connection: request i is sent after answer i-1 was written and its answer is read
    // before request i+1 arrives, so its latency lies between what the stand-in spent on it
    // and the gap from answer i-1 to request i+1 (the last one: to the script's exit).
    const answers = seen.flatMap((r, i) => (r.ok ? [i] : []));
    const least = answers.map((i) => (seen[i]?.sentAt ?? 0) - (seen[i]?.arrivedAt ?? 0));
    const most = answers.map(
      (i) => (seen[i + 1]?.arrivedAt ?? exitedAt) - (seen[i - 1]?.sentAt ?? 0),
    );
    // Whole milliseconds on both sides: one of rounding either way.
    for (const [p, measured] of [
      [50, summary.p50],
      [95, summary.p95],
      [99, summary.p99],
    ] as const) {
      expect(measured).toBeGreaterThanOrEqual(nearestRank(least, p) - 1);
      expect(measured).toBeLessThanOrEqual(nearestRank(most, p) + 1);
    }

    // The clock starts after signing in and before the first request; it stops when the first
    // answer is read, after the stand-in wrote it and before the next request arrived.
    const first = answers[0] ?? -1;
    expect(summary.firstOkMs).toBeGreaterThanOrEqual(
      (seen[first]?.sentAt ?? 0) - (seen[0]?.arrivedAt ?? 0) - 1,
    );
    expect(summary.firstOkMs).toBeLessThanOrEqual(
      (seen[first + 1]?.arrivedAt ?? 0) - ui.signedInAt() + 1,
    );
  });
});

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
    routedWeb = await startWeb(api.url, { ...webRevision().env, BACKEND_URL: api.url });
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
    expect(summary).toMatchObject({ total: 60, ok: 60, failed: 0, errors: {} });
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
    expect(summary).toMatchObject({ total: 20, ok: 20, failed: 0 });
  });

  it('the Scale page runs a burst in Chromium through the route', async () => {
    browser = await launchBrowser();
    // Chromium sends every request to the stand-in as its proxy: no DNS for sslip.io is needed.
    const context = await browser.newContext({
      baseURL: `http://${ROUTE}`,
      proxy: { server: kourier.url },
    });
    const page = await context.newPage();
    await register(page);
    await openScalePage(page, { js: true });
    expect(await runBurstOnPage(page, { total: 100, concurrency: 10 })).toMatch(
      /^\s*100 of 100 answered in/,
    );
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
