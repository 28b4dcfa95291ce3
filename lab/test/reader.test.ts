import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ASCII_TOKEN, TOKEN } from '@sentiment/functions/analyzer/tokens.ts';
import { describe, expect, it } from 'vitest';
import { readExamples } from '../training/data.ts';

const root = resolve(import.meta.dirname, '../..');
const dev = join(root, 'lab/data/sentiment/dev');

/** Every match of a pattern in a text: where, and what each group holds. */
const matches = (pattern: RegExp, text: string) =>
  [...text.matchAll(pattern)].map((match) => [match.index, ...match]);

describe("the reader's ASCII pattern (tokens.ts ASCII_TOKEN)", () => {
  const isAscii = (text: string) => [...text].every((char) => char.charCodeAt(0) < 0x80);
  const texts = [
    ...readdirSync(dev).flatMap((name) => readExamples(join(dev, name)).map((e) => e.text)),
    ...readExamples(join(root, 'lab/data/sentiment/train/sst2-train.tsv'))
      .filter((_, i) => i % 10 === 0)
      .map((e) => e.text),
    // What a reader's pattern could get wrong at the edges of its classes.
    "it 's great :-) ;) :P <3 </3 (: 3:30 http://x.io --- -- x - y ... ?! don't rock'n'roll",
    'A_B a-b- -a 9/10 4 out of 5 #NoFilter @someone e-mail x@y.com [ok] |x| ^^ *sigh* =D XD',
  ].filter(isAscii);

  it('matches an ASCII text exactly as the Unicode pattern does, on every dev set', () => {
    expect(texts.length).toBeGreaterThan(10000);
    const differing = texts.filter(
      (text) => JSON.stringify(matches(ASCII_TOKEN, text)) !== JSON.stringify(matches(TOKEN, text)),
    );
    expect(differing).toEqual([]);
  });
});
