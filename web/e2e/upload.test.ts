import { usePages } from '@sentiment/testkit/browser';
import { useStack } from '@sentiment/testkit/stack';
import { describe, expect, it } from 'vitest';
import { UPLOAD_MAX_BYTES } from '../src/lib/upload.ts';
import { register } from './accounts.ts';

/**
 * A batch file up to the page's own limit is scored, and a larger one gets the page's message:
 * the body limit of the server in front (adapter-node's BODY_SIZE_LIMIT, 512K unless set) must
 * not cut in first with a bare 413.
 */

const stack = useStack();
const pages = usePages(stack);

/** A .txt of `lines` lines of ordinary text, `bytes` long in all. */
function textFile(lines: number, bytes: number) {
  const line = 'A pleasant enough line of text to score. '.repeat(100).slice(0, bytes / lines - 1);
  return {
    name: 'lines.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(`${line}\n`.repeat(lines)),
  };
}

describe('a batch file near the page’s size limit', () => {
  it('is scored when it is under the limit', async () => {
    const page = await pages.open(stack.web.url);
    await register(page);
    const file = textFile(900, UPLOAD_MAX_BYTES - 64 * 1024);
    expect(file.buffer.length).toBeGreaterThan(512 * 1024);
    await page.getByLabel('…or a file').setInputFiles(file);
    await page.getByRole('button', { name: 'Analyze batch' }).click();
    await page.getByRole('region', { name: 'Batch of 900' }).waitFor();
  });

  it('gets the page’s own message when it is over the limit', async () => {
    const page = await pages.open(stack.web.url);
    await register(page);
    await page.getByLabel('…or a file').setInputFiles(textFile(1000, UPLOAD_MAX_BYTES + 1000));
    await page.getByRole('button', { name: 'Analyze batch' }).click();
    await page.getByText('The file must be at most 1 MB.').waitFor();
  });
});
