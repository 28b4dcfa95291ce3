import { join } from 'node:path';
import { DESKTOP, PHONE, SCRIPTING } from '@sentiment/testkit/browser';
import { serve } from '@sentiment/testkit/process';
import { useStack } from '@sentiment/testkit/stack';
import { startWeb } from '@sentiment/testkit/web';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { BurstSummary } from '../src/lib/burst-stats.ts';
import type { Tick } from '../src/routes/scale/burst.ts';
import { readEvents } from '../src/routes/scale/events.ts';
import { openScalePage, runBurstOnPage } from './scale-page.ts';

/** The /scale page's bursts against the real API, checked against what the API itself logged. */

let context: BrowserContext | undefined;

const stack = useStack();
afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** Requests the API answered on a route with a status, from its own JSON request log. */
function logged(route: string, status: number): number {
  return stack.api
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { route?: string; status?: number })
    .filter((entry) => entry.route === route && entry.status === status).length;
}

let users = 0;
/** Signs up through the UI's form, as a browser would, and returns the session cookie. */
async function signUp(): Promise<string> {
  const password = 'watching it scale';
  const res = await fetch(`${stack.web.url}/register`, {
    method: 'POST',
    headers: { origin: stack.web.url, accept: 'text/html' },
    body: new URLSearchParams({ username: `scaler${++users}`, password, confirm: password }),
    redirect: 'manual',
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session='));
  if (!cookie) throw new Error(`sign-up answered ${res.status}`);
  return cookie.split(';')[0] ?? '';
}

/** A page in a fresh browser context, signed in as a new user (closed after the test). */
async function signedInPage(
  options: BrowserContextOptions = {},
  base = stack.web.url,
): Promise<Page> {
  context = await stack.browser.newContext({ baseURL: base, viewport: DESKTOP, ...options });
  const cookie = (await signUp()).slice('session='.length);
  await context.addCookies([{ name: 'session', value: cookie, url: base }]);
  return context.newPage();
}

function startStream(cookie: string, total: number, concurrency: number, signal?: AbortSignal) {
  const body = new FormData();
  body.set('total', String(total));
  body.set('concurrency', String(concurrency));
  return fetch(`${stack.web.url}/scale/stream`, {
    method: 'POST',
    headers: { origin: stack.web.url, cookie },
    body,
    signal,
  });
}

describe('the burst stream (SSE)', () => {
  it('streams ticks and a summary whose counts match what the API logged', async () => {
    const cookie = await signUp();
    const before = logged('/v1/score', 200);
    const res = await startStream(cookie, 120, 8);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const ticks: Tick[] = [];
    const pods: unknown[] = [];
    let summary: BurstSummary | undefined;
    for await (const { event, data } of readEvents(res.body as ReadableStream<Uint8Array>)) {
      if (event === 'tick') ticks.push(data as Tick);
      if (event === 'pods') pods.push(data);
      if (event === 'done') summary = data as BurstSummary;
    }
    expect(summary).toMatchObject({ total: 120, ok: 120, failed: 0, errors: {} });
    expect(Object.values(summary?.instances ?? {})).toEqual([120]);
    expect(ticks.at(-1)).toMatchObject({ done: 120, ok: 120 });
    expect(ticks.map((t) => t.done)).toEqual([...ticks.map((t) => t.done)].sort((a, b) => a - b));
    expect(pods[0]).toEqual({
      available: false,
      inCluster: false,
      reason: expect.stringContaining('not running in a Kubernetes cluster'),
    });
    await expect.poll(() => logged('/v1/score', 200) - before).toBe(120);
  });

  it('runs one burst per user at a time, and refuses one past the caps', async () => {
    const cookie = await signUp();
    const stop = new AbortController();
    const first = await startStream(cookie, 1000, 1, stop.signal);
    expect(first.status).toBe(200);
    const second = await startStream(cookie, 10, 1);
    expect(second.status).toBe(409);
    expect(await second.json()).toEqual({ message: 'One of your bursts is already running.' });
    stop.abort();
    await expect.poll(async () => (await startStream(cookie, 1, 1)).status).toBe(200);
    expect((await startStream(cookie, 1001, 1)).status).toBe(400);
  });

  it('refuses anyone not signed in', async () => {
    expect((await startStream('', 10, 1)).status).toBe(401);
  });
});

describe('the /scale page', () => {
  it('runs a burst and draws it live, totals matching the API', async () => {
    const page = await signedInPage({ viewport: { width: 1100, height: 1000 } });
    await openScalePage(page, { js: true });
    await page.getByTestId('not-in-cluster').waitFor();
    const before = logged('/v1/score', 200);

    expect(await runBurstOnPage(page, { total: 300, concurrency: 10 })).toMatch(
      /^\s*300 of 300 answered in/,
    );
    expect(await page.getByTestId('answered').textContent()).toBe('300');
    expect(await page.getByTestId('not-in-cluster').textContent()).toContain('Not in a cluster.');
    const points = await page.locator('canvas').first().getAttribute('data-points');
    expect(Number(points)).toBeGreaterThan(0);
    await expect.poll(() => logged('/v1/score', 200) - before).toBe(300);
    if (process.env.SCREENSHOT_DIR) {
      await page.screenshot({
        path: join(process.env.SCREENSHOT_DIR, 'scale.png'),
        fullPage: true,
      });
    }
  });

  // A stand-in for a proxy in front of the UI (Kourier, the activator) answering a plain-text
  // 502 of its own: Playwright fulfils the stream request instead of the UI.
  it('says what answered when the stream is refused by something other than the UI', async () => {
    const page = await signedInPage();
    await page.route('**/scale/stream', (route) =>
      route.fulfill({ status: 502, contentType: 'text/plain', body: 'upstream connect error' }),
    );
    await openScalePage(page, { js: true });
    await page.getByRole('button', { name: 'Start burst' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^The burst could not start: HTTP 502\./);
    expect(await page.getByRole('button', { name: 'Start burst' }).isEnabled()).toBe(true);
  });

  it('works without JavaScript, showing the summary and keeping what the user chose', async () => {
    const page = await signedInPage({ javaScriptEnabled: false });
    await openScalePage(page, { js: false });
    expect(await runBurstOnPage(page, { total: 40, concurrency: 3 })).toMatch(
      /^\s*40 of 40 answered/,
    );
    expect(await page.getByLabel('Requests', { exact: true }).inputValue()).toBe('40');
    expect(await page.getByLabel('At once').inputValue()).toBe('3');
    expect(await page.getByTestId('no-charts').textContent()).toContain('needs JavaScript');
  });

  it('counts nothing as answered when the API fails every request, and says how it failed', async () => {
    // The UI confirms the session with the real API, then every scoring request is refused:
    // this stand-in forwards /v1/me to the API and answers 503 for /v1/score, as an API whose
    // database is down does.
    const failing = await startFailingScoreProxy(stack.api.url);
    const web = await startWeb(failing.url);
    try {
      const page = await signedInPage({}, web.url);
      await openScalePage(page, { js: true });
      expect(await runBurstOnPage(page, { total: 20, concurrency: 20 })).toMatch(
        /^\s*None of 20 answered/,
      );
      expect(await page.getByTestId('answered').textContent()).toBe('0');
      expect(await page.getByTestId('failed').textContent()).toBe('20');
      expect(await page.getByTestId('failures').textContent()).toBe(
        'Failed: 20 × 503 unavailable.',
      );
    } finally {
      await Promise.all([web.stop(), failing.stop()]);
    }
  });
});

describe.each(SCRIPTING)('the /scale page on a phone $how', ({ js }) => {
  it('runs a burst and shows its summary, all within the screen’s width', async () => {
    const page = await signedInPage({ viewport: PHONE, javaScriptEnabled: js });
    await openScalePage(page, { js });
    expect(await runBurstOnPage(page, { total: 30, concurrency: 5 })).toMatch(
      /^\s*30 of 30 answered/,
    );
    // Nothing wider than the phone: no sideways scrolling to read the numbers or the charts.
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    expect(await page.getByRole('button', { name: 'Start burst' }).isVisible()).toBe(true);
  });
});

/** A stand-in for an API whose scoring fails: `/v1/score` is 503, everything else is the API. */
function startFailingScoreProxy(target: string) {
  return serve((req, res) => {
    if (req.url === '/v1/score') {
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'unavailable', message: 'database unavailable' } }));
      return;
    }
    fetch(target + (req.url ?? '/'), {
      headers: { authorization: req.headers.authorization ?? '' },
    })
      .then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      })
      .catch(() => res.destroy());
  });
}
