import { readFile } from 'node:fs/promises';
import { PHONE, SCRIPTING, usePages } from '@sentiment/testkit/browser';
import { useStack } from '@sentiment/testkit/stack';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PASSWORD, register } from './accounts.ts';
import { analyze } from './analyze.ts';

/** Reading results at desktop and phone widths, with and without JavaScript, in Chromium. */

const stack = useStack();
const pages = usePages(stack);

// A marked word carries a hidden "(+0.4)" for screen readers, so tests look for numbers, which
// no lexicon weighs.
const LAST_WORDS = '4242';
const LONG_TEXT = `${'A long and rather dull review of a chair. '.repeat(80)}${LAST_WORDS}`;

async function runBatch(page: Page, lines: string): Promise<Locator> {
  await page.getByLabel('One text per line').fill(lines);
  await page.getByRole('button', { name: 'Analyze batch' }).click();
  const batch = page.getByRole('region', { name: /^Batch of/ });
  await batch.waitFor();
  return batch;
}

/** Whether these words are rendered where a reader can see them (a closed <details> is not). */
async function shows(scope: Locator, words: string): Promise<boolean> {
  return (await scope.innerText()).includes(words);
}

const BOM = [0xef, 0xbb, 0xbf];

/** The user's token straight from the API, to store analyses faster than through the page. */
async function apiToken(username: string): Promise<string> {
  const res = await fetch(`${stack.api.url}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  return ((await res.json()) as { token: string }).token;
}

async function storeAnalysis(token: string, text: string): Promise<void> {
  const res = await fetch(`${stack.api.url}/v1/analyses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  expect(res.status).toBe(201);
}

describe.each(SCRIPTING)('results $how', ({ js }) => {
  it('collapses a long text in the result card and in history, with a way to expand it', async () => {
    const page = await pages.open(stack.web.url, { javaScriptEnabled: js });
    await register(page);
    const result = await analyze(page, LONG_TEXT);
    expect(await shows(result, LAST_WORDS)).toBe(false);
    await result.getByText('Show the whole text').click();
    expect(await shows(result, LAST_WORDS)).toBe(true);

    await page.goto('/history');
    const entry = page.getByRole('listitem').first();
    expect(await shows(entry, LAST_WORDS)).toBe(false);
    await entry.getByText('Show the whole text').click();
    expect(await shows(entry, LAST_WORDS)).toBe(true);
  });

  it('says the score in words and keeps the serving pod out of the headline', async () => {
    const page = await pages.open(stack.web.url, { javaScriptEnabled: js });
    await register(page);
    const result = await analyze(page, 'Awful, dreadful, horrible, the worst meal of my life');
    const visible = await result.innerText();
    expect(visible).toMatch(/Strongly negative/);
    expect(visible).not.toMatch(/Answered by/);
    await result.getByText('How this was scored').click();
    expect(await result.innerText()).toMatch(
      /answered by the API pod “[^”]+” of revision “local”/i,
    );

    await page.goto('/history');
    expect(await page.getByRole('listitem').first().innerText()).toMatch(/Strongly negative/);
  });

  it('asks before deleting from history and says when it is done', async () => {
    const page = await pages.open(stack.web.url, { javaScriptEnabled: js });
    await register(page);
    await analyze(page, 'Keep number 1111');
    await analyze(page, 'Delete number 2222');
    await page.goto('/history');
    const items = page.getByRole('list', { name: 'Analyses, newest first' }).getByRole('listitem');
    const doomed = items.filter({ hasText: '2222' });
    await doomed.getByText('Delete…').click();
    expect(await items.count()).toBe(2);
    await doomed.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.getByRole('status').filter({ hasText: 'Analysis deleted.' }).waitFor();
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().innerText()).toContain('1111');
  });

  it('stays on an older page of history after deleting from it', async () => {
    const page = await pages.open(stack.web.url, { javaScriptEnabled: js });
    const username = await register(page);
    const token = await apiToken(username);
    // One more than a page: the oldest is alone on the second page.
    for (let n = 1; n <= 21; n++) await storeAnalysis(token, `Entry number ${1000 + n}`);
    await page.goto('/history');
    await page.getByRole('link', { name: 'Older →' }).click();
    await page.waitForURL(/cursor=/);
    const items = page.getByRole('list', { name: 'Analyses, newest first' }).getByRole('listitem');
    await items.filter({ hasText: '1001' }).getByText('Delete…').click();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.getByRole('status').filter({ hasText: 'Analysis deleted.' }).waitFor();
    expect(new URL(page.url()).searchParams.has('cursor')).toBe(true);
    expect(await page.getByRole('link', { name: '← Newest' }).isVisible()).toBe(true);
  });

  it('shows a phone the whole batch without a nested scroller, with a sticky header', async () => {
    const page = await pages.open(stack.web.url, { javaScriptEnabled: js, viewport: PHONE });
    await register(page);
    const lines = Array.from({ length: 12 }, (_, i) => `Line ${i + 1} is rather good`).join('\n');
    const batch = await runBatch(page, lines);
    const scrollers = await batch.evaluate(
      (region) =>
        [region, ...region.querySelectorAll('*')].filter((element) => {
          const { overflowY } = getComputedStyle(element);
          return /auto|scroll/.test(overflowY) && element.scrollHeight > element.clientHeight;
        }).length,
    );
    expect(scrollers).toBe(0);
    const header = batch.locator('thead th').first();
    expect(await header.evaluate((th) => getComputedStyle(th).position)).toBe('sticky');
    expect(await batch.evaluate((region) => region.scrollWidth <= region.clientWidth)).toBe(true);
    expect(await batch.locator('tbody tr').count()).toBe(12);
  });

  it('downloads the batch as a CSV a spreadsheet opens as UTF-8', async () => {
    const page = await pages.open(stack.web.url, { javaScriptEnabled: js });
    await register(page);
    const batch = await runBatch(page, 'Café au lait, très bien 😀\n=1+1 is terrible');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      batch.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual(BOM);
    const rows = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(rows[0]).toBe('line,label,score,comparative,confidence,text');
    expect(rows[1]).toMatch(/^1,positive,[\d.]+,[\d.]+,[\d.]+,"Café au lait, très bien 😀"$/);
    // A text that starts like a formula is quoted so a spreadsheet shows it instead of running it.
    expect(rows[2]).toMatch(/^2,negative,-[\d.]+,-[\d.]+,[\d.]+,'=1\+1 is terrible$/);
    expect(download.suggestedFilename()).toBe('sentiment-batch.csv');
  });

  it('shows the chart’s numbers as a table when the chart cannot draw', async () => {
    const page = await pages.open(stack.web.url, { javaScriptEnabled: js });
    await register(page);
    await analyze(page, 'I love this');
    await analyze(page, 'I hate that');
    await page.goto('/history');
    const table = page.getByRole('table', { name: 'Analyses per day' });
    const today = new Date().toISOString().slice(0, 10);
    const row = table.getByRole('row').filter({ hasText: today });
    // Day, positive, neutral, negative; the table stays for screen readers once the chart draws.
    expect(await row.locator('th, td').allTextContents()).toEqual([today, '1', '0', '1']);
    const canvas = page.locator('canvas');
    if (js) {
      await expect
        .poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.width))
        .toBeGreaterThan(0);
      expect(await canvas.isVisible()).toBe(true);
    } else {
      expect(await table.isVisible()).toBe(true);
      expect(await canvas.isVisible()).toBe(false);
    }
  });
});

describe('the history chart', () => {
  it('falls back to its table when Chart.js fails to load', async () => {
    const page = await pages.open(stack.web.url);
    await register(page);
    await analyze(page, 'I love this');
    // Chart.js is a chunk of its own with a hashed name: refuse whichever chunk holds it.
    await page.route('**/_app/immutable/chunks/*.js', async (route) => {
      const response = await route.fetch();
      const body = await response.text();
      if (body.includes('BarController')) await route.abort();
      else await route.fulfill({ response, body });
    });
    const refused = page.waitForEvent('requestfailed');
    await page.goto('/history');
    await refused;
    await expect.poll(() => page.locator('canvas').isVisible()).toBe(false);
    expect(await page.getByRole('table', { name: 'Analyses per day' }).isVisible()).toBe(true);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  });
});

describe('the history page', () => {
  // As after an analysis (forms.test.ts): SvelteKit would leave focus on <body>, and the next
  // Tab would start over at the skip link, with the deleted entry's place lost.
  it('moves focus to the "Analysis deleted." status after a delete', async () => {
    const page = await pages.open(stack.web.url);
    await register(page);
    await analyze(page, 'Delete number 3333');
    await page.goto('/history');
    await page.getByText('Delete…').click();
    await page.getByRole('button', { name: 'Yes, delete it' }).press('Enter');
    const status = page.getByRole('status').filter({ hasText: 'Analysis deleted.' });
    await status.waitFor();
    await expect.poll(() => status.evaluate((node) => node === document.activeElement)).toBe(true);
  });

  it('asks the API who the user is once per view, for the header and the totals alike', async () => {
    // An account and token made at the API, which the UI has never seen: the layout cannot
    // recall the API's last answer about it and has to ask.
    const username = `direct${Date.now()}`;
    const created = await fetch(`${stack.api.url}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(created.status).toBe(201);
    const token = await apiToken(username);
    const page = await pages.open(stack.web.url);
    await pages.context().addCookies([{ name: 'session', value: token, url: stack.web.url }]);
    const logged = (route: string) =>
      stack.api
        .stdout()
        .split('\n')
        .filter((line) => line.includes(`"route":"${route}"`)).length;
    const before = logged('/v1/me');
    await page.goto('/history');
    await page.getByRole('heading', { name: 'Your history' }).waitFor();
    // The API logs each request in order on one stream: once this one is in, all before it are.
    const probes = logged('/healthz');
    await fetch(`${stack.api.url}/healthz`);
    await expect.poll(() => logged('/healthz')).toBe(probes + 1);
    expect(logged('/v1/me') - before).toBe(1);
  });
});

describe('the history export', () => {
  it('starts with a UTF-8 byte-order mark, once, so a spreadsheet reads emoji right', async () => {
    const page = await pages.open(stack.web.url);
    await register(page);
    await analyze(page, 'Ça marche très bien 😀');
    await page.goto('/history');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual(BOM);
    expect([...bytes.subarray(3, 6)]).not.toEqual(BOM);
    expect(bytes.subarray(3).toString('utf8')).toContain('Ça marche très bien 😀');
  });
});

describe('the skip link', () => {
  it.each([
    { name: 'desktop', viewport: { width: 1100, height: 900 } },
    { name: 'phone', viewport: PHONE },
  ])('is visible when focused and clear of the brand ($name)', async ({ viewport }) => {
    const page = await pages.open(stack.web.url, { viewport });
    await page.goto('/login');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((link) => link === document.activeElement)).toBe(true);
    const background = await skip.evaluate((link) => getComputedStyle(link).backgroundColor);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    const [link, brand] = await Promise.all([
      skip.boundingBox(),
      page.getByRole('link', { name: 'Sentiment', exact: true }).boundingBox(),
    ]);
    if (!link || !brand) throw new Error('the skip link or the brand is not laid out');
    const overlaps =
      link.x < brand.x + brand.width &&
      brand.x < link.x + link.width &&
      link.y < brand.y + brand.height &&
      brand.y < link.y + link.height;
    expect(overlaps).toBe(false);
  });
});
