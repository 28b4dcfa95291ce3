import type { Page } from 'playwright-core';

/**
 * Opens the Scale page; with JavaScript, waits until it runs in the browser (its charts exist
 * only then), so that a burst goes through the stream and not, clicked too early, through the
 * form post the server-rendered page starts with.
 */
export async function openScalePage(page: Page, { js }: { js: boolean }): Promise<void> {
  await page.goto('/scale');
  if (js) await page.locator('canvas').first().waitFor();
}

/**
 * Runs a burst from the Scale page as a user does (type the numbers, press the button) and
 * returns the summary's text once it is shown. For the page's own tests and for the one that
 * reaches it through a stand-in for Kourier (knative/test/load.test.ts).
 */
export async function runBurstOnPage(
  page: Page,
  burst: { total: number; concurrency: number },
): Promise<string> {
  await page.getByLabel('Requests', { exact: true }).fill(String(burst.total));
  await page.getByLabel('At once').fill(String(burst.concurrency));
  await page.getByRole('button', { name: 'Start burst' }).click();
  const summary = page.getByTestId('summary');
  await summary.waitFor({ timeout: 30_000 });
  return (await summary.textContent()) ?? '';
}
