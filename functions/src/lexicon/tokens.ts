/**
 * What the learned lexicon sees of a text, shared by training and scoring so both read a sentence
 * the same way. `sentiment`'s own tokenizer does the splitting; `normalize` runs first.
 */

/** Stands for punctuation that ends a clause; `sentiment`'s tokenizer keeps `|` as a token. */
export const CLAUSE = '|';

/** A negator flips the tokens after it, up to this many and never past a clause end. */
export const NEGATION_WINDOW = 3;

/** Tokens before the last "but" count this much: "good acting, but a dull film" is negative. */
export const BEFORE_BUT = 0.5;

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'nor',
  'neither',
  'without',
  'hardly',
  'cannot',
  // sentiment's own list, spelt without apostrophes
  'cant',
  'dont',
  'doesnt',
  'isnt',
  'wont',
  'non',
]);

export function isNegator(token: string): boolean {
  return NEGATORS.has(token) || token.endsWith("n't");
}

/**
 * Brings typed text and the training corpus's tokenized text (`does n't`, `it 's`, ``quotes'')
 * to one form, and turns clause-ending punctuation into CLAUSE tokens, which `sentiment`'s
 * tokenizer would otherwise delete.
 */
export function normalize(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc]|&#8217;|&#39;/g, "'")
    .replace(
      / (n't|'s|'re|'ve|'ll|'d|'m)(?=\s|$)|('')|[.,;:!?]+|\s--?\s/gi,
      (_match, suffix?: string, quotes?: string) => suffix ?? (quotes ? ' ' : ` ${CLAUSE} `),
    );
}

/**
 * Whether the token at `cursor` is in a negator's scope: one of the NEGATION_WINDOW tokens
 * before it is a negator, with no clause end between.
 */
export function isNegated(tokens: readonly string[], cursor: number): boolean {
  for (let i = cursor - 1; i >= 0 && i >= cursor - NEGATION_WINDOW; i--) {
    const token = tokens[i] as string;
    if (token === CLAUSE) return false;
    if (isNegator(token)) return true;
  }
  return false;
}

/** The token before `cursor` when both are in one clause: the first half of a bigram. */
export function previousToken(tokens: readonly string[], cursor: number): string | undefined {
  const previous = tokens[cursor - 1];
  return previous === CLAUSE ? undefined : previous;
}
