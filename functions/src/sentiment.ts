import Sentiment from 'sentiment';
import { confidenceOf, LEARNED, NEUTRAL_SCORE, registerLearned } from './lexicon/learned.ts';
import { CLAUSE, normalize } from './lexicon/tokens.ts';

/** The only importer of `sentiment`: text in, a label with the words that decided it out. */

export const LABELS = ['negative', 'neutral', 'positive'] as const;
export type Label = (typeof LABELS)[number];

export function isLabel(value: unknown): value is Label {
  return LABELS.includes(value as Label);
}

/**
 * `learned` (the default): weights learned from labelled sentences (functions/lexicon/), scores in
 * log-odds, calibrated confidence. `afinn`: the package's stock AFINN-165 list, for comparison.
 */
export const LEXICONS = ['learned', 'afinn'] as const;
export type Lexicon = (typeof LEXICONS)[number];

export interface WordWeight {
  readonly token: string;
  readonly weight: number;
}

export interface Analysis {
  readonly label: Label;
  /** The sum of the words' weights; with `learned`, the log-odds that the text is positive. */
  readonly score: number;
  /** The score per word of the text. */
  readonly comparative: number;
  /** How sure the label is, from 0.5 (a coin toss) to 1; calibrated with `learned`. */
  readonly confidence: number;
  /** The tokens that carried the score, in the order they appear in the text. */
  readonly words: readonly WordWeight[];
}

const analyzer = new Sentiment();
registerLearned(analyzer);

/**
 * AFINN scores are integers, not probabilities: a logistic squash of the sum makes a heuristic
 * confidence (one mildly positive word, +2, gives ~0.77; two give ~0.92).
 */
const AFINN_CONFIDENCE_SLOPE = 0.6;

export function analyzeText(text: string, lexicon: Lexicon = 'learned'): Analysis {
  const isLearned = lexicon === 'learned';
  const result = isLearned
    ? analyzer.analyze(normalize(text), { language: LEARNED })
    : analyzer.analyze(text);
  const words: WordWeight[] = [];
  // `calculation` lists scored tokens last to first, each with its weight in context.
  for (let i = result.calculation.length - 1; i >= 0; i--) {
    const item = result.calculation[i] ?? {};
    for (const token in item) {
      const weight = item[token] ?? 0;
      if (weight !== 0) words.push({ token, weight: round(weight) });
    }
  }
  const score = round(result.score);
  const confidence = isLearned
    ? confidenceOf(score)
    : 1 / (1 + Math.exp(-AFINN_CONFIDENCE_SLOPE * Math.abs(score)));
  const isWeak = isLearned ? Math.abs(score) < NEUTRAL_SCORE : score === 0;
  const label: Label = isWeak ? 'neutral' : score > 0 ? 'positive' : 'negative';
  let length = 0;
  for (const token of result.tokens) if (token !== CLAUSE && token !== '') length += 1;
  return {
    label,
    score,
    comparative: length > 0 ? round(score / length) : 0,
    confidence: round(confidence),
    words,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
