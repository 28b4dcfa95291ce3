import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startApi, type ApiProcess } from './api.ts';
import { launchBrowser } from './browser.ts';
import type { NodeProcess } from './process.ts';
import { startWeb } from './web.ts';

export interface Stack {
  readonly api: ApiProcess;
  readonly web: NodeProcess;
  readonly browser: Browser;
}

/** The API, the UI in front of it and Chromium, started before a test file and stopped after. */
export function useStack(): Stack {
  const stack = {} as { api: ApiProcess; web: NodeProcess; browser: Browser };
  beforeAll(async () => {
    stack.api = await startApi();
    stack.web = await startWeb(stack.api.url);
    stack.browser = await launchBrowser();
  });
  afterAll(async () => {
    await stack.browser?.close();
    await Promise.all([stack.web?.stop(), stack.api?.stop()]);
  });
  return stack;
}
