import { usePages } from '@sentiment/testkit/browser';
import { useStack } from '@sentiment/testkit/stack';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { register } from './accounts.ts';
import { analyze } from './analyze.ts';

/** What the analysis card shows of the words that moved an answer: the built UI and real API in Chromium. */

const stack = useStack();
const pages = usePages(stack);

async function signedInPage(): Promise<Page> {
  const page = await pages.open(stack.web.url);
  await register(page);
  return page;
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
      .map((item) => Number(/([+−]\d+(?:\.\d+)?)\s*$/.exec(item.trim())?.[1]?.replace('−', '-')))
      .reduce((total, weight) => total + weight, 0);
    expect(sum).toBeCloseTo(score, 1);
  });

  it('name each unit in the list as the text writes it, not as the reader files it', async () => {
    // The reader reads "Not a single complaint" as its idiom "no complaints", and "Five stars" as
    // the rating "10/10"; the list is read beside the text, so it quotes the text.
    const page = await signedInPage();
    const card = await analyze(page, 'Not a single complaint. Five stars!');
    const items = await card
      .getByRole('list', { name: 'What moved the score' })
      .getByRole('listitem')
      .allTextContents();
    const names = items.map((item) => item.replace(/\s*[+−]\d+(?:\.\d+)?\s*$/, '').trim());
    expect(names).toEqual(expect.arrayContaining(['Not a single complaint', 'Five stars']));
    expect(names).not.toContain('no complaints');
    expect(names).not.toContain('10/10');
  });

  it('write a negative weight as the card writes a negative score, with a real minus sign', async () => {
    const page = await signedInPage();
    const card = await analyze(page, 'The food was awful and the service was terrible.');
    const items = await card
      .getByRole('list', { name: 'What moved the score' })
      .getByRole('listitem')
      .allTextContents();
    const weights = items.map((item) => /\S+\s*$/.exec(item.trim())?.[0]);
    expect(weights.some((weight) => weight?.startsWith('−'))).toBe(true);
    expect(weights.filter((weight) => weight?.startsWith('-'))).toEqual([]);
    const scored = await card.locator('details p', { hasText: 'Score' }).textContent();
    expect(scored).toMatch(/Score −\d/);
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
