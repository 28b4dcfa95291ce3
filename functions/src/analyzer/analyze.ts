import { analyzeAfinn } from './afinn.cjs';
import { isEnglish } from './language.ts';
import { confidenceOf, isStatement, LEARNED, SCORING, weighTokens } from './learned.ts';
import { readText, type ReadToken } from './tokens.ts';

/** Text in, a label with the words that decided it out; `sentiment` only through afinn.cjs. */

export const LABELS = ['negative', 'neutral', 'positive'] as const;
export type Label = (typeof LABELS)[number];

export function isLabel(value: unknown): value is Label {
  return LABELS.includes(value as Label);
}

/**
 * `learned` (the default): weights learned from labelled sentences (lab/training/), scores in
 * log-odds, calibrated confidence. `afinn`: the `sentiment` package's stock AFINN-165 list, for
 * comparison.
 */
export const LEXICONS = ['learned', 'afinn'] as const;
export type Lexicon = (typeof LEXICONS)[number];

export interface WordWeight {
  /** The word as read, or a negation with its scope ("not bad at all"), tokens joined by spaces. */
  readonly token: string;
  readonly weight: number;
  /** Where it is in the text, in UTF-16 code units: text.slice(start, end). */
  readonly start: number;
  readonly end: number;
}

export interface Analysis {
  readonly label: Label;
  /** With `learned`, the log-odds that the text is positive; with `afinn`, the AFINN sum. */
  readonly score: number;
  /** The score per word of the text. */
  readonly comparative: number;
  /** How likely the label is right, from 0.5; calibrated with `learned`, neutral answers too. */
  readonly confidence: number;
  /**
   * The words that moved the answer, in text order. With `learned`, those whose weight is under
   * MARKED_FROM are left out: score minus the sum of these is what the rest of the text carried.
   */
  readonly words: readonly WordWeight[];
  /** Set when the text is not English: the analyzer reads English only, so it answers neutral. */
  readonly language?: 'other';
}

/**
 * A word moves the answer by less than about 5 points of probability below this (|log-odds| 0.2):
 * marking every "the" and "was" would hide the words that decided.
 */
export const MARKED_FROM = 0.2;

const NOT_ENGLISH: Analysis = {
  label: 'neutral',
  score: 0,
  comparative: 0,
  confidence: 0.5,
  words: [],
  language: 'other',
};

export function analyzeText(text: string, lexicon: Lexicon = 'learned'): Analysis {
  if (lexicon === 'afinn') return analyzeWithAfinn(text);
  const tokens = readText(text);
  if (!isEnglish(tokens)) return NOT_ENGLISH;
  const weighed = weighTokens(LEARNED, tokens);
  const { score, weights } = weighed;
  // A score of 0 has no sign to answer with, whatever the neutral model reads of the text.
  const isNeutral = score === 0 || isStatement(weighed, text);
  return {
    label: isNeutral ? 'neutral' : score > 0 ? 'positive' : 'negative',
    score: round(score),
    comparative: tokens.length > 0 ? round(score / tokens.length) : 0,
    confidence: round(isNeutral ? SCORING.neutralConfidence : confidenceOf(score)),
    words: explain(tokens, weights),
  };
}

/**
 * One entry per unit: a word, or a negator with the words in its scope (so "not bad" shows as
 * one positive unit, not "not" against "bad"), spanning up to the last word that weighed.
 */
function explain(tokens: readonly ReadToken[], weights: readonly number[]): WordWeight[] {
  const words: WordWeight[] = [];
  // The unit being summed, in locals rather than an object per unit: this runs once per text.
  let first = 0;
  let last = 0;
  let weight = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tokenWeight = weights[i] ?? 0;
    if (i > 0 && tokens[i]?.unit === first) {
      weight += tokenWeight;
      if (tokenWeight !== 0) last = i;
      continue;
    }
    if (i > 0) markUnit(words, tokens, first, last, weight);
    first = i;
    last = i;
    weight = tokenWeight;
  }
  if (tokens.length > 0) markUnit(words, tokens, first, last, weight);
  return words;
}

/** Adds the unit of tokens [first, last] to `words` if it weighs enough to be marked. */
function markUnit(
  words: WordWeight[],
  tokens: readonly ReadToken[],
  first: number,
  last: number,
  weight: number,
): void {
  if (Math.abs(weight) < MARKED_FROM) return;
  // The tokens joined by spaces, without a slice and a map per unit: this runs per marked word.
  let token = tokens[first]?.token ?? '';
  for (let i = first + 1; i <= last; i++) token += ` ${tokens[i]?.token ?? ''}`;
  words.push({
    token,
    weight: round(weight),
    start: tokens[first]?.start ?? 0,
    end: tokens[last]?.end ?? 0,
  });
}

/**
 * AFINN scores are integers, not probabilities: a logistic squash of the sum makes a heuristic
 * confidence (one mildly positive word, +2, gives ~0.77; two give ~0.92).
 */
const AFINN_CONFIDENCE_SLOPE = 0.6;

function analyzeWithAfinn(text: string): Analysis {
  const result = analyzeAfinn(text);
  const words: WordWeight[] = [];
  // `calculation` lists scored tokens last to first; find each in the text, in text order.
  const lower = text.toLowerCase();
  let from = 0;
  for (let i = result.calculation.length - 1; i >= 0; i--) {
    for (const [token, weight = 0] of Object.entries(result.calculation[i] ?? {})) {
      const start = lower.indexOf(token, from);
      if (weight === 0 || start < 0) continue;
      from = start + token.length;
      words.push({ token, weight, start, end: from });
    }
  }
  const score = result.score;
  return {
    label: score === 0 ? 'neutral' : score > 0 ? 'positive' : 'negative',
    score,
    comparative: round(result.comparative),
    confidence: round(1 / (1 + Math.exp(-AFINN_CONFIDENCE_SLOPE * Math.abs(score)))),
    words,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
