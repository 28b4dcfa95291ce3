import Sentiment from 'sentiment';

/** The only importer of `sentiment`: text in, a label with the words that decided it out. */

export const LABELS = ['negative', 'neutral', 'positive'] as const;
export type Label = (typeof LABELS)[number];

export function isLabel(value: unknown): value is Label {
  return LABELS.includes(value as Label);
}

export interface WordWeight {
  readonly token: string;
  readonly weight: number;
}

export interface Analysis {
  readonly label: Label;
  readonly score: number;
  readonly comparative: number;
  /** How sure the label is, from 0.5 (a coin toss) to 1. */
  readonly confidence: number;
  /** The tokens that carried the score, in the order they appear in the text. */
  readonly words: readonly WordWeight[];
}

const analyzer = new Sentiment();

/**
 * A logistic squash of the AFINN score: one mildly positive word (+2) gives ~0.77, two give ~0.92.
 * A heuristic, not a calibrated probability; a neutral text (score 0) gets 0.5.
 */
const CONFIDENCE_SLOPE = 0.6;

export function analyzeText(text: string): Analysis {
  const result = analyzer.analyze(text);
  const words: WordWeight[] = [];
  // `calculation` lists scored tokens last to first, with negation already applied.
  for (let i = result.calculation.length - 1; i >= 0; i--) {
    for (const [token, weight] of Object.entries(result.calculation[i] ?? {})) {
      if (weight !== 0) words.push({ token, weight });
    }
  }
  const { score } = result;
  const label: Label = score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
  const confidence = 1 / (1 + Math.exp(-CONFIDENCE_SLOPE * Math.abs(score)));
  return {
    label,
    score,
    comparative: round(result.comparative),
    confidence: round(confidence),
    words,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
