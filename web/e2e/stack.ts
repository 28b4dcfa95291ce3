import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  freePort,
  spawnFunction,
  waitUntilServing,
  type FunctionProcess,
} from '../../functions/test/helpers/process.ts';

/** The real product for browser tests: the API process, the built UI's server, and Chromium. */

export const JWT_SECRET = 'e2e-secret-that-is-at-least-32-bytes-long';

export interface ApiProcess extends FunctionProcess {
  /** Makes an existing account an admin the way an operator does: `npm run admin -w functions`. */
  grantAdmin(username: string): Promise<void>;
}

export async function startApi(): Promise<ApiProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sentiment-e2e-'));
  const api = await spawnFunction({ DATA_DIR: dataDir, JWT_SECRET });
  await waitUntilServing(api, '/readyz');
  return Object.assign(api, {
    async grantAdmin(username: string): Promise<void> {
      const admin = join(import.meta.dirname, '../../functions/src/admin.ts');
      const child = spawn(process.execPath, [admin, 'grant', username], {
        env: { ...process.env, DATA_DIR: dataDir, JWT_SECRET },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const [code] = (await once(child, 'exit')) as [number | null];
      if (code !== 0) throw new Error(`admin grant ${username} exited ${code}`);
    },
  });
}

export interface WebProcess {
  readonly url: string;
  /** What the UI has written to stderr so far (also passed through to the test's own). */
  stderr(): string;
  stop(): Promise<void>;
}

export async function startWeb(
  backendUrl: string,
  env: Record<string, string> = {},
): Promise<WebProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(import.meta.dirname, '../server.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      BACKEND_URL: backendUrl,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    process.stderr.write(chunk);
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit');
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await fetch(`${url}/healthz`).catch(() => null);
    if (res?.ok) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the UI did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    stderr: () => err,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A small HTTP server on 127.0.0.1 for a test's stand-ins and other origins. */
export async function serve(
  listener: RequestListener,
): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Debian's Chromium where it is installed (CI), else the browser Playwright installed. */
const SYSTEM_CHROMIUM = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
].find((path): path is string => Boolean(path && existsSync(path)));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    ...(SYSTEM_CHROMIUM && { executablePath: SYSTEM_CHROMIUM }),
    // Playwright adds the headless flags and a fresh temporary profile itself.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Stack {
  readonly api: ApiProcess;
  readonly web: WebProcess;
  readonly browser: Browser;
}

/** The API, the UI in front of it and Chromium, started before a test file and stopped after. */
export function useStack(): Stack {
  const stack = {} as { api: ApiProcess; web: WebProcess; browser: Browser };
  beforeAll(async () => {
    stack.api = await startApi();
    stack.web = await startWeb(stack.api.url);
    stack.browser = await launchBrowser();
  });
  afterAll(async () => {
    await stack.browser.close();
    await Promise.all([stack.web.stop(), stack.api.stop()]);
  });
  return stack;
}

export const DESKTOP = { width: 1100, height: 900 };
/** For describe.each: every page must work with JavaScript and without it. */
export const SCRIPTING = [
  { js: true, how: 'with JavaScript' },
  { js: false, how: 'without JavaScript' },
];
export const PHONE = { width: 390, height: 844 };

/** A fresh browser context (cookies, JavaScript on or off, viewport) per test, closed after it. */
export function usePages(stack: Stack) {
  let current: BrowserContext | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    async open(base: string, options: BrowserContextOptions = {}): Promise<Page> {
      current = await stack.browser.newContext({ baseURL: base, viewport: DESKTOP, ...options });
      return current.newPage();
    },
    context(): BrowserContext {
      if (!current) throw new Error('open a page first');
      return current;
    },
  };
}

export const PASSWORD = 'correct horse battery';
let accounts = 0;

/** Signs up through the form; the account is new on every call. */
export async function register(page: Page): Promise<string> {
  const username = `user${++accounts}`;
  await page.goto('/register');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Password again').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'How does it sound?' }).waitFor();
  return username;
}

export async function signIn(page: Page, username: string, secret = PASSWORD): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A token-shaped cookie: the UI reads its claims, only the API can tell it is forged. */
export function forgedToken(claims: object): string {
  return [
    'eyJhbGciOiJIUzI1NiJ9',
    Buffer.from(JSON.stringify(claims)).toString('base64url'),
    'forged',
  ].join('.');
}

/** The session cookie of a user whose token ran out a minute ago. */
export function expiredSession(url: string) {
  const claims = { sub: '1', username: 'ghost', exp: Math.floor(Date.now() / 1000) - 60 };
  return { name: 'session', value: forgedToken(claims), url };
}
