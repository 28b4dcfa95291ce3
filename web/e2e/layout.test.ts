import { PHONE, SCRIPTING, usePages } from '@sentiment/testkit/browser';
import { useStack } from '@sentiment/testkit/stack';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { register } from './accounts.ts';

/** Every page as a phone shows it, with content in it, in Chromium, with and without JavaScript. */

const stack = useStack();
const pages = usePages(stack);

/**
 * When the page scrolls sideways, the elements reaching past the viewport's right edge, which
 * may be why (one clipped inside a smaller box is listed too, but does not cause the scroll).
 */
function pastTheEdge(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { scrollWidth, clientWidth: edge } = document.documentElement;
    if (scrollWidth <= edge) return [];
    return [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > edge + 0.5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
  });
}

describe.each(SCRIPTING)('every page on a phone $how', ({ js }) => {
  it('fits the width, with no element past its edge and no script refused', async () => {
    const page = await pages.open(stack.web.url, { viewport: PHONE, javaScriptEnabled: js });
    const complaints: string[] = [];
    page.on('pageerror', (error) => complaints.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) complaints.push(message.text());
    });
    const overflow: Record<string, string[]> = {};
    const check = async (name: string) => {
      if (js) await page.waitForLoadState('networkidle');
      overflow[name] = await pastTheEdge(page);
    };

    await page.goto('/login');
    await check('login');
    await page.goto('/register');
    await check('register');
    await register(page);
    await page.getByLabel('Text', { exact: true }).fill('I love this. '.repeat(300));
    await page.getByRole('button', { name: 'Analyze', exact: true }).click();
    await page.getByRole('article', { name: 'Analysis result' }).waitFor();
    await page.getByLabel('One text per line').fill('I love it\nI hate it\nIt is a table');
    await page.getByRole('button', { name: 'Analyze batch' }).click();
    await page.getByRole('region', { name: /^Batch of/ }).waitFor();
    await check('analyze');
    await page.goto('/history');
    // With JavaScript the chart draws and its table is only hidden from sight, not removed.
    if (js) await page.locator('canvas').waitFor();
    await check('history');
    await page.goto('/scale');
    await check('scale');
    await page.goto('/admin');
    await check('admin');
    await page.goto('/no/such/page');
    await check('404');

    expect(overflow).toEqual({
      login: [],
      register: [],
      analyze: [],
      history: [],
      scale: [],
      admin: [],
      '404': [],
    });
    expect(complaints).toEqual([]);
  });
});
