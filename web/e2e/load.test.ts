import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionProcess } from '../../functions/test/helpers/process.ts';
import { startApi, startWeb, type WebProcess } from './stack.ts';

/** `npm run load` against the real local stack, its summary checked against the API's data. */

const run = promisify(execFile);
const LOAD = join(import.meta.dirname, '..', '..', 'knative', 'scripts', 'load.ts');

let api: FunctionProcess;
let web: WebProcess;
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
