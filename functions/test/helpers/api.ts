import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createFunction } from '../../src/function.ts';
import { createLogger } from '../../src/log.ts';
import type { ServerTimeouts } from '../../src/server.ts';
import { afterAll, beforeAll } from 'vitest';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long';

export interface TestApi {
  readonly url: string;
  readonly dataDir: string;
  /** Every log line the function wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Moves the function's clock. */
  advance(ms: number): void;
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** Registers (if needed) and logs in; returns the Bearer token. */
  signIn(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface RequestOptions {
  readonly token?: string;
  readonly json?: unknown;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

let servers = 0;

/**
 * The real function on its own server (src/server.ts) in the framework's real Express pipeline,
 * on 127.0.0.1 and a free port, over a fresh libSQL database file.
 */
export async function startApi(
  env: Record<string, string> = {},
  { timeouts, busyTimeoutMs }: { timeouts?: ServerTimeouts; busyTimeoutMs?: number } = {},
): Promise<TestApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sentiment-api-'));
  const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, ...env });
  const logs: Record<string, unknown>[] = [];
  let offset = 0;
  const { database, server } = createFunction(config, {
    log: createLogger((line) => logs.push(JSON.parse(line) as Record<string, unknown>)),
    now: () => Date.now() + offset,
    name: `api-${++servers}`,
    ...(timeouts && { timeouts }),
    ...(busyTimeoutMs && { busyTimeoutMs }),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const request = (method: string, path: string, options: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    }
    return fetch(url + path, { method, headers, body });
  };

  return {
    url,
    dataDir,
    logs,
    advance: (ms) => void (offset += ms),
    request,
    async signIn(username, password = 'a long enough password') {
      await request('POST', '/v1/users', { json: { username, password } });
      const res = await request('POST', '/v1/sessions', { json: { username, password } });
      const { token } = (await res.json()) as { token: string };
      return token;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The `{error}` body, checked for shape. */
export async function errorOf(
  res: Response,
): Promise<{ code: string; message: string; field?: string }> {
  const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
  return body.error;
}

/** One API and one signed-in user for a whole test file: started before its tests, closed after. */
export function useSignedInApi(username = 'alice'): {
  readonly api: TestApi;
  readonly token: string;
} {
  const shared = {} as { api: TestApi; token: string };
  beforeAll(async () => {
    shared.api = await startApi();
    shared.token = await shared.api.signIn(username);
  });
  afterAll(() => shared.api.close());
  return shared;
}
