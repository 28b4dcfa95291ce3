import { SCRIPTING, usePages } from '@sentiment/testkit/browser';
import { freePort } from '@sentiment/testkit/process';
import { useStack } from '@sentiment/testkit/stack';
import { startWeb } from '@sentiment/testkit/web';
import { describe, expect, it } from 'vitest';
import { expiredSession, forgedToken, register, signIn } from './accounts.ts';

/** What the user typed survives a submit, an error and an expired session, in Chromium. */

const stack = useStack();
const pages = usePages(stack);

/** A session the UI takes as valid (it cannot check signatures) and the API refuses with 401. */
function refusedSession(url: string) {
  const claims = { sub: '1', username: 'ghost', exp: Math.floor(Date.now() / 1000) + 3600 };
  return { name: 'session', value: forgedToken(claims), url };
}

// One character over the API's limit, on a line of a batch (whose box has no maxlength).
const TOO_LONG = 'a'.repeat(5001);

describe.each(SCRIPTING)('the analyze page $how', ({ js }) => {
  it('keeps the analyzed text in the box after the result comes back', async () => {
    const page = await pages.open(stack.web.url, { javaScriptEnabled: js });
    await register(page);
    await page.getByLabel('Text', { exact: true }).fill('A quiet, lovely evening');
    await page.getByRole('button', { name: 'Analyze', exact: true }).click();
    await page.getByRole('article', { name: 'Analysis result' }).waitFor();
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe(
      'A quiet, lovely evening',
    );
  });

  it('keeps the text in the box, under the error, when the analyzer is down', async () => {
    const downWeb = await startWeb(`http://127.0.0.1:${await freePort()}`);
    try {
      const page = await pages.open(downWeb.url, { javaScriptEnabled: js });
      const claims = { sub: '1', username: 'ada', exp: Math.floor(Date.now() / 1000) + 3600 };
      await pages
        .context()
        .addCookies([{ name: 'session', value: forgedToken(claims), url: downWeb.url }]);
      await page.goto('/');
      await page.getByLabel('Text', { exact: true }).fill('Written while the API sleeps');
      await page.getByRole('button', { name: 'Analyze', exact: true }).click();
      await page.getByText(/The analyzer is waking up or unreachable/).waitFor();
      expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe(
        'Written while the API sleeps',
      );
    } finally {
      await downWeb.stop();
    }
  });

  it('keeps the batch lines in their box after an error', async () => {
    const page = await pages.open(stack.web.url, { javaScriptEnabled: js });
    await register(page);
    const lines = `I love it\n${TOO_LONG}`;
    await page.getByLabel('One text per line').fill(lines);
    await page.getByRole('button', { name: 'Analyze batch' }).click();
    await page.getByText('Line 2 is over 5000 characters.').waitFor();
    expect(await page.getByLabel('One text per line').inputValue()).toBe(lines);
  });

  it.each([
    { ending: 'runs out', session: expiredSession },
    { ending: 'is refused by the API', session: refusedSession },
  ])(
    'lands back on the page with the draft when the session $ending mid-submit',
    async ({ session }) => {
      const page = await pages.open(stack.web.url, { javaScriptEnabled: js });
      const username = await register(page);
      await page.getByLabel('Text', { exact: true }).fill('Typed before the session ran out');
      await pages.context().addCookies([session(stack.web.url)]);
      await page.getByRole('button', { name: 'Analyze', exact: true }).click();
      await page.getByText('Your session has ended. Please sign in again.').waitFor();

      await signIn(page, username);
      await page.getByRole('heading', { name: 'How does it sound?' }).waitFor();
      const landed = new URL(page.url());
      expect(landed.pathname + landed.search).toBe('/');
      expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe(
        'Typed before the session ran out',
      );
    },
  );

  it('keeps batch lines across an expired session too', async () => {
    const page = await pages.open(stack.web.url, { javaScriptEnabled: js });
    const username = await register(page);
    await page.getByLabel('One text per line').fill('first line\nsecond line');
    await pages.context().addCookies([expiredSession(stack.web.url)]);
    await page.getByRole('button', { name: 'Analyze batch' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(page, username);
    await page.getByRole('heading', { name: 'How does it sound?' }).waitFor();
    expect(await page.getByLabel('One text per line').inputValue()).toBe('first line\nsecond line');
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe('');
  });
});

describe('with JavaScript', () => {
  it.each(['Control+Enter', 'Meta+Enter'])('submits the analyze form on %s', async (keys) => {
    const page = await pages.open(stack.web.url);
    await register(page);
    const box = page.getByLabel('Text', { exact: true });
    await box.fill('What a splendid idea');
    await box.press(keys);
    await page.getByRole('article', { name: 'Analysis result' }).waitFor();
    expect(await box.inputValue()).toBe('What a splendid idea');
  });

  // SvelteKit puts focus back on <body> after an action succeeds, as a page load would
  // (applyAction → reset_focus in kit src/runtime/client/client.js): the next Tab would start
  // at the skip link again, and a screen reader would not hear that a result came.
  it.each([
    { form: 'analyze', box: 'Text', text: 'What a splendid idea', result: 'Analysis result' },
    { form: 'batch', box: 'One text per line', text: 'good\nbad', result: 'Batch of 2' },
  ])('moves focus to the $form result, where the keyboard carries on', async (step) => {
    const page = await pages.open(stack.web.url);
    await register(page);
    const box = page.getByLabel(step.box, { exact: true });
    await box.fill(step.text);
    await box.press('Control+Enter');
    const result = page.getByRole(step.form === 'analyze' ? 'article' : 'region', {
      name: step.result,
    });
    await result.waitFor();
    await expect.poll(() => result.evaluate((node) => node === document.activeElement)).toBe(true);
  });
});
