import { createRequire } from 'node:module';
import { BEFORE_BUT, CLAUSE, isNegated, normalize, previousToken } from '../src/lexicon/tokens.ts';

/**
 * A text as the model's sparse features, read exactly as the scoring strategy in
 * src/lexicon/learned.ts reads it, so that a trained weight is the weight the API applies.
 * Feature names: `w:token`, `n:token` (inside a negator's scope), `b:first second`, and
 * `afinn`, the AFINN-165 sum over the same scopes: a prior for words the corpus never shows.
 */

const require = createRequire(import.meta.url);
const tokenize = require('sentiment/lib/tokenize.js') as (text: string) => string[];

/** AFINN-165 and the emoji scores, as the stock `sentiment` English language has them. */
export const AFINN: ReadonlyMap<string, number> = new Map(
  Object.entries({
    ...(require('sentiment/languages/en/labels.json') as Record<string, number>),
    ...(require('sentiment/build/emoji.json') as Record<string, number>),
  }),
);

/** Brings the AFINN sum (about -10..10 for a sentence) near the scale of the other features. */
export const AFINN_SCALE = 1 / 4;

export type Features = Map<string, number>;

export function tokensOf(text: string): string[] {
  return tokenize(normalize(text));
}

export function featuresOf(text: string): Features {
  const tokens = tokensOf(text);
  const features: Features = new Map();
  const add = (name: string, value: number) => {
    features.set(name, (features.get(name) ?? 0) + value);
  };
  const lastBut = tokens.lastIndexOf('but');
  let afinn = 0;
  tokens.forEach((token, cursor) => {
    if (token === CLAUSE || token === '') return;
    const scale = cursor < lastBut ? BEFORE_BUT : 1;
    const negated = isNegated(tokens, cursor);
    add(`${negated ? 'n' : 'w'}:${token}`, scale);
    const previous = previousToken(tokens, cursor);
    if (previous !== undefined) add(`b:${previous} ${token}`, scale);
    afinn += (negated ? -1 : 1) * (AFINN.get(token) ?? 0) * scale;
  });
  if (afinn !== 0) features.set('afinn', afinn * AFINN_SCALE);
  return features;
}
