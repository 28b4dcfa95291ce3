import { existsSync } from 'node:fs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { afterEach } from 'vitest';

/** Chromium for browser tests, and a fresh context (cookies, JavaScript, viewport) per test. */

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

export const DESKTOP = { width: 1100, height: 900 };
export const PHONE = { width: 390, height: 844 };
/** For describe.each: every page must work with JavaScript and without it. */
export const SCRIPTING = [
  { js: true, how: 'with JavaScript' },
  { js: false, how: 'without JavaScript' },
];

/** A fresh browser context per test, closed after it. */
export function usePages(stack: { readonly browser: Browser }) {
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
