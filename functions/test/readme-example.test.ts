import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../src/analyzer/analyze.ts';

/** The README shows an analysis as the API returns it: it must be the analyzer's real output. */

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe("the README's example analysis", () => {
  it('is what the analyzer answers for its text', () => {
    const block = /An analysis looks like this[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README: "An analysis looks like this" and a json block').toBeTypeOf('string');
    const shown = JSON.parse(block ?? '{}') as { text: string } & Record<string, unknown>;
    const { id, createdAt, servedBy, text, ...analysis } = shown;
    expect({ id, createdAt, servedBy }).toMatchObject({
      id: expect.any(Number),
      createdAt: expect.any(String),
      servedBy: expect.any(Object),
    });
    expect(analysis).toEqual({ ...analyzeText(text) });
  });
});
