import { analyzeText } from '@sentiment/functions/analyzer/analyze.ts';
import vader from 'vader-sentiment';
import wink from 'wink-sentiment';
import type { Verdict } from './metrics.ts';

/**
 * The analyzers the evaluation compares: the API's (learned), the stock AFINN list it can also
 * serve, and, as dev-only peers, vader-sentiment and wink-sentiment.
 */

export type Analyzer = (text: string) => Verdict;

const polarity = (value: number, dead = 0): Verdict['label'] =>
  value > dead ? 'positive' : value < -dead ? 'negative' : 'neutral';

export const ANALYZERS: Record<string, Analyzer> = {
  learned: (text) => analyzeText(text, 'learned'),
  afinn: (text) => analyzeText(text, 'afinn'),
  // VADER's own thresholds: compound >= 0.05 positive, <= -0.05 negative.
  vader: (text) => ({
    label: polarity(vader.SentimentIntensityAnalyzer.polarity_scores(text).compound, 0.0499),
  }),
  wink: (text) => ({ label: polarity(wink(text).score) }),
};

export const ANALYZER_NAMES = Object.keys(ANALYZERS);
