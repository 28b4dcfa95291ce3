import { readText } from '../src/lexicon/tokens.ts';
import type { Example } from './data.ts';
import { AFINN, featuresOf, VADER } from './features.ts';
import { evidence, type Model } from './model.ts';

/**
 * How sure an answer is, fitted on sentences the model never saw: the temperature that turns
 * evidence into log-odds (the `score`), then the map from a score's strength to `confidence`.
 */

/** A labelled sentence's evidence under a model: what calibration is fitted on. */
export interface Scored {
  readonly evidence: number;
  readonly positive: boolean;
  readonly isNeutral?: boolean;
  /** How many of its tokens a curated lexicon scores (src/lexicon/learned.ts counts the same). */
  readonly opinionTokens: number;
}

export function scoreExamples(model: Model, examples: readonly Example[]): Scored[] {
  return examples.map((e) => ({
    evidence: evidence(model, featuresOf(e.text)),
    positive: e.positive,
    opinionTokens: readText(e.text).filter(({ token }) => AFINN.has(token) || VADER.has(token))
      .length,
  }));
}

/**
 * The strengths below which an answer is neutral, one for texts with an opinion-bearing word and
 * a higher one for texts without (a plain statement's few learned weights are noise), chosen on
 * a grid: the pair that answers neutral on the most calibration statements while answering
 * neutral on at most MAX_NEUTRAL_OPINIONS of the calibration opinions (a neutral answer to an
 * opinion is the error people notice on what they paste), the most opinions right on a tie.
 * Also how often a neutral answer was right there, statements and opinions as many as they
 * are: its confidence (about one text in nine of that pool is a plain statement).
 */
const MAX_NEUTRAL_OPINIONS = 0.05;

export function fitNeutral(
  opinions: readonly Scored[],
  statements: readonly Scored[],
  temperature: number,
): { below: { opinion: number; plain: number }; confidence: number } {
  const grid = Array.from({ length: 41 }, (_, i) => i / 20); // 0, 0.05, ... 2
  let best = { found: -1, right: -1, opinion: 0, plain: 0, confidence: 0.5 };
  for (const opinion of grid) {
    for (const plain of grid.filter((p) => p >= opinion)) {
      const isNeutral = (p: Scored) =>
        Math.abs(p.evidence / temperature) < (p.opinionTokens > 0 ? opinion : plain);
      let neutral = 0;
      let right = 0;
      for (const p of opinions) {
        if (isNeutral(p)) neutral += 1;
        else if (p.evidence > 0 === p.positive) right += 1;
      }
      if (neutral > MAX_NEUTRAL_OPINIONS * opinions.length) continue;
      const found = statements.filter(isNeutral).length;
      if (found < best.found || (found === best.found && right <= best.right)) continue;
      const confidence = found + neutral > 0 ? found / (found + neutral) : 0.5;
      best = { found, right, opinion, plain, confidence };
    }
  }
  return {
    below: { opinion: best.opinion, plain: best.plain },
    confidence: Math.round(Math.max(0.5, best.confidence) * 1000) / 1000,
  };
}

/**
 * Temperature scaling (Guo et al., 2017): the T that makes sigmoid(evidence / T) the best
 * probability on sentences the model never saw, by minimising log-loss; golden-section search
 * over a bracket wide enough for any sane model.
 */
export function fitTemperature(points: readonly Scored[]): number {
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
export function fitConfidence(points: readonly Scored[], temperature: number): [number, number][] {
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
