import type { Locator, Page } from 'playwright-core';

/** Analyzes one text through the form and gives its result card, once it is shown. */
export async function analyze(page: Page, text: string): Promise<Locator> {
  await page.getByLabel('Text', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Analyze', exact: true }).click();
  // Each test starts on a fresh page: the first card is this text's.
  const result = page.getByRole('article', { name: 'Analysis result' });
  await result.waitFor();
  return result;
}
