import { readFileSync } from 'node:fs';
import type Sentiment from 'sentiment';
import stockEmoji from 'sentiment/build/emoji.json' with { type: 'json' };
import afinn from 'sentiment/languages/en/labels.json' with { type: 'json' };
import { BEFORE_BUT, CLAUSE, isNegator, NEGATION_WINDOW } from './tokens.ts';

/**
 * The learned lexicon as a `sentiment` language: its word list gates which tokens score, and
 * its scoring strategy gives each such token its weight in context — the negated weight inside a
 * negator's scope, plus the bigram it ends, halved before the last "but". It reads a text the way
 * functions/lexicon/features.ts did in training, so the engine's score is the model's log-odds.
 */

export const LEARNED = 'en-learned';

/** learned.json, written by `npm run train` (functions/lexicon/train.ts). */
export interface LexiconFile {
  readonly format: 'sentiment-lexicon';
  readonly version: number;
  readonly scoring: {
    readonly negationWindow: number;
    readonly beforeBut: number;
    readonly neutralBelow: number;
    /** Knots [|score|, how often an answer that strong is right], fitted by npm run train. */
    readonly confidence: readonly (readonly [number, number])[];
  };
  /** What one point of AFINN-165 is worth; folded into `words`, applied at run time to negated tokens. */
  readonly afinnWeight: number;
  readonly words: Record<string, number>;
  readonly negated: Record<string, number>;
  readonly bigrams: Record<string, number>;
}

// Read as data, not imported as code: JSON.parse is about twice as fast as compiling the same
// object as JavaScript, and start-up time is paid by the first user after a scale from zero.
// The bundle (functions/build.mjs) carries the file beside it.
const lexicon = JSON.parse(
  readFileSync(new URL('./learned.json', import.meta.url), 'utf8'),
) as LexiconFile;

const { neutralBelow, confidence: knots } = lexicon.scoring;
/** Scores weaker than this are `neutral`: the log-odds whose logistic is `neutralBelow`. */
export const NEUTRAL_SCORE = Math.log(neutralBelow / (1 - neutralBelow));

/**
 * How often an answer with this score is right: the isotonic map that npm run train fitted on
 * sentences the model never saw, read between its knots, from 0.5 up.
 */
export function confidenceOf(score: number): number {
  const strength = Math.abs(score);
  let [x0, y0] = knots[0] ?? [0, 0.5];
  for (const [x1, y1] of knots) {
    if (strength <= x1) return x1 > x0 ? y0 + ((y1 - y0) * (strength - x0)) / (x1 - x0) : y1;
    [x0, y0] = [x1, y1];
  }
  return y0;
}

type Weights = Record<string, number>;

/** Lookups in the parsed JSON as it is: building maps of it would cost more start-up time. */
/** Keeps Object.prototype: `sentiment` calls labels.hasOwnProperty. See wordWeight. */
const words: Weights = lexicon.words;
const { afinnWeight } = lexicon;
const negated: Weights = withoutPrototype(lexicon.negated);
const bigrams: Weights = withoutPrototype(lexicon.bigrams);

/** AFINN-165 with `sentiment`'s emoji scores: the prior that negation flips. */
function afinnScore(token: string): number {
  const score = (afinn as Weights)[token] ?? (stockEmoji as Weights)[token];
  return typeof score === 'number' ? score : 0;
}

/** A number, even for a token such as "constructor" that Object.prototype has. */
function wordWeight(token: string): number {
  const weight = words[token];
  return typeof weight === 'number' ? weight : 0;
}

/** So that a token such as "constructor" finds nothing rather than Object.prototype's. */
function withoutPrototype(weights: Weights): Weights {
  return Object.setPrototypeOf(weights, null) as Weights;
}

/**
 * `sentiment` asks the strategy for one token at a time, last to first; the weights of a whole
 * text are worked out in one pass on the first ask and kept until the next text comes.
 */
let lastTokens: readonly string[] = [];
let lastWeights: Float64Array = new Float64Array(0);

function weigh(tokens: string[], cursor: number): number {
  if (tokens !== lastTokens) {
    lastWeights = weighAll(tokens);
    lastTokens = tokens;
  }
  return lastWeights[cursor] ?? 0;
}

function weighAll(tokens: readonly string[]): Float64Array {
  const weights = new Float64Array(tokens.length);
  const lastBut = tokens.lastIndexOf('but');
  let previous: string | undefined;
  let negation = 0;
  for (let cursor = 0; cursor < tokens.length; cursor++) {
    const token = tokens[cursor] as string;
    if (token === CLAUSE) {
      previous = undefined;
      negation = 0;
      continue;
    }
    let weight =
      negation > 0 ? (negated[token] ?? 0) - afinnWeight * afinnScore(token) : wordWeight(token);
    if (previous !== undefined) weight += bigrams[`${previous} ${token}`] ?? 0;
    weights[cursor] = cursor < lastBut ? weight * BEFORE_BUT : weight;
    previous = token;
    negation = isNegator(token) ? NEGATION_WINDOW : negation - 1;
  }
  return weights;
}

export function registerLearned(analyzer: Sentiment): void {
  // registerLanguage merges the stock emoji scores into the word list it is given; copying the
  // list would cost start-up time, so the learned emoji weights are put back afterwards.
  const emoji: Record<string, number> = {};
  for (const token in stockEmoji) emoji[token] = wordWeight(token);
  analyzer.registerLanguage(LEARNED, {
    labels: words,
    scoringStrategy: { apply: weigh },
  });
  Object.assign(words, emoji);
}
