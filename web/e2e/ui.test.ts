import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DESKTOP, usePages } from '@sentiment/testkit/browser';
import { freePort } from '@sentiment/testkit/process';
import { useStack } from '@sentiment/testkit/stack';
import { startWeb } from '@sentiment/testkit/web';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiredSession, forgedToken, PASSWORD, register, signIn } from './accounts.ts';
import { analyze } from './analyze.ts';

/** The built UI and the real API on a real database file, driven in Chromium. */

const stack = useStack();
const pages = usePages(stack);
const extra: { stop(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(extra.map((process) => process.stop()));
});

/** Each highlighted word with its signed weight, as `word +3`. */
function markedWords(scope: Locator): Promise<string[]> {
  return scope.locator('mark').evaluateAll((marks) =>
    marks.map((mark) => {
      const weight = Number((mark as HTMLElement).dataset.weight);
      return `${mark.firstChild?.textContent} ${weight > 0 ? '+' : ''}${weight}`;
    }),
  );
}

describe('a first visit, step by step', () => {
  let page: Page;
  let username: string;
  let context: BrowserContext;
  beforeAll(async () => {
    context = await stack.browser.newContext({ baseURL: stack.web.url, viewport: DESKTOP });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context.close();
  });

  it('signs up and lands on the analyze page, signed in', async () => {
    username = await register(page);
    await expect.poll(() => page.getByText(`Signed in as ${username}`).isVisible()).toBe(true);
  });

  it('analyzes a text and marks the words that decided it', async () => {
    await page
      .getByLabel('Text', { exact: true })
      .fill('The food was excellent, but the room was dirty and noisy. Not bad overall!');
    await page.getByRole('button', { name: 'Analyze', exact: true }).click();
    const result = page.getByRole('article', { name: 'Analysis result' });
    await result.waitFor();
    // After "but", the room decides; "not bad" counts for, marked as one positive unit.
    expect(await result.locator('.badge').textContent()).toContain('negative');
    const marked = await markedWords(result);
    for (const word of ['excellent +', 'dirty -', 'noisy -', 'Not bad +']) {
      expect(
        marked.some((mark) => mark.startsWith(word)),
        word,
      ).toBe(true);
    }
    // The title rounds the weight to two decimals, as the card writes the score.
    const excellent = Number(marked.find((mark) => mark.startsWith('excellent'))?.split(' ')[1]);
    expect(await result.locator('mark').first().getAttribute('title')).toBe(
      `weight +${Math.round(excellent * 100) / 100}`,
    );
    if (process.env.SCREENSHOT_DIR) {
      await page.screenshot({
        path: join(process.env.SCREENSHOT_DIR, 'analyze.png'),
        fullPage: true,
      });
    }
  });

  it('scores a batch of pasted lines and an uploaded CSV, keeping none of it', async () => {
    await page.getByLabel('One text per line').fill('I love it\nTerrible service');
    await page.getByLabel('…or a file').setInputFiles({
      name: 'reviews.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('id,text\n1,"A chair, four legs"\n2,"Great, really great"\n'),
    });
    await page.getByRole('button', { name: 'Analyze batch' }).click();
    const batch = page.getByRole('region', { name: 'Batch of 4' });
    await batch.waitFor();
    expect(await batch.getByText('2 positive').isVisible()).toBe(true);
    expect(await batch.getByText('1 negative').isVisible()).toBe(true);
    expect(await batch.getByText('1 neutral').isVisible()).toBe(true);
    expect(await batch.locator('tbody tr').count()).toBe(4);
  });

  it('keeps the single analysis in the history, with its chart', async () => {
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'Your history' }).waitFor();
    expect(await historyItems(page).count()).toBe(1); // batches are not kept
    await expect
      .poll(() => page.locator('canvas').evaluate((c: HTMLCanvasElement) => c.width))
      .toBeGreaterThan(0);
    expect(await page.getByText(/0 positive, 1 negative and 0 neutral in all/).isVisible()).toBe(
      true,
    );
  });

  it('exports the history as CSV', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'id,created_at,label,score,comparative,confidence,words,text',
    );
    expect(csv).toContain(
      '"The food was excellent, but the room was dirty and noisy. Not bad overall!"',
    );
    expect(download.suggestedFilename()).toMatch(/^sentiment-history-\d{4}-\d\d-\d\d\.csv$/);
  });

  it('deletes the analysis once asked to confirm', async () => {
    await historyItems(page).first().getByText('Delete…').click();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.getByText('Nothing here yet.').waitFor();
  });

  it('logs out, after which the history asks to sign in', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto('/history');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByText('Please sign in to continue.').isVisible()).toBe(true);
  });
});

function historyItems(page: Page): Locator {
  return page.getByRole('list', { name: 'Analyses, newest first' }).getByRole('listitem');
}

describe('the UI', () => {
  it('says so on a wrong password, keeps the name and clears the password, then signs in', async () => {
    const page = await pages.open(stack.web.url);
    const username = await register(page);
    await page.getByRole('button', { name: 'Log out' }).click();

    await signIn(page, username, 'not the password');
    const error = page.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toBe('Invalid username or password.');
    expect(await page.getByLabel('Username').inputValue()).toBe(username);
    expect(await page.getByLabel('Password').inputValue()).toBe('');

    await signIn(page, username);
    await page.getByRole('heading', { name: 'How does it sound?' }).waitFor();
  });

  it('shows the field at fault when registering with a taken name', async () => {
    const page = await pages.open(stack.web.url);
    const username = await register(page);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.goto('/register');
    await page.getByLabel('Username').fill(username.toUpperCase());
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText(`The username "${username}" is taken.`).waitFor();
    expect(await page.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
  });

  it('sends an expired session to the login page with a message, not an error page', async () => {
    const page = await pages.open(stack.web.url);
    await pages.context().addCookies([expiredSession(stack.web.url)]);
    await page.goto('/history');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByText('Your session has ended. Please sign in again.').isVisible()).toBe(
      true,
    );
    expect(
      (await pages.context().cookies())?.find((cookie) => cookie.name === 'session'),
    ).toBeUndefined();
  });

  it('sends a session the API rejects to the login page too', async () => {
    const page = await pages.open(stack.web.url);
    const forged = forgedToken({
      sub: '1',
      username: 'ghost',
      exp: Math.floor(Date.now() / 1000) + 3600,
    });
    await pages.context().addCookies([{ name: 'session', value: forged, url: stack.web.url }]);
    await page.goto('/history');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByText('Your session has ended. Please sign in again.').isVisible()).toBe(
      true,
    );
  });

  it('keeps the session cookie HttpOnly and SameSite=Lax, for the token’s lifetime', async () => {
    const page = await pages.open(stack.web.url);
    await register(page);
    const cookie = (await pages.context().cookies())?.find((c) => c.name === 'session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const hoursLeft = ((cookie?.expires ?? 0) - Date.now() / 1000) / 3600;
    expect(hoursLeft).toBeGreaterThan(7.9);
    expect(hoursLeft).toBeLessThanOrEqual(8);
  });

  it('says the analyzer is waking up while a cold API takes its time, then shows the result', async () => {
    const cold = await startHoldingProxy(stack.api.url);
    extra.push(cold);
    const coldWeb = await startWeb(cold.url);
    extra.push(coldWeb);
    const page = await pages.open(coldWeb.url);
    await register(page);
    await page.getByLabel('Text', { exact: true }).fill('A wonderful surprise');
    cold.hold();
    await page.getByRole('button', { name: 'Analyze', exact: true }).click();
    // However long the button waits before saying so, the API answers only after it has.
    await page.getByRole('button', { name: 'Waking up the analyzer…' }).waitFor();
    expect(await page.getByRole('article', { name: 'Analysis result' }).count()).toBe(0);
    cold.release();
    await page.getByRole('article', { name: 'Analysis result' }).waitFor();
  });

  it('shows a friendly message when the API is down', async () => {
    const downWeb = await startWeb(`http://127.0.0.1:${await freePort()}`);
    extra.push(downWeb);
    const page = await pages.open(downWeb.url);
    await page.goto('/login');
    await signIn(page, 'anyone');
    await page.getByText(/The analyzer is waking up or unreachable right now/).waitFor();

    const token = forgedToken({
      sub: '1',
      username: 'ada',
      exp: Math.floor(Date.now() / 1000) + 3600,
    });
    await pages.context().addCookies([{ name: 'session', value: token, url: downWeb.url }]);
    const res = await page.goto('/history');
    expect(res?.status()).toBe(503);
    expect(
      await page.getByRole('heading', { name: 'The analyzer is taking a nap' }).isVisible(),
    ).toBe(true);
  });

  it('shows the users page to an admin only', async () => {
    const page = await pages.open(stack.web.url);
    await register(page);
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    expect((await page.goto('/admin'))?.status()).toBe(403);
    await page.getByRole('heading', { name: 'Not for you, sorry' }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();

    // Registering a name grants nothing: the operator makes an existing account an admin.
    await page.goto('/register');
    await page.getByLabel('Username').fill('root');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Signed in as root').waitFor();
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    // The API reads the right from the database on every admin request, so the page opens at
    // once; the nav's link follows within the UI's ten-second memory of the session.
    await stack.api.grantAdmin('root');
    await page.goto('/admin');
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    const rows = await page.locator('tbody tr td:first-child').allTextContents();
    expect(rows).toContain('root');
    expect(rows.length).toBeGreaterThan(1);
  });

  it('works without JavaScript: forms post and pages render on the server', async () => {
    const page = await pages.open(stack.web.url, { javaScriptEnabled: false });
    const username = await register(page);
    expect(await page.getByText(`Signed in as ${username}`).isVisible()).toBe(true);
    const result = await analyze(page, 'I hate mondays');
    expect(await markedWords(result)).toEqual([expect.stringMatching(/^hate -0\.\d+$/)]);
  });
});

/**
 * A stand-in for Knative's activator in front of a service at zero: forwards to the API, but
 * while held keeps requests waiting, as a cold start does, until released.
 */
async function startHoldingProxy(target: string) {
  let held: (() => void)[] | null = null;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const forward = () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string',
          ),
        );
        fetch(target + (req.url ?? '/'), {
          method: req.method,
          headers,
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        })
          .then(async (answer) => {
            res.writeHead(answer.status, {
              'content-type': answer.headers.get('content-type') ?? '',
            });
            res.end(Buffer.from(await answer.arrayBuffer()));
          })
          .catch(() => res.destroy());
      };
      if (held) held.push(forward);
      else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold() {
      held ??= [];
    },
    release() {
      const waiting = held ?? [];
      held = null;
      for (const forward of waiting) forward();
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
