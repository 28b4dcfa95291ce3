import { useStack } from '@sentiment/testkit/stack';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';

/** What the analysis card shows of the words that moved an answer: the built UI and real API in Chromium. */

const stack = useStack();
let context: BrowserContext | undefined;
afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function signedInPage(): Promise<Page> {
  context = await stack.browser.newContext({ baseURL: stack.web.url });
  const page = await context.newPage();
  const password = 'correct horse battery';
  await page.goto('/register');
  await page.getByLabel('Username').fill(`marks${Date.now()}`);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password again').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'How does it sound?' }).waitFor();
  return page;
}

async function analyze(page: Page, text: string) {
  await page.getByLabel('Text', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Analyze', exact: true }).click();
  // Each test starts on a fresh page: the first card is this text's.
  const card = page.getByRole('article', { name: 'Analysis result' });
  await card.waitFor();
  return card;
}

describe('the highlighted words', () => {
  it('mark a negation as one unit with the sign a reader expects, and leave plain words unmarked', async () => {
    const page = await signedInPage();
    const card = await analyze(page, 'The service was not bad at all, I love it!');
    const marks = await card.locator('mark').evaluateAll((all) =>
      all.map((mark) => ({
        text: mark.firstChild?.textContent ?? '',
        weight: Number((mark as HTMLElement).dataset.weight),
      })),
    );
    const negation = marks.find((mark) => mark.text.startsWith('not bad'));
    expect(negation?.weight).toBeGreaterThan(0);
    expect(marks.some((mark) => mark.text === 'not' || mark.text === 'bad')).toBe(false);
    for (const plain of ['The', 'was', 'I']) {
      expect(marks.map((mark) => mark.text)).not.toContain(plain);
    }
  });

  it('list the weights under the text, adding up to the score with what the rest carried', async () => {
    const page = await signedInPage();
    const card = await analyze(page, 'The room was clean and the staff were lovely.');
    // The card states the score in its "How this was scored" line, with a real minus sign.
    const scored = await card.locator('details p', { hasText: 'Score' }).textContent();
    const score = Number(/Score ([+−]?[\d.]+)/.exec(scored ?? '')?.[1]?.replace('−', '-'));
    expect(Number.isFinite(score)).toBe(true);
    const legend = card.getByRole('list', { name: 'What moved the score' });
    const items = await legend.getByRole('listitem').allTextContents();
    expect(items.length).toBeGreaterThan(0);
    const sum = items
      .map((item) => Number(/([+-]\d+(?:\.\d+)?)\s*$/.exec(item.trim())?.[1]))
      .reduce((total, weight) => total + weight, 0);
    expect(sum).toBeCloseTo(score, 1);
  });

  it('show a word’s weight when it is reached by keyboard', async () => {
    const page = await signedInPage();
    const card = await analyze(page, 'Brilliant acting.');
    const mark = card.locator('mark').first();
    const weight = mark.locator('.weight');
    expect(await weight.evaluate((el) => el.getBoundingClientRect().width)).toBeLessThan(2);
    await mark.focus();
    expect(await weight.evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(10);
    expect(await weight.textContent()).toMatch(/\(\+\d/);
  });

  it('say that a text in another language is not read', async () => {
    const page = await signedInPage();
    const card = await analyze(page, 'Me encanta este producto, es excelente.');
    expect(await card.locator('.badge').textContent()).toContain('Neutral');
    expect(await card.getByText('The analyzer reads English only').isVisible()).toBe(true);
    expect(await card.locator('mark').count()).toBe(0);
  });
});
