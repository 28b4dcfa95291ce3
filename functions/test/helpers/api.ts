import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createFunction } from '../../src/function.ts';
import { createLogger } from '../../src/log.ts';
import type { ServerTimeouts } from '../../src/server.ts';
import { JWT_SECRET as TEST_SECRET } from '@sentiment/testkit/api';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** The session secret of every API a test starts, in process or as a process (testkit). */
export { TEST_SECRET };

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

export interface StartOptions {
  readonly timeouts?: ServerTimeouts;
  readonly busyTimeoutMs?: number;
  /**
   * Where the function's clock starts (ms since the epoch); it runs on at real speed from there.
   * A test that reads calendar days starts it at a known hour, away from midnight.
   */
  readonly clockStartsAt?: number;
}

let servers = 0;

/**
 * The real function on its own server (src/server.ts) in the framework's real Express pipeline,
 * on 127.0.0.1 and a free port, over a fresh libSQL database file.
 */
export async function startApi(
  env: Record<string, string> = {},
  { timeouts, busyTimeoutMs, clockStartsAt }: StartOptions = {},
): Promise<TestApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sentiment-api-'));
  const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, ...env });
  const logs: Record<string, unknown>[] = [];
  let offset = clockStartsAt === undefined ? 0 : clockStartsAt - Date.now();
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

/** A TestApi that is the one the current hook started, with its signed-in user's token. */
export interface ApiFixture extends TestApi {
  /** The Bearer token of `username`, or '' when the fixture signs no one in. */
  readonly token: string;
}

/**
 * The setup and teardown of every HTTP test file: an API (startApi) for the whole file or a fresh
 * one for each test, with `username` registered and signed in unless it is null. What it returns
 * forwards to the API its hook started, so it is used inside tests and hooks only.
 */
export function useApi({
  env = {},
  scope = 'file',
  username = 'alice',
  ...options
}: StartOptions & {
  readonly env?: Record<string, string>;
  readonly scope?: 'file' | 'test';
  readonly username?: string | null;
} = {}): ApiFixture {
  let started: TestApi | null = null;
  let token = '';
  const current = (): TestApi => {
    if (!started) throw new Error('useApi: the API starts in a hook; use it inside a test');
    return started;
  };
  const [before, after] = scope === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    started = await startApi(env, options);
    token = username === null ? '' : await started.signIn(username);
  });
  after(() => current().close());
  return {
    get url() {
      return current().url;
    },
    get dataDir() {
      return current().dataDir;
    },
    get logs() {
      return current().logs;
    },
    get token() {
      return token;
    },
    advance: (ms) => current().advance(ms),
    request: (...args) => current().request(...args),
    signIn: (...args) => current().signIn(...args),
    close: () => current().close(),
  };
}
