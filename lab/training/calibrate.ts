import { isEnglish } from '@sentiment/functions/analyzer/language.ts';
import {
  neutralFeatures,
  neutralLogit,
  weighTokens,
  type Lookups,
} from '@sentiment/functions/analyzer/learned.ts';
import { readText } from '@sentiment/functions/analyzer/tokens.ts';
import type { Example } from './data.ts';
import { featuresOf } from './features.ts';
import { evidence, sigmoid, type Model } from './model.ts';

/**
 * How sure an answer is, fitted on sentences the model never saw: the temperature that turns
 * evidence into log-odds (the `score`), then the map from a score's strength to `confidence`.
 */

/** A labelled sentence's evidence under a model: what calibration is fitted on. */
export interface CalibrationPoint {
  readonly evidence: number;
  readonly positive: boolean;
}

export function calibrationPoints(model: Model, examples: readonly Example[]): CalibrationPoint[] {
  return examples.map((e) => ({
    evidence: evidence(model, featuresOf(e.text)),
    positive: e.positive,
  }));
}

/**
 * What the neutral model reads of each English text (src/analyzer/learned.ts neutralFeatures),
 * under the lexicon the API would ship: the same numbers the API computes.
 */
export function neutralEvidence(weights: Lookups, examples: readonly Example[]): number[][] {
  return examples.flatMap((e) => {
    const tokens = readText(e.text);
    if (tokens.length === 0 || !isEnglish(tokens)) return [];
    return [neutralFeatures(weighTokens(weights, tokens), e.text)];
  });
}

/**
 * At most this share of each calibration set's opinions may be answered neutral: a neutral
 * answer to an opinion is the error people notice on what they paste, whatever kind of text it
 * is. Of the sets pooled, short review sentences got more than their share (7-9 % against 3 %
 * of SST's film sentences), because the pooled cut let the long ones pay for them.
 */
const MAX_NEUTRAL_OPINIONS = 0.05;

/**
 * The neutral model: a logistic regression of "plain statement" against "opinion" on the
 * calibration statements and opinions (in sets: SST's sentences, each review set), each class
 * weighed alike, by full-batch gradient descent from zero (deterministic: no sampling). Its cut
 * is the lowest log-odds above which at most MAX_NEUTRAL_OPINIONS of each set's opinions fall,
 * which answers neutral on as many statements as that allows. The evidence a text carries
 * decides, not a threshold on its noisy sum: one strong curated word makes an opinion of a short
 * text, a plain sentence with a time in it is a statement even when its few learned weights add
 * up. Also how often a neutral answer was right there, statements and opinions as many as they
 * are: its confidence.
 */
export function fitNeutral(
  opinionSets: readonly (readonly (readonly number[])[])[],
  statements: readonly (readonly number[])[],
): { weights: number[]; bias: number; above: number; confidence: number; recall: number } {
  const opinions = opinionSets.flat();
  const rows = [
    ...opinions.map((x) => ({ x, y: 0, share: 0.5 / opinions.length })),
    ...statements.map((x) => ({ x, y: 1, share: 0.5 / statements.length })),
  ];
  const size = rows[0]?.x.length ?? 0;
  let weights = new Array<number>(size).fill(0);
  let bias = 0;
  for (let step = 0; step < NEUTRAL_STEPS; step++) {
    const gradient = new Array<number>(size).fill(0);
    let biasGradient = 0;
    for (const { x, y, share } of rows) {
      const error = (sigmoid(neutralLogit({ weights, bias }, x)) - y) * share;
      x.forEach((value, i) => (gradient[i] = (gradient[i] ?? 0) + error * value));
      biasGradient += error;
    }
    weights = weights.map((w, i) => w - NEUTRAL_RATE * ((gradient[i] ?? 0) + NEUTRAL_L2 * w));
    bias -= NEUTRAL_RATE * biasGradient;
  }
  const model = { weights, bias };
  const cutOf = (set: readonly (readonly number[])[]) => {
    const logits = set.map((x) => neutralLogit(model, x)).sort((a, b) => b - a);
    return logits[Math.floor(MAX_NEUTRAL_OPINIONS * logits.length)] ?? 0;
  };
  const cuts = opinionSets.filter((set) => set.length > 0).map(cutOf);
  const above = cuts.length > 0 ? Math.max(...cuts) : 0;
  const neutral = opinions.filter((x) => neutralLogit(model, x) > above).length;
  const found = statements.filter((x) => neutralLogit(model, x) > above).length;
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  return {
    weights: weights.map(round),
    bias: round(bias),
    above: round(above),
    confidence:
      Math.round(Math.max(0.5, found + neutral > 0 ? found / (found + neutral) : 0.5) * 1000) /
      1000,
    // The share of the calibration statements answered neutral: what its features are chosen by.
    recall: found / Math.max(1, statements.length),
  };
}

const NEUTRAL_STEPS = 3000;
const NEUTRAL_RATE = 2;
const NEUTRAL_L2 = 1e-3;

/**
 * Temperature scaling (Guo et al., 2017): the T that makes sigmoid(evidence / T) the best
 * probability on sentences the model never saw, by minimising log-loss; golden-section search
 * over a bracket wide enough for any sane model.
 */
export function fitTemperature(points: readonly CalibrationPoint[]): number {
  const logLoss = (t: number) => {
    let loss = 0;
    for (const { evidence: z, positive } of points)
      loss += Math.log1p(Math.exp(-(positive ? z : -z) / t));
    return loss;
  };
  let low = 0.25;
  let high = 8;
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let step = 0; step < 60; step++) {
    const a = high - ratio * (high - low);
    const b = low + ratio * (high - low);
    if (logLoss(a) < logLoss(b)) high = b;
    else low = a;
  }
  return (low + high) / 2;
}

/** How many equal-count bins the calibration points are pooled into before isotonic regression. */
const CONFIDENCE_BINS = 20;

/**
 * Isotonic calibration (Zadrozny & Elkan, 2002): how often the label is right, as a function of
 * how strong the evidence is, fitted on answers to sentences the model never saw. One
 * temperature scales every score alike, but this model is modest in the middle and about right
 * at the top, so no single scale fits both; a monotone map does. The points are pooled into
 * equal-count bins (a smooth map, few knots), then adjacent bins that break monotonicity are
 * merged (pool-adjacent-violators). Returns knots [|log-odds|, P(right)], from [0, 0.5].
 */
export function fitConfidence(
  points: readonly CalibrationPoint[],
  temperature: number,
): [number, number][] {
  const sorted = points
    .map(({ evidence: z, positive }) => ({
      strength: Math.abs(z / temperature),
      right: z === 0 ? 0.5 : z > 0 === positive ? 1 : 0,
    }))
    .sort((a, b) => a.strength - b.strength);
  const blocks: { strength: number; right: number; count: number }[] = [];
  for (let bin = 0; bin < CONFIDENCE_BINS; bin++) {
    const part = sorted.slice(
      Math.floor((bin * sorted.length) / CONFIDENCE_BINS),
      Math.floor(((bin + 1) * sorted.length) / CONFIDENCE_BINS),
    );
    if (part.length === 0) continue;
    blocks.push({
      strength: part.reduce((sum, p) => sum + p.strength, 0) / part.length,
      // Laplace's rule of succession: a bin that was always right still says less than 1.
      right: (part.reduce((sum, p) => sum + p.right, 0) + 1) / (part.length + 2),
      count: part.length,
    });
    for (let last = blocks.length - 1; last > 0; last--) {
      const [a, b] = [blocks[last - 1], blocks[last]] as [(typeof blocks)[0], (typeof blocks)[0]];
      if (a.right <= b.right) break;
      const count = a.count + b.count;
      blocks.splice(last - 1, 2, {
        strength: (a.strength * a.count + b.strength * b.count) / count,
        right: (a.right * a.count + b.right * b.count) / count,
        count,
      });
    }
  }
  // A label is the sign of the evidence: at worst a coin toss, never below it.
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return [
    [0, 0.5],
    ...blocks.map((b): [number, number] => [round(b.strength), round(Math.max(0.5, b.right))]),
  ];
}
